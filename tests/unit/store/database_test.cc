// The database as a whole: migrations, settings, group commit, concurrency, erasure.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "homeward/crypto/keyring.h"
#include "homeward/model/json.h"
#include "store_fixture.h"

namespace homeward::store {
namespace {

using homeward::testing::IsOk;
using homeward::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The schema version of engine/src/store/migrations.cc's last migration.
constexpr char kSchemaVersion[] = "13";

// Takes a database back to the referrals table of schema versions 1 to 7 (no programme_id, one
// of vacancy_id and training_id), keeping its rows, and without the programmes table.
constexpr char kReferralsAsVersion7[] = R"sql(
CREATE TABLE referrals_v7 (
  id TEXT PRIMARY KEY, individual_id TEXT NOT NULL REFERENCES individuals (id),
  opportunity_id TEXT NOT NULL, vacancy_id TEXT REFERENCES vacancies (id),
  training_id TEXT REFERENCES trainings (id), kind TEXT NOT NULL, province TEXT NOT NULL,
  employer_id TEXT REFERENCES employers (id), status TEXT NOT NULL,
  allocation_id TEXT REFERENCES allocations (id), created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, doc TEXT NOT NULL,
  CHECK ((vacancy_id IS NULL) <> (training_id IS NULL))) STRICT;
INSERT INTO referrals_v7 SELECT id, individual_id, opportunity_id, vacancy_id, training_id, kind,
  province, employer_id, status, allocation_id, created_at, updated_at, doc FROM referrals;
DROP TABLE referrals;
ALTER TABLE referrals_v7 RENAME TO referrals;
DROP TABLE programmes;
)sql";

// Takes a database back to schema version 12: without the counts of placements, follow-ups,
// their safeguards and programme outcomes.
constexpr char kWithoutVersion13Counts[] = R"sql(
DELETE FROM kept_counts WHERE counted IN ('placements.month', 'placements.day',
  'follow_ups.month', 'follow_ups.day', 'placements.safeguards', 'programmes.outcomes');
)sql";

// Takes a database back to schema version 11: without the counts of active people by
// vulnerability band.
constexpr char kWithoutVersion12Counts[] = R"sql(
DELETE FROM kept_counts WHERE counted = 'individuals.vulnerability';
)sql";

// Takes a database back to schema version 10: without the kept counts and their triggers.
constexpr char kWithoutVersion11Counts[] = R"sql(
DROP TABLE kept_counts;
DROP TRIGGER individuals_counted_insert;
DROP TRIGGER individuals_counted_delete;
DROP TRIGGER individuals_counted_update;
DROP TRIGGER vacancies_counted_insert;
DROP TRIGGER vacancies_counted_delete;
DROP TRIGGER vacancies_counted_update;
DROP TRIGGER referrals_counted_insert;
DROP TRIGGER referrals_counted_delete;
DROP TRIGGER referrals_counted_update;
)sql";

// Takes a database back to before schema version 10: without the summary report's indexes
// (nor what version 11 adds).
const std::string kWithoutVersion10Indexes = std::string(kWithoutVersion11Counts) + R"sql(
DROP INDEX individuals_by_province_status;
DROP INDEX vacancies_by_province_screening;
DROP INDEX referrals_by_province_status;
DROP INDEX audit_by_action;
)sql";

// Every row of `sql`'s answer, its columns joined by '|'.
std::vector<std::string> QueryRows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::vector<std::string> rows;
  char* error = nullptr;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int columns, char** values, char**) {
        std::string row;
        for (int i = 0; i < columns; ++i) {
          if (i > 0) row += '|';
          row += values[i] ? values[i] : "";
        }
        static_cast<std::vector<std::string>*>(out)->push_back(std::move(row));
        return 0;
      },
      &rows, &error);
  EXPECT_EQ(error, nullptr) << error;
  sqlite3_free(error);
  sqlite3_close(db);
  return rows;
}

// The raw bytes of a file ("" when it does not exist).
std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Keeps the writer thread busy until Release(), so that what is submitted meanwhile queues up.
class WriterGate {
 public:
  explicit WriterGate(Database& db) {
    db.Submit(
        [this](WriteTx&) {
          entered_.set_value();
          released_.get_future().wait();
          return Status::Ok();
        },
        [](Status) {});
    entered_.get_future().wait();
  }
  void Release() { released_.set_value(); }

 private:
  std::promise<void> entered_;
  std::promise<void> released_;
};

TEST_F(StoreTest, MigratesAnEmptyFileAndReopensAnExistingOne) {
  ASSERT_OK_AND_ASSIGN(auto pragmas, db_->Read([](ReadTx& tx) { return tx.Pragmas(); }));
  EXPECT_EQ(pragmas["user_version"], kSchemaVersion);
  model::Individual person = Create(SampleIndividual(), &WriteTx::individuals);

  Reopen();
  ASSERT_OK_AND_ASSIGN(model::Individual again,
                       db_->Read([&](ReadTx& tx) { return tx.individuals().Get(person.meta.id); }));
  EXPECT_EQ(model::Json(again), model::Json(person));
  ASSERT_OK_AND_ASSIGN(pragmas, db_->Read([](ReadTx& tx) { return tx.Pragmas(); }));
  EXPECT_EQ(pragmas["user_version"], kSchemaVersion);
}

TEST_F(StoreTest, MigratesTheAuditLogOfAVersion1FileKeepingEveryRow) {
  db_.reset();
  // The audit table as schema version 1 made it, with rows in it (and no anchors yet), and none
  // of the tables later versions add.
  QueryRaw(DbPath(), kWithoutVersion10Indexes);
  QueryRaw(DbPath(), kReferralsAsVersion7);
  QueryRaw(DbPath(), R"sql(
DROP TABLE destination_costs;
DROP TABLE offer_comparisons;
DROP TABLE exchange_rates;
DROP TABLE audit_anchors;
DROP TABLE audit;
CREATE TABLE audit (id TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, subject TEXT NOT NULL, outcome TEXT NOT NULL) STRICT;
CREATE INDEX audit_by_at ON audit (at, id);
CREATE INDEX audit_by_subject ON audit (subject, at, id);
CREATE INDEX audit_by_actor ON audit (actor, at, id);
INSERT INTO audit VALUES ('aud_2', '2026-11-02T08:00:00Z', 'key_a', 'individual.read', 'ind_1', 'allowed');
INSERT INTO audit VALUES ('aud_1', '2026-11-01T08:00:00Z', 'key_b', 'individual.read', 'ind_1', 'denied');
INSERT INTO audit VALUES ('aud_3', '2026-11-03T08:00:00Z', 'key_a', 'vacancy.review', 'vac_1', 'allowed');
PRAGMA user_version = 1;
)sql");
  Reopen();
  EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA user_version"), kSchemaVersion);
  ListOptions by_subject;
  by_subject.filters = {{"subject", {"ind_1"}}};
  ASSERT_OK_AND_ASSIGN(Page<model::AuditEntry> page,
                       db_->Read([&](ReadTx& tx) { return tx.audit().List(by_subject); }));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, "aud_1");  // oldest first
  EXPECT_EQ(page.items[0].outcome, "denied");
  EXPECT_EQ(page.items[1].id, "aud_2");
  ASSERT_THAT(db_->Write([](WriteTx& tx) {
    return tx.audit().Append({"", "", "key_c", "individual.read", "ind_1", "allowed", ""}).status();
  }),
              IsOk());
  ASSERT_OK_AND_ASSIGN(page, db_->Read([&](ReadTx& tx) { return tx.audit().List(by_subject); }));
  EXPECT_EQ(page.items.size(), 3u);
  // The old rows were linked into the chain, oldest first, and the new one after them.
  ASSERT_OK_AND_ASSIGN(AuditChainCheck check,
                       db_->Read([](ReadTx& tx) { return tx.audit().VerifyChain(); }));
  EXPECT_FALSE(check.first_break);
  EXPECT_EQ(check.rows, 4);
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT id FROM audit WHERE seq = 1"), "aud_1");
}

TEST_F(StoreTest, MigrationEightRebuildsReferralsKeepingEveryRow) {
  const model::Individual person = Create(SampleIndividual(), &WriteTx::individuals);
  const model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  const model::Vacancy vacancy = Create(SampleVacancy(employer.meta.id), &WriteTx::vacancies);
  model::Referral referral;
  referral.individual_id = person.meta.id;
  referral.opportunity_id = vacancy.meta.id;
  referral.province = vacancy.province;
  referral.employer_id = employer.meta.id;
  referral = Create(referral, &WriteTx::referrals);
  db_.reset();
  // The referrals table as versions 1 to 7 made it, with the row in it; no programmes.
  QueryRaw(DbPath(), kWithoutVersion10Indexes + kReferralsAsVersion7 +
                         "DROP TABLE destination_costs; PRAGMA user_version = 7;");
  Reopen();
  EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA user_version"), kSchemaVersion);
  ASSERT_OK_AND_ASSIGN(model::Referral again,
                       db_->Read([&](ReadTx& tx) { return tx.referrals().Get(referral.meta.id); }));
  EXPECT_EQ(model::Json(again), model::Json(referral));
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT vacancy_id FROM referrals"), vacancy.meta.id);
  // A programme's referral now fits, and a row naming two opportunities still does not.
  model::Programme programme;
  programme.provider = "Provincial Department of Agriculture";
  programme.title = "Seeds";
  programme.province = "KH-14";
  programme = Create(programme, &WriteTx::programmes);
  model::Referral to_programme;
  to_programme.individual_id = person.meta.id;
  to_programme.opportunity_id = programme.meta.id;
  to_programme.kind = model::OpportunityKind::kProgramme;
  to_programme.province = programme.province;
  to_programme = Create(to_programme, &WriteTx::referrals);
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT programme_id FROM referrals WHERE id = '" +
                                   to_programme.meta.id + "'"),
            programme.meta.id);
  EXPECT_EQ(QueryRaw(DbPath(),
                     "SELECT count(*) FROM referrals WHERE programme_id IS NOT NULL AND "
                     "vacancy_id IS NULL AND training_id IS NULL"),
            "1");
}

// The summary report (docs/referrals.md) counts from indexes alone: a version 9 file gains
// them, and SQLite plans each of the report's queries (as the store writes them) on them,
// the counts reading no table row.
TEST_F(StoreTest, MigrationTenIndexesTheSummaryReportsQueries) {
  const model::Individual person = Create(SampleIndividual(), &WriteTx::individuals);
  db_.reset();
  QueryRaw(DbPath(), kWithoutVersion10Indexes + "PRAGMA user_version = 9;");
  Reopen();
  EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA user_version"), kSchemaVersion);
  const auto columns = [&](const std::string& index) {
    std::string names;
    for (const std::string& row : QueryRows(
             DbPath(), "SELECT name FROM pragma_index_info('" + index + "') ORDER BY seqno")) {
      names += (names.empty() ? "" : ",") + row;
    }
    return names;
  };
  EXPECT_EQ(columns("individuals_by_province_status"), "province,status");
  EXPECT_EQ(columns("vacancies_by_province_screening"), "province,screening");
  EXPECT_EQ(columns("referrals_by_province_status"), "province,status,kind");
  EXPECT_EQ(columns("audit_by_action"), "action,at,id");
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT count(*) FROM individuals"), "1");
  EXPECT_EQ(
      QueryRaw(DbPath(), "SELECT province FROM individuals WHERE id = '" + person.meta.id + "'"),
      "KH-14");

  const auto plan = [&](const std::string& sql) {
    std::string details;
    for (const std::string& row : QueryRows(DbPath(), "EXPLAIN QUERY PLAN " + sql)) {
      details += row.substr(row.rfind('|') + 1) + ";";
    }
    return details;
  };
  using ::testing::HasSubstr;
  using ::testing::Not;
  // Repository::CountBy per province, and by province for the provinces with records: the
  // index alone, already in order (no temporary b-tree to group in).
  EXPECT_EQ(plan("SELECT status, count(*) FROM individuals WHERE province IN (?) GROUP BY status"),
            "SEARCH individuals USING COVERING INDEX individuals_by_province_status "
            "(province=?);");
  EXPECT_EQ(
      plan("SELECT screening, count(*) FROM vacancies WHERE province IN (?) GROUP BY screening"),
      "SEARCH vacancies USING COVERING INDEX vacancies_by_province_screening (province=?);");
  EXPECT_EQ(plan("SELECT status, count(*) FROM referrals WHERE province IN (?) GROUP BY status"),
            "SEARCH referrals USING COVERING INDEX referrals_by_province_status (province=?);");
  EXPECT_EQ(plan("SELECT province, count(*) FROM individuals GROUP BY province"),
            "SCAN individuals USING COVERING INDEX individuals_by_province_status;");
  // Repository::Count and ForEach with province, status and kind: only the rows wanted.
  EXPECT_EQ(plan("SELECT count(*) FROM referrals WHERE province IN (?) AND status IN (?, ?) AND "
                 "kind IN (?)"),
            "SEARCH referrals USING COVERING INDEX referrals_by_province_status "
            "(province=? AND status=? AND kind=?);");
  EXPECT_EQ(plan("SELECT id, created_at, updated_at, doc FROM referrals WHERE province IN (?) AND "
                 "status IN (?, ?) AND kind IN (?)"),
            "SEARCH referrals USING INDEX referrals_by_province_status "
            "(province=? AND status=? AND kind=?);");
  // AuditLog::List with an action, first page and after a cursor, in order without sorting.
  EXPECT_EQ(plan("SELECT id, at, actor, action, subject, outcome, detail FROM audit WHERE action "
                 "IN (?) ORDER BY at, id LIMIT ?"),
            "SEARCH audit USING INDEX audit_by_action (action=?);");
  EXPECT_THAT(plan("SELECT id, at, actor, action, subject, outcome, detail FROM audit WHERE action "
                   "IN (?) AND (at, id) > (?, ?) ORDER BY at, id LIMIT ?"),
              AllOf(HasSubstr("USING INDEX audit_by_action (action=? AND (at,id)>(?,?))"),
                    Not(HasSubstr("TEMP B-TREE"))));
}

// The kept counts as KeptCounts reads them, and as counting every row gives them.
std::map<std::string, std::map<std::string, int64_t>> Kept(Database& db, Counted what) {
  auto counts = db.Read([&](ReadTx& tx) { return tx.kept_counts().ByProvince(what); });
  EXPECT_TRUE(counts.ok()) << counts.status();
  return counts.ok() ? *counts : std::map<std::string, std::map<std::string, int64_t>>{};
}
std::map<std::string, std::map<std::string, int64_t>> Counted(const std::string& path,
                                                              const std::string& table,
                                                              const std::string& column) {
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (const std::string& row : QueryRows(path, "SELECT province, " + column + ", count(*) FROM " +
                                                    table + " GROUP BY province, " + column)) {
    const size_t first = row.find('|'), second = row.rfind('|');
    counts[row.substr(0, first)][row.substr(first + 1, second - first - 1)] =
        std::stoll(row.substr(second + 1));
  }
  return counts;
}

// Version 11 fills the summary report's counts from the rows a file holds, and its triggers keep
// them equal to counting every row through creations, changes of status or province, and
// erasure; a write that rolls back moves no count.
TEST_F(StoreTest, MigrationElevenKeepsTheSummaryCountsAsRowsAreWritten) {
  const model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  model::Individual stays = Create(SampleIndividual("KH-14"), &WriteTx::individuals);
  model::Vacancy vacancy = Create(SampleVacancy(employer.meta.id, "KH-12"), &WriteTx::vacancies);
  model::Referral referral;
  referral.individual_id = stays.meta.id;
  referral.opportunity_id = vacancy.meta.id;
  referral.province = vacancy.province;
  referral.employer_id = employer.meta.id;
  referral = Create(referral, &WriteTx::referrals);
  db_.reset();
  QueryRaw(DbPath(), std::string(kWithoutVersion11Counts) + "PRAGMA user_version = 10;");
  Reopen();
  EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA user_version"), kSchemaVersion);

  const auto agree = [&](const char* when) {
    EXPECT_EQ(Kept(*db_, Counted::kPeopleByStatus), Counted(DbPath(), "individuals", "status"))
        << when;
    EXPECT_EQ(Kept(*db_, Counted::kVacanciesByScreening),
              Counted(DbPath(), "vacancies", "screening"))
        << when;
    EXPECT_EQ(Kept(*db_, Counted::kReferralsByStatus), Counted(DbPath(), "referrals", "status"))
        << when;
  };
  agree("after the migration");
  EXPECT_EQ(Kept(*db_, Counted::kPeopleByStatus)["KH-14"]["active"], 1);

  model::Individual moves = Create(SampleIndividual("KH-3"), &WriteTx::individuals);
  Create(SampleIndividual("KH-3"), &WriteTx::individuals);
  Create(SampleVacancy(employer.meta.id, "KH-18"), &WriteTx::vacancies);
  agree("after creations");

  moves.province = "KH-1";
  stays.status = model::IndividualStatus::kPlaced;
  vacancy.screening.status = model::ScreeningStatus::kBlocked;
  referral.status = model::ReferralStatus::kReferred;
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    HW_RETURN_IF_ERROR(tx.individuals().Update(moves).status());
    HW_RETURN_IF_ERROR(tx.individuals().Update(stays).status());
    HW_RETURN_IF_ERROR(tx.vacancies().Update(vacancy).status());
    return tx.referrals().Update(referral).status();
  }),
              IsOk());
  agree("after changes");
  EXPECT_EQ(Kept(*db_, Counted::kPeopleByStatus)["KH-1"]["active"], 1);
  EXPECT_EQ(Kept(*db_, Counted::kReferralsByStatus)["KH-12"]["referred"], 1);
  EXPECT_EQ(Kept(*db_, Counted::kReferralsByStatus)["KH-12"].count("proposed"), 0u);

  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.individuals().Delete(moves.meta.id); }),
              IsOk());
  agree("after an erasure");
  EXPECT_EQ(Kept(*db_, Counted::kPeopleByStatus).count("KH-1"), 0u);

  EXPECT_FALSE(db_->Write([&](WriteTx& tx) -> Status {
                    HW_RETURN_IF_ERROR(tx.individuals().Create(SampleIndividual("KH-9")).status());
                    return Status::Internal("rolled back");
                  })
                   .ok());
  agree("after a rollback");
  EXPECT_EQ(Kept(*db_, Counted::kPeopleByStatus).count("KH-9"), 0u);
}

model::Individual WithScore(model::Individual person, double score) {
  person.vulnerability.score = score;
  return person;
}

// Active people by province and vulnerability band, counted by opening every person's record.
std::map<std::string, std::map<std::string, int64_t>> BandsWalked(Database& db) {
  std::map<std::string, std::map<std::string, int64_t>> counts;
  EXPECT_THAT(db.Read([&](ReadTx& tx) {
    return tx.individuals().ForEach({}, [&](model::Individual&& person) {
      if (person.status == model::IndividualStatus::kActive) {
        ++counts[person.province][VulnerabilityBand(person.vulnerability.score)];
      }
      return Status::Ok();
    });
  }),
              IsOk());
  return counts;
}

// Version 12 counts the active people of a file by province and vulnerability band, opening the
// sealed records (no column holds the score), and the individuals repository keeps the counts
// equal to counting every record through creations, a change of score, of status and of
// province, erasure, and a write that rolls back.
TEST_F(StoreTest, MigrationTwelveKeepsActivePeopleByVulnerabilityBand) {
  Options sealed;
  sealed.keys = crypto::Keyring::Generate();
  Reopen(sealed);
  model::Individual low = Create(WithScore(SampleIndividual("KH-14"), 10), &WriteTx::individuals);
  Create(WithScore(SampleIndividual("KH-14"), 24.9), &WriteTx::individuals);
  model::Individual mid = Create(WithScore(SampleIndividual("KH-14"), 30), &WriteTx::individuals);
  Create(WithScore(SampleIndividual("KH-3"), 75), &WriteTx::individuals);
  model::Individual placed = WithScore(SampleIndividual("KH-3"), 60);
  placed.status = model::IndividualStatus::kPlaced;
  placed = Create(placed, &WriteTx::individuals);
  db_.reset();
  QueryRaw(DbPath(), std::string(kWithoutVersion12Counts) + "PRAGMA user_version = 11;");
  ASSERT_EQ(QueryRaw(DbPath(),
                     "SELECT count(*) FROM kept_counts WHERE counted = "
                     "'individuals.vulnerability'"),
            "0");
  Reopen(sealed);
  EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA user_version"), kSchemaVersion);

  using Bands = std::map<std::string, std::map<std::string, int64_t>>;
  const auto agree = [&](const char* when) {
    EXPECT_EQ(Kept(*db_, Counted::kActivePeopleByVulnerability), BandsWalked(*db_)) << when;
  };
  agree("after the migration");
  EXPECT_EQ(Kept(*db_, Counted::kActivePeopleByVulnerability),
            (Bands{{"KH-14", {{"0-24", 2}, {"25-49", 1}}}, {"KH-3", {{"75-100", 1}}}}));

  Create(WithScore(SampleIndividual("KH-14"), 55), &WriteTx::individuals);
  agree("after a creation");
  EXPECT_EQ(Kept(*db_, Counted::kActivePeopleByVulnerability)["KH-14"]["50-74"], 1);

  mid.vulnerability.score = 80;  // 25-49 -> 75-100
  placed.status = model::IndividualStatus::kActive;
  low.province = "KH-1";
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    HW_RETURN_IF_ERROR(tx.individuals().Update(mid).status());
    HW_RETURN_IF_ERROR(tx.individuals().Update(placed).status());
    return tx.individuals().Update(low).status();
  }),
              IsOk());
  agree("after changes");
  EXPECT_EQ(Kept(*db_, Counted::kActivePeopleByVulnerability),
            (Bands{{"KH-1", {{"0-24", 1}}},
                   {"KH-14", {{"0-24", 1}, {"50-74", 1}, {"75-100", 1}}},
                   {"KH-3", {{"50-74", 1}, {"75-100", 1}}}}));

  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.individuals().Delete(mid.meta.id); }),
              IsOk());
  agree("after an erasure");
  EXPECT_EQ(Kept(*db_, Counted::kActivePeopleByVulnerability)["KH-14"].count("75-100"), 0u);

  const Bands before = Kept(*db_, Counted::kActivePeopleByVulnerability);
  EXPECT_FALSE(db_->Write([&](WriteTx& tx) -> Status {
                    HW_RETURN_IF_ERROR(
                        tx.individuals().Create(WithScore(SampleIndividual("KH-9"), 90)).status());
                    placed.vulnerability.score = 5;
                    HW_RETURN_IF_ERROR(tx.individuals().Update(placed).status());
                    HW_RETURN_IF_ERROR(tx.individuals().Delete(low.meta.id));
                    return Status::Internal("rolled back");
                  })
                   .ok());
  agree("after a rollback");
  EXPECT_EQ(Kept(*db_, Counted::kActivePeopleByVulnerability), before);
  // Only counts: no column of the person's row holds the score or the band.
  EXPECT_EQ(QueryRaw(DbPath(),
                     "SELECT count(*) FROM pragma_table_info('individuals') WHERE name "
                     "LIKE '%vulnerab%'"),
            "0");
}

model::ReferralChange StatusChange(model::ReferralStatus to, std::string at, std::string by) {
  model::ReferralChange change;
  change.to = to;
  change.at = std::move(at);
  change.by = std::move(by);
  return change;
}

// Version 13 counts the job placements (by month of hire and sex, by day of hire), their
// follow-ups, check-ins and verified retention, and programme outcomes, opening the sealed
// referrals and people; the referral and individuals repositories keep the counts equal to
// what the migration counts from the rows through creations, a change of status, of the
// person's sex, erasure, and a write that rolls back.
TEST_F(StoreTest, MigrationThirteenKeepsThePlacementCounts) {
  using model::ReferralStatus;
  Options sealed;
  sealed.keys = crypto::Keyring::Generate();
  Reopen(sealed);
  const model::ApiKey officer = Create(SampleApiKey(model::Role::kOfficer), &WriteTx::api_keys);
  const model::ApiKey employer_key =
      Create(SampleApiKey(model::Role::kEmployer), &WriteTx::api_keys);
  const model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  const model::Vacancy vacancy =
      Create(SampleVacancy(employer.meta.id, "KH-12"), &WriteTx::vacancies);
  model::Individual woman = SampleIndividual("KH-14");
  woman.sex = model::Sex::kFemale;
  woman = Create(woman, &WriteTx::individuals);
  model::Individual man = SampleIndividual("KH-14");
  man.sex = model::Sex::kMale;
  man = Create(man, &WriteTx::individuals);

  model::Referral retained;
  retained.individual_id = woman.meta.id;
  retained.opportunity_id = vacancy.meta.id;
  retained.province = vacancy.province;
  retained.employer_id = employer.meta.id;
  retained.status = ReferralStatus::kRetained3m;
  retained.history = {
      StatusChange(ReferralStatus::kProposed, "2026-01-10T08:00:00Z", officer.meta.id),
      StatusChange(ReferralStatus::kHired, "2026-01-31T09:00:00Z", employer_key.meta.id),
      StatusChange(ReferralStatus::kRetained3m, "2026-05-02T09:00:00Z", officer.meta.id)};
  retained.follow_up_on = Date::Parse("2026-07-31");
  model::CheckIn check_in;
  check_in.date = *Date::Parse("2026-03-01");
  check_in.indicators = {"withholding_of_wages"};
  retained.check_ins = {check_in, model::CheckIn{}};
  retained = Create(retained, &WriteTx::referrals);
  model::Referral hired = retained;
  hired.meta = {};
  hired.individual_id = man.meta.id;
  hired.status = ReferralStatus::kHired;
  hired.history = {StatusChange(ReferralStatus::kHired, "2026-03-15T10:00:00Z", officer.meta.id)};
  hired.follow_up_on.reset();
  hired.check_ins.clear();
  hired = Create(hired, &WriteTx::referrals);

  using Counts = std::map<std::string, std::map<std::string, int64_t>>;
  EXPECT_EQ(
      Kept(*db_, Counted::kJobPlacementsByMonth),
      (Counts{{"KH-12", {{"2026-01/female/retained_3m/10", 1}, {"2026-03/male/hired/00", 1}}}}));
  EXPECT_EQ(
      Kept(*db_, Counted::kJobPlacementsByDay),
      (Counts{{"KH-12", {{"2026-01-31/-/retained_3m/10", 1}, {"2026-03-15/-/hired/00", 1}}}}));
  EXPECT_EQ(Kept(*db_, Counted::kFollowUpsByDay), (Counts{{"KH-12", {{"2026-07-31", 1}}}}));
  EXPECT_EQ(
      Kept(*db_, Counted::kPlacementSafeguards),
      (Counts{
          {"KH-12",
           {{"check_ins", 2}, {"check_ins_with_indicators", 1}, {"retention_verified_3m", 1}}}}));
  ASSERT_OK_AND_ASSIGN(auto january, db_->Read([](ReadTx& tx) {
    return tx.kept_counts().InRange(Counted::kJobPlacementsByDay, "KH-12", "2026-01",
                                    "2026-01-31~");
  }));
  EXPECT_EQ(january, (std::map<std::string, int64_t>{{"2026-01-31/-/retained_3m/10", 1}}));

  // Every kept count, and the same counted again from the rows by the migration.
  const auto all_kept = [&] {
    return QueryRows(DbPath(),
                     "SELECT counted, province, value, count FROM kept_counts WHERE count <> 0 "
                     "ORDER BY 1, 2, 3");
  };
  const auto agree = [&](const char* when) {
    const std::vector<std::string> kept = all_kept();
    db_.reset();
    QueryRaw(DbPath(), std::string(kWithoutVersion13Counts) + "PRAGMA user_version = 12;");
    Reopen(sealed);
    EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA user_version"), kSchemaVersion);
    EXPECT_EQ(all_kept(), kept) << when;
  };
  agree("after creations");

  woman.sex = model::Sex::kOther;
  hired.status = ReferralStatus::kLeft;
  hired.history.push_back(
      StatusChange(ReferralStatus::kLeft, "2026-04-01T10:00:00Z", officer.meta.id));
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    HW_RETURN_IF_ERROR(tx.individuals().Update(woman).status());
    return tx.referrals().Update(hired).status();
  }),
              IsOk());
  EXPECT_EQ(
      Kept(*db_, Counted::kJobPlacementsByMonth),
      (Counts{{"KH-12", {{"2026-01/other/retained_3m/10", 1}, {"2026-03/male/left/00", 1}}}}));
  agree("after changes");

  const std::vector<std::string> before_rollback = all_kept();
  EXPECT_FALSE(db_->Write([&](WriteTx& tx) -> Status {
                    HW_RETURN_IF_ERROR(tx.individuals().Delete(man.meta.id));
                    return Status::Internal("rolled back");
                  })
                   .ok());
  EXPECT_EQ(all_kept(), before_rollback);

  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.individuals().Delete(woman.meta.id); }),
              IsOk());
  EXPECT_EQ(Kept(*db_, Counted::kJobPlacementsByMonth),
            (Counts{{"KH-12", {{"2026-03/male/left/00", 1}}}}));
  EXPECT_EQ(Kept(*db_, Counted::kPlacementSafeguards), Counts{});
  agree("after an erasure");
}

TEST_F(StoreTest, RefusesAFileWrittenByANewerSchema) {
  db_.reset();
  QueryRaw(DbPath(), "PRAGMA user_version = 99");
  EXPECT_THAT(Database::Open(DbPath()), StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(StoreTest, SettingsReadBackAsSet) {
  Options options;
  options.readers = 2;
  options.busy_timeout = std::chrono::milliseconds(3000);
  Reopen(options);
  ASSERT_OK_AND_ASSIGN(auto pragmas, db_->Read([](ReadTx& tx) { return tx.Pragmas(); }));
  EXPECT_EQ(pragmas["journal_mode"], "wal");
  EXPECT_EQ(pragmas["foreign_keys"], "1");
  EXPECT_EQ(pragmas["synchronous"], "2");  // FULL
  EXPECT_EQ(pragmas["busy_timeout"], "3000");
  EXPECT_EQ(pragmas["trusted_schema"], "0");
  EXPECT_EQ(pragmas["secure_delete"], "1");
  // WAL is a property of the file: another program opening it sees it too.
  EXPECT_EQ(QueryRaw(DbPath(), "PRAGMA journal_mode"), "wal");
}

TEST_F(StoreTest, IdsAreNeitherRepeatedNorSequentialOver10000Creations) {
  std::vector<std::string> ids;
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    for (int i = 0; i < 10000; ++i) {
      HW_ASSIGN_OR_RETURN(model::Training training, tx.trainings().Create(SampleTraining()));
      ids.push_back(training.meta.id);
    }
    return Status::Ok();
  }),
              IsOk());
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  int sequential = 0;
  for (size_t i = 1; i < ids.size(); ++i) {
    ASSERT_TRUE(IsWellFormedId(ids[i], "trn"));
    // Compare the low 64 bits of neighbours: a counter would differ by one.
    uint64_t a = std::stoull(ids[i - 1].substr(ids[i - 1].size() - 16), nullptr, 16);
    uint64_t b = std::stoull(ids[i].substr(ids[i].size() - 16), nullptr, 16);
    if (a + 1 == b || b + 1 == a) ++sequential;
  }
  EXPECT_EQ(sequential, 0);
}

TEST_F(StoreTest, KhmerNamesRoundTripByteForByte) {
  model::Individual person = SampleIndividual();
  person.given_name = "សុខ ចាន់ដារ៉ា";
  person.family_name = "ចាន់";
  person.commune = "ឃុំស្វាយអន្ទរ";
  person = Create(person, &WriteTx::individuals);
  Reopen();
  ASSERT_OK_AND_ASSIGN(model::Individual stored,
                       db_->Read([&](ReadTx& tx) { return tx.individuals().Get(person.meta.id); }));
  EXPECT_EQ(stored.given_name, "សុខ ចាន់ដារ៉ា");
  EXPECT_EQ(stored.family_name, "ចាន់");
  EXPECT_EQ(stored.commune, "ឃុំស្វាយអន្ទរ");
  // Stored as UTF-8 text, not as \u escapes, so that SQL tools show the names.
  const std::string bytes = FileBytes(DbPath()) + FileBytes(DbPath() + "-wal");
  EXPECT_NE(bytes.find("សុខ ចាន់ដារ៉ា"), std::string::npos);
}

TEST_F(StoreTest, InvalidUtf8IsRefusedNotStored) {
  model::Individual person = SampleIndividual();
  person.given_name = "So\xff";
  EXPECT_THAT(db_->Write([&](WriteTx& tx) { return tx.individuals().Create(person).status(); }),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(StoreTest, GroupCommitPutsQueuedRequestsInOneTransaction) {
  const WriterStats before = db_->writer_stats();
  WriterGate gate(*db_);
  constexpr int kRequests = 100;
  std::vector<std::promise<Status>> outcomes(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    db_->Submit([](WriteTx& tx) { return tx.trainings().Create(SampleTraining()).status(); },
                [&outcomes, i](Status s) { outcomes[i].set_value(std::move(s)); });
  }
  gate.Release();
  for (auto& outcome : outcomes) EXPECT_THAT(outcome.get_future().get(), IsOk());

  const WriterStats after = db_->writer_stats();
  // One commit for the gate's transaction and one for all the queued requests.
  EXPECT_EQ(after.commits - before.commits, 2u);
  EXPECT_EQ(after.requests - before.requests, kRequests + 1u);
  EXPECT_EQ(db_->Read([](ReadTx& tx) { return tx.trainings().Count(); }).value(), kRequests);
}

TEST_F(StoreTest, AFailingRequestIsRolledBackAloneAndGetsItsOwnError) {
  WriterGate gate(*db_);
  std::promise<Status> first, failing, dangling, last;
  auto done = [](std::promise<Status>& p) { return [&p](Status s) { p.set_value(std::move(s)); }; };
  db_->Submit([](WriteTx& tx) { return tx.trainings().Create(SampleTraining("KH-1")).status(); },
              done(first));
  db_->Submit(
      [](WriteTx& tx) -> Status {
        HW_RETURN_IF_ERROR(tx.trainings().Create(SampleTraining("KH-2")).status());
        return Status::FailedPrecondition("changed my mind");
      },
      done(failing));
  db_->Submit(
      [](WriteTx& tx) { return tx.vacancies().Create(SampleVacancy(NewId("emp"))).status(); },
      done(dangling));
  db_->Submit([](WriteTx& tx) { return tx.trainings().Create(SampleTraining("KH-3")).status(); },
              done(last));
  const uint64_t commits_before = db_->writer_stats().commits;
  gate.Release();

  EXPECT_THAT(first.get_future().get(), IsOk());
  Status failed = failing.get_future().get();
  EXPECT_THAT(failed, StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(failed.message(), "changed my mind");
  EXPECT_THAT(dangling.get_future().get(), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(last.get_future().get(), IsOk());
  EXPECT_EQ(db_->writer_stats().commits - commits_before, 2u);

  ASSERT_OK_AND_ASSIGN(auto by_province,
                       db_->Read([](ReadTx& tx) { return tx.trainings().CountBy("province"); }));
  EXPECT_EQ(by_province, (std::map<std::string, int64_t>{{"KH-1", 1}, {"KH-3", 1}}));
}

TEST_F(StoreTest, AnExceptionInARequestBecomesAnErrorAndTheWriterCarriesOn) {
  EXPECT_THAT(db_->Write([](WriteTx&) -> Status { throw std::runtime_error("boom"); }),
              StatusIs(StatusCode::kInternal));
  EXPECT_THAT(
      db_->Write([](WriteTx& tx) { return tx.trainings().Create(SampleTraining()).status(); }),
      IsOk());
}

TEST_F(StoreTest, FourWritersAndConcurrentReadersLoseNoUpdateAndSeeNoBusy) {
  const model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  model::Vacancy counter = SampleVacancy(employer.meta.id);
  counter.slots = 100000;
  counter = Create(counter, &WriteTx::vacancies);

  constexpr int kWriters = 4;
  constexpr int kTransactions = 500;
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};
  std::atomic<int64_t> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      int last_seen = 0;
      while (writing.load()) {
        auto got = db_->Read([&](ReadTx& tx) { return tx.vacancies().Get(counter.meta.id); });
        if (!got.ok()) {
          ++failures;
          continue;
        }
        // A reader never sees the counter go backwards: each snapshot is a committed state.
        if (got->slots_filled < last_seen) ++failures;
        last_seen = got->slots_filled;
        if (!db_->Read([](ReadTx& tx) { return tx.vacancies().List({}); }).ok()) ++failures;
        ++reads;
      }
    });
  }
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kTransactions; ++i) {
        Status s = db_->Write([&](WriteTx& tx) -> Status {
          HW_ASSIGN_OR_RETURN(model::Vacancy v, tx.vacancies().Get(counter.meta.id));
          ++v.slots_filled;
          return tx.vacancies().Update(v).status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  writing = false;
  for (auto& t : readers) t.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
  ASSERT_OK_AND_ASSIGN(model::Vacancy final_state,
                       db_->Read([&](ReadTx& tx) { return tx.vacancies().Get(counter.meta.id); }));
  EXPECT_EQ(final_state.slots_filled, kWriters * kTransactions);
}

TEST_F(StoreTest, ForEachStreamsThousandsOfRecordsInStorageOrderAndStopsAtAnError) {
  constexpr int kRecords = 3000;  // many chunks, decoded on worker threads
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    for (int i = 0; i < kRecords; ++i) {
      model::Training training = SampleTraining();
      training.title = std::to_string(i);
      HW_RETURN_IF_ERROR(tx.trainings().Create(training).status());
    }
    return Status::Ok();
  }),
              IsOk());
  int expected = 0;
  ASSERT_THAT(db_->Read([&](ReadTx& tx) {
    return tx.trainings().ForEach({}, [&](model::Training&& training) {
      EXPECT_EQ(training.title, std::to_string(expected));
      EXPECT_TRUE(IsWellFormedId(training.meta.id, "trn"));
      ++expected;
      return Status::Ok();
    });
  }),
              IsOk());
  EXPECT_EQ(expected, kRecords);

  int visited = 0;
  EXPECT_THAT(db_->Read([&](ReadTx& tx) {
    return tx.trainings().ForEach({}, [&](model::Training&&) {
      return ++visited == 1000 ? Status::Unavailable("enough") : Status::Ok();
    });
  }),
              StatusIs(StatusCode::kUnavailable));
  EXPECT_EQ(visited, 1000);
}

TEST_F(StoreTest, ALockHeldByAnotherProgramIsWaitedForThenUnavailable) {
  Options options;
  options.busy_timeout = std::chrono::milliseconds(100);
  Reopen(options);
  // An operator's sqlite3 shell (or a backup tool) holding the write lock.
  sqlite3* shell = nullptr;
  ASSERT_EQ(sqlite3_open(DbPath().c_str(), &shell), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(shell, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_THAT(
      db_->Write([](WriteTx& tx) { return tx.trainings().Create(SampleTraining()).status(); }),
      StatusIs(StatusCode::kUnavailable));
  // Readers are not blocked by it.
  EXPECT_THAT(db_->Read([](ReadTx& tx) { return tx.trainings().Count(); }), IsOk());

  ASSERT_EQ(sqlite3_exec(shell, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(shell);
  EXPECT_THAT(
      db_->Write([](WriteTx& tx) { return tx.trainings().Create(SampleTraining()).status(); }),
      IsOk());
  EXPECT_EQ(db_->Read([](ReadTx& tx) { return tx.trainings().Count(); }).value(), 1);
}

TEST_F(StoreTest, AReadTransactionSeesOneSnapshot) {
  Create(SampleTraining(), &WriteTx::trainings);
  ASSERT_THAT(db_->Read([&](ReadTx& tx) -> Status {
    HW_ASSIGN_OR_RETURN(int64_t before, tx.trainings().Count());
    HW_RETURN_IF_ERROR(
        db_->Write([](WriteTx& w) { return w.trainings().Create(SampleTraining()).status(); }));
    HW_ASSIGN_OR_RETURN(int64_t after, tx.trainings().Count());
    EXPECT_EQ(before, after);
    return Status::Ok();
  }),
              IsOk());
  EXPECT_EQ(db_->Read([](ReadTx& tx) { return tx.trainings().Count(); }).value(), 2);
}

TEST_F(StoreTest, ChangeListenersHearOfCommittedChangesOnly) {
  std::vector<Change> heard;
  db_->AddChangeListener([&](const std::vector<Change>& changes) {
    heard.insert(heard.end(), changes.begin(), changes.end());
  });
  model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  EXPECT_THAT(db_->Write([](WriteTx& tx) -> Status {
    HW_RETURN_IF_ERROR(tx.trainings().Create(SampleTraining()).status());
    return Status::Internal("abandoned");
  }),
              StatusIs(StatusCode::kInternal));
  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.employers().Delete(employer.meta.id); }),
              IsOk());

  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0].kind, ResourceKind::kEmployer);
  EXPECT_EQ(heard[0].id, employer.meta.id);
  ASSERT_TRUE(std::holds_alternative<model::Employer>(heard[0].record));
  EXPECT_EQ(std::get<model::Employer>(heard[0].record).name, employer.name);
  EXPECT_EQ(heard[1].id, employer.meta.id);
  EXPECT_TRUE(heard[1].deleted());
}

TEST_F(StoreTest, ErasedPersonLeavesNoTraceInTheDatabaseOrWalFiles) {
  const std::string marker = "Erasure-Marker-7f3a9c";
  model::Individual person = SampleIndividual();
  person.family_name = marker;
  person.commune = marker + "-commune";
  person = Create(person, &WriteTx::individuals);
  model::Individual neighbour = Create(SampleIndividual(), &WriteTx::individuals);
  const model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  const model::Vacancy vacancy = Create(SampleVacancy(employer.meta.id), &WriteTx::vacancies);

  model::Referral referral;
  referral.individual_id = person.meta.id;
  referral.opportunity_id = vacancy.meta.id;
  referral.province = vacancy.province;
  referral.employer_id = employer.meta.id;
  referral = Create(referral, &WriteTx::referrals);
  model::Allocation allocation;
  allocation.province = "KH-14";
  allocation.individuals = {person.meta.id, neighbour.meta.id};
  allocation.assignments = {{person.meta.id, vacancy.meta.id, 90},
                            {neighbour.meta.id, vacancy.meta.id, 80}};
  allocation = Create(allocation, &WriteTx::allocations);
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    HW_RETURN_IF_ERROR(
        tx.audit()
            .Append({"", "", "key_officer", "individual.create", person.meta.id, "allowed", ""})
            .status());
    StoredResponse response;
    response.key = "retry-1";
    response.actor = "key_officer";
    response.status = 201;
    response.resource_id = person.meta.id;
    return tx.idempotency().Put(response);
  }),
              IsOk());
  ASSERT_THAT(db_->Checkpoint(), IsOk());
  ASSERT_NE(FileBytes(DbPath()).find(marker), std::string::npos) << "the test checks nothing";

  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.individuals().Delete(person.meta.id); }),
              IsOk());
  ASSERT_THAT(db_->Checkpoint(), IsOk());

  EXPECT_EQ(FileBytes(DbPath()).find(marker), std::string::npos);
  EXPECT_EQ(FileBytes(DbPath() + "-wal").find(marker), std::string::npos);
  EXPECT_THAT(FileBytes(DbPath() + "-wal"), IsEmpty());

  // What held the person is gone or no longer names them; the neighbour is untouched.
  EXPECT_THAT(db_->Read([&](ReadTx& tx) { return tx.referrals().Get(referral.meta.id); }),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(model::Allocation kept, db_->Read([&](ReadTx& tx) {
    return tx.allocations().Get(allocation.meta.id);
  }));
  EXPECT_THAT(kept.individuals, ElementsAre(neighbour.meta.id));
  ASSERT_EQ(kept.assignments.size(), 1u);
  EXPECT_EQ(kept.assignments[0].individual_id, neighbour.meta.id);
  // The idempotency row stays (the id only): a retried creation answers 404, not a new person.
  ASSERT_OK_AND_ASSIGN(auto replay, db_->Read([&](ReadTx& tx) {
    return tx.idempotency().Find("key_officer", "retry-1", Clock::System().NowRfc3339());
  }));
  EXPECT_TRUE(replay.has_value());
  EXPECT_THAT(db_->Read([&](ReadTx& tx) { return tx.individuals().Get(neighbour.meta.id); }),
              IsOk());
  // The audit trail keeps that something happened to this id, which is not personal data.
  ListOptions by_subject;
  by_subject.filters = {{"subject", {person.meta.id}}};
  ASSERT_OK_AND_ASSIGN(auto trail,
                       db_->Read([&](ReadTx& tx) { return tx.audit().List(by_subject); }));
  EXPECT_EQ(trail.items.size(), 1u);
}

TEST_F(StoreTest, BlockingWriteFromTheWriterThreadIsRefusedNotDeadlocked) {
  std::promise<Status> nested;
  db_->Submit(
      [&](WriteTx&) {
        nested.set_value(db_->Write([](WriteTx&) { return Status::Ok(); }));
        return Status::Ok();
      },
      [](Status) {});
  EXPECT_THAT(nested.get_future().get(), StatusIs(StatusCode::kFailedPrecondition));
}

// Regression: an erasure asked for its checkpoint from the write's completion, on the writer
// thread, where a blocking Checkpoint is refused; the queued one runs after the write.
TEST_F(StoreTest, CheckpointQueuedFromAWriteCompletionEmptiesTheLog) {
  std::promise<Status> checkpointed;
  db_->Submit(
      [](WriteTx& tx) { return tx.individuals().Create(SampleIndividual()).status(); },
      [this, &checkpointed](Status written) {
        EXPECT_THAT(written, IsOk());
        db_->SubmitCheckpoint([&checkpointed](Status status) { checkpointed.set_value(status); });
      });
  EXPECT_THAT(checkpointed.get_future().get(), IsOk());
  EXPECT_THAT(FileBytes(DbPath() + "-wal"), IsEmpty());
}

TEST_F(StoreTest, ClosingCompletesEveryQueuedRequest) {
  std::atomic<int> completed{0};
  {
    WriterGate gate(*db_);
    for (int i = 0; i < 20; ++i) {
      db_->Submit([](WriteTx& tx) { return tx.trainings().Create(SampleTraining()).status(); },
                  [&](Status s) {
                    if (s.ok()) ++completed;
                  });
    }
    gate.Release();
    db_.reset();
  }
  EXPECT_EQ(completed.load(), 20);
  Reopen();
  EXPECT_EQ(db_->Read([](ReadTx& tx) { return tx.trainings().Count(); }).value(), 20);
}

}  // namespace
}  // namespace homeward::store
