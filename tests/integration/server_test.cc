// The REST API end to end: a real homeward-server process on 127.0.0.1, a real SQLite file in a
// temporary folder, the real plugins, spoken to over real sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "homeward/json/json.h"
#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAdminKey[] = "integration-admin-key-0123456789abcdef";
// A name no other test uses: it must never reach the server's log.
constexpr char kMarkerName[] = "Zqxmarkerperson";
constexpr char kKhmerName[] = "\xe1\x9e\x9f\xe1\x9e\xbb\xe1\x9e\x81\xe1\x9e\xb6";  // សុខា

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Auth(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

// Validates `body` against a schema of schemas/ and returns the violations ("" when valid).
std::string Violations(const std::string& schema, const json& body) {
  Status status = homeward::json::SchemaSet::Builtin().Validate(schema, body);
  return status.ok() ? "" : status.ToString();
}

json PersonBody(const std::string& given_name, const std::string& province) {
  return {{"given_name", given_name},
          {"family_name", kKhmerName},
          {"sex", "female"},
          {"birth_date", "2001-04-12"},
          {"province", province},
          {"languages", {"km"}},
          {"education", "lower_secondary"},
          {"desired_occupations", {"7531"}},
          {"consent", {{"given", true}, {"date", "2026-11-01"}, {"scope", {"matching"}}}}};
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->File("homeward.db"), dir_->File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = new HttpClient(server_->port());
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    delete dir_;
  }

  static HttpClient& client() { return *client_; }

  // Creates an API key with `body` and returns the key.
  static std::string NewKey(const json& body) {
    HttpResponse r = client().Send("POST", "/v1/api-keys", body.dump(), Auth(kAdminKey));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("key", "");
  }

  static json Post(const std::string& path, const json& body, const std::string& key,
                   int expected = 201) {
    HttpResponse r = client().Send("POST", path, body.dump(), Auth(key));
    EXPECT_EQ(r.status, expected) << path << " " << r.body;
    return r.Json();
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static HttpClient* client_;
};

TempDir* ServerTest::dir_ = nullptr;
ServerProcess* ServerTest::server_ = nullptr;
HttpClient* ServerTest::client_ = nullptr;

TEST_F(ServerTest, HealthAnswersWithoutKey) {
  HttpResponse r = client().Send("GET", "/v1/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Violations("health.schema.json", r.Json()), "");
}

TEST_F(ServerTest, OpenApiDocumentIsServed) {
  HttpResponse r = client().Send("GET", "/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().value("openapi", ""), "3.0.3");
}

TEST_F(ServerTest, MissingOrUnknownKeyIs401Problem) {
  HttpResponse none = client().Send("GET", "/v1/individuals");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["content-type"], "application/problem+json");
  EXPECT_EQ(Violations("problem.schema.json", none.Json()), "");
  EXPECT_EQ(client().Send("GET", "/v1/individuals", "", Auth("not-a-key")).status, 401);
}

TEST_F(ServerTest, TraceAndUnknownMethodsAre405) {
  EXPECT_EQ(client().Send("TRACE", "/v1/health").status, 405);
  EXPECT_EQ(client().Send("DELETE", "/v1/health").status, 405);
  EXPECT_EQ(client().Send("GET", "/v1/nowhere", "", Auth(kAdminKey)).status, 404);
}

TEST_F(ServerTest, IndividualRoundTripsKhmerTextByteForByte) {
  json created = Post("/v1/individuals", PersonBody(kKhmerName, "KH-14"), kAdminKey);
  EXPECT_EQ(Violations("individual.schema.json", created), "");
  const std::string id = created.value("id", "");
  HttpResponse read = client().Send("GET", "/v1/individuals/" + id, "", Auth(kAdminKey));
  ASSERT_EQ(read.status, 200);
  EXPECT_THAT(read.body, HasSubstr(std::string("\"given_name\":\"") + kKhmerName + "\""));
  EXPECT_EQ(read.Json()["family_name"], kKhmerName);
  EXPECT_TRUE(read.Json().contains("vulnerability"));
}

// The later vulnerability factors (docs/matching.md) through the API: stored, shown, counted, and
// an IDPoor level that does not exist is a 400 naming it.
TEST_F(ServerTest, IdPoorAndTheOtherFactorsCountInTheScore) {
  json body = SamplePerson("KH-14", "Factors");
  const json plain = Post("/v1/individuals", body, kAdminKey);
  body["idpoor_level"] = 1;
  body["disability"] = true;
  body["female_headed_household"] = true;
  body["household"]["members_abroad"] = 1;
  const json poor = Post("/v1/individuals", body, kAdminKey);
  EXPECT_EQ(Violations("individual.schema.json", poor), "");
  EXPECT_EQ(poor["idpoor_level"], 1);
  EXPECT_EQ(poor["household"]["members_abroad"], 1);
  std::set<std::string> factors;
  for (const json& f : poor["vulnerability"]["factors"]) factors.insert(f.value("name", ""));
  for (const char* name : {"idpoor", "disability", "female_headed_household", "members_abroad"}) {
    EXPECT_TRUE(factors.count(name)) << name << " " << poor["vulnerability"].dump();
  }
  EXPECT_GT(poor["vulnerability"]["score"].get<double>(),
            plain["vulnerability"]["score"].get<double>());
  body["idpoor_level"] = 3;
  const json refused = Post("/v1/individuals", body, kAdminKey, 400);
  EXPECT_THAT(refused.dump(), HasSubstr("/idpoor_level"));
}

// The plugins' libraries are loaded from copies beside the database, readable by the server's
// user only, not from a folder in /tmp that a killed server would leave behind.
TEST_F(ServerTest, PluginCopiesLiveBesideTheDatabaseForTheOwnerOnly) {
  const std::filesystem::path cache = dir_->File("homeward.db") + ".plugins";
  ASSERT_TRUE(std::filesystem::is_directory(cache));
  EXPECT_EQ(std::filesystem::status(cache).permissions(), std::filesystem::perms::owner_all);
  int libraries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cache)) {
    libraries += entry.path().extension() == ".so";
  }
  EXPECT_EQ(libraries, 8);  // the bundled provincial plugins
}

// SIGTERM stops the server only through the main thread's sigwait: every other thread blocks
// SIGTERM and SIGINT, so one that comes before the main thread waits for it stays pending instead
// of killing the process by its default action. Regression: the HTTP pool's threads started before
// the signals were blocked, and a stop sent right after start-up killed the server
// (SealingTest.KeyFileReadableByOthersRefusesToStart, "killed by signal 15").
TEST_F(ServerTest, EveryThreadBlocksTheStopSignals) {
  const std::string main_thread = std::to_string(server_->pid());
  const std::filesystem::path tasks = std::filesystem::path("/proc") / main_thread / "task";
  int threads = 0;
  for (const auto& task : std::filesystem::directory_iterator(tasks)) {
    // The main thread waits in sigwait, which unblocks what it waits for while it waits.
    if (task.path().filename() == main_thread) continue;
    std::ifstream status(task.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("SigBlk:", 0) != 0) continue;
      const unsigned long long blocked = std::stoull(line.substr(7), nullptr, 16);
      const unsigned long long stop = (1ULL << (SIGTERM - 1)) | (1ULL << (SIGINT - 1));
      EXPECT_EQ(blocked & stop, stop) << task.path() << " " << line;
      ++threads;
    }
  }
  EXPECT_GT(threads, 0);
}

TEST_F(ServerTest, CreateAnswers201WithLocation) {
  HttpResponse r =
      client().Send("POST", "/v1/individuals", PersonBody("Dara", "KH-12").dump(), Auth(kAdminKey));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers["location"], "/v1/individuals/" + r.Json().value("id", ""));
}

TEST_F(ServerTest, MassAssignmentIsRefused) {
  json body = PersonBody("Dara", "KH-12");
  body["vulnerability"] = {{"score", 0}, {"factors", json::array()}};
  body["id"] = "ind_00000000000000000000000000000000";
  HttpResponse r = client().Send("POST", "/v1/individuals", body.dump(), Auth(kAdminKey));
  EXPECT_EQ(r.status, 400);
  EXPECT_GE(r.Json()["errors"].size(), 2u) << r.body;
}

TEST_F(ServerTest, MalformedBodiesAre400WithEveryViolation) {
  EXPECT_EQ(client().Send("POST", "/v1/individuals", "{\"given_name\":", Auth(kAdminKey)).status,
            400);
  HttpResponse duplicate = client().Send(
      "POST", "/v1/employers", R"({"name":"A","name":"B","province":"KH-12","sector":"garment"})",
      Auth(kAdminKey));
  EXPECT_EQ(duplicate.status, 400);
  HttpResponse wrong = client().Send(
      "POST", "/v1/individuals",
      R"({"given_name":7,"sex":"robot","birth_date":"x","province":"KH-99","consent":{}})",
      Auth(kAdminKey));
  ASSERT_EQ(wrong.status, 400);
  EXPECT_GE(wrong.Json()["errors"].size(), 4u) << wrong.body;
  EXPECT_EQ(Violations("problem.schema.json", wrong.Json()), "");
}

TEST_F(ServerTest, DeepNestingIs400) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_EQ(client().Send("POST", "/v1/employers", deep, Auth(kAdminKey)).status, 400);
}

TEST_F(ServerTest, TenMebibyteBodyIs413) {
  const std::string huge(10 << 20, 'x');
  HttpResponse r = client().Send("POST", "/v1/individuals", huge, Auth(kAdminKey));
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(client().Healthy());
}

TEST_F(ServerTest, PageSizeIsCapped) {
  EXPECT_EQ(client().Send("GET", "/v1/individuals?limit=501", "", Auth(kAdminKey)).status, 400);
  HttpResponse page = client().Send("GET", "/v1/individuals?limit=1", "", Auth(kAdminKey));
  ASSERT_EQ(page.status, 200);
  EXPECT_LE(page.Json()["items"].size(), 1u);
}

// Regression: "%zz" in the query threw inside the listener and answered a bare 500 without a
// problem body. (cpprestsdk itself answers a bare 400 to a path it cannot decode, before any
// handler runs.)
TEST_F(ServerTest, BadPercentEncodingIs400Problem) {
  for (const char* path :
       {"/v1/individuals?cursor=%zz", "/v1/audit?a%=1", "/v1/audit?subject=%4"}) {
    HttpResponse r = client().Send("GET", path, "", Auth(kAdminKey));
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.headers["content-type"], "application/problem+json") << path;
    EXPECT_EQ(Violations("problem.schema.json", r.Json()), "") << path;
  }
  EXPECT_EQ(client().Send("GET", "/v1/individuals/%zz", "", Auth(kAdminKey)).status, 400);
  EXPECT_TRUE(client().Healthy());
}

// Regression: the match routes read `limit` with atoi, so "5abc" was 5 and "abc" a 400 only by
// luck of being 0. Every route reads it with the one strict parser (resources/common.h): a bad
// value is a 400 problem whose errors name `limit`, on the match routes (1..100) and the lists
// (1..500) alike.
TEST_F(ServerTest, LimitIsParsedStrictlyEverywhere) {
  json person = Post("/v1/individuals", SamplePerson("KH-12", "Limit"), kAdminKey);
  json employer =
      Post("/v1/employers", {{"name", "Limit Co"}, {"province", "KH-12"}, {"sector", "garment"}},
           kAdminKey);
  json vacancy = Post("/v1/vacancies",
                      SampleVacancy(employer.value("id", ""), "KH-12", 1, "Limit job"), kAdminKey);
  struct Route {
    std::string path;  // ends in "limit="
    int max;
  };
  const std::vector<Route> routes = {
      {"/v1/individuals/" + person.value("id", "") + "/matches?limit=", 100},
      {"/v1/vacancies/" + vacancy.value("id", "") + "/candidates?limit=", 100},
      {"/v1/individuals?limit=", 500},
      {"/v1/vacancies?status=open&limit=", 500}};
  for (const Route& route : routes) {
    for (const std::string& bad : std::vector<std::string>{
             "0", "-5", "-0", "2147483648", "99999999999999999999", "5abc", "abc", "", "1e2", "+5",
             "%2B5", "%205", "5%20", "%095", std::to_string(route.max + 1)}) {
      HttpResponse r = client().Send("GET", route.path + bad, "", Auth(kAdminKey));
      const std::string where = route.path + bad;
      ASSERT_EQ(r.status, 400) << where << " " << r.body;
      EXPECT_EQ(r.headers["content-type"], "application/problem+json") << where;
      EXPECT_EQ(Violations("problem.schema.json", r.Json()), "") << where;
      ASSERT_EQ(r.Json()["errors"].size(), 1u) << where << " " << r.body;
      EXPECT_EQ(r.Json()["errors"][0]["path"], "limit") << where;
      EXPECT_EQ(r.Json()["errors"][0]["message"],
                "must be an integer from 1 to " + std::to_string(route.max))
          << where;
    }
    EXPECT_EQ(client().Send("GET", route.path + "5", "", Auth(kAdminKey)).status, 200)
        << route.path;
    EXPECT_EQ(
        client().Send("GET", route.path + std::to_string(route.max), "", Auth(kAdminKey)).status,
        200)
        << route.path;
  }
}

TEST_F(ServerTest, NulInABodyStringIs400) {
  json body = SamplePerson("KH-12", "Nul");
  const std::string text = body.dump();
  const std::string with_nul =
      text.substr(0, text.find("\"Nul")) + "\"N\\u0000ul" + text.substr(text.find("\"Nul") + 4);
  HttpResponse r = client().Send("POST", "/v1/individuals", with_nul, Auth(kAdminKey));
  EXPECT_EQ(r.status, 400) << with_nul;
  EXPECT_NE(r.body.find("NUL"), std::string::npos) << r.body;
}

TEST_F(ServerTest, OfficerSeesOnlyItsProvincesAndOthersAreMissing) {
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {"KH-14"}}, {"label", "Prey Veng officer"}});
  json mine = Post("/v1/individuals", PersonBody("Mine", "KH-14"), officer);
  json theirs = Post("/v1/individuals", PersonBody("Theirs", "KH-12"), kAdminKey);
  EXPECT_EQ(
      client().Send("GET", "/v1/individuals/" + mine.value("id", ""), "", Auth(officer)).status,
      200);
  HttpResponse hidden =
      client().Send("GET", "/v1/individuals/" + theirs.value("id", ""), "", Auth(officer));
  HttpResponse missing = client().Send(
      "GET", "/v1/individuals/ind_00000000000000000000000000000000", "", Auth(officer));
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body, missing.body);
  // Creating outside its provinces is refused too.
  Post("/v1/individuals", PersonBody("Elsewhere", "KH-12"), officer, 403);
  HttpResponse list = client().Send("GET", "/v1/individuals?limit=500", "", Auth(officer));
  const json people = list.Json()["items"];
  for (const json& person : people) EXPECT_EQ(person["province"], "KH-14");
}

TEST_F(ServerTest, EmployerPostsOwnVacanciesAndCannotReadPeople) {
  json employer = Post(
      "/v1/employers",
      {{"name", "Prey Veng Garments"}, {"province", "KH-14"}, {"sector", "garment"}}, kAdminKey);
  const std::string employer_id = employer.value("id", "");
  const std::string key =
      NewKey({{"role", "employer"}, {"employer_id", employer_id}, {"label", "PV Garments"}});
  json vacancy = Post("/v1/vacancies",
                      {{"title", "Sewing machine operator"},
                       {"occupation", "8153"},
                       {"province", "KH-14"},
                       {"wage", {{"amount", 220}, {"currency", "USD"}, {"period", "month"}}},
                       {"slots", 5},
                       {"hours_per_week", 48},
                       {"contract", "permanent"}},
                      key);
  EXPECT_EQ(vacancy.value("employer_id", ""), employer_id);
  EXPECT_EQ(vacancy.value("status", ""), "pending_review");
  EXPECT_EQ(Violations("vacancy.schema.json", vacancy), "");
  EXPECT_EQ(client().Send("GET", "/v1/individuals", "", Auth(key)).status, 403);
  EXPECT_EQ(client().Send("GET", "/v1/audit", "", Auth(key)).status, 403);
}

TEST_F(ServerTest, RevokedKeyIsRefusedAtOnce) {
  HttpResponse created =
      client().Send("POST", "/v1/api-keys",
                    json{{"role", "officer"}, {"provinces", {"KH-1"}}, {"label", "temp"}}.dump(),
                    Auth(kAdminKey));
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(Violations("api-key.created.schema.json", created.Json()), "");
  const std::string key = created.Json()["key"];
  EXPECT_EQ(client().Send("GET", "/v1/trainings", "", Auth(key)).status, 200);
  EXPECT_EQ(
      client()
          .Send("DELETE", "/v1/api-keys/" + created.Json().value("id", ""), "", Auth(kAdminKey))
          .status,
      204);
  EXPECT_EQ(client().Send("GET", "/v1/trainings", "", Auth(key)).status, 401);
}

TEST_F(ServerTest, PersonReadsAndRefusalsAreAudited) {
  json person = Post("/v1/individuals", PersonBody("Audited", "KH-14"), kAdminKey);
  const std::string id = person.value("id", "");
  const std::string analyst =
      NewKey({{"role", "analyst"}, {"provinces", {"KH-14"}}, {"label", "analyst"}});
  EXPECT_EQ(client().Send("GET", "/v1/individuals/" + id, "", Auth(analyst)).status, 403);
  EXPECT_EQ(client().Send("GET", "/v1/individuals/" + id, "", Auth(kAdminKey)).status, 200);
  // Rows of reads wait in a buffer for up to 100 ms; the audit list writes them out first.
  const json entries =
      client().Send("GET", "/v1/audit?subject=" + id, "", Auth(kAdminKey)).Json()["items"];
  std::set<std::string> outcomes;
  for (const json& e : entries)
    outcomes.insert(e.value("action", "") + ":" + e.value("outcome", ""));
  EXPECT_TRUE(outcomes.count("individual.create:allowed")) << entries.dump();
  EXPECT_TRUE(outcomes.count("individual.read:allowed")) << entries.dump();
  EXPECT_TRUE(outcomes.count("individual.read:denied")) << entries.dump();
}

TEST_F(ServerTest, PatchChangesOnlyWhatItNames) {
  json person = Post("/v1/individuals", PersonBody("Before", "KH-14"), kAdminKey);
  const std::string path = "/v1/individuals/" + person.value("id", "");
  HttpResponse patched = client().Send("PATCH", path, R"({"given_name":"After"})", Auth(kAdminKey));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["given_name"], "After");
  EXPECT_EQ(patched.Json()["family_name"], kKhmerName);
  EXPECT_EQ(client().Send("PATCH", path, R"({"vulnerability":{}})", Auth(kAdminKey)).status, 400);
}

TEST_F(ServerTest, ErasedPersonIsGone) {
  json person = Post("/v1/individuals", PersonBody("Erased", "KH-14"), kAdminKey);
  const std::string path = "/v1/individuals/" + person.value("id", "");
  EXPECT_EQ(client().Send("DELETE", path, "", Auth(kAdminKey)).status, 204);
  EXPECT_EQ(client().Send("GET", path, "", Auth(kAdminKey)).status, 404);
}

TEST_F(ServerTest, IdempotentRetryReturnsTheFirstResult) {
  const std::string body =
      json{{"name", "Retry Co"}, {"province", "KH-3"}, {"sector", "agriculture"}}.dump();
  Headers headers = Auth(kAdminKey);
  headers.emplace_back("Idempotency-Key", "retry-1");
  HttpResponse first = client().Send("POST", "/v1/employers", body, headers);
  HttpResponse retry = client().Send("POST", "/v1/employers", body, headers);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  HttpResponse other = client().Send(
      "POST", "/v1/employers",
      json{{"name", "Other Co"}, {"province", "KH-3"}, {"sector", "agriculture"}}.dump(), headers);
  EXPECT_EQ(other.status, 409);
}

TEST_F(ServerTest, LureVacancyIsHeldAndNeverMatched) {
  json employer =
      Post("/v1/employers",
           {{"name", "Overseas Jobs"}, {"province", "KH-18"}, {"sector", "services"}}, kAdminKey);
  json lure = Post("/v1/vacancies",
                   {{"employer_id", employer["id"]},
                    {"title", "Customer service, high salary, no experience"},
                    {"occupation", "4222"},
                    {"province", "KH-18"},
                    {"wage", {{"amount", 1500}, {"currency", "USD"}, {"period", "month"}}},
                    {"worker_fees", {{"amount", 300}, {"currency", "USD"}, {"period", "month"}}},
                    {"employer_holds_documents", true},
                    {"work_abroad", true},
                    {"slots", 50},
                    {"hours_per_week", 60},
                    {"contract", "daily"}},
                   kAdminKey);
  EXPECT_NE(lure.value("status", ""), "open") << lure.dump();
  EXPECT_FALSE(lure["screening"]["flags"].empty());

  json person = Post("/v1/individuals", PersonBody("Seeker", "KH-18"), kAdminKey);
  HttpResponse matches = client().Send(
      "GET", "/v1/individuals/" + person.value("id", "") + "/matches?kind=all&limit=10", "",
      Auth(kAdminKey));
  ASSERT_EQ(matches.status, 200) << matches.body;
  EXPECT_EQ(Violations("match-list.schema.json", matches.Json()), "");
  EXPECT_THAT(matches.body, Not(HasSubstr(lure.value("id", "x"))));
}

TEST_F(ServerTest, CandidatesShowOnlyTheMinimalView) {
  json employer =
      Post("/v1/employers",
           {{"name", "Candidate Co"}, {"province", "KH-14"}, {"sector", "garment"}}, kAdminKey);
  json vacancy = Post("/v1/vacancies",
                      {{"employer_id", employer["id"]},
                       {"title", "Sewing machine operator"},
                       {"occupation", "7531"},
                       {"province", "KH-14"},
                       {"wage", {{"amount", 230}, {"currency", "USD"}, {"period", "month"}}},
                       {"slots", 2},
                       {"hours_per_week", 48},
                       {"contract", "permanent"}},
                      kAdminKey);
  HttpResponse r = client().Send("GET", "/v1/vacancies/" + vacancy.value("id", "") + "/candidates",
                                 "", Auth(kAdminKey));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Violations("match-list.schema.json", r.Json()), "");
  EXPECT_THAT(r.body, Not(HasSubstr("survivor")));
  EXPECT_THAT(r.body, Not(HasSubstr("household")));
}

TEST_F(ServerTest, AbruptlyClosedConnectionsLeaveTheServerUp) {
  const std::string partial =
      "POST /v1/individuals HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"given";
  for (int i = 0; i < 1000; ++i) client().SendAndDrop(i % 2 ? partial : "GET /v1/heal");
  EXPECT_TRUE(client().Healthy());
}

TEST_F(ServerTest, LogCarriesNoPersonalData) {
  Post("/v1/individuals", PersonBody(kMarkerName, "KH-14"), kAdminKey);
  EXPECT_THAT(server_->Output(), Not(HasSubstr(kMarkerName)));
  EXPECT_THAT(server_->Output(), Not(HasSubstr(kAdminKey)));
}

// Runs last (gtest keeps declaration order): the server is gone afterwards.
TEST_F(ServerTest, SigtermStopsWithinFiveSeconds) {
  std::chrono::milliseconds took{0};
  EXPECT_TRUE(server_->Terminate(std::chrono::seconds(5), &took)) << server_->Output();
  EXPECT_LT(took.count(), 5000);
}

}  // namespace
}  // namespace homeward::testing
