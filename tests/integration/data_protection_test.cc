// Data protection end to end (issue 14): what an erasure leaves on disk, what the idempotency
// table keeps, and the bytes of the database files themselves, read from a real server's folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;

constexpr char kAdminKey[] = "dataprot-admin-key-0123456789abcdef";
constexpr char kProvince[] = "KH-14";

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Auth(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

Headers WithKey(Headers headers, const std::string& idempotency_key) {
  headers.emplace_back("Idempotency-Key", idempotency_key);
  return headers;
}

// Every byte of a file ("" when it does not exist).
std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class DataProtectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(Db(), dir_->File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = new HttpClient(server_->port());
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    delete dir_;
  }

  static std::string Db() { return dir_->File("homeward.db"); }
  static HttpClient& client() { return *client_; }

  static json Post(const std::string& path, const json& body,
                   const Headers& headers = Auth(kAdminKey), int expected = 201) {
    HttpResponse r = client().Send("POST", path, body.dump(), headers);
    EXPECT_EQ(r.status, expected) << path << " " << r.body;
    return r.Json();
  }

  // Creates an API key with `body` and returns the key.
  static std::string NewKey(const json& body) {
    return Post("/v1/api-keys", body).value("key", "");
  }

  // Runs `sql` on the server's database from this process, as an operator's shell would.
  static int SqlOnDatabase(const std::string& sql) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open(Db().c_str(), &db);
    if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(db, 5000);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
  }

  // The database, its write-ahead log and its shared-memory index, each as bytes.
  static std::vector<std::pair<std::string, std::string>> DatabaseFiles() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      files.emplace_back(Db() + suffix, FileBytes(Db() + suffix));
    }
    return files;
  }

  // An open vacancy in kProvince that a sample person matches.
  static std::string OpenVacancy(const std::string& title) {
    json employer = Post("/v1/employers",
                         {{"name", title + " Co"}, {"province", kProvince}, {"sector", "garment"}});
    json vacancy =
        Post("/v1/vacancies", SampleVacancy(employer.value("id", ""), kProvince, 4, title));
    const std::string id = vacancy.value("id", "");
    if (vacancy.value("status", "") == "pending_review") {
      Post("/v1/vacancies/" + id + "/review", {{"decision", "approve"}, {"note", "checked"}},
           Auth(kAdminKey), 200);
    }
    return id;
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static HttpClient* client_;
};

TempDir* DataProtectionTest::dir_ = nullptr;
ServerProcess* DataProtectionTest::server_ = nullptr;
HttpClient* DataProtectionTest::client_ = nullptr;

// Regression: the 204 of an erasure was sent while the person's rows were still in the
// write-ahead log (the checkpoint was asked for from the writer thread, refused, and the error
// dropped).
TEST_F(DataProtectionTest, ErasedPersonIsInNoByteOfTheDatabaseFiles) {
  const std::string marker = "Qzmarkerased";
  const std::string vacancy = OpenVacancy("Erasure line");
  json body = SamplePerson(kProvince, marker + "given");
  body["family_name"] = marker + "family";
  body["district"] = marker + "district";
  body["commune"] = marker + "commune";
  json person = Post("/v1/individuals", body, WithKey(Auth(kAdminKey), "erasure-create"));
  const std::string id = person.value("id", "");
  const std::string path = "/v1/individuals/" + id;
  ASSERT_EQ(
      client()
          .Send("PATCH", path, json{{"given_name", marker + "renamed"}}.dump(), Auth(kAdminKey))
          .status,
      200);
  EXPECT_EQ(client().Send("GET", path + "/matches?kind=all", "", Auth(kAdminKey)).status, 200);
  json referral =
      Post("/v1/referrals",
           {{"individual_id", id}, {"opportunity_id", vacancy}, {"note", marker + "note"}});
  EXPECT_EQ(
      client()
          .Send("PATCH", "/v1/referrals/" + referral.value("id", ""),
                json{{"status", "referred"}, {"note", marker + "history"}}.dump(), Auth(kAdminKey))
          .status,
      200);
  Post("/v1/allocations", {{"province", kProvince}, {"kind", "job"}, {"individuals", {id}}});
  // The records are sealed, so the marker is never in the files in clear; the sealed records
  // themselves must go too (a key that leaks later must not open an erased person).
  std::vector<std::string> sealed = SqlColumn(
      Db(), "SELECT doc FROM individuals WHERE id = '" + id +
                "' UNION ALL SELECT doc FROM referrals WHERE individual_id = '" + id + "'");
  ASSERT_EQ(sealed.size(), 2u);
  std::string before;
  for (const auto& [file, bytes] : DatabaseFiles()) before += bytes;
  for (const std::string& doc : sealed) {
    ASSERT_NE(before.find(doc), std::string::npos) << "the files should hold the record now";
  }

  ASSERT_EQ(client().Send("DELETE", path, "", Auth(kAdminKey)).status, 204);
  for (const auto& [file, bytes] : DatabaseFiles()) {
    EXPECT_EQ(bytes.find(marker), std::string::npos) << file << " holds the erased person";
    for (const std::string& doc : sealed) {
      EXPECT_EQ(bytes.find(doc), std::string::npos) << file << " holds an erased sealed record";
    }
  }
  EXPECT_EQ(client().Send("GET", path, "", Auth(kAdminKey)).status, 404);
}

// Regression: the idempotency table kept the whole 201 body, so a retried person creation
// replayed the person as first written (after later changes, even after the erasure of every
// other copy), and an API key's secret was kept in plain text.
TEST_F(DataProtectionTest, ReplayReReadsTheRecordAndAnErasedOneIsGone) {
  const json body = SamplePerson(kProvince, "Replayed");
  const Headers headers = WithKey(Auth(kAdminKey), "replay-person");
  HttpResponse first = client().Send("POST", "/v1/individuals", body.dump(), headers);
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string location = first.headers["location"];
  ASSERT_EQ(client().Send("PATCH", location, R"({"given_name":"Renamed"})", Auth(kAdminKey)).status,
            200);

  HttpResponse retry = client().Send("POST", "/v1/individuals", body.dump(), headers);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.headers["location"], location);
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  EXPECT_EQ(retry.Json().value("id", ""), first.Json().value("id", ""));
  EXPECT_EQ(retry.Json().value("given_name", ""), "Renamed");

  ASSERT_EQ(client().Send("DELETE", location, "", Auth(kAdminKey)).status, 204);
  EXPECT_EQ(client().Send("POST", "/v1/individuals", body.dump(), headers).status, 404);
}

TEST_F(DataProtectionTest, ApiKeyCreationRefusesAnIdempotencyKey) {
  const json body = {{"role", "analyst"}, {"provinces", {kProvince}}, {"label", "idem"}};
  HttpResponse r =
      client().Send("POST", "/v1/api-keys", body.dump(), WithKey(Auth(kAdminKey), "key-creation"));
  EXPECT_EQ(r.status, 400) << r.body;
  HttpResponse keys = client().Send("GET", "/v1/api-keys?limit=500", "", Auth(kAdminKey));
  const json items = keys.Json()["items"];
  for (const json& key : items) EXPECT_NE(key.value("label", ""), "idem");
}

// Regression: two requests with one key that both missed the stored response each created a
// record (the second response's row was refused, silently, after its record was committed).
TEST_F(DataProtectionTest, ConcurrentRetriesWithOneKeyCreateOneRecord) {
  for (int round = 0; round < 8; ++round) {
    const std::string name = "Twin Co " + std::to_string(round);
    const json body = {{"name", name}, {"province", kProvince}, {"sector", "garment"}};
    const Headers headers = WithKey(Auth(kAdminKey), "twin-" + std::to_string(round));
    HttpResponse answers[2];
    std::thread twins[2];
    for (int i = 0; i < 2; ++i) {
      twins[i] = std::thread(
          [&, i] { answers[i] = client().Send("POST", "/v1/employers", body.dump(), headers); });
    }
    for (std::thread& twin : twins) twin.join();
    EXPECT_EQ(answers[0].status, 201) << answers[0].body;
    EXPECT_EQ(answers[1].status, 201) << answers[1].body;
    EXPECT_EQ(answers[0].Json().value("id", "a"), answers[1].Json().value("id", "b"));
    int stored = 0;
    HttpResponse list = client().Send("GET", "/v1/employers?limit=500", "", Auth(kAdminKey));
    const json items = list.Json()["items"];
    for (const json& employer : items) stored += employer.value("name", "") == name;
    EXPECT_EQ(stored, 1) << name;
  }
}

// Regression: a failed audit append inside a write was ignored, and the change committed
// without its row; a read batch that failed was dropped without a word.
TEST_F(DataProtectionTest, AFailedAuditAppendFailsTheChangeAndIsCounted) {
  const std::string marker = "Qzunaudited";
  ASSERT_EQ(SqlOnDatabase("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit "
                          "BEGIN SELECT RAISE(ABORT, 'refused'); END"),
            SQLITE_OK);
  HttpResponse created = client().Send("POST", "/v1/individuals",
                                       SamplePerson(kProvince, marker).dump(), Auth(kAdminKey));
  HttpResponse read =
      client().Send("GET", "/v1/individuals/ind_" + std::string(32, '0'), "", Auth(kAdminKey));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the read rows' window
  ASSERT_EQ(SqlOnDatabase("DROP TRIGGER refuse_audit"), SQLITE_OK);

  EXPECT_EQ(created.status, 500) << created.body;
  EXPECT_EQ(read.status, 404);
  HttpResponse list = client().Send("GET", "/v1/individuals?limit=500", "", Auth(kAdminKey));
  EXPECT_EQ(list.body.find(marker), std::string::npos) << "the unaudited change was kept";
  HttpResponse metrics = client().Send("GET", "/v1/metrics", "", Auth(kAdminKey));
  EXPECT_THAT(metrics.body, ::testing::HasSubstr("homeward_audit_rows_failed_total"));
  EXPECT_THAT(metrics.body,
              ::testing::Not(::testing::HasSubstr("homeward_audit_rows_failed_total 0\n")));
}

TEST_F(DataProtectionTest, KeysReviewsAndVerificationsAreAudited) {
  HttpResponse key = client().Send(
      "POST", "/v1/api-keys",
      json{{"role", "analyst"}, {"provinces", {kProvince}}, {"label", "audited"}}.dump(),
      Auth(kAdminKey));
  ASSERT_EQ(key.status, 201);
  const std::string key_id = key.Json().value("id", "");
  ASSERT_EQ(client().Send("DELETE", "/v1/api-keys/" + key_id, "", Auth(kAdminKey)).status, 204);
  json employer = Post("/v1/employers",
                       {{"name", "Verified Co"}, {"province", kProvince}, {"sector", "garment"}});
  const std::string employer_id = employer.value("id", "");
  ASSERT_EQ(client()
                .Send("PATCH", "/v1/employers/" + employer_id,
                      R"({"verified":true,"recruitment_licence":{"number":"MLVT-RA-0042",)"
                      R"("expires_on":"2028-06-30","verified":true}})",
                      Auth(kAdminKey))
                .status,
            200);
  auto actions = [&](const std::string& subject) {
    std::set<std::string> seen;
    json items = client()
                     .Send("GET", "/v1/audit?limit=500&subject=" + subject, "", Auth(kAdminKey))
                     .Json()["items"];
    for (const json& row : items) seen.insert(row.value("action", ""));
    return seen;
  };
  EXPECT_THAT(actions(key_id), ::testing::IsSupersetOf({"api_key.create", "api_key.revoke"}));
  EXPECT_THAT(actions(employer_id),
              ::testing::IsSupersetOf({"employer.verify", "employer.licence_verify"}));
}

// The audit log is a hash chain: the route and the admin tool both find a row changed behind
// the server's back, and both say the chain holds again once it is put back.
TEST_F(DataProtectionTest, AuditChainVerificationFindsAChangedRow) {
  Post("/v1/employers", {{"name", "Chained Co"}, {"province", kProvince}, {"sector", "garment"}});
  HttpResponse first = client().Send("GET", "/v1/audit/verify", "", Auth(kAdminKey));
  ASSERT_EQ(first.status, 200) << first.body;
  const json intact = first.Json();
  EXPECT_TRUE(intact.value("ok", false)) << first.body;
  ASSERT_GE(intact.value("rows", 0), 2);
  const std::string tip = intact["tip"].value("anchor", "");
  const std::string db = " --db " + Db();
  AdminRun holds = RunAdmin("verify-audit" + db + " --anchor " + tip);
  EXPECT_EQ(holds.status, 0) << holds.output;
  EXPECT_THAT(holds.output, ::testing::HasSubstr("the audit chain holds"));
  EXPECT_THAT(holds.output, ::testing::HasSubstr("anchors checked: 1"));

  const std::vector<std::string> actor = SqlColumn(Db(), "SELECT actor FROM audit WHERE seq = 2");
  ASSERT_EQ(actor.size(), 1u);
  ASSERT_EQ(SqlOnDatabase("UPDATE audit SET actor = 'key_someone_else' WHERE seq = 2"), SQLITE_OK);
  HttpResponse broken = client().Send("GET", "/v1/audit/verify", "", Auth(kAdminKey));
  AdminRun found = RunAdmin("verify-audit" + db);
  ASSERT_EQ(SqlOnDatabase("UPDATE audit SET actor = '" + actor[0] + "' WHERE seq = 2"), SQLITE_OK);

  ASSERT_EQ(broken.status, 200) << broken.body;
  EXPECT_FALSE(broken.Json().value("ok", true));
  EXPECT_EQ(broken.Json()["first_break"].value("seq", 0), 2) << broken.body;
  EXPECT_EQ(found.status, 3) << found.output;
  EXPECT_THAT(found.output, ::testing::HasSubstr("BROKEN at row 2"));
  EXPECT_TRUE(
      client().Send("GET", "/v1/audit/verify", "", Auth(kAdminKey)).Json().value("ok", false));
}

TEST_F(DataProtectionTest, AuditVerificationIsForAdminsAndNamesAMalformedAnchor) {
  const std::string analyst =
      NewKey({{"role", "analyst"}, {"provinces", {kProvince}}, {"label", "a"}});
  EXPECT_EQ(client().Send("GET", "/v1/audit/verify", "", Auth(analyst)).status, 403);
  HttpResponse bad =
      client().Send("GET", "/v1/audit/verify?anchors=12:nothex", "", Auth(kAdminKey));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.headers["content-type"], "application/problem+json");
  EXPECT_THAT(bad.body, ::testing::HasSubstr("anchors"));
}

// Regression: an officer of the vacancy's province read the referral (notes included) of a
// person outside its provinces, and could move it on.
TEST_F(DataProtectionTest, ReferralNeedsThePersonsProvinceAsWellAsTheOpportunitys) {
  const std::string vacancy = OpenVacancy("Scope line");
  json person = Post("/v1/individuals", SamplePerson("KH-3", "Elsewhere"));
  const std::string person_id = person.value("id", "");
  json referral = Post("/v1/referrals", {{"individual_id", person_id},
                                         {"opportunity_id", vacancy},
                                         {"note", "private to Kampot's officers"}});
  const std::string path = "/v1/referrals/" + referral.value("id", "");
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {kProvince}}, {"label", "vacancy side"}});

  EXPECT_EQ(client().Send("GET", path, "", Auth(officer)).status, 404);
  EXPECT_EQ(client().Send("PATCH", path, R"({"follow_up_on":"2027-01-15"})", Auth(officer)).status,
            404);
  HttpResponse list =
      client().Send("GET", "/v1/referrals?individual_id=" + person_id, "", Auth(officer));
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.Json()["items"].empty()) << list.body;
  EXPECT_NE(client().Send("GET", path, "", Auth(kAdminKey)).Json()["follow_up_on"],
            json("2027-01-15"));
}

// Regression: an officer could move a training of its province into one it does not hold.
TEST_F(DataProtectionTest, OfficerCannotMoveATrainingOutOfItsProvinces) {
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {kProvince}}, {"label", "trainer"}});
  json training =
      Post("/v1/trainings",
           {{"provider", "Centre"}, {"title", "Tailoring"}, {"province", kProvince}, {"seats", 10}},
           Auth(officer));
  const std::string path = "/v1/trainings/" + training.value("id", "");
  EXPECT_EQ(client().Send("PATCH", path, R"({"province":"KH-3"})", Auth(officer)).status, 403);
  EXPECT_EQ(client().Send("GET", path, "", Auth(kAdminKey)).Json().value("province", ""),
            kProvince);
}

// Regression: SQLite's own error text ("FOREIGN KEY constraint failed") reached problem details.
TEST_F(DataProtectionTest, StoreErrorTextNeverReachesAClient) {
  HttpResponse r = client().Send(
      "POST", "/v1/api-keys",
      json{{"role", "employer"}, {"employer_id", "emp_" + std::string(32, '0')}, {"label", "x"}}
          .dump(),
      Auth(kAdminKey));
  EXPECT_GE(r.status, 400);
  EXPECT_LT(r.status, 500);
  EXPECT_THAT(r.body, ::testing::Not(::testing::HasSubstr("constraint")));
  EXPECT_THAT(r.body, ::testing::Not(::testing::HasSubstr("step")));
}

TEST(BootstrapKeyTest, AGeneratedKeyGoesToAFileReadableByItsOwnerOnly) {
  TempDir dir;
  ServerProcess server(dir.File("fresh.db"), dir.File("server.log"), "");
  ASSERT_TRUE(server.started()) << server.Output();
  const std::string file = dir.File("admin-key");
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0) << server.Output();
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::string key = FileBytes(file);
  while (!key.empty() && key.back() == '\n') key.pop_back();
  EXPECT_GE(key.size(), 32u);
  EXPECT_EQ(HttpClient(server.port()).Send("GET", "/v1/api-keys", "", Auth(key)).status, 200);
  EXPECT_EQ(server.Output().find(key), std::string::npos) << "the key was printed";
  EXPECT_NE(server.Output().find(file), std::string::npos) << "the file was not named";
}

TEST(BootstrapKeyTest, AnAdminKeyShorterThan32CharactersIsRefused) {
  TempDir dir;
  ServerProcess server(dir.File("short.db"), dir.File("server.log"), "short-admin-key");
  EXPECT_FALSE(server.started());
  EXPECT_THAT(server.Output(), ::testing::HasSubstr("at least 32"));
}

}  // namespace
}  // namespace homeward::testing
