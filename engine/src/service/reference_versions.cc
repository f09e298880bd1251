// The service side of /v1/exchange-rates (docs/money.md) and /v1/destination-costs
// (docs/offer-comparison.md): versioned documents an admin replaces, in force once stored.
#include "reference_versions.h"

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "homeward/offer/comparison.h"
#include "homeward/reference/exchange_rates.h"
#include "impl.h"

namespace homeward::service {
namespace {

using store::ReferenceTable;
using store::ReferenceVersion;

StatusOr<model::ExchangeRates> RatesOf(ReferenceVersion stored) {
  StatusOr<model::ExchangeRates> rates = model::ParseModel<model::ExchangeRates>(stored.doc);
  if (!rates.ok()) return Status::Internal("stored exchange rates do not fit the model");
  rates->version = stored.version;
  rates->created_by = std::move(stored.created_by);
  rates->created_at = std::move(stored.created_at);
  return rates;
}

// Stored cost data was checked before it was stored; it is read back without a date check, so
// that a server whose clock is behind still starts.
StatusOr<offer::CostDataVersion> CostsOf(ReferenceVersion stored) {
  StatusOr<offer::CostData> data = offer::ParseCostData(stored.doc, std::nullopt);
  if (!data.ok()) return Status::Internal("stored destination costs do not fit the model");
  return offer::CostDataVersion{std::move(data).value(), std::move(stored.doc), stored.version,
                                std::move(stored.created_by), std::move(stored.created_at)};
}

// The latest stored version of `table`, or nullopt when none was stored.
StatusOr<std::optional<ReferenceVersion>> Latest(store::Database& db, ReferenceTable table) {
  StatusOr<ReferenceVersion> latest =
      db.Read([table](store::ReadTx& tx) { return tx.reference_versions(table).Current(); });
  if (latest.ok()) return std::optional<ReferenceVersion>(std::move(latest).value());
  if (latest.status().code() == StatusCode::kNotFound) return std::optional<ReferenceVersion>();
  return latest.status();
}

// Stores `doc` as the next version of `table`, audited as `action`, and calls `done` with it
// read back by `parse` after `put_in_force` has put it in force. Both run on the writer thread,
// in commit order, so concurrent replacements take effect as stored.
// The audit row says "<subject>.replace" on "<subject>/<version>".
template <typename T>
void StoreVersion(store::Database& db, const Caller& caller, ReferenceTable table,
                  std::string subject, model::Json doc, StatusOr<T> (*parse)(ReferenceVersion),
                  std::function<void(const T&)> put_in_force, Done<T> done) {
  auto stored = std::make_shared<std::optional<T>>();
  db.Submit(
      [caller, table, subject = std::move(subject), doc = std::move(doc), parse,
       stored](store::WriteTx& tx) -> Status {
        ASSIGN_OR_RETURN(ReferenceVersion version,
                         tx.reference_versions(table).Put(doc, caller.key_id));
        model::AuditEntry entry;
        entry.actor = caller.key_id;
        entry.action = subject + ".replace";
        entry.subject = subject + "/" + std::to_string(version.version);
        entry.outcome = "allowed";
        ASSIGN_OR_RETURN(T parsed, parse(std::move(version)));
        RETURN_IF_ERROR(tx.audit().Append(std::move(entry)).status());
        stored->emplace(std::move(parsed));
        return Status::Ok();
      },
      [stored, put_in_force = std::move(put_in_force), done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        put_in_force(**stored);
        done(std::move(**stored));
      });
}

}  // namespace

namespace internal {

Status RestoreReferenceData(store::Database& db) {
  ASSIGN_OR_RETURN(std::optional<ReferenceVersion> rates,
                   Latest(db, ReferenceTable::kExchangeRates));
  if (rates) {
    ASSIGN_OR_RETURN(model::ExchangeRates table, RatesOf(std::move(*rates)));
    reference::PutRatesInForce(std::move(table));
  } else {
    reference::PutRatesInForce(reference::DefaultExchangeRates());
  }
  ASSIGN_OR_RETURN(std::optional<ReferenceVersion> costs,
                   Latest(db, ReferenceTable::kDestinationCosts));
  if (costs) {
    ASSIGN_OR_RETURN(offer::CostDataVersion data, CostsOf(std::move(*costs)));
    offer::PutCostDataInForce(std::move(data));
  } else {
    offer::PutCostDataInForce(offer::BuiltinCostData());
  }
  return Status::Ok();
}

}  // namespace internal

model::ExchangeRates Homeward::ExchangeRatesInForce() const {
  return *reference::RatesInForce();
}

void Homeward::ReplaceExchangeRates(const Caller& caller, model::ExchangeRates rates,
                                    Done<model::ExchangeRates> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  if (Status valid = model::ValidateExchangeRates(rates, Date::Today()); !valid.ok()) {
    return done(valid);
  }
  StoreVersion<model::ExchangeRates>(
      *impl_->db, caller, ReferenceTable::kExchangeRates, "exchange_rates", model::Json(rates),
      RatesOf,
      [this](const model::ExchangeRates& stored) {
        reference::PutRatesInForce(stored);
        ++impl_->policy_generation;  // cached match lists were scored with the old rates
      },
      std::move(done));
}

std::shared_ptr<const offer::CostDataVersion> Homeward::DestinationCostsInForce() const {
  return offer::CostDataInForce();
}

void Homeward::ReplaceDestinationCosts(const Caller& caller, model::Json document,
                                       Done<offer::CostDataVersion> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  if (StatusOr<offer::CostData> valid = offer::ParseCostData(document, Date::Today());
      !valid.ok()) {
    return done(valid.status());
  }
  StoreVersion<offer::CostDataVersion>(
      *impl_->db, caller, ReferenceTable::kDestinationCosts, "destination_costs",
      std::move(document), CostsOf,
      [](const offer::CostDataVersion& stored) { offer::PutCostDataInForce(stored); },
      std::move(done));
}

}  // namespace homeward::service
