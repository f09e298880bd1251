#include <map>
#include <string>

#include "homeward/store/repository.h"
#include "internal/connection.h"

namespace homeward::store {

StatusOr<std::map<std::string, std::map<std::string, int64_t>>> KeptCounts::ByProvince(
    Counted what) const {
  const char* counted = "individuals.status";
  if (what == Counted::kVacanciesByScreening) counted = "vacancies.screening";
  if (what == Counted::kReferralsByStatus) counted = "referrals.status";
  ASSIGN_OR_RETURN(internal::Statement select,
                   connection_->Prepare("SELECT province, value, count FROM kept_counts "
                                        "WHERE counted = ? AND count > 0"));
  select.Bind(1, counted);
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    counts[std::string(select.Text(0))][std::string(select.Text(1))] = select.Int(2);
  }
}

}  // namespace homeward::store
