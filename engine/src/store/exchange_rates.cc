#include "homeward/store/exchange_rates.h"

#include <string>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/model/json.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {
namespace {

constexpr char kSelect[] =
    "SELECT version, created_by, created_at, doc FROM exchange_rates ORDER BY version DESC";

StatusOr<model::ExchangeRates> ReadVersion(const internal::Statement& row) {
  ASSIGN_OR_RETURN(model::Json doc, internal::ParseDocument(row.Text(3)));
  StatusOr<model::ExchangeRates> rates = model::ParseModel<model::ExchangeRates>(doc);
  if (!rates.ok()) return Status::Internal("stored exchange rates do not fit the model");
  rates->version = static_cast<int>(row.Int(0));
  rates->created_by = std::string(row.Text(1));
  rates->created_at = std::string(row.Text(2));
  return rates;
}

}  // namespace

StatusOr<model::ExchangeRates> ExchangeRateHistory::Current() const {
  ASSIGN_OR_RETURN(internal::Statement select,
                   connection_->Prepare(std::string(kSelect) + " LIMIT 1"));
  ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no exchange rates stored");
  return ReadVersion(select);
}

StatusOr<std::vector<model::ExchangeRates>> ExchangeRateHistory::History() const {
  ASSIGN_OR_RETURN(internal::Statement select, connection_->Prepare(kSelect));
  std::vector<model::ExchangeRates> versions;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return versions;
    ASSIGN_OR_RETURN(model::ExchangeRates version, ReadVersion(select));
    versions.push_back(std::move(version));
  }
}

StatusOr<model::ExchangeRates> WriteExchangeRateHistory::Put(model::ExchangeRates rates,
                                                             std::string_view by) const {
  ASSIGN_OR_RETURN(internal::Statement latest,
                   connection_->Prepare("SELECT coalesce(max(version), 0) FROM exchange_rates"));
  RETURN_IF_ERROR(latest.Step().status());
  rates.version = static_cast<int>(latest.Int(0)) + 1;
  rates.created_by = std::string(by);
  rates.created_at = NowRfc3339();
  ASSIGN_OR_RETURN(std::string doc, internal::DumpDocument(model::Json(rates)));
  ASSIGN_OR_RETURN(internal::Statement insert,
                   connection_->Prepare("INSERT INTO exchange_rates (id, version, created_by, "
                                        "created_at, doc) VALUES (?, ?, ?, ?, ?)"));
  insert.Bind(1, NewId("fxr")).Bind(2, int64_t{rates.version}).Bind(3, rates.created_by);
  insert.Bind(4, rates.created_at).Bind(5, doc);
  RETURN_IF_ERROR(insert.Run());
  return rates;
}

}  // namespace homeward::store
