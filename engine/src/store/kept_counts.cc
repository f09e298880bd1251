#include "internal/kept_counts.h"

#include <map>
#include <string>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {
namespace {

constexpr char kVulnerabilityCounted[] = "individuals.vulnerability";

const char* CountedName(Counted what) {
  switch (what) {
    case Counted::kPeopleByStatus:
      return "individuals.status";
    case Counted::kVacanciesByScreening:
      return "vacancies.screening";
    case Counted::kReferralsByStatus:
      return "referrals.status";
    case Counted::kActivePeopleByVulnerability:
      return kVulnerabilityCounted;
  }
  return "";
}

Status MoveCount(internal::Connection& connection, const std::string& province,
                 const std::string& band, int64_t delta) {
  ASSIGN_OR_RETURN(internal::Statement upsert,
                   connection.Prepare("INSERT INTO kept_counts VALUES (?1, ?2, ?3, ?4) "
                                      "ON CONFLICT DO UPDATE SET count = count + excluded.count"));
  return upsert.Bind(1, kVulnerabilityCounted).Bind(2, province).Bind(3, band).Bind(4, delta).Run();
}

}  // namespace

const std::vector<std::string>& VulnerabilityBands() {
  static const std::vector<std::string> kBands = {"0-24", "25-49", "50-74", "75-100"};
  return kBands;
}

const std::string& VulnerabilityBand(double score) {
  const std::vector<std::string>& bands = VulnerabilityBands();
  if (score < 25) return bands[0];
  if (score < 50) return bands[1];
  if (score < 75) return bands[2];
  return bands[3];
}

StatusOr<std::map<std::string, std::map<std::string, int64_t>>> KeptCounts::ByProvince(
    Counted what) const {
  ASSIGN_OR_RETURN(internal::Statement select,
                   connection_->Prepare("SELECT province, value, count FROM kept_counts "
                                        "WHERE counted = ? AND count > 0"));
  select.Bind(1, CountedName(what));
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    counts[std::string(select.Text(0))][std::string(select.Text(1))] = select.Int(2);
  }
}

namespace internal {

Status MoveVulnerabilityCount(Connection& connection, const model::Individual& person, int delta) {
  if (person.status != model::IndividualStatus::kActive) return Status::Ok();
  return MoveCount(connection, person.province, VulnerabilityBand(person.vulnerability.score),
                   delta);
}

Status FillVulnerabilityCounts(Connection& connection) {
  std::map<std::pair<std::string, std::string>, int64_t> counts;  // (province, band)
  {
    ASSIGN_OR_RETURN(Statement select,
                     connection.Prepare("SELECT id, province, doc FROM individuals "
                                        "WHERE status = 'active'"));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(model::Json json, OpenDocument(connection.keys(), "individuals",
                                                      select.Text(0), select.Text(2)));
      double score = 0;
      if (const auto v = json.find("vulnerability"); v != json.end() && v->is_object()) {
        score = v->value("score", 0.0);
      }
      ++counts[{std::string(select.Text(1)), VulnerabilityBand(score)}];
    }
  }
  ASSIGN_OR_RETURN(Statement clear,
                   connection.Prepare("DELETE FROM kept_counts WHERE counted = ?1"));
  RETURN_IF_ERROR(clear.Bind(1, kVulnerabilityCounted).Run());
  for (const auto& [key, count] : counts) {
    RETURN_IF_ERROR(MoveCount(connection, key.first, key.second, count));
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace homeward::store
