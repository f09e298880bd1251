// Opening the service (its context: the store, the plugins, the index and the daily work), and
// what is the service's as a whole: the admin key at start, loaders, audit, metrics.
#include "homeward/service/homeward.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "context.h"
#include "homeward/base/id.h"
#include "homeward/crypto/digest.h"
#include "reference_versions.h"
#include "review_queue.h"

namespace homeward::service {

namespace {

// Audit rows of reads wait at most this long, or until this many wait, before they are written.
constexpr std::chrono::milliseconds kAuditWindow(100);
constexpr size_t kAuditBatchRows = 4096;

}  // namespace

Homeward::Homeward(std::unique_ptr<Context> context) : context_(std::move(context)) {}

Homeward::~Homeward() {
  // The daily work stops before anything it uses goes.
  if (context_) context_->daily.reset();
}

StatusOr<std::unique_ptr<Homeward>> Homeward::Open(const Options& options) {
  auto context = std::make_unique<Context>();
  context->clock = options.clock;
  store::Options store_options;
  store_options.keys = options.keys;
  store_options.clock = options.clock;
  HW_ASSIGN_OR_RETURN(context->db, store::Database::Open(options.db_path, store_options));
  // Idempotency rows expire after a day; each new row purges the expired ones, and so does a
  // start, for a server that got none for a while.
  const std::string now = options.clock->NowRfc3339();
  HW_RETURN_IF_ERROR(
      context->db->Write([&](store::WriteTx& tx) { return tx.idempotency().Purge(now).status(); }));
  context->audit =
      std::make_unique<AuditBuffer>(*context->db, *options.clock, kAuditWindow, kAuditBatchRows);
  plugin::HostOptions host_options;
  if (!options.plugins_dir.empty()) host_options.folders.push_back(options.plugins_dir);
  host_options.trusted_keys = options.plugin_trust_keys;
  host_options.allow_unsigned = options.allow_unsigned_plugins;
  // The plugins' copies live beside the database, not in /tmp: a server that is killed leaves
  // nothing behind in shared space, and the next start replaces them.
  if (!options.db_path.empty() && options.db_path != ":memory:") {
    host_options.cache_dir = options.db_path + ".plugins";
  }
  HW_ASSIGN_OR_RETURN(context->plugin_host, plugin::PluginHost::Create(std::move(host_options)));
  HW_RETURN_IF_ERROR(context->RestoreMarkets());
  HW_RETURN_IF_ERROR(internal::RestoreReferenceData(*context->db));
  HW_RETURN_IF_ERROR(context->LoadIndex());
  context->RefreshRulePointsLater();
  Context* raw = context.get();
  context->db->AddChangeListener([raw](const std::vector<store::Change>& c) { raw->OnChanges(c); });
  const Date today = options.clock->Today();
  HW_RETURN_IF_ERROR(context->RefreshVulnerability(today).status());
  context->daily = std::make_unique<DailyTask>(
      [raw](const Date& day) {
        StatusOr<size_t> refreshed = raw->RefreshVulnerability(day);
        if (!refreshed.ok()) {
          std::fprintf(stderr, "homeward: the daily vulnerability refresh failed: %s\n",
                       refreshed.status().ToString().c_str());
        }
      },
      *options.clock, today, std::chrono::minutes(10));
  return std::unique_ptr<Homeward>(new Homeward(std::move(context)));
}

void Context::RescreenLater(std::vector<std::string> ids, int tries_left) {
  if (ids.empty() || tries_left <= 0) return;
  Status queued = rescreens->Submit<bool>(
      [this, ids, tries_left]() -> StatusOr<bool> {
        std::shared_ptr<PluginScreenings> screenings = NewScreenings();
        for (const std::string& id : ids) {
          StatusOr<model::Vacancy> vacancy =
              db->Read([&](store::ReadTx& tx) { return tx.vacancies().Get(id); });
          if (vacancy.ok()) PreScreen(*vacancy, *screenings);
        }
        Status written = db->Write([&](store::WriteTx& tx) -> Status {
          screenings->SetCurrentGeneration(policy_generation.load());
          for (const std::string& id : ids) {
            StatusOr<model::Vacancy> vacancy = tx.vacancies().Get(id);
            if (!vacancy.ok()) continue;  // deleted meanwhile
            StatusOr<model::Employer> employer = tx.employers().Get(vacancy->employer_id);
            if (employer.ok() && Rescreen(*vacancy, *employer, *screenings)) {
              HW_RETURN_IF_ERROR(tx.vacancies().Update(std::move(*vacancy)).status());
            }
          }
          return Status::Ok();
        });
        if (!written.ok()) {
          std::fprintf(stderr, "homeward: screening %zu vacancies again failed: %s\n", ids.size(),
                       written.ToString().c_str());
        }
        // Those that changed again before the write are screened once more.
        RescreenLater(screenings->Missed(), tries_left - 1);
        return true;
      },
      [](StatusOr<bool>) {});
  if (!queued.ok()) {
    std::fprintf(stderr, "homeward: %zu vacancies keep their plugin flags until next written: %s\n",
                 ids.size(), queued.ToString().c_str());
  }
}

StatusOr<size_t> Context::RefreshVulnerability(const Date& today) {
  const auto same = [](const model::Vulnerability& a, const model::Vulnerability& b) {
    return a.score == b.score &&
           std::equal(a.factors.begin(), a.factors.end(), b.factors.begin(), b.factors.end(),
                      [](const model::VulnerabilityFactor& x, const model::VulnerabilityFactor& y) {
                        return x.name == y.name && x.points == y.points && x.reason == y.reason;
                      });
  };
  std::vector<std::string> stale;
  HW_RETURN_IF_ERROR(db->Read([&](store::ReadTx& tx) {
    return tx.individuals().ForEach({}, [&](model::Individual&& person) {
      const model::Vulnerability before = person.vulnerability;
      Prepare(person, today);
      if (!same(before, person.vulnerability)) stale.push_back(person.meta.id);
      return Status::Ok();
    });
  }));
  Caller system;
  system.key_id = "system";
  system.role = Role::kAdmin;
  constexpr size_t kBatch = 500;
  for (size_t first = 0; first < stale.size(); first += kBatch) {
    const size_t end = std::min(stale.size(), first + kBatch);
    HW_RETURN_IF_ERROR(db->Write([&](store::WriteTx& tx) -> Status {
      for (size_t i = first; i < end; ++i) {
        StatusOr<model::Individual> person = tx.individuals().Get(stale[i]);
        if (!person.ok()) continue;  // erased meanwhile
        Prepare(*person, today);
        HW_RETURN_IF_ERROR(tx.individuals().Update(std::move(*person)).status());
        HW_RETURN_IF_ERROR(AuditInTx(tx, system, "individual.vulnerability_refresh", stale[i]));
      }
      return Status::Ok();
    }));
  }
  return stale.size();
}

StatusOr<bool> Homeward::EnsureAdminKey(const std::optional<std::string>& preset,
                                        const std::function<Status(const std::string&)>& keep) {
  if (preset && preset->size() < kMinAdminKeyLength) {
    return Status::InvalidArgument("the admin key must be at least " +
                                   std::to_string(kMinAdminKeyLength) + " characters long");
  }
  store::Filters admins{{"role", {"admin"}}, {"revoked", {"false"}}};
  HW_ASSIGN_OR_RETURN(int64_t count, context_->db->Read([&](store::ReadTx& tx) {
    return tx.api_keys().Count(admins);
  }));
  if (count > 0) return false;
  const std::string key = preset ? *preset : RandomSecret();
  if (!preset) HW_RETURN_IF_ERROR(keep(key));
  model::ApiKey record;
  record.role = Role::kAdmin;
  record.label = "bootstrap admin";
  record.key_hash = crypto::Sha256Hex(key);
  HW_RETURN_IF_ERROR(context_->db->Write(
      [&](store::WriteTx& tx) { return tx.api_keys().Create(record).status(); }));
  return !preset;
}

Status Homeward::Load(const std::function<Status(store::Database&, const Preparation&)>& load) {
  const Context* context = context_.get();
  Preparation prepare;
  prepare.individual = [context](model::Individual& person) { context->Prepare(person); };
  prepare.vacancy = [context](model::Vacancy& vacancy, const model::Employer& employer) {
    screening::ScreenAndApply(vacancy, employer, context->policies(), context->clock->Today());
  };
  return load(*context->db, prepare);
}

StatusOr<std::optional<store::StoredResponse>> Homeward::FindResponse(const Caller& caller,
                                                                      std::string_view key) const {
  const std::string now = context_->clock->NowRfc3339();
  return context_->db->Read(
      [&](store::ReadTx& tx) { return tx.idempotency().Find(caller.key_id, key, now); });
}

void Homeward::AuditDenied(const Caller& caller, std::string action, std::string subject) {
  // The caller is refused whatever happens to the row.
  context_->Audit(caller, std::move(action), std::move(subject), "denied").IgnoreError();
}

void Homeward::ListAudit(const Caller& caller, store::ListOptions options,
                         Done<store::Page<model::AuditEntry>> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  // Rows still waiting in the buffer go in first, so that the list shows every earlier read.
  context_->audit->Drain([this, options = std::move(options), done = std::move(done)](Status) {
    done(context_->db->Read([&](store::ReadTx& tx) { return tx.audit().List(options); }));
  });
}

void Homeward::VerifyAudit(const Caller& caller, std::vector<store::AuditLink> external,
                           Done<store::AuditChainCheck> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  if (Status audited = context_->Audit(caller, "audit.verify", "", "allowed"); !audited.ok()) {
    return done(std::move(audited));
  }
  context_->audit->Drain([this, external = std::move(external), done = std::move(done)](Status) {
    done(context_->db->Read([&](store::ReadTx& tx) { return tx.audit().VerifyChain(external); }));
  });
}

Homeward::Stats Homeward::GetStats() const {
  Stats stats;
  stats.individuals = context_->index.individual_count();
  stats.vacancies = context_->index.vacancy_count();
  stats.trainings = context_->index.training_count();
  stats.programmes = context_->index.programme_count();
  for (const plugin::PluginView& view : context_->plugin_host->Plugins()) {
    if (view.state == plugin::PluginState::kLoaded) ++stats.plugins_loaded;
    if (view.state == plugin::PluginState::kFailed) ++stats.plugins_failed;
  }
  stats.writer = context_->db->writer_stats();
  stats.sealing = context_->db->sealing_stats();
  stats.allocations_queued = context_->workers->queued();
  const auto now = ParseRfc3339(context_->clock->NowRfc3339()).value_or(0);
  if (auto queue = context_->db->Read(
          [&](store::ReadTx& tx) { return internal::ReviewQueueFigures(tx, now); });
      queue.ok()) {
    stats.review_queue = queue->length;
    stats.review_queue_oldest_seconds = queue->oldest_age_seconds;
  }
  stats.audit_rows_refused = context_->audit->refused_rows();
  stats.audit_rows_failed = context_->audit->failed_rows();
  return stats;
}

}  // namespace homeward::service
