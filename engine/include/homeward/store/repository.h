// Typed access to the stored resources, handed out by a transaction (see database.h):
// Repository<T> reads one resource kind, WriteRepository<T> also creates, updates and deletes it.
// AuditLog, MarketHistory and IdempotencyStore cover the three records that are not plain
// resources. Table layouts are in docs/formats/sqlite-schema.md.
//
// Thread-safety: a repository is a view on its transaction's connection and is used only on the
// thread running that transaction, only while the transaction lasts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/access.h"
#include "homeward/model/allocation.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/market.h"
#include "homeward/model/programme.h"
#include "homeward/model/referral.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"

namespace homeward::store {

namespace internal {
class Connection;
}  // namespace internal

// Column -> accepted values (a record matches when the column equals any of them; an empty list
// matches nothing). Which columns a resource can be filtered on is listed in
// docs/formats/sqlite-schema.md; an unknown column is INVALID_ARGUMENT.
using Filters = std::map<std::string, std::vector<std::string>, std::less<>>;

struct ListOptions {
  static constexpr int kDefaultLimit = 50;
  static constexpr int kMaxLimit = 500;

  int limit = kDefaultLimit;  // 1..kMaxLimit
  std::string cursor;         // empty for the first page; else a previous page's next_cursor
  Filters filters;
};

// One page of a list, oldest first (by creation time, then id). `next_cursor` is set when more
// records may follow; it is opaque to callers.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

enum class ResourceKind {
  kIndividual,
  kEmployer,
  kVacancy,
  kTraining,
  kReferral,
  kAllocation,
  kApiKey,
  kMarketData,
  kProgramme,
};

// "individual", "employer", ...
std::string_view ResourceKindName(ResourceKind kind);

// A committed change, as told to change listeners: the record as it is now, or its deletion.
struct Change {
  using Record = std::variant<std::monostate, model::Individual, model::Employer, model::Vacancy,
                              model::Training, model::Referral, model::Allocation, model::ApiKey,
                              model::MarketData, model::Programme>;

  ResourceKind kind = ResourceKind::kIndividual;
  std::string id;  // the record's id; the province code for market data
  Record record;   // std::monostate when the record was deleted

  bool deleted() const { return std::holds_alternative<std::monostate>(record); }
};

// Where a write transaction collects its changes (null when nobody listens).
using ChangeLog = std::vector<Change>;

// Reads one kind of resource: Individual, Employer, Vacancy, Training, Referral, Allocation or
// ApiKey.
template <typename T>
class Repository {
 public:
  explicit Repository(internal::Connection& connection) : connection_(&connection) {}

  // The record with this id; NOT_FOUND when there is none.
  StatusOr<T> Get(std::string_view id) const;
  // The first record whose indexed `column` equals `value` (e.g. an API key by "key_hash");
  // NOT_FOUND when there is none.
  StatusOr<T> GetBy(std::string_view column, std::string_view value) const;
  // One page of the records matching the filters; INVALID_ARGUMENT for a bad limit, an unknown
  // filter or a cursor this store did not issue.
  StatusOr<Page<T>> List(const ListOptions& options) const;
  // Calls `fn` for every matching record, streaming (one record in memory at a time), in no
  // particular order; stops at and returns the first error `fn` returns.
  Status ForEach(const Filters& filters, const std::function<Status(T&&)>& fn) const;
  // How many records match.
  StatusOr<int64_t> Count(const Filters& filters = {}) const;
  // How many matching records there are for each value of `column` (e.g. "status").
  StatusOr<std::map<std::string, int64_t>> CountBy(std::string_view column,
                                                   const Filters& filters = {}) const;

 protected:
  internal::Connection* connection_;
};

// Reads and writes one kind of resource inside a write transaction.
template <typename T>
class WriteRepository : public Repository<T> {
 public:
  WriteRepository(internal::Connection& connection, ChangeLog* changes)
      : Repository<T>(connection), changes_(changes) {}

  // Stores a new record and returns it as stored: a fresh id (unless the caller chose a
  // well-formed one, for records made ahead of time), created_at and updated_at set to now.
  // ALREADY_EXISTS when the id or another unique key is taken; FAILED_PRECONDITION when a
  // referenced record (an employer, an individual) does not exist.
  StatusOr<T> Create(T record) const;
  // Replaces the stored record with this id, keeps its created_at, sets updated_at to now and
  // returns it as stored; NOT_FOUND when there is none.
  StatusOr<T> Update(T record) const;
  // Deletes the record; NOT_FOUND when there is none. Deleting an individual erases the person:
  // their referrals, their place in stored allocations and the idempotency rows that
  // created them stay (ids only), so that a retried creation answers 404. FAILED_PRECONDITION when
  // other records still refer to it.
  Status Delete(std::string_view id) const;

 private:
  ChangeLog* changes_;
};

// A link of the audit chain: a row's place in the chain and its hash. Every row's hash covers
// its fields and the hash of the row before (docs/formats/audit-chain.md), so a changed,
// removed or inserted row breaks every link after it.
struct AuditLink {
  int64_t seq = 0;   // 1, 2, ... in the order the rows were written
  std::string hash;  // 64 hex digits
};

// Links written "SEQ:HASH" and separated by commas, as verify-audit prints the tip and takes
// anchors kept outside the database. INVALID_ARGUMENT naming the first malformed one.
StatusOr<std::vector<AuditLink>> ParseAuditLinks(std::string_view text);
std::string ToString(const AuditLink& link);

// What a walk along the audit chain found.
struct AuditChainCheck {
  int64_t rows = 0;              // rows walked
  int64_t anchors = 0;           // anchors compared (stored and given)
  std::optional<AuditLink> tip;  // the last row's link; none for an empty log
  struct Break {
    int64_t seq = 0;     // where the chain breaks (0 when a row has no place in it)
    std::string id;      // the audit row there, when there is one
    std::string reason;  // what does not hold
  };
  std::optional<Break> first_break;  // none when the whole chain holds
};

// The audit log: who did what to which record, when. Filters: "subject", "actor", "action".
class AuditLog {
 public:
  explicit AuditLog(internal::Connection& connection) : connection_(&connection) {}
  // One page of entries, oldest first.
  StatusOr<Page<model::AuditEntry>> List(const ListOptions& options) const;
  // How many entries of `action` were allowed, by the province of their subject: a person's
  // (`subject_is_person`) or an employer's. An entry whose subject is gone (an erased person) is
  // not counted. Reads the action's index and the subjects' province columns, no entry's detail.
  StatusOr<std::map<std::string, int64_t>> AllowedByProvince(std::string_view action,
                                                             bool subject_is_person) const;
  // Walks the chain from its first row and reports the first link that does not hold: a row
  // whose fields no longer give its hash, a row whose recorded predecessor is not the row
  // before it, a gap in the numbering, or an anchor (stored every kAuditAnchorInterval rows, or
  // one of `external`, e.g. kept by an operator outside the database) that the row at its place
  // does not match. Reads the whole log in one read transaction.
  StatusOr<AuditChainCheck> VerifyChain(const std::vector<AuditLink>& external = {}) const;

 protected:
  internal::Connection* connection_;
};

// What KeptCounts counts, each within a province, by value (docs/formats/sqlite-schema.md,
// "Kept counts").
enum class Counted {
  kPeopleByStatus,               // value: the person's status
  kVacanciesByScreening,         // the vacancy's screening status
  kReferralsByStatus,            // the referral's status
  kActivePeopleByVulnerability,  // an active person's VulnerabilityBand
  // Job referrals that reached hired (hired, retained_3m, retained_6m, left) and what the summary
  // report asks of them, kept as the referral is written: a PlacementValue with the month of the
  // hire and the person's sex; the same with the day of the hire and no sex; and the month and
  // the day of the follow-up date ("YYYY-MM", "YYYY-MM-DD").
  kJobPlacementsByMonth,
  kJobPlacementsByDay,
  kFollowUpsByMonth,
  kFollowUpsByDay,
  // Of those placements: "check_ins", "check_ins_with_indicators" (check-ins that showed an ILO
  // indicator), "retention_verified_3m" and "retention_verified_6m" (retained_3m / retained_6m
  // recorded by an officer's or an admin's key).
  kPlacementSafeguards,
  // Programme referrals: "enrolments" (reached enrolled) and "income_verified" (at
  // income_verified_6m).
  kProgrammeOutcomes,
};

// The value of a job placement's kept count (Counted::kJobPlacementsByMonth / ByDay), written
// "<hired>/<sex>/<status>/<retained_3m><retained_6m>", e.g. "2026-05/female/left/10".
struct PlacementValue {
  std::string hired;  // "YYYY-MM" by month, "YYYY-MM-DD" by day, "-" when no hire is recorded
  std::string sex;    // "female", "male" or "other" by month, "-" by day
  model::ReferralStatus status = model::ReferralStatus::kHired;
  bool retained_3m = false;  // reached retained_3m (whatever came after)
  bool retained_6m = false;

  std::string ToString() const;
  static std::optional<PlacementValue> Parse(std::string_view value);
};

// The vulnerability bands the kept counts and the summary report use, lowest first: "0-24",
// "25-49", "50-74", "75-100".
const std::vector<std::string>& VulnerabilityBands();
// The band of a vulnerability score (0..100): below 25 is "0-24", below 50 "25-49", below 75
// "50-74", anything else "75-100".
const std::string& VulnerabilityBand(double score);

// Counts of records by province, kept in the transaction that writes each row (by triggers; the
// vulnerability bands, which only the sealed doc holds, and the placements, which need the
// referral's history and the person's sex, by the repositories; see
// docs/formats/sqlite-schema.md, "Kept counts"): what the summary report reads instead of
// counting rows.
class KeptCounts {
 public:
  explicit KeptCounts(internal::Connection& connection) : connection_(&connection) {}
  // {province: {value: count}}, only the provinces and values that some record has.
  StatusOr<std::map<std::string, std::map<std::string, int64_t>>> ByProvince(Counted what) const;
  // {value: count} of `province`'s values from `from` up to (not including) `to`: the days of
  // one month are the values from "2026-05" to "2026-05~".
  StatusOr<std::map<std::string, int64_t>> InRange(Counted what, std::string_view province,
                                                   std::string_view from,
                                                   std::string_view to) const;

 private:
  internal::Connection* connection_;
};

// A stored anchor every this many rows of the audit chain.
inline constexpr int64_t kAuditAnchorInterval = 1000;

class WriteAuditLog : public AuditLog {
 public:
  using AuditLog::AuditLog;
  // Appends an entry at the end of the chain, giving it an id and the current time when they
  // are empty.
  StatusOr<model::AuditEntry> Append(model::AuditEntry entry) const;
  // Links up to `limit` rows written before the log was a chain (schema version 3 and older) to
  // its end, oldest first; returns how many it linked.
  StatusOr<int64_t> LinkUnchained(int64_t limit) const;
};

// One stored version of a province's market data.
struct MarketVersion {
  std::string id;  // mkt_...
  std::string province;
  int version = 0;  // 1, 2, ... per province
  std::string created_by;
  std::string created_at;
  model::MarketData data;  // data.version == version
};

// Market data replaced through the API, every version kept.
class MarketHistory {
 public:
  explicit MarketHistory(internal::Connection& connection) : connection_(&connection) {}
  // The latest version for `province`; NOT_FOUND when none was ever stored.
  StatusOr<MarketVersion> Current(std::string_view province) const;
  // Every version for `province`, newest first (empty when none).
  StatusOr<std::vector<MarketVersion>> History(std::string_view province) const;

 protected:
  internal::Connection* connection_;
};

class WriteMarketHistory : public MarketHistory {
 public:
  WriteMarketHistory(internal::Connection& connection, ChangeLog* changes)
      : MarketHistory(connection), changes_(changes) {}
  // Stores `data` as the next version for data.province, made by `by`, and returns it.
  StatusOr<MarketVersion> Put(model::MarketData data, std::string_view by) const;

 private:
  ChangeLog* changes_;
};

// What the first POST made with an Idempotency-Key created, for retries to replay by reading the
// record again. Never the response body: bodies carry people's records and secrets.
struct StoredResponse {
  std::string key;           // the Idempotency-Key header
  std::string actor;         // the API key id that sent it (keys are per caller)
  std::string request_hash;  // a digest of the request, to refuse a reused key
  int status = 0;            // HTTP status
  std::string location;      // Location header, may be empty
  std::string resource_id;   // the record the response carries, may be empty
  std::string created_at;    // RFC 3339
  std::string expires_at;    // RFC 3339
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(internal::Connection& connection) : connection_(&connection) {}
  // The unexpired response stored for (actor, key) at time `now` (RFC 3339), or nullopt.
  StatusOr<std::optional<StoredResponse>> Find(std::string_view actor, std::string_view key,
                                               std::string_view now) const;

 protected:
  internal::Connection* connection_;
};

class WriteIdempotencyStore : public IdempotencyStore {
 public:
  using IdempotencyStore::IdempotencyStore;
  // Stores a response; created_at defaults to now and expires_at to 24 hours later. Purges
  // every entry expired at created_at first. ALREADY_EXISTS when (actor, key) is stored and
  // unexpired.
  Status Put(StoredResponse response) const;
  // Deletes every entry expired at `now` (RFC 3339) and returns how many.
  StatusOr<int64_t> Purge(std::string_view now) const;
};

extern template class Repository<model::Individual>;
extern template class Repository<model::Employer>;
extern template class Repository<model::Vacancy>;
extern template class Repository<model::Training>;
extern template class Repository<model::Programme>;
extern template class Repository<model::Referral>;
extern template class Repository<model::Allocation>;
extern template class Repository<model::ApiKey>;
extern template class WriteRepository<model::Individual>;
extern template class WriteRepository<model::Employer>;
extern template class WriteRepository<model::Vacancy>;
extern template class WriteRepository<model::Training>;
extern template class WriteRepository<model::Programme>;
extern template class WriteRepository<model::Referral>;
extern template class WriteRepository<model::Allocation>;
extern template class WriteRepository<model::ApiKey>;

}  // namespace homeward::store
