// The service side of /v1/exchange-rates (docs/money.md).
#include "exchange_rates.h"

#include <memory>
#include <utility>

#include "homeward/reference/exchange_rates.h"
#include "impl.h"

namespace homeward::service {

namespace internal {

Status RestoreExchangeRates(store::Database& db) {
  StatusOr<model::ExchangeRates> latest =
      db.Read([](store::ReadTx& tx) { return tx.exchange_rates().Current(); });
  if (!latest.ok() && latest.status().code() != StatusCode::kNotFound) return latest.status();
  reference::PutRatesInForce(latest.ok() ? std::move(latest).value()
                                         : reference::DefaultExchangeRates());
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
  auto stored = std::make_shared<std::optional<model::ExchangeRates>>();
  impl_->db->Submit(
      [caller, rates = std::move(rates), stored](store::WriteTx& tx) -> Status {
        ASSIGN_OR_RETURN(model::ExchangeRates version,
                         tx.exchange_rates().Put(rates, caller.key_id));
        model::AuditEntry entry;
        entry.actor = caller.key_id;
        entry.action = "exchange_rates.replace";
        entry.subject = "exchange_rates/" + std::to_string(version.version);
        entry.outcome = "allowed";
        RETURN_IF_ERROR(tx.audit().Append(std::move(entry)).status());
        stored->emplace(std::move(version));
        return Status::Ok();
      },
      // On the writer thread, in commit order: concurrent replacements take effect as stored.
      [this, stored, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        reference::PutRatesInForce(**stored);
        ++impl_->policy_generation;  // cached match lists were scored with the old rates
        done(std::move(**stored));
      });
}

}  // namespace homeward::service
