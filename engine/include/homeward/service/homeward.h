// The service layer: the store, the provincial policies and the matching index, and the rules
// that span components (vulnerability on every person written, screening state on every vacancy
// written, the index kept in step with every commit, one audit row per read or change of a
// person's record). It knows nothing of HTTP: the REST API calls only this layer and maps each
// Status to an HTTP status through one table. Homeward owns what the service shares (its
// context) and opens it; the calls are grouped by area, one class each over that context (keys,
// people, employers and vacancies, trainings and programmes, matching, referrals, markets), and
// Homeward hands them out.
//
// Scope: every call takes the Caller. A record outside the caller's scope is answered exactly
// like a missing one (NOT_FOUND). Which roles may call which route is the router's concern; this
// layer enforces the per-record scope (engine/src/service/scope.h).
//
// Thread-safety: Homeward and its areas are safe to use from any number of threads. Reads run on
// the calling thread (a pooled SQLite reader, never blocked by writes); writes return at once and
// complete `done` on the store's writer thread once the transaction is on disk.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/clock.h"
#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"
#include "homeward/crypto/signature.h"
#include "homeward/service/caller.h"
#include "homeward/service/employers.h"
#include "homeward/service/keys.h"
#include "homeward/service/markets.h"
#include "homeward/service/matching.h"
#include "homeward/service/opportunities.h"
#include "homeward/service/people.h"
#include "homeward/service/referrals.h"
#include "homeward/store/database.h"
#include "homeward/store/repository.h"

namespace homeward::service {

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

  // Writes the audit row of a refused call on a person's record (`subject` may be empty).
  void AuditDenied(const Caller& caller, std::string action, std::string subject);

  // What the caller's POST with this Idempotency-Key created (unexpired), or nullopt. The row
  // is written by the creating call itself (see IdempotentRequest).
  StatusOr<std::optional<store::StoredResponse>> FindResponse(const Caller& caller,
                                                              std::string_view key) const;

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

  // The service's areas, each over the one context the service owns; valid as long as it.
  Keys& keys() { return keys_; }
  People& people() { return people_; }
  Employers& employers() { return employers_; }
  Opportunities& opportunities() { return opportunities_; }
  Matching& matching() { return matching_; }
  Referrals& referrals() { return referrals_; }
  Markets& markets() { return markets_; }

 private:
  explicit Homeward(std::unique_ptr<internal::Context> context);
  std::unique_ptr<internal::Context> context_;
  Keys keys_{*context_};
  People people_{*context_};
  Employers employers_{*context_};
  Opportunities opportunities_{*context_};
  Matching matching_{*context_};
  Referrals referrals_{*context_};
  Markets markets_{*context_};
};

}  // namespace homeward::service
