#include "homeward/service/homeward.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/crypto/digest.h"
#include "impl.h"
#include "reference_versions.h"
#include "review_queue.h"

namespace homeward::service {
namespace {

// Audit rows of reads wait at most this long, or until this many wait, before they are written.
constexpr std::chrono::milliseconds kAuditWindow(100);
constexpr size_t kAuditBatchRows = 4096;

// Completes a vacancy write with the record as the caller may see it.
Done<model::Vacancy> Viewed(const Caller& caller, Done<model::Vacancy> done) {
  return [role = caller.role, done = std::move(done)](StatusOr<model::Vacancy> written) {
    if (written.ok()) *written = ViewFor(Caller{"", role, {}, {}, {}}, std::move(*written));
    done(std::move(written));
  };
}

}  // namespace

Homeward::Homeward(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Homeward::~Homeward() {
  // The daily work stops before anything it uses goes.
  if (impl_) impl_->daily.reset();
}

StatusOr<std::unique_ptr<Homeward>> Homeward::Open(const Options& options) {
  auto impl = std::make_unique<Impl>();
  impl->clock = options.clock;
  store::Options store_options;
  store_options.keys = options.keys;
  store_options.clock = options.clock;
  HW_ASSIGN_OR_RETURN(impl->db, store::Database::Open(options.db_path, store_options));
  // Idempotency rows expire after a day; each new row purges the expired ones, and so does a
  // start, for a server that got none for a while.
  const std::string now = options.clock->NowRfc3339();
  HW_RETURN_IF_ERROR(
      impl->db->Write([&](store::WriteTx& tx) { return tx.idempotency().Purge(now).status(); }));
  impl->audit =
      std::make_unique<AuditBuffer>(*impl->db, *options.clock, kAuditWindow, kAuditBatchRows);
  plugin::HostOptions host_options;
  if (!options.plugins_dir.empty()) host_options.folders.push_back(options.plugins_dir);
  host_options.trusted_keys = options.plugin_trust_keys;
  host_options.allow_unsigned = options.allow_unsigned_plugins;
  // The plugins' copies live beside the database, not in /tmp: a server that is killed leaves
  // nothing behind in shared space, and the next start replaces them.
  if (!options.db_path.empty() && options.db_path != ":memory:") {
    host_options.cache_dir = options.db_path + ".plugins";
  }
  HW_ASSIGN_OR_RETURN(impl->plugin_host, plugin::PluginHost::Create(std::move(host_options)));
  HW_RETURN_IF_ERROR(impl->RestoreMarkets());
  HW_RETURN_IF_ERROR(internal::RestoreReferenceData(*impl->db));
  HW_RETURN_IF_ERROR(impl->LoadIndex());
  Impl* raw = impl.get();
  impl->db->AddChangeListener([raw](const std::vector<store::Change>& c) { raw->OnChanges(c); });
  const Date today = options.clock->Today();
  HW_RETURN_IF_ERROR(impl->RefreshVulnerability(today).status());
  impl->daily = std::make_unique<DailyTask>(
      [raw](const Date& day) {
        StatusOr<size_t> refreshed = raw->RefreshVulnerability(day);
        if (!refreshed.ok()) {
          std::fprintf(stderr, "homeward: the daily vulnerability refresh failed: %s\n",
                       refreshed.status().ToString().c_str());
        }
      },
      *options.clock, today, std::chrono::minutes(10));
  return std::unique_ptr<Homeward>(new Homeward(std::move(impl)));
}

void Homeward::Impl::RescreenLater(std::vector<std::string> ids, int tries_left) {
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

StatusOr<size_t> Homeward::Impl::RefreshVulnerability(const Date& today) {
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
  HW_ASSIGN_OR_RETURN(int64_t count, impl_->db->Read([&](store::ReadTx& tx) {
    return tx.api_keys().Count(admins);
  }));
  if (count > 0) return false;
  const std::string key = preset ? *preset : RandomSecret();
  if (!preset) HW_RETURN_IF_ERROR(keep(key));
  model::ApiKey record;
  record.role = Role::kAdmin;
  record.label = "bootstrap admin";
  record.key_hash = crypto::Sha256Hex(key);
  HW_RETURN_IF_ERROR(
      impl_->db->Write([&](store::WriteTx& tx) { return tx.api_keys().Create(record).status(); }));
  return !preset;
}

Status Homeward::Load(const std::function<Status(store::Database&, const Preparation&)>& load) {
  const Impl* impl = impl_.get();
  Preparation prepare;
  prepare.individual = [impl](model::Individual& person) { impl->Prepare(person); };
  prepare.vacancy = [impl](model::Vacancy& vacancy, const model::Employer& employer) {
    screening::ScreenAndApply(vacancy, employer, impl->policies(), impl->clock->Today());
  };
  return load(*impl->db, prepare);
}

StatusOr<Caller> Homeward::Authenticate(std::string_view key) const {
  const std::string hash = crypto::Sha256Hex(key);
  if (std::optional<Caller> cached = impl_->callers.Find(hash)) return std::move(*cached);
  const uint64_t read_at = impl_->callers.generation();
  StatusOr<model::ApiKey> record =
      impl_->db->Read([&](store::ReadTx& tx) { return tx.api_keys().GetBy("key_hash", hash); });
  if (!record.ok()) {
    if (record.status().code() == StatusCode::kNotFound) {
      return Status::Unauthenticated("unknown API key");
    }
    return record.status();
  }
  if (record->revoked_at) return Status::Unauthenticated("unknown API key");
  Caller caller{record->meta.id, record->role, record->provinces, record->employer_id, {}};
  impl_->callers.Put(read_at, hash, caller);
  return caller;
}

void Homeward::CreateApiKey(const Caller& caller, model::ApiKey key, Done<NewApiKey> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  key.meta = {};
  key.revoked_at.reset();
  auto result = std::make_shared<std::optional<NewApiKey>>();
  // The secret is drawn on the writer thread: OpenSSL keeps a random generator per thread and
  // frees it when the thread ends, which the writer thread does at shutdown and the HTTP pool's
  // threads never do.
  impl_->db->Submit(
      [caller, key = std::move(key), result](store::WriteTx& tx) mutable -> Status {
        std::string secret = RandomSecret();
        key.key_hash = crypto::Sha256Hex(secret);
        HW_ASSIGN_OR_RETURN(model::ApiKey stored, tx.api_keys().Create(key));
        HW_RETURN_IF_ERROR(Impl::AuditInTx(tx, caller, "api_key.create", stored.meta.id));
        result->emplace(NewApiKey{std::move(stored), std::move(secret)});
        return Status::Ok();
      },
      [result, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        done(std::move(**result));
      });
}

StatusOr<store::Page<model::ApiKey>> Homeward::ListApiKeys(const Caller& caller,
                                                           store::ListOptions options) const {
  if (!caller.is_admin()) return Status::PermissionDenied("admins only");
  return impl_->db->Read([&](store::ReadTx& tx) { return tx.api_keys().List(options); });
}

StatusOr<model::ApiKey> Homeward::OwnApiKey(const Caller& caller) const {
  return impl_->db->Read([&](store::ReadTx& tx) { return tx.api_keys().Get(caller.key_id); });
}

void Homeward::RevokeApiKey(const Caller& caller, std::string id, Done<model::ApiKey> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  auto result = std::make_shared<std::optional<model::ApiKey>>();
  impl_->db->Submit(
      [caller, id, result, clock = impl_->clock](store::WriteTx& tx) -> Status {
        HW_ASSIGN_OR_RETURN(model::ApiKey key, tx.api_keys().Get(id));
        if (!key.revoked_at) key.revoked_at = clock->NowRfc3339();
        HW_ASSIGN_OR_RETURN(model::ApiKey stored, tx.api_keys().Update(std::move(key)));
        HW_RETURN_IF_ERROR(Impl::AuditInTx(tx, caller, "api_key.revoke", id));
        result->emplace(std::move(stored));
        return Status::Ok();
      },
      [result, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        done(std::move(**result));
      });
}

// --- Individuals -------------------------------------------------------------------------------

void Homeward::CreateIndividual(const Caller& caller, model::Individual person,
                                Done<model::Individual> done) {
  if (!caller.is_admin() &&
      !(caller.role == Role::kOfficer && HasProvince(caller, person.province))) {
    impl_->Audit(caller, "individual.create", "", "denied").IgnoreError();  // refused anyway
    return done(Status::PermissionDenied("the person's province is outside your scope"));
  }
  // The creating officer is in charge of the case (need to know).
  if (caller.role == Role::kOfficer &&
      std::find(person.case_officers.begin(), person.case_officers.end(), caller.key_id) ==
          person.case_officers.end()) {
    person.case_officers.push_back(caller.key_id);
  }
  impl_->Create<model::Individual>(
      caller, std::move(person), std::move(done),
      [](store::WriteTx& tx) { return tx.individuals(); }, "individual.create");
}

bool NeedsToKnow(const Caller& caller, const model::Individual& person) {
  return caller.is_admin() || (caller.role == Role::kOfficer &&
                               std::find(person.case_officers.begin(), person.case_officers.end(),
                                         caller.key_id) != person.case_officers.end());
}

PersonView ViewFor(const Caller& caller, model::Individual person) {
  const bool full = NeedsToKnow(caller, person);
  return {std::move(person), full};
}

StatusOr<PersonView> Homeward::GetIndividual(const Caller& caller, std::string_view id,
                                             std::string_view break_glass) {
  if (break_glass.size() > kMaxBreakGlassReason) {
    return Status::InvalidArgument("the break-glass reason is too long",
                                   {{"/break_glass", "at most 500 bytes"}});
  }
  StatusOr<model::Individual> person =
      impl_->db->Read([&](store::ReadTx& tx) { return CheckedGet(tx.individuals(), id, caller); });
  HW_RETURN_IF_ERROR(impl_->Audit(caller, "individual.read", std::string(id),
                                  person.ok() ? "allowed" : "not_found"));
  if (!person.ok()) return person.status();
  if (break_glass.empty() || NeedsToKnow(caller, *person)) {
    return ViewFor(caller, std::move(*person));
  }
  // Break glass: the full record to an officer of the province, never without its audit row.
  HW_RETURN_IF_ERROR(impl_->Audit(caller, "individual.break_glass", std::string(id), "allowed",
                                  std::string(break_glass)));
  return PersonView{std::move(*person), /*full=*/true};
}

StatusOr<store::Page<PersonView>> Homeward::ListIndividuals(const Caller& caller,
                                                            store::ListOptions options) {
  if (!caller.is_admin()) RestrictFilter(options.filters, "province", caller.provinces);
  HW_ASSIGN_OR_RETURN(store::Page<model::Individual> page, impl_->db->Read([&](store::ReadTx& tx) {
    return tx.individuals().List(options);
  }));
  store::Page<PersonView> views{{}, std::move(page.next_cursor)};
  for (model::Individual& person : page.items) {
    HW_RETURN_IF_ERROR(impl_->Audit(caller, "individual.read", person.meta.id, "allowed"));
    views.items.push_back(ViewFor(caller, std::move(person)));
  }
  return views;
}

void Homeward::UpdateIndividual(const Caller& caller, std::string id, Edit<model::Individual> edit,
                                Done<model::Individual> done) {
  Caller scope = caller;
  // The edited record must stay in scope too (an officer cannot move a person away).
  Edit<model::Individual> checked =
      [scope, edit = std::move(edit)](model::Individual current) -> StatusOr<model::Individual> {
    HW_ASSIGN_OR_RETURN(model::Individual edited, edit(std::move(current)));
    if (!MayChange(scope, edited)) {
      return Status::PermissionDenied("the person's new province is outside your scope");
    }
    return edited;
  };
  // Consent withdrawn takes effect at once: the referrals it no longer allows are withdrawn in
  // the same transaction (the index drops the person from matching when it commits).
  Impl::AfterUpdate<model::Individual> withdraw = [scope, clock = impl_->clock](
                                                      store::WriteTx& tx,
                                                      const model::Individual& stored) {
    return referral::WithdrawForConsent(tx, stored, ActorOf(scope), clock->NowRfc3339()).status();
  };
  impl_->Update<model::Individual>(
      caller, std::move(id), std::move(checked), std::move(done),
      [](store::WriteTx& tx) { return tx.individuals(); }, "individual.update",
      std::move(withdraw));
}

void Homeward::EraseIndividual(const Caller& caller, std::string id, Done<std::string> done) {
  auto found = std::make_shared<bool>(false);
  impl_->db->Submit(
      [this, caller, id, found](store::WriteTx& tx) -> Status {
        StatusOr<model::Individual> current = tx.individuals().Get(id);
        const bool visible = current.ok() && MayChange(caller, *current);
        if (visible) HW_RETURN_IF_ERROR(tx.individuals().Delete(id));
        *found = visible;
        return Impl::AuditInTx(tx, caller, "individual.erase", id,
                               visible ? "allowed" : "not_found");
      },
      [this, id, found, done = std::move(done)](Status status) mutable {
        if (!status.ok()) return done(std::move(status));
        if (!*found) return done(NotFound<model::Individual>());
        // The erased rows' old pages are still in the write-ahead log: the answer waits for the
        // checkpoint that empties it (queued behind this commit; a blocking one here, on the
        // writer thread, would deadlock).
        impl_->db->SubmitCheckpoint([id, done = std::move(done)](Status cleared) {
          if (!cleared.ok()) {
            return done(Status::Unavailable(
                "the person was erased, but readers kept the write-ahead log from being cleared"));
          }
          done(id);
        });
      });
}

// --- Employers ---------------------------------------------------------------------------------

void Homeward::CreateEmployer(const Caller& caller, model::Employer employer,
                              Done<model::Employer> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  impl_->Create<model::Employer>(
      caller, std::move(employer), std::move(done),
      [](store::WriteTx& tx) { return tx.employers(); }, "employer.create");
}

StatusOr<model::Employer> Homeward::GetEmployer(const Caller& caller, std::string_view id) const {
  HW_ASSIGN_OR_RETURN(model::Employer found, impl_->db->Read([&](store::ReadTx& tx) {
    return CheckedGet(tx.employers(), id, caller);
  }));
  return ViewFor(caller, std::move(found));
}

StatusOr<store::Page<model::Employer>> Homeward::ListEmployers(const Caller& caller,
                                                               store::ListOptions options) const {
  if (caller.role == Role::kEmployer) {
    HW_ASSIGN_OR_RETURN(model::Employer own, GetEmployer(caller, caller.employer_id.value_or("")));
    return store::Page<model::Employer>{{std::move(own)}, std::nullopt};
  }
  if (!MaySee(caller, model::Employer{})) return Status::PermissionDenied("not allowed");
  HW_ASSIGN_OR_RETURN(store::Page<model::Employer> page, impl_->db->Read([&](store::ReadTx& tx) {
    return tx.employers().List(options);
  }));
  for (model::Employer& employer : page.items) employer = ViewFor(caller, std::move(employer));
  return page;
}

void Homeward::UpdateEmployer(const Caller& caller, std::string id, Edit<model::Employer> edit,
                              Done<model::Employer> done) {
  // Only an admin verifies a recruitment licence; any other change to its number or expiry
  // date takes the verification back until an admin checks the new one.
  const bool admin = caller.is_admin();
  Edit<model::Employer> checked =
      [admin, edit = std::move(edit)](model::Employer current) -> StatusOr<model::Employer> {
    const std::optional<model::RecruitmentLicence> before = current.recruitment_licence;
    HW_ASSIGN_OR_RETURN(model::Employer edited, edit(std::move(current)));
    auto& after = edited.recruitment_licence;
    if (!admin && after &&
        (!before || before->number != after->number || before->expires_on != after->expires_on)) {
      after->verified = false;
    }
    return edited;
  };
  impl_->Update<model::Employer>(
      caller, std::move(id), std::move(checked),
      [caller, done = std::move(done)](StatusOr<model::Employer> changed) {
        if (changed.ok()) changed = ViewFor(caller, std::move(*changed));
        done(std::move(changed));
      },
      [](store::WriteTx& tx) { return tx.employers(); }, "employer.update");
}

// --- Vacancies ---------------------------------------------------------------------------------

void Homeward::CreateVacancy(const Caller& caller, model::Vacancy vacancy,
                             Done<model::Vacancy> done) {
  // An employer posts under its own id; it need not repeat it.
  if (caller.role == Role::kEmployer && vacancy.employer_id.empty() && caller.employer_id) {
    vacancy.employer_id = *caller.employer_id;
  }
  if (vacancy.employer_id.empty()) {
    return done(
        Status::InvalidArgument("employer_id is required", {{"/employer_id", "is required"}}));
  }
  if (!MayChange(caller, vacancy)) {
    return done(Status::PermissionDenied("an employer posts only its own vacancies"));
  }
  impl_->Create<model::Vacancy>(
      caller, std::move(vacancy), Viewed(caller, std::move(done)),
      [](store::WriteTx& tx) { return tx.vacancies(); }, "vacancy.create");
}

StatusOr<model::Vacancy> Homeward::GetVacancy(const Caller& caller, std::string_view id) const {
  HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, impl_->db->Read([&](store::ReadTx& tx) {
    return CheckedGet(tx.vacancies(), id, caller);
  }));
  return ViewFor(caller, std::move(vacancy));
}

StatusOr<store::Page<model::Vacancy>> Homeward::ListVacancies(const Caller& caller,
                                                              store::ListOptions options) const {
  if (caller.role == Role::kEmployer) {
    RestrictFilter(options.filters, "employer_id", {caller.employer_id.value_or("")});
  } else if (!caller.is_admin() && caller.role != Role::kOfficer) {
    return Status::PermissionDenied("not allowed");
  }
  HW_ASSIGN_OR_RETURN(store::Page<model::Vacancy> page, impl_->db->Read([&](store::ReadTx& tx) {
    return internal::IsReviewQueue(options) ? internal::ReviewQueuePage(tx, options)
                                            : tx.vacancies().List(options);
  }));
  for (model::Vacancy& vacancy : page.items) vacancy = ViewFor(caller, std::move(vacancy));
  return page;
}

void Homeward::UpdateVacancy(const Caller& caller, std::string id, Edit<model::Vacancy> edit,
                             Done<model::Vacancy> done) {
  Caller scope = caller;
  Edit<model::Vacancy> checked =
      [scope, edit = std::move(edit)](model::Vacancy current) -> StatusOr<model::Vacancy> {
    HW_ASSIGN_OR_RETURN(model::Vacancy edited, edit(std::move(current)));
    if (!MayChange(scope, edited)) {
      return Status::PermissionDenied("an employer posts only its own vacancies");
    }
    return edited;
  };
  impl_->Update<model::Vacancy>(
      caller, std::move(id), std::move(checked), Viewed(caller, std::move(done)),
      [](store::WriteTx& tx) { return tx.vacancies(); }, "vacancy.update");
}

// --- Trainings and programmes --------------------------------------------------------------------

namespace {

// An edit of a training or programme that must leave it in a province the caller holds.
template <typename T>
Edit<T> StaysInScope(const Caller& caller, Edit<T> edit, std::string what) {
  return [caller, edit = std::move(edit), what = std::move(what)](T current) -> StatusOr<T> {
    HW_ASSIGN_OR_RETURN(T edited, edit(std::move(current)));
    if (!MayChange(caller, edited)) {
      return Status::PermissionDenied("the " + what + "'s new province is outside your scope");
    }
    return edited;
  };
}

}  // namespace

void Homeward::CreateTraining(const Caller& caller, model::Training training,
                              Done<model::Training> done) {
  if (!MayChange(caller, training)) {
    return done(Status::PermissionDenied("the training's province is outside your scope"));
  }
  impl_->Create<model::Training>(
      caller, std::move(training), std::move(done),
      [](store::WriteTx& tx) { return tx.trainings(); }, "training.create");
}

StatusOr<model::Training> Homeward::GetTraining(const Caller& caller, std::string_view id) const {
  return impl_->db->Read([&](store::ReadTx& tx) { return CheckedGet(tx.trainings(), id, caller); });
}

StatusOr<store::Page<model::Training>> Homeward::ListTrainings(const Caller& caller,
                                                               store::ListOptions options) const {
  if (!MaySee(caller, model::Training{})) return Status::PermissionDenied("not allowed");
  return impl_->db->Read([&](store::ReadTx& tx) { return tx.trainings().List(options); });
}

void Homeward::UpdateTraining(const Caller& caller, std::string id, Edit<model::Training> edit,
                              Done<model::Training> done) {
  impl_->Update<model::Training>(
      caller, std::move(id), StaysInScope(caller, std::move(edit), "training"), std::move(done),
      [](store::WriteTx& tx) { return tx.trainings(); }, "training.update");
}

void Homeward::CreateProgramme(const Caller& caller, model::Programme programme,
                               Done<model::Programme> done) {
  if (!MayChange(caller, programme)) {
    return done(Status::PermissionDenied("the programme's province is outside your scope"));
  }
  impl_->Create<model::Programme>(
      caller, std::move(programme), std::move(done),
      [](store::WriteTx& tx) { return tx.programmes(); }, "programme.create");
}

StatusOr<model::Programme> Homeward::GetProgramme(const Caller& caller, std::string_view id) const {
  return impl_->db->Read(
      [&](store::ReadTx& tx) { return CheckedGet(tx.programmes(), id, caller); });
}

StatusOr<store::Page<model::Programme>> Homeward::ListProgrammes(const Caller& caller,
                                                                 store::ListOptions options) const {
  if (!MaySee(caller, model::Programme{})) return Status::PermissionDenied("not allowed");
  return impl_->db->Read([&](store::ReadTx& tx) { return tx.programmes().List(options); });
}

void Homeward::UpdateProgramme(const Caller& caller, std::string id, Edit<model::Programme> edit,
                               Done<model::Programme> done) {
  impl_->Update<model::Programme>(
      caller, std::move(id), StaysInScope(caller, std::move(edit), "programme"), std::move(done),
      [](store::WriteTx& tx) { return tx.programmes(); }, "programme.update");
}

StatusOr<std::optional<store::StoredResponse>> Homeward::FindResponse(const Caller& caller,
                                                                      std::string_view key) const {
  const std::string now = impl_->clock->NowRfc3339();
  return impl_->db->Read(
      [&](store::ReadTx& tx) { return tx.idempotency().Find(caller.key_id, key, now); });
}

StatusOr<MatchesTicket> Homeward::OpenMatches(const Caller& caller, std::string_view person_id) {
  // The index holds every person as stored, kept in step with each commit.
  const std::optional<std::string> province = impl_->index.ProvinceOfIndividual(person_id);
  const bool visible = province && MaySeePersonIn(caller, *province);
  HW_RETURN_IF_ERROR(impl_->Audit(caller, "individual.matches", std::string(person_id),
                                  visible ? "allowed" : "not_found"));
  if (!visible) return NotFound<model::Individual>();
  // Read before any answer is made under it: an answer made across a change carries the stamp
  // of before the change, and is never taken for one made after.
  const Date today = impl_->clock->Today();
  return MatchesTicket(
      std::string(person_id), today,
      {impl_->index_generation.load(), impl_->policy_generation.load(), today.DaysSinceEpoch()});
}

StatusOr<std::vector<MatchedOpportunity>> Homeward::Matches(const MatchesTicket& ticket,
                                                            matching::Kind kind, int k) {
  std::optional<model::Individual> person = impl_->index.FindIndividual(ticket.person_id());
  if (!person) return NotFound<model::Individual>();  // erased since the ticket was given
  HW_ASSIGN_OR_RETURN(
      std::vector<matching::Match> matches,
      impl_->index.TopOpportunities(*person, kind, k, impl_->policies(), ticket.today_));
  std::vector<MatchedOpportunity> items;
  items.reserve(matches.size());
  for (matching::Match& match : matches) {
    MatchedOpportunity item{std::move(match), std::nullopt};
    const std::string& id = item.match.opportunity_id;
    switch (item.match.kind) {
      case model::OpportunityKind::kJob:
        if (auto vacancy = impl_->index.FindVacancy(id)) item.opportunity = std::move(*vacancy);
        break;
      case model::OpportunityKind::kTraining:
        if (auto training = impl_->index.FindTraining(id)) item.opportunity = std::move(*training);
        break;
      case model::OpportunityKind::kProgramme:
        if (auto programme = impl_->index.FindProgramme(id)) {
          item.opportunity = std::move(*programme);
        }
        break;
    }
    items.push_back(std::move(item));
  }
  return items;
}

StatusOr<std::vector<Candidate>> Homeward::Candidates(const Caller& caller,
                                                      std::string_view vacancy_id, int k) {
  HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, GetVacancy(caller, vacancy_id));
  if (!caller.is_admin() && caller.role != Role::kOfficer) return NotFound<model::Vacancy>();
  // Ask for more than k: an officer sees only the people of its provinces.
  const int wanted = caller.is_admin() ? k : k * 4;
  HW_ASSIGN_OR_RETURN(std::vector<matching::Match> matches,
                      impl_->index.TopCandidates(vacancy.meta.id, wanted, impl_->policies(),
                                                 impl_->clock->Today()));
  // The people shown are read from the store: the index keeps only what matching needs.
  return impl_->db->Read([&](store::ReadTx& tx) -> StatusOr<std::vector<Candidate>> {
    std::vector<Candidate> items;
    for (matching::Match& match : matches) {
      if (static_cast<int>(items.size()) == k) break;
      StatusOr<model::Individual> person = tx.individuals().Get(match.individual_id);
      if (!person.ok() || !MaySee(caller, *person)) continue;
      HW_RETURN_IF_ERROR(
          impl_->Audit(caller, "individual.candidate", match.individual_id, "allowed"));
      items.push_back({std::move(match), std::move(*person)});
    }
    return items;
  });
}

void Homeward::ReviewVacancy(const Caller& caller, std::string id, std::string decision,
                             std::string note, Done<model::Vacancy> done) {
  auto result = std::make_shared<std::optional<model::Vacancy>>();
  impl_->db->Submit(
      [caller, id, decision, note, result, clock = impl_->clock](store::WriteTx& tx) -> Status {
        StatusOr<model::Vacancy> found = tx.vacancies().Get(id);
        if (!found.ok() && found.status().code() != StatusCode::kNotFound) return found.status();
        // A missing vacancy and one outside the caller's provinces answer alike.
        const bool in_scope =
            found.ok() && (caller.is_admin() ||
                           (caller.role == Role::kOfficer && HasProvince(caller, found->province)));
        if (!in_scope) return NotFound<model::Vacancy>();
        model::Vacancy vacancy = std::move(*found);
        HW_RETURN_IF_ERROR(
            screening::ApplyReview(vacancy, decision, note, caller.key_id, clock->NowRfc3339()));
        HW_ASSIGN_OR_RETURN(model::Vacancy stored, tx.vacancies().Update(std::move(vacancy)));
        HW_RETURN_IF_ERROR(Impl::AuditInTx(tx, caller, "vacancy.review", id, decision));
        result->emplace(std::move(stored));
        return Status::Ok();
      },
      [result, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        done(std::move(**result));
      });
}

// --- Audit -------------------------------------------------------------------------------------

void Homeward::AuditDenied(const Caller& caller, std::string action, std::string subject) {
  // The caller is refused whatever happens to the row.
  impl_->Audit(caller, std::move(action), std::move(subject), "denied").IgnoreError();
}

void Homeward::ListAudit(const Caller& caller, store::ListOptions options,
                         Done<store::Page<model::AuditEntry>> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  // Rows still waiting in the buffer go in first, so that the list shows every earlier read.
  impl_->audit->Drain([this, options = std::move(options), done = std::move(done)](Status) {
    done(impl_->db->Read([&](store::ReadTx& tx) { return tx.audit().List(options); }));
  });
}

void Homeward::VerifyAudit(const Caller& caller, std::vector<store::AuditLink> external,
                           Done<store::AuditChainCheck> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  if (Status audited = impl_->Audit(caller, "audit.verify", "", "allowed"); !audited.ok()) {
    return done(std::move(audited));
  }
  impl_->audit->Drain([this, external = std::move(external), done = std::move(done)](Status) {
    done(impl_->db->Read([&](store::ReadTx& tx) { return tx.audit().VerifyChain(external); }));
  });
}

}  // namespace homeward::service
