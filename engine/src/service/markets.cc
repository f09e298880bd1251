// Plugins, provinces and market data: the service side of /v1/plugins and /v1/provinces (the
// exchange rates and destination costs are in reference_versions.cc).
#include "homeward/service/markets.h"

#include <utility>

#include "context.h"

namespace homeward::service {

std::vector<plugin::PluginView> Markets::Plugins() const {
  return context_->plugin_host->Plugins();
}

StatusOr<plugin::PluginView> Markets::Plugin(std::string_view id) const {
  return context_->plugin_host->Plugin(id);
}

StatusOr<std::vector<plugin::PluginView>> Markets::ReloadPlugins(const Caller& caller) {
  if (!caller.is_admin()) return Status::PermissionDenied("admins only");
  // Audited before anything changes: a reload whose row cannot be queued does not happen.
  HW_RETURN_IF_ERROR(context_->Audit(caller, "plugins.reload", "", "allowed"));
  if (Status reloaded = context_->plugin_host->Reload().status(); !reloaded.ok()) {
    context_->Audit(caller, "plugins.reload", "", "error").IgnoreError();  // the first row stands
    return reloaded;
  }
  ++context_->policy_generation;
  context_->RefreshRulePointsLater();
  return Plugins();
}

std::vector<plugin::ProvinceView> Markets::Provinces() const {
  return context_->plugin_host->Provinces();
}

StatusOr<model::MarketData> Markets::Market(std::string_view province) const {
  StatusOr<model::MarketData> market = context_->plugin_host->Market(province);
  if (!market.ok() && market.status().code() == StatusCode::kNotFound) {
    return NotFound<model::MarketData>();
  }
  return market;
}

void Markets::ReplaceMarket(const Caller& caller, std::string province, model::Json market,
                            Done<model::MarketData> done) {
  if (reference::ReferenceData::Builtin().FindProvince(province) == nullptr) {
    return done(NotFound<model::MarketData>());
  }
  if (!caller.is_admin() && !HasProvince(caller, province)) {
    return done(Status::PermissionDenied("the province is outside your scope"));
  }
  StatusOr<model::MarketData> checked = context_->plugin_host->ValidateMarket(province, market);
  if (!checked.ok()) return done(checked.status());
  checked->province = province;
  context_->SubmitFor<store::MarketVersion>(
      [caller, data = std::move(*checked)](store::WriteTx& tx) -> StatusOr<store::MarketVersion> {
        HW_ASSIGN_OR_RETURN(store::MarketVersion version,
                            tx.market_data().Put(data, caller.key_id));
        model::AuditEntry entry;
        entry.actor = caller.key_id;
        entry.action = "market.replace";
        entry.subject = version.id;
        entry.outcome = "allowed";
        HW_RETURN_IF_ERROR(tx.audit().Append(std::move(entry)).status());
        return version;
      },
      // On the writer thread, in commit order: concurrent replacements take effect as stored.
      [this, province, done = std::move(done)](StatusOr<store::MarketVersion> stored) {
        if (!stored.ok()) return done(stored.status());
        model::MarketData data = std::move(stored->data);
        data.version = stored->version;
        context_->plugin_host->ApplyValidatedMarket(province, std::move(data));
        ++context_->policy_generation;
        context_->RefreshRulePointsLater();
        done(Market(province));
      });
}

}  // namespace homeward::service
