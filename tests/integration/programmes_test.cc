// Livelihood programmes through the HTTP API of a real server (docs/api.md, "Programmes";
// docs/matching.md, "Programmes"; docs/referrals.md): a programme created by an officer, matched
// with its explained components while the programmes the person is not eligible for stay out,
// allocated, referred, enrolled (a place taken), completed and its income verified six months
// on; bad bodies refused naming each problem with nothing stored; another province's officer
// kept out as for trainings; every step of the referral audited.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "contract.h"
#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

constexpr char kAdminKey[] = "programmes-admin-key-0123456789abcdef";
constexpr char kHome[] = "KH-12";
constexpr char kOther[] = "KH-3";

// A start-up grant for women aged 18-45 of IDPoor households with at most 100,000 riel a month
// per head, in the person's district.
json Grant() {
  return {{"kind", "self_employment_grant"},
          {"provider", "Chamkar Mon Women's Enterprise Fund"},
          {"title", "Start-up grant for a tailoring stall"},
          {"description", "A grant in kind (a sewing machine and cloth) and six coaching visits."},
          {"province", kHome},
          {"districts", {"Chamkar Mon"}},
          {"seats", 2},
          {"eligibility",
           {{"min_age", 18},
            {"max_age", 45},
            {"sexes", {"female"}},
            {"idpoor_levels", {1, 2}},
            {"max_monthly_income_per_head",
             {{"amount", 100000}, {"currency", "KHR"}, {"period", "month"}}},
            {"survivors_only", false}}},
          {"support", {{"amount", 300}, {"currency", "USD"}, {"period", "month"}}},
          {"expected_income_gain",
           {{"amount", 60},
            {"currency", "USD"},
            {"period", "month"},
            {"source", "Provider's follow-up of its 2025 grantees"}}}};
}

// The sample person, of an IDPoor level 1 household of 5 living on $60 a month.
json PoorPerson() {
  json person = SamplePerson(kHome, "Sophea");
  person["idpoor_level"] = 1;
  person["household"]["monthly_income"] = 60;
  return person;
}

std::set<std::string> RuleCodes(const json& problem) {
  std::set<std::string> codes;
  for (const json& error : problem.value("errors", json::array())) {
    const std::string message = error.value("message", "");
    codes.insert(message.substr(0, message.find(':')));
  }
  return codes;
}

std::set<std::string> ErrorPaths(const json& problem) {
  std::set<std::string> paths;
  for (const json& error : problem.value("errors", json::array())) {
    paths.insert(error.value("path", ""));
  }
  return paths;
}

class ProgrammesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Start();
    officer_ = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "home"}});
    other_officer_ = NewKey({{"role", "officer"}, {"provinces", {kOther}}, {"label", "other"}});
  }

  // (Re)starts the server on the same database, its clock `offset_days` ahead of real time.
  void Start(int offset_days = 0) {
    client_.reset();
    server_.reset();
    std::vector<std::string> args;
    if (offset_days != 0) args = {"--clock-offset-days", std::to_string(offset_days)};
    server_ = std::make_unique<ServerProcess>(dir_.File("homeward.db"), dir_.File("server.log"),
                                              kAdminKey, args);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  HttpResponse Send(const std::string& key, const std::string& method, const std::string& path,
                    const json& body = nullptr) {
    return client_->Send(method, path, body.is_null() ? "" : body.dump(),
                         {{"Authorization", "Bearer " + key}});
  }

  std::string Create(const std::string& key, const std::string& path, const json& body) {
    HttpResponse r = Send(key, "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.Json().value("id", "");
  }

  std::string NewKey(const json& body) {
    HttpResponse r = Send(kAdminKey, "POST", "/v1/api-keys", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("key", "");
  }

  json Read(const std::string& path) { return Send(kAdminKey, "GET", path).Json(); }

  HttpResponse Move(const std::string& referral, const std::string& status,
                    const json& extra = json::object()) {
    json body = extra;
    body["status"] = status;
    HttpResponse r = Send(officer_, "PATCH", "/v1/referrals/" + referral, body);
    EXPECT_EQ(ContractViolations("PATCH", "/v1/referrals/{id}", r), "") << r.body;
    return r;
  }

  std::vector<std::string> AuditActions(const std::string& subject) {
    std::vector<std::string> actions;
    const json rows = Read("/v1/audit?limit=200&subject=" + subject)["items"];
    for (const json& row : rows) actions.push_back(row.value("action", ""));
    return actions;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::string officer_, other_officer_;
};

TEST_F(ProgrammesTest, CreatedMatchedAllocatedReferredEnrolledCompletedAndVerified) {
  const std::string person = Create(officer_, "/v1/individuals", PoorPerson());

  HttpResponse posted = Send(officer_, "POST", "/v1/programmes", Grant());
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/programmes", posted), "");
  const json grant = posted.Json();
  const std::string programme = grant.value("id", "");
  EXPECT_EQ(posted.headers["location"], "/v1/programmes/" + programme);
  EXPECT_EQ(grant["eligibility"]["idpoor_levels"], json({1, 2}));
  EXPECT_EQ(grant["expected_income_gain"]["source"], "Provider's follow-up of its 2025 grantees");
  EXPECT_EQ(grant.value("seats_filled", -1), 0);

  // Programmes she is not eligible for: survivors only, IDPoor level 2 only, men only, another
  // district, and one for households richer per head than the ceiling allows.
  json survivors = Grant();
  survivors["title"] = "Survivors' enterprise grant";
  survivors["eligibility"]["survivors_only"] = true;
  const std::string for_survivors = Create(officer_, "/v1/programmes", survivors);
  json level2 = Grant();
  level2["title"] = "Level 2 grant";
  level2["eligibility"]["idpoor_levels"] = {2};
  const std::string for_level2 = Create(officer_, "/v1/programmes", level2);
  json men = Grant();
  men["title"] = "Grant for men";
  men["eligibility"]["sexes"] = {"male"};
  Create(officer_, "/v1/programmes", men);
  json elsewhere = Grant();
  elsewhere["title"] = "Grant in Doun Penh";
  elsewhere["districts"] = {"Doun Penh"};
  Create(officer_, "/v1/programmes", elsewhere);
  json poorer = Grant();
  poorer["title"] = "Grant for the poorest";
  poorer["eligibility"]["max_monthly_income_per_head"] = {
      {"amount", 20000}, {"currency", "KHR"}, {"period", "month"}};
  const std::string for_poorer = Create(officer_, "/v1/programmes", poorer);

  HttpResponse matched =
      Send(officer_, "GET", "/v1/individuals/" + person + "/matches?kind=programme");
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}/matches", matched), "");
  const json items = matched.Json()["items"];
  ASSERT_EQ(items.size(), 1u) << matched.body;
  EXPECT_EQ(items[0]["opportunity"]["id"], programme);
  EXPECT_EQ(items[0]["kind"], "programme");
  std::vector<std::string> names;
  for (const json& c : items[0]["components"]) {
    names.push_back(c.value("name", ""));
    EXPECT_FALSE(c.value("reason", "").empty()) << c.dump();
  }
  EXPECT_THAT(names, ElementsAre("need", "fit", "distance", "income_gain", "capacity"));
  // Income gain: $60 a month against a shortfall of 5 x the poverty line - $60.
  EXPECT_THAT(items[0]["components"][3].value("reason", ""),
              ::testing::HasSubstr("Adds about $60 a month against a household shortfall"));
  EXPECT_THAT(items[0]["components"][0].value("reason", ""),
              ::testing::HasSubstr("IDPoor level 1"));

  // kind=all lists the programme beside jobs and trainings.
  const json all = Send(officer_, "GET", "/v1/individuals/" + person + "/matches?kind=all").Json();
  std::vector<std::string> all_ids;
  for (const json& item : all["items"]) all_ids.push_back(item["opportunity"].value("id", ""));
  EXPECT_THAT(all_ids, Contains(programme));

  // Referring her to a programme she is not eligible for names every failed rule.
  for (const auto& [id, code] :
       std::vector<std::pair<std::string, std::string>>{{for_survivors, "survivors_only"},
                                                        {for_level2, "idpoor_level_not_eligible"},
                                                        {for_poorer, "income_per_head_too_high"}}) {
    HttpResponse refused = Send(officer_, "POST", "/v1/referrals",
                                {{"individual_id", person}, {"opportunity_id", id}});
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(RuleCodes(refused.Json()), std::set<std::string>{code}) << refused.body;
  }

  // The allocation of the province's programmes proposes her for the grant.
  HttpResponse allocated =
      Send(officer_, "POST", "/v1/allocations", {{"province", kHome}, {"kind", "programme"}});
  ASSERT_EQ(allocated.status, 201) << allocated.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/allocations", allocated), "");
  const json assignments = allocated.Json()["assignments"];
  ASSERT_EQ(assignments.size(), 1u) << allocated.body;
  EXPECT_EQ(assignments[0]["individual_id"], person);
  EXPECT_EQ(assignments[0]["opportunity_id"], programme);

  HttpResponse created = Send(officer_, "POST", "/v1/referrals",
                              {{"individual_id", person}, {"opportunity_id", programme}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/referrals", created), "");
  const std::string referral = created.Json().value("id", "");
  EXPECT_EQ(created.Json()["kind"], "programme");
  EXPECT_EQ(created.Json()["status"], "proposed");

  // A job's statuses are not a programme's.
  EXPECT_EQ(Move(referral, "interviewing").status, 409);
  ASSERT_EQ(Move(referral, "referred").status, 200);
  EXPECT_EQ(Move(referral, "hired").status, 409);
  HttpResponse enrolled = Move(referral, "enrolled");
  ASSERT_EQ(enrolled.status, 200) << enrolled.body;
  EXPECT_EQ(Read("/v1/programmes/" + programme).value("seats_filled", -1), 1);
  // A programme is support, not a placement: she stays active.
  EXPECT_EQ(Read("/v1/individuals/" + person).value("status", ""), "active");
  ASSERT_EQ(Move(referral, "completed").status, 200);
  HttpResponse early = Move(referral, "income_verified_6m");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_THAT(RuleCodes(early.Json()), Contains("income_verification_too_early"));

  Start(181);
  HttpResponse verified = Move(referral, "income_verified_6m", {{"note", "Stall earns $70"}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  std::vector<std::string> path;
  const json history = verified.Json()["history"];
  for (const json& change : history) path.push_back(change.value("to", ""));
  EXPECT_THAT(path,
              ElementsAre("proposed", "referred", "enrolled", "completed", "income_verified_6m"));

  // The summary report counts programme referrals by status and enrolments in programmes.
  HttpResponse report =
      Send(kAdminKey, "GET", std::string("/v1/reports/summary?province=") + kHome);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/reports/summary", report), "");
  const json province = report.Json()["provinces"][0];
  EXPECT_EQ(province["referrals_by_status"].value("income_verified_6m", 0), 1) << report.body;
  EXPECT_EQ(province.value("programme_enrolments", 0), 1) << report.body;

  // Audited as trainings are: the referral's every step (plain edits of an opportunity leave no
  // row, docs/api-guide.md).
  EXPECT_THAT(AuditActions(referral), IsSupersetOf({"referral.create", "referral.status"}));
}

TEST_F(ProgrammesTest, BadBodiesNameEachProblemAndStoreNothing) {
  json bad = Grant();
  bad["kind"] = "lottery";
  bad["seats"] = 0;
  bad["eligibility"]["idpoor_levels"] = {3};
  bad["expected_income_gain"].erase("source");
  bad["bonus"] = true;
  HttpResponse refused = Send(officer_, "POST", "/v1/programmes", bad);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.headers["content-type"], "application/problem+json");
  EXPECT_EQ(ContractViolations("POST", "/v1/programmes", refused), "");
  EXPECT_THAT(ErrorPaths(refused.Json()),
              IsSupersetOf({"/kind", "/seats", "/eligibility/idpoor_levels/0",
                            "/expected_income_gain/source", "/bonus"}))
      << refused.body;
  EXPECT_TRUE(Read("/v1/programmes")["items"].empty());

  const std::string programme = Create(officer_, "/v1/programmes", Grant());
  const json before = Read("/v1/programmes/" + programme);
  HttpResponse patch = Send(officer_, "PATCH", "/v1/programmes/" + programme,
                            {{"seats", -1}, {"eligibility", {{"sexes", {"robot"}}}}});
  EXPECT_EQ(patch.status, 400) << patch.body;
  EXPECT_THAT(ErrorPaths(patch.Json()), IsSupersetOf({"/seats", "/eligibility/sexes/0"}));
  EXPECT_EQ(Read("/v1/programmes/" + programme), before);

  HttpResponse kind = Send(officer_, "GET", "/v1/individuals/ind_x/matches?kind=grants");
  EXPECT_EQ(kind.status, 400) << kind.body;
}

TEST_F(ProgrammesTest, OfficersOfAnotherProvinceReadButNeverChangeOrRefer) {
  const std::string person = Create(officer_, "/v1/individuals", PoorPerson());
  const std::string programme = Create(officer_, "/v1/programmes", Grant());
  const json before = Read("/v1/programmes/" + programme);

  // Read everywhere, as trainings are.
  EXPECT_EQ(Send(other_officer_, "GET", "/v1/programmes/" + programme).status, 200);
  EXPECT_EQ(Send(other_officer_, "GET", "/v1/programmes").Json()["items"].size(), 1u);
  // Changed only in the officer's own provinces: out of scope answers like a missing record.
  HttpResponse changed =
      Send(other_officer_, "PATCH", "/v1/programmes/" + programme, {{"seats", 1}});
  HttpResponse missing =
      Send(other_officer_, "PATCH", "/v1/programmes/prg_00000000000000000000000000000000",
           {{"seats", 1}});
  EXPECT_EQ(changed.status, 404) << changed.body;
  EXPECT_EQ(changed.body, missing.body);
  EXPECT_EQ(Send(other_officer_, "POST", "/v1/programmes", Grant()).status, 403);
  // Nor may it move a programme of its own into a province it does not hold.
  json mine = Grant();
  mine["province"] = kOther;
  mine.erase("districts");
  const std::string own = Create(other_officer_, "/v1/programmes", mine);
  EXPECT_EQ(Send(other_officer_, "PATCH", "/v1/programmes/" + own, {{"province", kHome}}).status,
            403);
  // The home person is out of its scope: referring her answers like a missing person.
  EXPECT_EQ(Send(other_officer_, "POST", "/v1/referrals",
                 {{"individual_id", person}, {"opportunity_id", programme}})
                .status,
            404);
  EXPECT_EQ(
      Send(other_officer_, "GET", "/v1/individuals/" + person + "/matches?kind=programme").status,
      404);
  EXPECT_EQ(Read("/v1/programmes/" + programme), before);
  EXPECT_TRUE(Read("/v1/referrals")["items"].empty());

  // Employers and analysts have no business with programmes.
  const std::string employer =
      Create(kAdminKey, "/v1/employers",
             {{"name", "Stall Co"}, {"province", kHome}, {"sector", "retail"}});
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "boss"}});
  const std::string analyst =
      NewKey({{"role", "analyst"}, {"provinces", {kHome}}, {"label", "analyst"}});
  for (const std::string& key : {boss, analyst}) {
    EXPECT_EQ(Send(key, "GET", "/v1/programmes").status, 403);
    EXPECT_EQ(Send(key, "GET", "/v1/programmes/" + programme).status, 403);
    EXPECT_EQ(Send(key, "POST", "/v1/programmes", Grant()).status, 403);
  }
}

}  // namespace
}  // namespace homeward::testing
