// The service layer: one object that owns the store, the provincial policies and the matching
// index, and runs the rules that span components (vulnerability on every person written,
// screening state on every vacancy written, the index kept in step with every commit, one audit
// row per read or change of a person's record). It knows nothing of HTTP: the REST API calls only
// this layer and maps each Status to an HTTP status through one table.
//
// Scope: every call takes the Caller. A record outside the caller's scope is answered exactly
// like a missing one (NOT_FOUND). Which roles may call which route is the router's concern; this
// layer enforces the per-record scope.
//
// Thread-safety: Homeward is safe to use from any number of threads. Reads run on the calling
// thread (a pooled SQLite reader, never blocked by writes); writes return at once and complete
// `done` on the store's writer thread once the transaction is on disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "homeward/allocation/run.h"
#include "homeward/base/clock.h"
#include "homeward/base/status.h"
#include "homeward/base/time.h"
#include "homeward/crypto/keyring.h"
#include "homeward/crypto/signature.h"
#include "homeward/matching/match_index.h"
#include "homeward/model/access.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/json.h"
#include "homeward/model/programme.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "homeward/offer/comparison.h"
#include "homeward/plugin/plugin_host.h"
#include "homeward/referral/outcomes.h"
#include "homeward/referral/report.h"
#include "homeward/store/database.h"
#include "homeward/store/repository.h"

namespace homeward::service {

// The Idempotency-Key of a POST that creates a record. The record and the key's row (status,
// Location and id, never the body) commit in one transaction: of two requests racing with one
// key, the second is rolled back and replays the first.
struct IdempotentRequest {
  std::string key;
  std::string request_hash;  // of the method, path and body
  // What a retry is answered with, kept in the row as the API gives it: its status, and the
  // created record's location, collection + "/" + id.
  int status = 0;
  std::string collection;
};

// Who is calling, as established from an API key.
struct Caller {
  std::string key_id;  // the API key's id; "system" for the server itself
  model::Role role = model::Role::kOfficer;
  std::vector<std::string> provinces;      // officer and analyst scope
  std::optional<std::string> employer_id;  // employer scope
  // Set while serving a creating POST sent with an Idempotency-Key.
  std::optional<IdempotentRequest> idempotency;

  bool is_admin() const { return role == model::Role::kAdmin; }
};

// Need to know (docs/api.md, "Safeguards along the referral path"): true for admins and the
// person's case officers, who see the sensitive fields.
bool NeedsToKnow(const Caller& caller, const model::Individual& person);

// What the service answers is typed; api/views writes it as the API's bodies.

// A person's record as a caller may see it: in full (NeedsToKnow, or a break-glass read), else
// only the fields of model::ReducedView.
struct PersonView {
  model::Individual person;
  bool full = false;
};
PersonView ViewFor(const Caller& caller, model::Individual person);

// A referral as a caller may see it. For an employer (`for_employer`) the officers' notes are
// removed from its history and `person` holds the person, to be shown in the minimal view (that
// read is audited); the check-ins are never in it (they have their own route).
struct ReferralView {
  model::Referral referral;
  bool for_employer = false;
  std::optional<model::Individual> person;
};

// A post-placement check-in as recorded, and whether its answers opened a safety review of the
// job's employer.
struct RecordedCheckIn {
  std::string referral_id;
  model::CheckIn check_in;
  bool safety_review_opened = false;
};

// An opportunity a person was matched with: the match and the opportunity as indexed (absent when
// it left the index while the answer was made).
struct MatchedOpportunity {
  using Record = std::variant<model::Vacancy, model::Training, model::Programme>;
  matching::Match match;
  std::optional<Record> opportunity;
};

// A person matched with a vacancy, with the person's record (shown in the minimal view).
struct Candidate {
  matching::Match match;
  model::Individual person;
};

// What every match list depends on besides its person and request: the index's content, the
// provinces' policies and the day. A list made under one stamp is the same list while the stamp
// holds, so a client may keep what it made of it (the API keeps rendered bodies).
struct MatchStamp {
  uint64_t index = 0;
  uint64_t policies = 0;
  int64_t day = 0;
  bool operator==(const MatchStamp& o) const {
    return index == o.index && policies == o.policies && day == o.day;
  }
};

// Leave to read one person's matches: given by Homeward::OpenMatches once the caller's scope was
// checked and the read audited, and only so.
class MatchesTicket {
 public:
  const std::string& person_id() const { return person_id_; }
  const MatchStamp& stamp() const { return stamp_; }

 private:
  friend class Homeward;
  MatchesTicket(std::string person_id, const Date& today, MatchStamp stamp)
      : person_id_(std::move(person_id)), today_(today), stamp_(stamp) {}
  std::string person_id_;
  Date today_;  // the day of stamp_
  MatchStamp stamp_;
};

inline constexpr size_t kMaxBreakGlassReason = 500;

// Completion of an asynchronous write, called once on the store's writer thread.
template <typename T>
using Done = std::function<void(StatusOr<T>)>;

// Changes a stored record inside its write transaction (e.g. applies a JSON merge patch).
template <typename T>
using Edit = std::function<StatusOr<T>(T current)>;

// A freshly created API key: the stored record and the key itself, shown once.
struct NewApiKey {
  model::ApiKey record;
  std::string key;
};

struct Options {
  std::string db_path;      // the SQLite file, created when absent
  std::string plugins_dir;  // provincial plugins; empty: national defaults everywhere
  // The data keys that seal personal records at rest (see store::Options::keys); the server
  // always gives them.
  std::optional<crypto::Keyring> keys;
  // Public keys trusted to sign plugin manifests, and whether plugins without a signature load
  // (plugin::HostOptions::trusted_keys and allow_unsigned).
  std::vector<crypto::VerifyKey> plugin_trust_keys;
  bool allow_unsigned_plugins = false;
  // What time it is for everything the service and its store do: the dates rules, screening,
  // follow-ups and allocations are computed as of, and every stored time. Must outlive the
  // service.
  const Clock* clock = &Clock::System();
};

// What the service does to a record before it stores it: a person's vulnerability as of today,
// and a vacancy's screening with its province's rules and plugin (with the status that follows).
struct Preparation {
  std::function<void(model::Individual&)> individual;
  std::function<void(model::Vacancy&, const model::Employer&)> vacancy;
};

class Homeward {
 public:
  // Opens the store, loads the plugins (a broken plugin is listed as failed, never fatal) and
  // fills the matching index.
  static StatusOr<std::unique_ptr<Homeward>> Open(const Options& options);
  ~Homeward();
  Homeward(const Homeward&) = delete;
  Homeward& operator=(const Homeward&) = delete;

  // The shortest admin key accepted from the environment.
  static constexpr size_t kMinAdminKeyLength = 32;

  // On a database without an active admin key, stores one: `preset` when given (INVALID_ARGUMENT
  // when shorter than kMinAdminKeyLength, even if not needed), else a random key, handed to
  // `keep` before it is stored (its error stores nothing). Returns true when a random key was
  // created.
  StatusOr<bool> EnsureAdminKey(const std::optional<std::string>& preset,
                                const std::function<Status(const std::string& key)>& keep);

  // Runs `load` on the service's store with the service's Preparation, for a loader that writes
  // records itself (homeward-server --demo loads the demo data so). What it stores reaches the
  // matching index as every write does. Returns what `load` returns.
  Status Load(const std::function<Status(store::Database&, const Preparation&)>& load);

  // The caller holding `key`; UNAUTHENTICATED for an unknown or revoked key.
  StatusOr<Caller> Authenticate(std::string_view key) const;

  // API keys (admin only).
  void CreateApiKey(const Caller& caller, model::ApiKey key, Done<NewApiKey> done);
  StatusOr<store::Page<model::ApiKey>> ListApiKeys(const Caller& caller,
                                                   store::ListOptions options) const;
  // Revokes the key at once; NOT_FOUND when there is no such key.
  void RevokeApiKey(const Caller& caller, std::string id, Done<model::ApiKey> done);
  // The record of the caller's own key (any role): what GET /v1/me shows; never the secret,
  // which is not stored.
  StatusOr<model::ApiKey> OwnApiKey(const Caller& caller) const;

  // Individuals: computes the vulnerability on every write; every call writes one audit row.
  void CreateIndividual(const Caller& caller, model::Individual person,
                        Done<model::Individual> done);
  // Records come as `caller` may see them (ViewFor). A non-empty `break_glass` (the
  // reason, at most kMaxBreakGlassReason bytes, else INVALID_ARGUMENT) shows the full record to
  // an officer of the province who is not a case officer, and writes the audit row
  // "individual.break_glass" (its failure refuses the read).
  StatusOr<PersonView> GetIndividual(const Caller& caller, std::string_view id,
                                     std::string_view break_glass = {});
  StatusOr<store::Page<PersonView>> ListIndividuals(const Caller& caller,
                                                    store::ListOptions options);
  void UpdateIndividual(const Caller& caller, std::string id, Edit<model::Individual> edit,
                        Done<model::Individual> done);
  // Erases the person and everything that carries them.
  void EraseIndividual(const Caller& caller, std::string id, Done<std::string> done);

  // Employers. Only admins see which referrals a safety review came from (its referral_ids).
  void CreateEmployer(const Caller& caller, model::Employer employer, Done<model::Employer> done);
  StatusOr<model::Employer> GetEmployer(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Employer>> ListEmployers(const Caller& caller,
                                                       store::ListOptions options) const;
  void UpdateEmployer(const Caller& caller, std::string id, Edit<model::Employer> edit,
                      Done<model::Employer> done);
  // An admin closes the employer's open safety review ("cleared" or "confirmed", with a note;
  // referral::CloseSafetyReview) and its vacancies are screened again: cleared lifts the
  // worker_report flag, confirmed blocks them all.
  void CloseSafetyReview(const Caller& caller, std::string id, std::string decision,
                         std::string note, Done<model::Employer> done);
  // The people a safety review of the employer concerns, as referrals the caller may see (those
  // referred to, interviewing with or placed with it, and the ones whose reports opened the
  // review): officers and admins; empty without a review.
  StatusOr<std::vector<model::Referral>> SafetyReviewAffected(const Caller& caller,
                                                              std::string_view employer_id);

  // Vacancies: a written vacancy waits for review (pending_review) until screening clears it.
  void CreateVacancy(const Caller& caller, model::Vacancy vacancy, Done<model::Vacancy> done);
  StatusOr<model::Vacancy> GetVacancy(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Vacancy>> ListVacancies(const Caller& caller,
                                                      store::ListOptions options) const;
  void UpdateVacancy(const Caller& caller, std::string id, Edit<model::Vacancy> edit,
                     Done<model::Vacancy> done);

  // An officer's or admin's decision on a vacancy held for review ("approve" or "block", with
  // a note); FAILED_PRECONDITION when it is not pending_review.
  void ReviewVacancy(const Caller& caller, std::string id, std::string decision, std::string note,
                     Done<model::Vacancy> done);

  // A person's matches, in two steps. OpenMatches checks that the person is in the caller's scope
  // (NOT_FOUND otherwise) and audits the read either way; the ticket it gives says what the
  // answer depends on now (MatchStamp). Matches then gives the k best opportunities of `kind` for
  // the ticket's person, best first, each with its score, components and rules (explained in
  // English; reference::LocalizeExplanations renders them in Khmer), as of the ticket's stamp or
  // later.
  StatusOr<MatchesTicket> OpenMatches(const Caller& caller, std::string_view person_id);
  StatusOr<std::vector<MatchedOpportunity>> Matches(const MatchesTicket& ticket,
                                                    matching::Kind kind, int k);

  // The k best candidates for a vacancy, best first; an officer gets only the people of its
  // provinces. Each person listed is audited.
  StatusOr<std::vector<Candidate>> Candidates(const Caller& caller, std::string_view vacancy_id,
                                              int k);

  // Trainings.
  void CreateTraining(const Caller& caller, model::Training training, Done<model::Training> done);
  StatusOr<model::Training> GetTraining(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Training>> ListTrainings(const Caller& caller,
                                                       store::ListOptions options) const;
  void UpdateTraining(const Caller& caller, std::string id, Edit<model::Training> edit,
                      Done<model::Training> done);

  // Programmes (docs/api.md, "Programmes"): scoped and audited as trainings are. Officers create
  // and change them in their provinces (PERMISSION_DENIED elsewhere) and read them everywhere;
  // employers and analysts may not.
  void CreateProgramme(const Caller& caller, model::Programme programme,
                       Done<model::Programme> done);
  StatusOr<model::Programme> GetProgramme(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Programme>> ListProgrammes(const Caller& caller,
                                                         store::ListOptions options) const;
  void UpdateProgramme(const Caller& caller, std::string id, Edit<model::Programme> edit,
                       Done<model::Programme> done);

  // Writes the audit row of a refused call on a person's record (`subject` may be empty).
  void AuditDenied(const Caller& caller, std::string action, std::string subject);

  // What the caller's POST with this Idempotency-Key created (unexpired), or nullopt. The row
  // is written by the creating call itself (see IdempotentRequest).
  StatusOr<std::optional<store::StoredResponse>> FindResponse(const Caller& caller,
                                                              std::string_view key) const;

  // Referrals (docs/referrals.md). An officer refers people of its provinces to opportunities
  // in its provinces and sees the referrals to those; an employer sees and updates the referrals
  // to its own vacancies, each with the minimal view of the person (field "individual", audited);
  // an admin sees all. Records are returned as the caller may see them (ReferralView).
  void CreateReferral(const Caller& caller, referral::NewReferral request, Done<ReferralView> done);
  StatusOr<ReferralView> GetReferral(const Caller& caller, std::string_view id);
  // Filters "status", "individual_id", "opportunity_id", narrowed to the caller's scope.
  StatusOr<store::Page<ReferralView>> ListReferrals(const Caller& caller,
                                                    store::ListOptions options);
  // A status change (illegal ones FAILED_PRECONDITION), a follow-up date, or both.
  void UpdateReferral(const Caller& caller, std::string id, referral::ReferralPatch patch,
                      Done<ReferralView> done);

  // The referrals whose next follow-up (docs/referrals.md, "Follow-ups") is today or past, in the
  // caller's provinces (admins: all), earliest first, at most `limit`: officers and admins.
  StatusOr<std::vector<ReferralView>> FollowUpsDue(const Caller& caller, size_t limit);

  // Post-placement check-ins (officers of the referral's and the person's provinces, admins).
  // Recording one whose answers show an ILO indicator of forced labour opens a safety review of
  // the job's employer and holds its vacancies for review (referral::RecordCheckIn).
  void RecordCheckIn(const Caller& caller, std::string referral_id, model::CheckIn check_in,
                     Done<RecordedCheckIn> done);
  StatusOr<std::vector<model::CheckIn>> ListCheckIns(const Caller& caller,
                                                     std::string_view referral_id);

  // Runs a province-wide allocation off the calling thread (officers of the province, admins);
  // UNAVAILABLE when too many allocations are already waiting. It proposes; it refers no one.
  void CreateAllocation(const Caller& caller, allocation::AllocationRequest request,
                        Done<model::Allocation> done);
  StatusOr<model::Allocation> GetAllocation(const Caller& caller, std::string_view id) const;

  // The summary report of `province` (every province in the caller's scope when absent):
  // analysts of their provinces and admins; PERMISSION_DENIED for a province outside the scope.
  StatusOr<referral::SummaryReport> Summary(const Caller& caller,
                                            const std::optional<std::string>& province) const;

  // Plugins and provinces (the API lets every role list provinces, and admins and analysts read
  // plugins and market data).
  std::vector<plugin::PluginView> Plugins() const;
  StatusOr<plugin::PluginView> Plugin(std::string_view id) const;
  // Loads the plugin folders again (admins); market data replaced through the API stays.
  StatusOr<std::vector<plugin::PluginView>> ReloadPlugins(const Caller& caller);
  std::vector<plugin::ProvinceView> Provinces() const;
  // The market data in force for `province`; NOT_FOUND for an unknown code.
  StatusOr<model::MarketData> Market(std::string_view province) const;
  // Replaces a province's market data (analysts of the province, admins): validated by schema and
  // by the province's plugin, stored as the next version with who and when, and in force for the
  // next match. PERMISSION_DENIED outside the caller's provinces.
  void ReplaceMarket(const Caller& caller, std::string province, model::Json market,
                     Done<model::MarketData> done);

  // Exchange rates (docs/money.md): the table in force (every role may read it).
  model::ExchangeRates ExchangeRatesInForce() const;
  // Replaces the table (admins): validated (each problem named), stored as the next version with
  // who and when, audited, and in force for the next comparison of money (matches, screening,
  // vulnerability on the next write of a person).
  void ReplaceExchangeRates(const Caller& caller, model::ExchangeRates rates,
                            Done<model::ExchangeRates> done);

  // Destination costs for the stay-home comparison (docs/offer-comparison.md): the version in
  // force (every role may read it).
  std::shared_ptr<const offer::CostDataVersion> DestinationCostsInForce() const;
  // Replaces them (admins): the document is checked (offer::ParseCostData names each problem),
  // stored as the next version with who and when, audited, and in force for the next comparison.
  // Comparisons already saved keep their figures and say which version they were made with.
  void ReplaceDestinationCosts(const Caller& caller, model::Json document,
                               Done<offer::CostDataVersion> done);

  // Stay-home comparisons (docs/offer-comparison.md), for admins and officers of the person's
  // province (NOT_FOUND for a person missing or out of scope; every call writes one audit row).
  // Create checks the offer (INVALID_ARGUMENT naming each problem, nothing stored), computes its
  // net monthly income beside the person's three best local jobs' with the exchange rates in
  // force, screens it with the vacancy rules of the person's province, and saves it sealed with
  // the person (erased with them).
  void CreateOfferComparison(const Caller& caller, std::string person_id, offer::Offer offer,
                             Done<offer::Comparison> done);
  // The person's comparisons, oldest first.
  StatusOr<store::Page<offer::Comparison>> ListOfferComparisons(const Caller& caller,
                                                                std::string_view person_id,
                                                                store::ListOptions options);
  StatusOr<offer::Comparison> GetOfferComparison(const Caller& caller, std::string_view person_id,
                                                 std::string_view id);

  // Figures for GET /v1/metrics.
  struct Stats {
    size_t individuals = 0;  // indexed
    size_t vacancies = 0;
    size_t trainings = 0;
    size_t programmes = 0;
    int plugins_loaded = 0;
    int plugins_failed = 0;
    store::WriterStats writer;
    store::SealingStats sealing;  // re-sealing after a key rotation
    size_t allocations_queued = 0;
    int64_t review_queue = 0;                            // vacancies pending review
    std::optional<int64_t> review_queue_oldest_seconds;  // how long the oldest has waited
    uint64_t audit_rows_refused = 0;  // reads refused because their row could not be queued
    uint64_t audit_rows_failed = 0;   // queued rows the store did not take
  };
  Stats GetStats() const;

  // The audit log (admin only), filtered by "subject", "actor" and "action"; includes every row
  // of a read that finished before the call.
  void ListAudit(const Caller& caller, store::ListOptions options,
                 Done<store::Page<model::AuditEntry>> done);
  // Walks the audit chain (admin only) once every row of a read that finished before the call
  // is written, checking `external` anchors as well; audited as "audit.verify".
  void VerifyAudit(const Caller& caller, std::vector<store::AuditLink> external,
                   Done<store::AuditChainCheck> done);

 private:
  class Impl;
  explicit Homeward(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace homeward::service
