// The service layer's internals, shared by its source files (one per area of the API): the
// Context, which owns the store, the policies and the matching index (the scope rules are in
// scope.h). Not installed; only engine/src/service includes it.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "audit_buffer.h"
#include "daily.h"
#include "homeward/allocation/worker_pool.h"
#include "homeward/base/mutex.h"
#include "homeward/base/time.h"
#include "homeward/matching/match.h"
#include "homeward/matching/match_index.h"
#include "homeward/reference/reference.h"
#include "homeward/screening/screening.h"
#include "homeward/service/homeward.h"
#include "homeward/store/database.h"
#include "plugin_screenings.h"
#include "scope.h"

namespace homeward::service {
namespace internal {

// An edit that must leave the record in the caller's scope (MayChange), refused with `refusal`
// otherwise (an officer cannot move a person or a training away, nor an employer take on
// another's vacancy).
template <typename T>
Edit<T> StaysInScope(const Caller& caller, Edit<T> edit, std::string refusal) {
  return [caller, edit = std::move(edit), refusal = std::move(refusal)](T current) -> StatusOr<T> {
    HW_ASSIGN_OR_RETURN(T edited, edit(std::move(current)));
    if (!MayChange(caller, edited)) return Status::PermissionDenied(refusal);
    return edited;
  };
}

template <typename T>
inline StatusOr<T> CheckedGet(const store::Repository<T>& repo, std::string_view id,
                              const Caller& caller) {
  StatusOr<T> record = repo.Get(id);
  if (!record.ok() && record.status().code() == StatusCode::kNotFound) return NotFound<T>();
  if (!record.ok()) return record.status();
  if (!MaySee(caller, *record)) return NotFound<T>();
  return record;
}

// The callers of the API keys seen lately, by key hash, so that authenticating a request reads no
// SQLite. Any committed change to an API key empties it, and a lookup that raced with such a
// change is not kept: a revocation takes effect for the next request.
class CallerCache {
 public:
  std::optional<Caller> Find(const std::string& hash) const {
    ReaderLock lock(&mu_);
    auto it = callers_.find(hash);
    if (it == callers_.end()) return std::nullopt;
    return it->second;
  }
  // Taken before reading a key from the store, and given back to Put.
  uint64_t generation() const {
    ReaderLock lock(&mu_);
    return generation_;
  }
  void Put(uint64_t read_at, const std::string& hash, const Caller& caller) {
    WriterLock lock(&mu_);
    if (read_at != generation_) return;
    if (callers_.size() >= kMaxEntries) callers_.clear();
    callers_.emplace(hash, caller);
  }
  void Clear() {
    WriterLock lock(&mu_);
    ++generation_;
    callers_.clear();
  }

 private:
  static constexpr size_t kMaxEntries = 10000;
  mutable SharedMutex mu_;
  uint64_t generation_ HW_GUARDED_BY(mu_) = 0;
  std::unordered_map<std::string, Caller> callers_ HW_GUARDED_BY(mu_);
};

// What the areas of the service share: the store, the policies and the matching index, and the
// work every area's writes need (preparing records, screening, auditing, keeping the index in
// step). Homeward owns one and opens it; each area holds a pointer to it.
class Context {
 public:
  std::unique_ptr<store::Database> db;
  // Declared right after the store: destroyed just before it (after everything that audits),
  // handing its last rows to the store's queue.
  std::unique_ptr<AuditBuffer> audit;
  // Serves every province: from its plugin, or national defaults (all of them without a plugins
  // folder).
  std::unique_ptr<plugin::PluginHost> plugin_host;
  matching::MatchIndex index;
  CallerCache callers;
  std::atomic<uint64_t> index_generation{0};   // bumped after every change the index takes
  std::atomic<uint64_t> policy_generation{0};  // bumped after plugin reloads and market changes
  // Runs allocations off the HTTP threads. Declared after the store and the index: destroyed
  // before them, so that a running allocation still has what it reads.
  std::unique_ptr<allocation::WorkerPool> workers =
      std::make_unique<allocation::WorkerPool>(/*threads=*/1, /*max_queued=*/8);
  // Screens vacancies again, with their plugins, after a transaction had to screen them without
  // (PluginScreenings). Declared after the store: destroyed before it.
  std::unique_ptr<allocation::WorkerPool> rescreens =
      std::make_unique<allocation::WorkerPool>(/*threads=*/1, /*max_queued=*/100000);

  // Asks the policies what their job rules can move each vacancy's pairs by
  // (MatchIndex::RefreshRulePoints), off the request and writer threads. One run waiting to start
  // covers every change before it, so a request for another while one waits is dropped.
  // Declared after the index and the plugin host: destroyed before them.
  std::unique_ptr<allocation::WorkerPool> rule_points =
      std::make_unique<allocation::WorkerPool>(/*threads=*/1, /*max_queued=*/1);

  const policy::PolicyProvider& policies() const { return *plugin_host; }

  // After vacancies were written or a province's policy changed (a plugin reloaded, market data
  // replaced): the index's vacancy rule ranges are brought up to date soon.
  void RefreshRulePointsLater() {
    const auto start = std::chrono::steady_clock::now();
    rule_points
        ->Submit<size_t>([this] { return StatusOr<size_t>(index.RefreshRulePoints(policies())); },
                         [start](StatusOr<size_t> asked) {
                           const std::chrono::duration<double> took =
                               std::chrono::steady_clock::now() - start;
                           if (asked.ok() && took.count() >= 1) {
                             std::fprintf(stderr,
                                          "homeward: asked the job rules' ranges of %zu "
                                          "vacancies in %.1f s\n",
                                          *asked, took.count());
                           }
                         })
        .IgnoreError();  // one is waiting: it will see this change
  }
  const Clock* clock = &Clock::System();  // Options::clock

  // Fills in what the engine computes for a person before it is stored (as of today).
  void Prepare(model::Individual& person) const { Prepare(person, clock->Today()); }
  void Prepare(model::Individual& person, const Date& today) const {
    person.vulnerability =
        matching::Assess(person, *policies().ForProvince(person.province), today);
  }

  // Computes every person's vulnerability again as of `today` (age bands move with birthdays,
  // household amounts with the exchange rates) and stores those that changed, each audited as
  // "individual.vulnerability_refresh" by "system". Returns how many changed. Runs at start-up
  // and then daily (`daily`).
  StatusOr<size_t> RefreshVulnerability(const Date& today);
  std::unique_ptr<DailyTask> daily;  // destroyed before the rest (see ~Homeward)
  // Screenings of plugins asked now, on the calling thread, for use in a transaction to come.
  std::shared_ptr<PluginScreenings> NewScreenings() const {
    return std::make_shared<PluginScreenings>(policies(), policy_generation.load());
  }
  // Asks the plugins, before the transaction that writes `vacancy` (as read or edited now), what
  // they make of it and of its employer as stored now.
  void PreScreen(const model::Vacancy& vacancy, PluginScreenings& screenings) const {
    StatusOr<model::Employer> employer =
        db->Read([&](store::ReadTx& tx) { return tx.employers().Get(vacancy.employer_id); });
    if (employer.ok()) screenings.Add(vacancy, *employer);
  }
  // Screens a written vacancy against its employer and its province's rules and sets its status
  // (a flagged vacancy is held for review or blocked, and so leaves every match list). The
  // plugin's part comes from `screenings`, never from a call on the writer thread.
  Status Prepare(model::Vacancy& vacancy, const store::WriteTx& tx,
                 PluginScreenings& screenings) const {
    StatusOr<model::Employer> employer = tx.employers().Get(vacancy.employer_id);
    if (!employer.ok()) {
      return Status::InvalidArgument("no such employer", {{"/employer_id", "no such employer"}});
    }
    screenings.SetCurrentGeneration(policy_generation.load());
    screening::ScreenAndApply(vacancy, *employer, screenings, clock->Today());
    return Status::Ok();
  }
  // Screens again, on the rescreens thread and with their plugins, the vacancies a committed
  // transaction screened without (see PluginScreenings); each is written only when it changed.
  void RescreenLater(std::vector<std::string> ids, int tries_left = 3);

  // Screens again the vacancies of an employer whose record changed (a verification, a
  // recruitment licence), so that their status follows what is now known of the employer.
  // Audits a change to what an admin vouches for: the employer's verification and the
  // verification of its recruitment licence.
  static Status AuditVerification(const store::WriteTx& tx, const Caller& caller,
                                  const model::Employer& before, const model::Employer& after) {
    if (before.verified != after.verified) {
      HW_RETURN_IF_ERROR(AuditInTx(
          tx, caller, after.verified ? "employer.verify" : "employer.unverify", after.meta.id));
    }
    const auto licence_verified = [](const model::Employer& e) {
      return e.recruitment_licence && e.recruitment_licence->verified;
    };
    if (licence_verified(before) != licence_verified(after)) {
      HW_RETURN_IF_ERROR(AuditInTx(
          tx, caller,
          licence_verified(after) ? "employer.licence_verify" : "employer.licence_unverify",
          after.meta.id));
    }
    return Status::Ok();
  }

  // The plugin's part comes from `screenings` (filled by PreScreenVacanciesOf for the employer
  // as it will be), or is the vacancy's kept flags (Missed(): RescreenLater after the commit).
  Status RescreenVacanciesOf(const model::Employer& employer, store::WriteTx& tx,
                             PluginScreenings& screenings) const {
    screenings.SetCurrentGeneration(policy_generation.load());
    std::vector<model::Vacancy> changed;
    HW_RETURN_IF_ERROR(tx.vacancies().ForEach({{"employer_id", {employer.meta.id}}},
                                              [&](model::Vacancy&& vacancy) {
                                                if (Rescreen(vacancy, employer, screenings))
                                                  changed.push_back(std::move(vacancy));
                                                return Status::Ok();
                                              }));
    for (model::Vacancy& vacancy : changed) {
      HW_RETURN_IF_ERROR(tx.vacancies().Update(std::move(vacancy)).status());
    }
    return Status::Ok();
  }
  // Screens a stored vacancy again; true when its status or flags changed.
  bool Rescreen(model::Vacancy& vacancy, const model::Employer& employer,
                PluginScreenings& screenings) const {
    const model::VacancyStatus before = vacancy.status;
    const std::vector<model::ScreeningFlag> flags = vacancy.screening.flags;
    screening::ScreenAndApply(vacancy, employer, screenings, clock->Today());
    const bool same_flags = std::equal(
        flags.begin(), flags.end(), vacancy.screening.flags.begin(), vacancy.screening.flags.end(),
        [](const auto& a, const auto& b) { return a.code == b.code && a.reason == b.reason; });
    return vacancy.status != before || !same_flags;
  }
  // Asks the plugins about the employer's vacancies as stored now against `employer` as it is
  // about to be written.
  void PreScreenVacanciesOf(const model::Employer& employer, PluginScreenings& screenings) const {
    db->Read([&](store::ReadTx& tx) {
        return tx.vacancies().ForEach({{"employer_id", {employer.meta.id}}},
                                      [&](model::Vacancy&& vacancy) {
                                        screenings.Add(vacancy, employer);
                                        return Status::Ok();
                                      });
      }).IgnoreError();  // what cannot be read now is screened after the commit
  }

  // Runs `write` (StatusOr<T>(store::WriteTx&)) in a write transaction on the store's writer
  // thread, and completes `done` with what it returned once the transaction is on disk; an error
  // from `write` rolls the transaction back and is the answer. `then` runs first, after a
  // commit only (e.g. RescreenLater with what the transaction could not screen).
  template <typename T, typename Write>
  void SubmitFor(Write write, Done<T> done, std::function<void()> then = nullptr) {
    auto result = std::make_shared<std::optional<T>>();
    db->Submit(
        [write = std::move(write), result](store::WriteTx& tx) mutable -> Status {
          StatusOr<T> value = write(tx);
          if (!value.ok()) return value.status();
          result->emplace(std::move(*value));
          return Status::Ok();
        },
        [result, then = std::move(then), done = std::move(done)](Status status) {
          if (!status.ok()) return done(std::move(status));
          if (then) then();
          done(std::move(**result));
        });
  }

  // The completion of a SubmitFor<StatusOr<T>> whose write may commit and still refuse (a refusal
  // whose audit row stays): `done` gets the rollback's error or the committed answer.
  template <typename T>
  static Done<StatusOr<T>> Committed(Done<T> done) {
    return [done = std::move(done)](StatusOr<StatusOr<T>> answer) {
      done(answer.ok() ? std::move(*answer) : StatusOr<T>(answer.status()));
    };
  }

  // Queues the audit row of a read or a denial without waiting for it (see AuditBuffer);
  // UNAVAILABLE when it cannot be queued, and a read that cannot be audited is refused.
  [[nodiscard]] Status Audit(const Caller& caller, std::string action, std::string subject,
                             std::string outcome, std::string detail = {}) {
    model::AuditEntry entry;
    entry.actor = caller.key_id;
    entry.action = std::move(action);
    entry.subject = std::move(subject);
    entry.outcome = std::move(outcome);
    entry.detail = std::move(detail);
    return audit->Append(std::move(entry));
  }

  // Checks that the person `person_id` (as the index holds them) is in the caller's scope and
  // audits the access as `action` either way; NOT_FOUND outside the scope, as for a missing one.
  Status AuditPersonAccess(const Caller& caller, std::string_view person_id, std::string action) {
    const std::optional<std::string> province = index.ProvinceOfIndividual(person_id);
    const bool visible = province && MaySeePersonIn(caller, *province);
    HW_RETURN_IF_ERROR(Audit(caller, std::move(action), std::string(person_id),
                             visible ? "allowed" : "not_found"));
    if (!visible) return NotFound<model::Individual>();
    return Status::Ok();
  }

  // Appends an audit row inside a write transaction: its failure fails the write.
  static Status AuditInTx(const store::WriteTx& tx, const Caller& caller, std::string action,
                          std::string subject, std::string outcome = "allowed") {
    model::AuditEntry entry;
    entry.actor = caller.key_id;
    entry.action = std::move(action);
    entry.subject = std::move(subject);
    entry.outcome = std::move(outcome);
    if (!tx.audit().Append(std::move(entry)).ok()) {
      return Status::Internal("the audit row could not be written");
    }
    return Status::Ok();
  }

  // What else a change of a record must do in its transaction (e.g. a person's withdrawn
  // consent withdraws their referrals), given the record as stored.
  template <typename T>
  using AfterUpdate = std::function<Status(store::WriteTx& tx, const T& stored)>;

  template <typename T, typename RepoOf>
  void Update(const Caller& caller, std::string id, Edit<T> edit, Done<T> done, RepoOf repo_of,
              std::string action, AfterUpdate<T> after = nullptr) {
    std::shared_ptr<PluginScreenings> screenings = NewScreenings();
    PreScreenEdit<T>(caller, id, edit, *screenings);
    SubmitFor<StatusOr<T>>(
        [this, caller, id, edit = std::move(edit), repo_of, action, after = std::move(after),
         screenings](store::WriteTx& tx) -> StatusOr<StatusOr<T>> {
          auto repo = repo_of(tx);
          StatusOr<T> current = repo.Get(id);
          if (!current.ok() || !MayChange(caller, *current)) {
            Status missing = current.ok() || current.status().code() == StatusCode::kNotFound
                                 ? NotFound<T>()
                                 : current.status();
            HW_RETURN_IF_ERROR(AuditChange<T>(tx, caller, action, id, "not_found"));
            return StatusOr<T>(std::move(missing));
          }
          [[maybe_unused]] std::optional<T> before;
          if constexpr (std::is_same_v<T, model::Employer>) before = *current;
          HW_ASSIGN_OR_RETURN(T edited, edit(std::move(*current)));
          edited.meta.id = id;
          HW_RETURN_IF_ERROR(PrepareAny(edited, tx, *screenings));
          HW_ASSIGN_OR_RETURN(T stored, repo.Update(std::move(edited)));
          HW_RETURN_IF_ERROR(AuditChange<T>(tx, caller, action, id, "allowed"));
          if constexpr (std::is_same_v<T, model::Employer>) {
            HW_RETURN_IF_ERROR(RescreenVacanciesOf(stored, tx, *screenings));
            HW_RETURN_IF_ERROR(AuditVerification(tx, caller, *before, stored));
          }
          if (after) HW_RETURN_IF_ERROR(after(tx, stored));
          return StatusOr<T>(std::move(stored));
        },
        Committed(std::move(done)), [this, screenings] { RescreenLater(screenings->Missed()); });
  }

  // Before the transaction of an edit: asks the plugins about the vacancy as edited, or the
  // employer's vacancies against the employer as edited, from what is stored now.
  template <typename T>
  void PreScreenEdit(const Caller& caller, const std::string& id, const Edit<T>& edit,
                     PluginScreenings& screenings) const {
    if constexpr (std::is_same_v<T, model::Vacancy> || std::is_same_v<T, model::Employer>) {
      StatusOr<T> current = db->Read([&](store::ReadTx& tx) {
        if constexpr (std::is_same_v<T, model::Vacancy>) return tx.vacancies().Get(id);
        if constexpr (std::is_same_v<T, model::Employer>) return tx.employers().Get(id);
      });
      if (!current.ok() || !MayChange(caller, *current)) return;
      StatusOr<T> edited = edit(std::move(*current));
      if (!edited.ok()) return;
      edited->meta.id = id;
      if constexpr (std::is_same_v<T, model::Vacancy>) PreScreen(*edited, screenings);
      if constexpr (std::is_same_v<T, model::Employer>) PreScreenVacanciesOf(*edited, screenings);
    }
  }

  // The audit row of a change to a person's record (other records' plain edits are not
  // audited, only the decisions named in docs/api-guide.md).
  template <typename T>
  static Status AuditChange(const store::WriteTx& tx, const Caller& caller,
                            const std::string& action, const std::string& subject,
                            const std::string& outcome) {
    if constexpr (!std::is_same_v<T, model::Individual>) return Status::Ok();
    return AuditInTx(tx, caller, action, subject, outcome);
  }

  // Writes the row of the caller's idempotent POST that created record `id`, in the creating
  // transaction; ALREADY_EXISTS (rolling the creation back) when a request with the same key
  // committed first. Nothing when the POST came without an Idempotency-Key.
  static Status KeepIdempotentResponse(const store::WriteTx& tx, const Caller& caller,
                                       const std::string& id) {
    if (!caller.idempotency) return Status::Ok();
    store::StoredResponse row;
    row.key = caller.idempotency->key;
    row.actor = caller.key_id;
    row.request_hash = caller.idempotency->request_hash;
    row.status = caller.idempotency->status;
    row.location = caller.idempotency->collection + "/" + id;
    row.resource_id = id;
    Status kept = tx.idempotency().Put(std::move(row));
    if (kept.code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("a request with this Idempotency-Key was served meanwhile");
    }
    return kept;
  }

  template <typename T>
  Status PrepareAny(T& record, const store::WriteTx& tx, PluginScreenings& screenings) const {
    if constexpr (std::is_same_v<T, model::Individual>) Prepare(record);
    if constexpr (std::is_same_v<T, model::Vacancy>) return Prepare(record, tx, screenings);
    return Status::Ok();
  }

  template <typename T, typename RepoOf>
  void Create(const Caller& caller, T record, Done<T> done, RepoOf repo_of, std::string action) {
    record.meta = {};
    std::shared_ptr<PluginScreenings> screenings = NewScreenings();
    if constexpr (std::is_same_v<T, model::Vacancy>) PreScreen(record, *screenings);
    auto id = std::make_shared<std::string>();  // of the record created, once committed
    SubmitFor<T>(
        [this, caller, record = std::move(record), repo_of, action, screenings,
         id](store::WriteTx& tx) mutable -> StatusOr<T> {
          HW_RETURN_IF_ERROR(PrepareAny(record, tx, *screenings));
          HW_ASSIGN_OR_RETURN(T stored, repo_of(tx).Create(record));
          HW_RETURN_IF_ERROR(KeepIdempotentResponse(tx, caller, stored.meta.id));
          HW_RETURN_IF_ERROR(AuditChange<T>(tx, caller, action, stored.meta.id, "allowed"));
          *id = stored.meta.id;
          return stored;
        },
        std::move(done),
        [this, screenings, id] {
          if (screenings->missed_any()) RescreenLater({*id});
        });
  }

  // The referral with this id if `caller` may see it (both provinces, see MaySeeReferral), else
  // NOT_FOUND. Reads within `tx` (a ReadTx or WriteTx).
  template <typename Tx>
  StatusOr<model::Referral> CheckedReferral(const Caller& caller, std::string_view id,
                                            const Tx& tx) const {
    StatusOr<model::Referral> found = tx.referrals().Get(id);
    if (!found.ok() && found.status().code() != StatusCode::kNotFound) return found.status();
    if (!found.ok() || !MaySeeReferral(caller, *found, PersonProvince(found->individual_id))) {
      return NotFound<model::Referral>();
    }
    return found;
  }
  std::string PersonProvince(std::string_view individual_id) const {
    return index.ProvinceOfIndividual(individual_id).value_or("");
  }

  // A referral as `caller` may see it (ReferralView): for an employer, without the officers'
  // notes and with the person, whose minimal view is audited as read. Reads the person within
  // `tx` (a ReadTx or WriteTx).
  template <typename Tx>
  StatusOr<ReferralView> ViewFor(const Caller& caller, model::Referral referral, const Tx& tx) {
    referral.check_ins.clear();  // their own route, never the employer's
    ReferralView view{std::move(referral), caller.role == Role::kEmployer, std::nullopt};
    if (!view.for_employer) return view;
    for (model::ReferralChange& change : view.referral.history) change.note.clear();
    const std::string& person_id = view.referral.individual_id;
    if (StatusOr<model::Individual> person = tx.individuals().Get(person_id); person.ok()) {
      HW_RETURN_IF_ERROR(Audit(caller, "individual.read_minimal", person_id, "allowed"));
      view.person = std::move(*person);
    }
    return view;
  }

  // Takes one committed change of an indexed record into the index: removes it, or puts it in as
  // stored.
  template <typename T>
  void Reindex(const store::Change& change, void (matching::MatchIndex::*remove)(std::string_view),
               void (matching::MatchIndex::*upsert)(const T&)) {
    if (change.deleted()) {
      (index.*remove)(change.id);
    } else {
      (index.*upsert)(std::get<T>(change.record));
    }
  }

  // Keeps the matching index and the caller cache in step with every committed change.
  void OnChanges(const std::vector<store::Change>& changes) {
    bool indexed = false;
    for (const store::Change& change : changes) {
      indexed |= change.kind == store::ResourceKind::kIndividual ||
                 change.kind == store::ResourceKind::kVacancy ||
                 change.kind == store::ResourceKind::kTraining ||
                 change.kind == store::ResourceKind::kProgramme;
      switch (change.kind) {
        case store::ResourceKind::kApiKey:
          callers.Clear();
          break;
        // The four indexed kinds, alike but for the index's calls for each.
        case store::ResourceKind::kIndividual:
          Reindex(change, &matching::MatchIndex::RemoveIndividual,
                  &matching::MatchIndex::UpsertIndividual);
          break;
        case store::ResourceKind::kVacancy:
          Reindex(change, &matching::MatchIndex::RemoveVacancy,
                  &matching::MatchIndex::UpsertVacancy);
          break;
        case store::ResourceKind::kTraining:
          Reindex(change, &matching::MatchIndex::RemoveTraining,
                  &matching::MatchIndex::UpsertTraining);
          break;
        case store::ResourceKind::kProgramme:
          Reindex(change, &matching::MatchIndex::RemoveProgramme,
                  &matching::MatchIndex::UpsertProgramme);
          break;
        default:
          break;
      }
    }
    // After the index took every change: a query that read the old generation stored its answer
    // under it, and a query that reads the new one sees the index as changed.
    if (indexed) ++index_generation;
    if (std::any_of(changes.begin(), changes.end(), [](const store::Change& change) {
          return change.kind == store::ResourceKind::kVacancy && !change.deleted();
        })) {
      RefreshRulePointsLater();
    }
  }

  // Puts back in force the latest market data replaced through the API for each province. Data
  // that the province's plugin no longer accepts is skipped: the plugin's own figures serve.
  Status RestoreMarkets() {
    for (const reference::Province& province : reference::ReferenceData::Builtin().provinces()) {
      StatusOr<store::MarketVersion> latest =
          db->Read([&](store::ReadTx& tx) { return tx.market_data().Current(province.code); });
      if (!latest.ok() && latest.status().code() == StatusCode::kNotFound) continue;
      if (!latest.ok()) return latest.status();
      plugin_host->SetMarketData(province.code, std::move(latest->data)).IgnoreError();
    }
    return Status::Ok();
  }

  Status LoadIndex() {
    return db->Read([this](store::ReadTx& tx) -> Status {
      HW_RETURN_IF_ERROR(tx.individuals().ForEach({}, [this](model::Individual&& v) {
        index.UpsertIndividual(v);
        return Status::Ok();
      }));
      HW_RETURN_IF_ERROR(tx.vacancies().ForEach({}, [this](model::Vacancy&& v) {
        index.UpsertVacancy(v);
        return Status::Ok();
      }));
      HW_RETURN_IF_ERROR(tx.trainings().ForEach({}, [this](model::Training&& v) {
        index.UpsertTraining(v);
        return Status::Ok();
      }));
      return tx.programmes().ForEach({}, [this](model::Programme&& v) {
        index.UpsertProgramme(v);
        return Status::Ok();
      });
    });
  }
};

}  // namespace internal

using namespace internal;  // NOLINT: the service's own helpers, in every service source file

}  // namespace homeward::service
