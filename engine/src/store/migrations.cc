#include "internal/migrations.h"

#include <string>

#include "internal/connection.h"
#include "internal/kept_counts.h"

namespace homeward::store::internal {
namespace {

struct Migration {
  int version;
  const char* sql;
  // Run after `sql` in the same transaction, for what SQL cannot do (read sealed docs).
  Status (*fill)(Connection&) = nullptr;
};

// Append only: a released migration never changes; a new one gets the next number and a
// section in docs/formats/sqlite-schema.md. Every resource table keeps its record as JSON in
// `doc` (without id and timestamps, which have their own columns) beside the indexed columns
// its list filters need. Tables, indexes and triggers below repeat one shape per resource: SQL
// cannot share it, and a released migration is never rewritten to factor it out.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE individuals (
  id TEXT PRIMARY KEY,
  province TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX individuals_by_created ON individuals (created_at, id);
CREATE INDEX individuals_by_province ON individuals (province, created_at, id);
CREATE INDEX individuals_by_status ON individuals (status, created_at, id);

CREATE TABLE employers (
  id TEXT PRIMARY KEY,
  province TEXT NOT NULL,
  sector TEXT NOT NULL,
  verified TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX employers_by_created ON employers (created_at, id);
CREATE INDEX employers_by_province ON employers (province, created_at, id);

CREATE TABLE vacancies (
  id TEXT PRIMARY KEY,
  employer_id TEXT NOT NULL REFERENCES employers (id),
  province TEXT NOT NULL,
  status TEXT NOT NULL,
  occupation TEXT NOT NULL,
  sector TEXT NOT NULL,
  screening TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX vacancies_by_created ON vacancies (created_at, id);
CREATE INDEX vacancies_by_employer ON vacancies (employer_id, created_at, id);
CREATE INDEX vacancies_by_province ON vacancies (province, created_at, id);
CREATE INDEX vacancies_by_status ON vacancies (status, created_at, id);
CREATE INDEX vacancies_by_occupation ON vacancies (occupation, created_at, id);

CREATE TABLE trainings (
  id TEXT PRIMARY KEY,
  province TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX trainings_by_created ON trainings (created_at, id);
CREATE INDEX trainings_by_province ON trainings (province, created_at, id);

CREATE TABLE allocations (
  id TEXT PRIMARY KEY,
  province TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX allocations_by_created ON allocations (created_at, id);
CREATE INDEX allocations_by_province ON allocations (province, created_at, id);

CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  individual_id TEXT NOT NULL REFERENCES individuals (id),
  opportunity_id TEXT NOT NULL,
  vacancy_id TEXT REFERENCES vacancies (id),
  training_id TEXT REFERENCES trainings (id),
  kind TEXT NOT NULL,
  province TEXT NOT NULL,
  employer_id TEXT REFERENCES employers (id),
  status TEXT NOT NULL,
  allocation_id TEXT REFERENCES allocations (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  CHECK ((vacancy_id IS NULL) <> (training_id IS NULL))
) STRICT;
CREATE INDEX referrals_by_created ON referrals (created_at, id);
CREATE INDEX referrals_by_individual ON referrals (individual_id, created_at, id);
CREATE INDEX referrals_by_opportunity ON referrals (opportunity_id, created_at, id);
CREATE INDEX referrals_by_vacancy ON referrals (vacancy_id);
CREATE INDEX referrals_by_training ON referrals (training_id);
CREATE INDEX referrals_by_province ON referrals (province, created_at, id);
CREATE INDEX referrals_by_employer ON referrals (employer_id, created_at, id);
CREATE INDEX referrals_by_status ON referrals (status, created_at, id);
CREATE INDEX referrals_by_allocation ON referrals (allocation_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  employer_id TEXT REFERENCES employers (id),
  revoked TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX api_keys_by_created ON api_keys (created_at, id);
CREATE INDEX api_keys_by_employer ON api_keys (employer_id);

CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  outcome TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_at ON audit (at, id);
CREATE INDEX audit_by_subject ON audit (subject, at, id);
CREATE INDEX audit_by_actor ON audit (actor, at, id);

CREATE TABLE market_data (
  id TEXT PRIMARY KEY,
  province TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  UNIQUE (province, version)
) STRICT;

CREATE TABLE idempotency (
  actor TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (actor, key)
) STRICT;
CREATE INDEX idempotency_by_expiry ON idempotency (expires_at);
CREATE INDEX idempotency_by_resource ON idempotency (resource_id);
)sql"},
    // The audit log ordered by (at, id) in the table itself: three b-trees per row instead of
    // five (the rowid table, the id index and the time index become one).
    {2, R"sql(
CREATE TABLE audit_by_time (
  at TEXT NOT NULL,
  id TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (at, id)
) STRICT, WITHOUT ROWID;
INSERT INTO audit_by_time (at, id, actor, action, subject, outcome)
  SELECT at, id, actor, action, subject, outcome FROM audit;
DROP TABLE audit;
ALTER TABLE audit_by_time RENAME TO audit;
CREATE INDEX audit_by_subject ON audit (subject, at, id);
CREATE INDEX audit_by_actor ON audit (actor, at, id);
)sql"},
    // Idempotency rows keep the status, Location and id of what a POST created, never its body
    // (bodies carried people's records and API keys' secrets). The old rows go with their
    // bodies: a retry of a POST made before the upgrade runs again.
    {3, R"sql(
DROP TABLE idempotency;
CREATE TABLE idempotency (
  actor TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  location TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (actor, key)
) STRICT;
CREATE INDEX idempotency_by_expiry ON idempotency (expires_at);
CREATE INDEX idempotency_by_resource ON idempotency (resource_id);
)sql"},
    // The audit log as a hash chain (docs/formats/audit-chain.md): each row's place, the hash
    // of the row before and its own; anchors every kAuditAnchorInterval rows. Rows of older
    // versions are linked when the database opens.
    {4, R"sql(
ALTER TABLE audit ADD COLUMN seq INTEGER;
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_by_seq ON audit (seq);
CREATE TABLE audit_anchors (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
)sql"},
    // Exchange rates replaced by admins (docs/money.md), every version kept; the shipped
    // defaults are not stored.
    {5, R"sql(
CREATE TABLE exchange_rates (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
)sql"},
    // Stay-home comparisons saved for a person (docs/offer-comparison.md): the doc is sealed like
    // the person's record and the rows go with the person (deleted before the person's row when
    // the person is erased; the reference refuses a comparison without its person).
    {6, R"sql(
CREATE TABLE offer_comparisons (
  id TEXT PRIMARY KEY,
  individual_id TEXT NOT NULL REFERENCES individuals (id),
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX offer_comparisons_by_individual ON offer_comparisons (individual_id, created_at, id);
)sql"},
    // An audit row's detail (a break-glass read's reason), hashed in the chain's "audit/2"
    // format when present (docs/formats/audit-chain.md).
    {7, R"sql(
ALTER TABLE audit ADD COLUMN detail TEXT NOT NULL DEFAULT '';
)sql"},
    // Livelihood programmes (docs/api.md, "Programmes"), and referrals to them: the referrals
    // table is rebuilt with a programme_id column, exactly one of vacancy_id, training_id and
    // programme_id set. No other table refers to referrals, so the rebuild keeps every key.
    {8, R"sql(
CREATE TABLE programmes (
  id TEXT PRIMARY KEY,
  province TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX programmes_by_created ON programmes (created_at, id);
CREATE INDEX programmes_by_province ON programmes (province, created_at, id);
CREATE INDEX programmes_by_kind ON programmes (kind, created_at, id);

CREATE TABLE referrals_v8 (
  id TEXT PRIMARY KEY,
  individual_id TEXT NOT NULL REFERENCES individuals (id),
  opportunity_id TEXT NOT NULL,
  vacancy_id TEXT REFERENCES vacancies (id),
  training_id TEXT REFERENCES trainings (id),
  programme_id TEXT REFERENCES programmes (id),
  kind TEXT NOT NULL,
  province TEXT NOT NULL,
  employer_id TEXT REFERENCES employers (id),
  status TEXT NOT NULL,
  allocation_id TEXT REFERENCES allocations (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  CHECK ((vacancy_id IS NOT NULL) + (training_id IS NOT NULL) + (programme_id IS NOT NULL) = 1)
) STRICT;
INSERT INTO referrals_v8 (id, individual_id, opportunity_id, vacancy_id, training_id, kind,
                          province, employer_id, status, allocation_id, created_at, updated_at,
                          doc)
  SELECT id, individual_id, opportunity_id, vacancy_id, training_id, kind, province, employer_id,
         status, allocation_id, created_at, updated_at, doc FROM referrals;
DROP TABLE referrals;
ALTER TABLE referrals_v8 RENAME TO referrals;
CREATE INDEX referrals_by_created ON referrals (created_at, id);
CREATE INDEX referrals_by_individual ON referrals (individual_id, created_at, id);
CREATE INDEX referrals_by_opportunity ON referrals (opportunity_id, created_at, id);
CREATE INDEX referrals_by_vacancy ON referrals (vacancy_id);
CREATE INDEX referrals_by_training ON referrals (training_id);
CREATE INDEX referrals_by_programme ON referrals (programme_id);
CREATE INDEX referrals_by_province ON referrals (province, created_at, id);
CREATE INDEX referrals_by_employer ON referrals (employer_id, created_at, id);
CREATE INDEX referrals_by_status ON referrals (status, created_at, id);
CREATE INDEX referrals_by_allocation ON referrals (allocation_id);
)sql"},
    // Destination costs replaced by admins (docs/offer-comparison.md), every version kept; the
    // shipped defaults are not stored. The columns of exchange_rates (5): both are read and
    // written by store::ReferenceVersions.
    {9, R"sql(
CREATE TABLE destination_costs (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
)sql"},
    // The summary report's counts from indexes alone (docs/reports.md): people by province and
    // status, vacancies by province and screening, referrals by province, status and kind (the
    // kind lets the report read only the referrals it decodes), and the audit rows of one action
    // (the safeguards it counts) without walking the whole log.
    {10, R"sql(
CREATE INDEX individuals_by_province_status ON individuals (province, status);
CREATE INDEX vacancies_by_province_screening ON vacancies (province, screening);
CREATE INDEX referrals_by_province_status ON referrals (province, status, kind);
CREATE INDEX audit_by_action ON audit (action, at, id);
)sql"},
    // The summary report's counts kept as rows are written (docs/formats/sqlite-schema.md, "Kept
    // counts"): people by province and status, vacancies by province and screening, referrals
    // by province and status. Triggers move a count in the same transaction as the row, so the
    // report reads a few dozen rows instead of counting millions. A later migration that
    // rebuilds one of these tables must create its triggers again. The three tables' insert,
    // delete and update triggers are the same but for the table and column: a trigger takes no
    // parameters.
    {11, R"sql(
CREATE TABLE kept_counts (
  counted TEXT NOT NULL,
  province TEXT NOT NULL,
  value TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (counted, province, value)
) STRICT, WITHOUT ROWID;
INSERT INTO kept_counts
  SELECT 'individuals.status', province, status, count(*) FROM individuals GROUP BY province, status;
INSERT INTO kept_counts
  SELECT 'vacancies.screening', province, screening, count(*) FROM vacancies
  GROUP BY province, screening;
INSERT INTO kept_counts
  SELECT 'referrals.status', province, status, count(*) FROM referrals GROUP BY province, status;

CREATE TRIGGER individuals_counted_insert AFTER INSERT ON individuals BEGIN
  INSERT INTO kept_counts VALUES ('individuals.status', NEW.province, NEW.status, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER individuals_counted_delete AFTER DELETE ON individuals BEGIN
  UPDATE kept_counts SET count = count - 1
    WHERE counted = 'individuals.status' AND province = OLD.province AND value = OLD.status;
END;
CREATE TRIGGER individuals_counted_update AFTER UPDATE OF province, status ON individuals
  WHEN OLD.province <> NEW.province OR OLD.status <> NEW.status BEGIN
  UPDATE kept_counts SET count = count - 1
    WHERE counted = 'individuals.status' AND province = OLD.province AND value = OLD.status;
  INSERT INTO kept_counts VALUES ('individuals.status', NEW.province, NEW.status, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER vacancies_counted_insert AFTER INSERT ON vacancies BEGIN
  INSERT INTO kept_counts VALUES ('vacancies.screening', NEW.province, NEW.screening, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER vacancies_counted_delete AFTER DELETE ON vacancies BEGIN
  UPDATE kept_counts SET count = count - 1
    WHERE counted = 'vacancies.screening' AND province = OLD.province AND value = OLD.screening;
END;
CREATE TRIGGER vacancies_counted_update AFTER UPDATE OF province, screening ON vacancies
  WHEN OLD.province <> NEW.province OR OLD.screening <> NEW.screening BEGIN
  UPDATE kept_counts SET count = count - 1
    WHERE counted = 'vacancies.screening' AND province = OLD.province AND value = OLD.screening;
  INSERT INTO kept_counts VALUES ('vacancies.screening', NEW.province, NEW.screening, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER referrals_counted_insert AFTER INSERT ON referrals BEGIN
  INSERT INTO kept_counts VALUES ('referrals.status', NEW.province, NEW.status, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER referrals_counted_delete AFTER DELETE ON referrals BEGIN
  UPDATE kept_counts SET count = count - 1
    WHERE counted = 'referrals.status' AND province = OLD.province AND value = OLD.status;
END;
CREATE TRIGGER referrals_counted_update AFTER UPDATE OF province, status ON referrals
  WHEN OLD.province <> NEW.province OR OLD.status <> NEW.status BEGIN
  UPDATE kept_counts SET count = count - 1
    WHERE counted = 'referrals.status' AND province = OLD.province AND value = OLD.status;
  INSERT INTO kept_counts VALUES ('referrals.status', NEW.province, NEW.status, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
)sql"},
    // Active people by province and vulnerability band (docs/formats/sqlite-schema.md, "Kept
    // counts"). The score is inside the sealed doc, out of reach of SQL and triggers: the rows
    // are counted by FillVulnerabilityCounts, and the individuals repository moves the counts as
    // it writes. No plain column holds a person's band.
    {12, "DELETE FROM kept_counts WHERE counted = 'individuals.vulnerability';",
     &FillVulnerabilityCounts},
    // Job placements by month of hire and sex, and by day of hire; their follow-up dates by
    // month and day; their check-ins and verified retention; programme enrolments and verified
    // incomes (docs/formats/sqlite-schema.md, "Kept counts"). Hire dates, outcomes and the sex
    // are inside sealed docs: FillReferralCounts counts the rows, and the referral and
    // individuals repositories move the counts as they write.
    {13, "", &FillReferralCounts},
};

}  // namespace

int LatestSchemaVersion() {
  return std::end(kMigrations)[-1].version;
}

Status Migrate(Connection& connection) {
  HW_ASSIGN_OR_RETURN(std::string text, connection.Pragma("user_version"));
  const int current = std::stoi(text);
  if (current > LatestSchemaVersion()) {
    return Status::FailedPrecondition("the database has schema version " + text +
                                      ", newer than this build's " +
                                      std::to_string(LatestSchemaVersion()));
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    HW_RETURN_IF_ERROR(connection.Exec("BEGIN IMMEDIATE"));
    Status applied = connection.Exec(migration.sql);
    if (applied.ok() && migration.fill != nullptr) applied = migration.fill(connection);
    if (applied.ok()) {
      applied =
          connection.Exec(("PRAGMA user_version = " + std::to_string(migration.version)).c_str());
    }
    if (applied.ok()) applied = connection.Exec("COMMIT");
    if (!applied.ok()) {
      connection.Exec("ROLLBACK").IgnoreError();  // best effort; the first error matters
      return Status(applied.code(), "migration " + std::to_string(migration.version) +
                                        " failed: " + applied.message());
    }
  }
  return Status::Ok();
}

}  // namespace homeward::store::internal
