// Plugins, provinces, market data and reports: the service side of /v1/plugins, /v1/provinces,
// /v1/reports and /v1/metrics.
#include <utility>

#include "homeward/base/time.h"
#include "impl.h"
#include "review_queue.h"

namespace homeward::service {

std::vector<plugin::PluginView> Homeward::Plugins() const {
  return impl_->plugin_host->Plugins();
}

StatusOr<plugin::PluginView> Homeward::Plugin(std::string_view id) const {
  return impl_->plugin_host->Plugin(id);
}

StatusOr<std::vector<plugin::PluginView>> Homeward::ReloadPlugins(const Caller& caller) {
  if (!caller.is_admin()) return Status::PermissionDenied("admins only");
  // Audited before anything changes: a reload whose row cannot be queued does not happen.
  HW_RETURN_IF_ERROR(impl_->Audit(caller, "plugins.reload", "", "allowed"));
  if (Status reloaded = impl_->plugin_host->Reload().status(); !reloaded.ok()) {
    impl_->Audit(caller, "plugins.reload", "", "error").IgnoreError();  // the first row stands
    return reloaded;
  }
  ++impl_->policy_generation;
  return Plugins();
}

std::vector<plugin::ProvinceView> Homeward::Provinces() const {
  return impl_->plugin_host->Provinces();
}

StatusOr<model::MarketData> Homeward::Market(std::string_view province) const {
  StatusOr<model::MarketData> market = impl_->plugin_host->Market(province);
  if (!market.ok() && market.status().code() == StatusCode::kNotFound) {
    return NotFound<model::MarketData>();
  }
  return market;
}

void Homeward::ReplaceMarket(const Caller& caller, std::string province, model::Json market,
                             Done<model::MarketData> done) {
  if (reference::ReferenceData::Builtin().FindProvince(province) == nullptr) {
    return done(NotFound<model::MarketData>());
  }
  if (!caller.is_admin() && !HasProvince(caller, province)) {
    return done(Status::PermissionDenied("the province is outside your scope"));
  }
  StatusOr<model::MarketData> checked = impl_->plugin_host->ValidateMarket(province, market);
  if (!checked.ok()) return done(checked.status());
  checked->province = province;
  auto stored = std::make_shared<std::optional<store::MarketVersion>>();
  impl_->db->Submit(
      [caller, data = std::move(*checked), stored](store::WriteTx& tx) -> Status {
        HW_ASSIGN_OR_RETURN(store::MarketVersion version,
                            tx.market_data().Put(data, caller.key_id));
        model::AuditEntry entry;
        entry.actor = caller.key_id;
        entry.action = "market.replace";
        entry.subject = version.id;
        entry.outcome = "allowed";
        HW_RETURN_IF_ERROR(tx.audit().Append(std::move(entry)).status());
        stored->emplace(std::move(version));
        return Status::Ok();
      },
      // On the writer thread, in commit order: concurrent replacements take effect as stored.
      [this, province, stored, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        model::MarketData data = std::move((*stored)->data);
        data.version = (*stored)->version;
        impl_->plugin_host->ApplyValidatedMarket(province, std::move(data));
        ++impl_->policy_generation;
        done(Market(province));
      });
}

StatusOr<referral::SummaryReport> Homeward::Summary(
    const Caller& caller, const std::optional<std::string>& province) const {
  std::vector<std::string> provinces;
  if (province) {
    if (reference::ReferenceData::Builtin().FindProvince(*province) == nullptr) {
      return Status::InvalidArgument("unknown province", {{"province", "unknown province code"}});
    }
    if (!caller.is_admin() && !HasProvince(caller, *province)) {
      return Status::PermissionDenied("the province is outside your scope");
    }
    provinces.push_back(*province);
  } else if (!caller.is_admin()) {
    provinces = caller.provinces;
    // A caller without provinces sees nothing rather than everything.
    if (provinces.empty()) return Status::PermissionDenied("no provinces in your scope");
  }
  const std::string now = impl_->clock->NowRfc3339();
  return impl_->db->Read(
      [&](store::ReadTx& tx) { return referral::ComputeSummary(tx, provinces, now); });
}

Homeward::Stats Homeward::GetStats() const {
  Stats stats;
  stats.individuals = impl_->index.individual_count();
  stats.vacancies = impl_->index.vacancy_count();
  stats.trainings = impl_->index.training_count();
  stats.programmes = impl_->index.programme_count();
  for (const plugin::PluginView& view : Plugins()) {
    if (view.state == plugin::PluginState::kLoaded) ++stats.plugins_loaded;
    if (view.state == plugin::PluginState::kFailed) ++stats.plugins_failed;
  }
  stats.writer = impl_->db->writer_stats();
  stats.sealing = impl_->db->sealing_stats();
  stats.allocations_queued = impl_->workers->queued();
  const auto now = ParseRfc3339(impl_->clock->NowRfc3339()).value_or(0);
  if (auto queue =
          impl_->db->Read([&](store::ReadTx& tx) { return internal::ReviewQueueFigures(tx, now); });
      queue.ok()) {
    stats.review_queue = queue->length;
    stats.review_queue_oldest_seconds = queue->oldest_age_seconds;
  }
  stats.audit_rows_refused = impl_->audit->refused_rows();
  stats.audit_rows_failed = impl_->audit->failed_rows();
  return stats;
}

}  // namespace homeward::service
