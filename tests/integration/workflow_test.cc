// The programme's workflows end to end on a real server with the real plugins: a referral from
// proposal to hire and follow-up (illegal moves refused and harmless, a hire fills the vacancy,
// each party sees only what it should), a province-wide allocation, market data replaced through
// the API and used by the next match and after a restart, reports in JSON and CSV, a plugin
// reload under concurrent queries, and the metrics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "contract.h"
#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kAdminKey[] = "workflow-admin-key-0123456789abcdef";
constexpr char kHome[] = "KH-12";
constexpr char kOther[] = "KH-3";
constexpr char kKhmerName[] = "\xe1\x9e\x9f\xe1\x9e\xbb\xe1\x9e\x81\xe1\x9e\xb6";  // សុខា

Headers Auth(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

json Person(const std::string& province) {
  return SamplePerson(province, kKhmerName);
}

json Vacancy(const std::string& employer, const std::string& province, int slots) {
  return SampleVacancy(employer, province, slots, "Sewing machine operator");
}

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start() {
    client_.reset();
    server_ = std::make_unique<ServerProcess>(dir_.File("homeward.db"), dir_.File("server.log"),
                                              kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  HttpResponse Send(const std::string& key, const std::string& method, const std::string& path,
                    const json& body = nullptr, Headers headers = {}) {
    for (auto& header : Auth(key)) headers.push_back(header);
    return client_->Send(method, path, body.is_null() ? "" : body.dump(), headers);
  }

  std::string Create(const std::string& path, const json& body) {
    HttpResponse r = Send(kAdminKey, "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.Json().value("id", "");
  }

  std::string NewKey(const json& body) {
    HttpResponse r = Send(kAdminKey, "POST", "/v1/api-keys", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("key", "");
  }

  std::string Employer(const std::string& name, const std::string& province) {
    return Create("/v1/employers", {{"name", name}, {"province", province}, {"sector", "garment"}});
  }

  // A vacancy open for matching: approved by the admin when screening held it for review.
  std::string OpenVacancy(const std::string& employer, const std::string& province, int slots) {
    HttpResponse posted =
        Send(kAdminKey, "POST", "/v1/vacancies", Vacancy(employer, province, slots));
    EXPECT_EQ(posted.status, 201) << posted.body;
    const std::string id = posted.Json().value("id", "");
    if (posted.Json().value("status", "") == "pending_review") {
      HttpResponse reviewed = Send(kAdminKey, "POST", "/v1/vacancies/" + id + "/review",
                                   {{"decision", "approve"}, {"note", "Factory visited."}});
      EXPECT_EQ(reviewed.status, 200) << reviewed.body;
    }
    EXPECT_EQ(Send(kAdminKey, "GET", "/v1/vacancies/" + id).Json().value("status", ""), "open");
    return id;
  }

  // Sends a referral change and checks the answer against the OpenAPI description.
  HttpResponse Move(const std::string& key, const std::string& referral, const json& change) {
    HttpResponse r = Send(key, "PATCH", "/v1/referrals/" + referral, change);
    EXPECT_EQ(ContractViolations("PATCH", "/v1/referrals/{id}", r), "") << r.body;
    return r;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(WorkflowTest, ReferralFromProposalToFollowUp) {
  const std::string employer = Employer("Phnom Penh Garments", kHome);
  const std::string rival = Employer("Rival Garments", kHome);
  const std::string vacancy = OpenVacancy(employer, kHome, 1);
  const std::string person = Create("/v1/individuals", Person(kHome));
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "home officer"}});
  const std::string stranger =
      NewKey({{"role", "officer"}, {"provinces", {kOther}}, {"label", "other officer"}});
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});
  const std::string rival_boss =
      NewKey({{"role", "employer"}, {"employer_id", rival}, {"label", "r"}});

  HttpResponse created = Send(officer, "POST", "/v1/referrals",
                              {{"individual_id", person},
                               {"opportunity_id", vacancy},
                               {"note", "Needs a day shift: two children at school."}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/referrals", created), "");
  const std::string referral = created.Json().value("id", "");
  EXPECT_EQ(created.headers["location"], "/v1/referrals/" + referral);
  EXPECT_EQ(created.Json()["status"], "proposed");

  // The same person to the same vacancy again: a referral is already in progress.
  EXPECT_EQ(Send(officer, "POST", "/v1/referrals",
                 {{"individual_id", person}, {"opportunity_id", vacancy}})
                .status,
            409);
  // Other parties do not see it at all.
  EXPECT_EQ(Send(stranger, "GET", "/v1/referrals/" + referral).status, 404);
  EXPECT_EQ(Send(rival_boss, "GET", "/v1/referrals/" + referral).status, 404);
  EXPECT_EQ(Send(rival_boss, "GET", "/v1/referrals").Json()["items"].size(), 0u);
  EXPECT_EQ(Move(rival_boss, referral, {{"status", "interviewing"}}).status, 404);

  // Only the officer sends a proposal on: its employer does not even see it yet.
  EXPECT_EQ(Move(boss, referral, {{"status", "referred"}}).status, 404);
  EXPECT_EQ(Move(officer, referral, {{"status", "hired"}}).status, 409);
  HttpResponse unchanged = Send(officer, "GET", "/v1/referrals/" + referral);
  EXPECT_EQ(unchanged.Json()["status"], "proposed");
  EXPECT_EQ(unchanged.Json()["history"].size(), 1u);

  ASSERT_EQ(Move(officer, referral, {{"status", "referred"}, {"note", "Interview Monday"}}).status,
            200);

  // The employer's view: the referral, the minimal view of the person, no officer notes.
  HttpResponse seen = Send(boss, "GET", "/v1/referrals/" + referral);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/referrals/{id}", seen), "");
  const json view = seen.Json();
  EXPECT_EQ(view["individual"]["given_name"], kKhmerName);
  EXPECT_FALSE(view["individual"].contains("household"));
  EXPECT_FALSE(view["individual"].contains("survivor"));
  EXPECT_THAT(seen.body, ::testing::Not(HasSubstr("two children")));
  EXPECT_EQ(Send(boss, "GET", "/v1/referrals").Json()["items"].size(), 1u);

  // The employer reports the interview and the hire; the hire fills the only slot.
  ASSERT_EQ(Move(boss, referral, {{"status", "interviewing"}}).status, 200);
  HttpResponse hired = Move(boss, referral, {{"status", "hired"}});
  ASSERT_EQ(hired.status, 200) << hired.body;
  EXPECT_TRUE(hired.Json()["follow_up_on"].is_string()) << hired.body;
  const json filled = Send(kAdminKey, "GET", "/v1/vacancies/" + vacancy).Json();
  EXPECT_EQ(filled["status"], "filled");
  EXPECT_EQ(filled["slots_filled"], 1);
  EXPECT_EQ(Send(officer, "GET", "/v1/individuals/" + person).Json()["status"], "placed");

  // Leaving needs a reason from the fixed list; the history keeps every change.
  EXPECT_EQ(Move(boss, referral, {{"status", "left"}}).status, 400);
  EXPECT_EQ(Move(boss, referral, {{"status", "left"}, {"reason", "bored"}}).status, 400);
  HttpResponse after = Send(officer, "GET", "/v1/referrals/" + referral);
  EXPECT_EQ(after.Json()["status"], "hired");
  ASSERT_EQ(after.Json()["history"].size(), 4u);
  EXPECT_EQ(after.Json()["history"][1]["note"], "Interview Monday");

  // Retention is not due the day after the hire (safeguards_test checks it 90 days on); a change
  // from a final state is refused with 409 and changes nothing.
  EXPECT_EQ(Move(officer, referral, {{"status", "retained_3m"}}).status, 409);
  ASSERT_EQ(Move(officer, referral, {{"status", "left"}, {"reason", "health"}}).status, 200);
  EXPECT_EQ(Move(officer, referral, {{"status", "retained_3m"}}).status, 409);
  EXPECT_EQ(Send(officer, "GET", "/v1/referrals/" + referral).Json()["status"], "left");

  // Every change is in the audit log, and the employer's view of the person too.
  const json audit =
      Send(kAdminKey, "GET", "/v1/audit?subject=" + person + "&limit=500").Json()["items"];
  bool minimal_read = false;
  for (const json& row : audit) minimal_read |= row["action"] == "individual.read_minimal";
  EXPECT_TRUE(minimal_read) << audit.dump();
}

TEST_F(WorkflowTest, ReferralOutsideScopeIsRefused) {
  const std::string employer = Employer("Battambang Rice", kOther);
  const std::string far_vacancy = OpenVacancy(employer, kOther, 2);
  const std::string home_person = Create("/v1/individuals", Person(kHome));
  const std::string other_person = Create("/v1/individuals", Person(kOther));
  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});

  // A person outside the officer's provinces is missing; a vacancy outside them is refused.
  EXPECT_EQ(Send(officer, "POST", "/v1/referrals",
                 {{"individual_id", other_person}, {"opportunity_id", far_vacancy}})
                .status,
            404);
  EXPECT_EQ(Send(officer, "POST", "/v1/referrals",
                 {{"individual_id", home_person}, {"opportunity_id", far_vacancy}})
                .status,
            403);
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/referrals").Json()["items"].size(), 0u);
  // Unknown fields and bad statuses never reach the engine.
  EXPECT_EQ(Send(officer, "POST", "/v1/referrals",
                 {{"individual_id", home_person}, {"opportunity_id", far_vacancy}, {"x", 1}})
                .status,
            400);
}

TEST_F(WorkflowTest, AllocationProposesWithinTheProvince) {
  const std::string employer = Employer("Phnom Penh Garments", kHome);
  OpenVacancy(employer, kHome, 2);
  for (int i = 0; i < 4; ++i) Create("/v1/individuals", Person(kHome));
  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
  const std::string stranger =
      NewKey({{"role", "officer"}, {"provinces", {kOther}}, {"label", "s"}});

  HttpResponse run =
      Send(officer, "POST", "/v1/allocations", {{"province", kHome}, {"kind", "job"}});
  ASSERT_EQ(run.status, 201) << run.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/allocations", run), "");
  const json allocation = run.Json();
  EXPECT_EQ(allocation["assignments"].size(), 2u) << run.body;  // two slots, four people
  EXPECT_EQ(allocation["stats"]["people"], 4);
  const std::string id = allocation.value("id", "");
  EXPECT_EQ(Send(officer, "GET", "/v1/allocations/" + id).Json(), allocation);
  EXPECT_EQ(Send(stranger, "GET", "/v1/allocations/" + id).status, 404);
  EXPECT_EQ(
      Send(stranger, "POST", "/v1/allocations", {{"province", kHome}, {"kind", "job"}}).status,
      403);
  // It proposes; it refers no one.
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/referrals").Json()["items"].size(), 0u);
}

TEST_F(WorkflowTest, MarketDataReplacedThroughTheApiDrivesTheNextMatchAndSurvivesRestart) {
  const std::string employer = Employer("Phnom Penh Garments", kHome);
  OpenVacancy(employer, kHome, 3);
  const std::string person = Create("/v1/individuals", Person(kHome));
  const std::string analyst =
      NewKey({{"role", "analyst"}, {"provinces", {kHome}}, {"label", "analyst"}});
  const std::string market_path = std::string("/v1/provinces/") + kHome + "/market";

  auto wage_score = [&] {
    const json items =
        Send(kAdminKey, "GET", "/v1/individuals/" + person + "/matches?kind=job").Json()["items"];
    for (const json& component : items.at(0)["components"]) {
      if (component["name"] == "wage") return component["score"].get<double>();
    }
    return -1.0;
  };
  const double before = wage_score();

  HttpResponse current = Send(analyst, "GET", market_path);
  ASSERT_EQ(current.status, 200) << current.body;
  json market = current.Json();
  const int version = market.value("version", 0);

  // Refused without changing anything: another province, a broken body.
  EXPECT_EQ(Send(analyst, "PUT", "/v1/provinces/KH-3/market", market).status, 403);
  json broken = market;
  broken["living_wage"] = -5;
  broken["surprise"] = true;
  HttpResponse refused = Send(analyst, "PUT", market_path, broken);
  EXPECT_EQ(refused.status, 400);
  EXPECT_GE(refused.Json()["errors"].size(), 2u) << refused.body;
  EXPECT_EQ(Send(analyst, "GET", market_path).Json(), market);

  // A living wage far above this vacancy's wage: the next match scores its wage lower.
  market["living_wage"] = 900;
  market["source"] = "Survey of the provincial labour office, November 2026";
  HttpResponse replaced = Send(analyst, "PUT", market_path, market);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(ContractViolations("PUT", "/v1/provinces/{code}/market", replaced), "");
  EXPECT_EQ(replaced.Json()["living_wage"], 900);
  EXPECT_GT(replaced.Json().value("version", 0), version);
  const double after = wage_score();
  EXPECT_LT(after, before);

  // A restart keeps the replacement in force.
  ASSERT_TRUE(server_->Terminate(std::chrono::seconds(5))) << server_->Output();
  Start();
  const json reloaded = Send(analyst, "GET", market_path).Json();
  EXPECT_EQ(reloaded["living_wage"], 900);
  EXPECT_EQ(reloaded["source"], market["source"]);
  EXPECT_DOUBLE_EQ(wage_score(), after);
}

TEST_F(WorkflowTest, ReportsInJsonAndCsvWithinTheAnalystsProvinces) {
  Create("/v1/individuals", Person(kHome));
  Create("/v1/individuals", Person(kOther));
  const std::string analyst = NewKey({{"role", "analyst"}, {"provinces", {kHome}}, {"label", "a"}});

  HttpResponse report = Send(analyst, "GET", "/v1/reports/summary");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/reports/summary", report), "");
  ASSERT_EQ(report.Json()["provinces"].size(), 1u);
  EXPECT_EQ(report.Json()["provinces"][0]["province"], kHome);
  EXPECT_EQ(report.Json()["overall"]["people_by_status"]["active"], 1);

  EXPECT_EQ(Send(analyst, "GET", "/v1/reports/summary?province=KH-3").status, 403);
  EXPECT_EQ(Send(analyst, "GET", "/v1/reports/summary?province=KH-99").status, 400);
  EXPECT_EQ(
      Send(kAdminKey, "GET", "/v1/reports/summary").Json()["overall"]["people_by_status"]["active"],
      2);

  HttpResponse csv = Send(analyst, "GET", "/v1/reports/summary", nullptr, {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_THAT(csv.headers["content-type"], StartsWith("text/csv"));
  EXPECT_THAT(csv.body, StartsWith("province,measure,category,value\r\n"));
  EXPECT_THAT(csv.body, HasSubstr("KH-12,people_by_status,active,1"));
}

// The band docs/referrals.md gives a vulnerability score.
std::string Band(double score) {
  return score < 25 ? "0-24" : score < 50 ? "25-49" : score < 75 ? "50-74" : "75-100";
}

// A hire through the API counts in this month's placements by the person's sex, and the active
// people in their vulnerability bands (a placed or erased person no longer), in JSON and CSV.
TEST_F(WorkflowTest, ReportsPlacementsByMonthAndVulnerabilityBandsInJsonAndCsv) {
  const std::string employer = Employer("Phnom Penh Garments", kHome);
  const std::string vacancy = OpenVacancy(employer, kHome, 2);
  const std::string hired_person = Create("/v1/individuals", Person(kHome));
  const std::string waiting = Create("/v1/individuals", Person(kHome));
  const std::string analyst = NewKey({{"role", "analyst"}, {"provinces", {kHome}}, {"label", "a"}});
  HttpResponse created = Send(kAdminKey, "POST", "/v1/referrals",
                              {{"individual_id", hired_person}, {"opportunity_id", vacancy}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string referral = created.Json().value("id", "");
  for (const char* status : {"referred", "interviewing", "hired"}) {
    ASSERT_EQ(Move(kAdminKey, referral, {{"status", status}}).status, 200) << status;
  }
  const double score =
      Send(kAdminKey, "GET", "/v1/individuals/" + waiting).Json()["vulnerability"]["score"];

  HttpResponse report = Send(analyst, "GET", "/v1/reports/summary");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/reports/summary", report), "");
  const json home = report.Json()["provinces"][0];
  const std::string month = report.Json().value("generated_at", "").substr(0, 7);
  ASSERT_EQ(home["placements_by_month"].size(), 24u);
  const json& latest = home["placements_by_month"][23];
  EXPECT_EQ(latest["month"], month);
  EXPECT_EQ(latest["placements"], json({{"female", 1}, {"male", 0}, {"other", 0}}));
  EXPECT_EQ(latest["retained_3m"]["female"], 0);
  EXPECT_EQ(home["placements_by_month"][22]["placements"]["female"], 0);
  json bands = {{"0-24", 0}, {"25-49", 0}, {"50-74", 0}, {"75-100", 0}};
  bands[Band(score)] = 1;  // the hired person is placed, not active
  EXPECT_EQ(home["vulnerability_distribution"], bands) << "score " << score;
  EXPECT_EQ(report.Json()["overall"]["vulnerability_distribution"], bands);

  HttpResponse csv = Send(analyst, "GET", "/v1/reports/summary", nullptr, {{"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_THAT(csv.body,
              HasSubstr(std::string(kHome) + ",placements_by_month," + month + "/female,1\r\n"));
  EXPECT_THAT(csv.body, HasSubstr("all,retained_6m_by_month," + month + "/female,0\r\n"));
  EXPECT_THAT(csv.body, HasSubstr(std::string(kHome) + ",vulnerability_distribution," +
                                  Band(score) + ",1\r\n"));

  ASSERT_EQ(Send(kAdminKey, "DELETE", "/v1/individuals/" + waiting).status, 204);
  const json after = Send(analyst, "GET", "/v1/reports/summary").Json();
  EXPECT_EQ(after["overall"]["vulnerability_distribution"][Band(score)], 0);
}

TEST_F(WorkflowTest, PluginsAndProvincesAreListedAndReloadLosesNoRequest) {
  const json plugins = Send(kAdminKey, "GET", "/v1/plugins").Json()["items"];
  ASSERT_EQ(plugins.size(), 8u);
  for (const json& plugin : plugins) EXPECT_EQ(plugin["state"], "loaded") << plugin.dump();
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/plugins/no-such-plugin").status, 404);

  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
  HttpResponse provinces = Send(officer, "GET", "/v1/provinces");
  ASSERT_EQ(provinces.status, 200);
  EXPECT_EQ(ContractViolations("GET", "/v1/provinces", provinces), "");
  EXPECT_EQ(provinces.Json()["items"].size(), 25u);
  EXPECT_EQ(Send(officer, "POST", "/v1/plugins/reload").status, 403);

  const std::string employer = Employer("Phnom Penh Garments", kHome);
  OpenVacancy(employer, kHome, 3);
  const std::string person = Create("/v1/individuals", Person(kHome));

  // Matches keep being answered while the admin reloads the plugins again and again.
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      HttpClient client(server_->port());
      while (!stop) {
        HttpResponse r =
            client.Send("GET", "/v1/individuals/" + person + "/matches", "", Auth(kAdminKey));
        (r.status == 200 && r.Json()["items"].size() == 1 ? answered : failed)++;
      }
    });
  }
  for (int i = 0; i < 5; ++i) {
    HttpResponse reloaded = Send(kAdminKey, "POST", "/v1/plugins/reload");
    EXPECT_EQ(reloaded.status, 200) << reloaded.body;
    EXPECT_EQ(reloaded.Json()["items"].size(), 8u);
  }
  // Quick reloads may end before a reader has had its first answer.
  for (int i = 0; i < 3000 && answered + failed < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(answered, 0);
}

TEST_F(WorkflowTest, ReadAuditRowsWaitingAtAStopAreWrittenBeforeTheProcessEnds) {
  const std::string person = Create("/v1/individuals", Person(kHome));
  ASSERT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + person).status, 200);
  ASSERT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + person + "/matches").status, 200);
  // Stopped at once, within the 100 ms in which these rows wait for their batch.
  ASSERT_TRUE(server_->Terminate(std::chrono::seconds(5))) << server_->Output();
  Start();
  const json entries =
      Send(kAdminKey, "GET", "/v1/audit?subject=" + person).Json().value("items", json::array());
  std::multiset<std::string> actions;
  for (const json& e : entries) actions.insert(e.value("action", ""));
  EXPECT_EQ(actions.count("individual.read"), 1u) << entries.dump();
  EXPECT_EQ(actions.count("individual.matches"), 1u) << entries.dump();
}

TEST_F(WorkflowTest, BodiesAreGzippedOnlyForClientsThatAcceptIt) {
  const std::string employer = Employer("Gzip Garments", kHome);
  for (int i = 0; i < 3; ++i) OpenVacancy(employer, kHome, 2);
  const std::string person = Create("/v1/individuals", Person(kHome));
  const std::string matches = "/v1/individuals/" + person + "/matches?kind=job";

  HttpResponse plain = Send(kAdminKey, "GET", matches);
  ASSERT_EQ(plain.status, 200) << plain.body;
  ASSERT_GT(plain.body.size(), 1024u);
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_EQ(plain.headers["vary"], "Accept-Language, Accept-Encoding");
  // A match list is compressed once and served from the cache after: both answers are the
  // plain bytes, Khmer name included.
  for (int i = 0; i < 2; ++i) {
    HttpResponse zipped = Send(kAdminKey, "GET", matches, nullptr, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(zipped.status, 200);
    EXPECT_EQ(zipped.headers["content-encoding"], "gzip");
    EXPECT_EQ(zipped.headers["vary"], "Accept-Language, Accept-Encoding");
    EXPECT_LT(zipped.body.size(), plain.body.size() / 3);
    EXPECT_EQ(Gunzip(zipped.body), plain.body);
  }
  // Bodies made per request are compressed too; Khmer text survives byte for byte.
  HttpResponse list_plain = Send(kAdminKey, "GET", "/v1/individuals?limit=50");
  HttpResponse list_zipped = Send(kAdminKey, "GET", "/v1/individuals?limit=50", nullptr,
                                  {{"Accept-Encoding", "deflate, gzip;q=0.8"}});
  ASSERT_EQ(list_zipped.headers["content-encoding"], "gzip");
  EXPECT_EQ(Gunzip(list_zipped.body), list_plain.body);
  EXPECT_THAT(list_plain.body, HasSubstr(kKhmerName));
  // Refused or unknown codings, and small bodies, go out as they are.
  for (const char* refused : {"gzip;q=0", "br", "identity"}) {
    HttpResponse r = Send(kAdminKey, "GET", matches, nullptr, {{"Accept-Encoding", refused}});
    EXPECT_EQ(r.headers.count("content-encoding"), 0u) << refused;
    EXPECT_EQ(r.body, plain.body) << refused;
  }
  HttpResponse health = client_->Send("GET", "/v1/health", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(health.headers.count("content-encoding"), 0u);
  EXPECT_TRUE(health.Json().is_object());
}

TEST_F(WorkflowTest, MetricsCountRequestsByRouteForAdminsOnly) {
  const std::string analyst = NewKey({{"role", "analyst"}, {"provinces", {kHome}}, {"label", "a"}});
  Send(kAdminKey, "GET", "/v1/vacancies/vac_00000000000000000000000000000000");
  EXPECT_EQ(Send(analyst, "GET", "/v1/metrics").status, 403);
  HttpResponse metrics = Send(kAdminKey, "GET", "/v1/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.headers["content-type"], StartsWith("text/plain"));
  EXPECT_THAT(metrics.body, HasSubstr("homeward_http_requests_total{route=\"/v1/vacancies/{id}\","
                                      "method=\"GET\",status=\"404\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("homeward_plugins_loaded 8"));
  EXPECT_THAT(metrics.body, ::testing::Not(HasSubstr("vac_0000")));
}

}  // namespace
}  // namespace homeward::testing
