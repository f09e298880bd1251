// The service side of /v1/exchange-rates (docs/money.md) and /v1/destination-costs
// (docs/offer-comparison.md): versioned documents an admin replaces, in force once stored.
#include "reference_versions.h"

#include <functional>
#include <memory>
#include <utility>

#include "context.h"
#include "homeward/offer/comparison.h"
#include "homeward/reference/exchange_rates.h"

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

// Puts in force the latest version of `table` stored in `db`, read by `parse`, or `shipped`
// when none was stored.
template <typename T>
Status RestoreLatest(store::Database& db, ReferenceTable table,
                     StatusOr<T> (*parse)(ReferenceVersion), void (*put_in_force)(T),
                     const T& shipped) {
  StatusOr<ReferenceVersion> latest =
      db.Read([table](store::ReadTx& tx) { return tx.reference_versions(table).Current(); });
  if (!latest.ok() && latest.status().code() != StatusCode::kNotFound) return latest.status();
  if (!latest.ok()) {
    put_in_force(shipped);
    return Status::Ok();
  }
  HW_ASSIGN_OR_RETURN(T stored, parse(std::move(latest).value()));
  put_in_force(std::move(stored));
  return Status::Ok();
}

// Stores `doc` (`value`, already checked) as the next version of `table`, and calls `done` with
// `value` stamped with its version, author and time after `put_in_force` has put it in force.
// Both run on the writer thread, in commit order, so concurrent replacements take effect as
// stored. The audit row says "<subject>.replace" on "<subject>/<version>".
template <typename T>
void StoreVersion(Context& context, const Caller& caller, ReferenceTable table, std::string subject,
                  model::Json doc, T value, std::function<void(const T&)> put_in_force,
                  Done<T> done) {
  context.SubmitFor<T>(
      [caller, table, subject = std::move(subject), doc = std::move(doc),
       value = std::move(value)](store::WriteTx& tx) mutable -> StatusOr<T> {
        HW_ASSIGN_OR_RETURN(ReferenceVersion version,
                            tx.reference_versions(table).Put(doc, caller.key_id));
        model::AuditEntry entry;
        entry.actor = caller.key_id;
        entry.action = subject + ".replace";
        entry.subject = subject + "/" + std::to_string(version.version);
        entry.outcome = "allowed";
        HW_RETURN_IF_ERROR(tx.audit().Append(std::move(entry)).status());
        value.version = version.version;
        value.created_by = std::move(version.created_by);
        value.created_at = std::move(version.created_at);
        return value;
      },
      [put_in_force = std::move(put_in_force), done = std::move(done)](StatusOr<T> stored) {
        if (stored.ok()) put_in_force(*stored);
        done(std::move(stored));
      });
}

}  // namespace

namespace internal {

Status RestoreReferenceData(store::Database& db) {
  HW_RETURN_IF_ERROR(RestoreLatest(db, ReferenceTable::kExchangeRates, RatesOf,
                                   reference::PutRatesInForce, reference::DefaultExchangeRates()));
  return RestoreLatest(db, ReferenceTable::kDestinationCosts, CostsOf, offer::PutCostDataInForce,
                       offer::BuiltinCostData());
}

}  // namespace internal

model::ExchangeRates Markets::ExchangeRatesInForce() const {
  return *reference::RatesInForce();
}

void Markets::ReplaceExchangeRates(const Caller& caller, model::ExchangeRates rates,
                                   Done<model::ExchangeRates> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  if (Status valid = model::ValidateExchangeRates(rates, context_->clock->Today()); !valid.ok()) {
    return done(valid);
  }
  model::Json doc = rates;
  StoreVersion<model::ExchangeRates>(
      *context_, caller, ReferenceTable::kExchangeRates, "exchange_rates", std::move(doc),
      std::move(rates),
      [this](const model::ExchangeRates& stored) {
        reference::PutRatesInForce(stored);
        ++context_->policy_generation;  // cached match lists were scored with the old rates
      },
      std::move(done));
}

std::shared_ptr<const offer::CostDataVersion> Markets::DestinationCostsInForce() const {
  return offer::CostDataInForce();
}

void Markets::ReplaceDestinationCosts(const Caller& caller, model::Json document,
                                      Done<offer::CostDataVersion> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  StatusOr<offer::CostData> data = offer::ParseCostData(document, context_->clock->Today());
  if (!data.ok()) return done(data.status());
  offer::CostDataVersion costs;
  costs.data = std::move(data).value();
  costs.document = document;
  StoreVersion<offer::CostDataVersion>(
      *context_, caller, ReferenceTable::kDestinationCosts, "destination_costs",
      std::move(document), std::move(costs),
      [](const offer::CostDataVersion& stored) { offer::PutCostDataInForce(stored); },
      std::move(done));
}

}  // namespace homeward::service
