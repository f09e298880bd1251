// The safeguards along the referral path (docs/api.md, "Safeguards along the referral path"; docs/
// referrals.md), each through the HTTP API of a real server: consent and a guardian's consent,
// eligibility at referral with every failed rule listed, employers who never see a proposal,
// consent withdrawn at once, sensitive fields on a need-to-know basis with an audited break-glass
// read, do-not-match lists and retention verified by officers only once it can be true. Each
// refusal is checked for its status, the rule codes in its problem body and that nothing changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <set>
#include <string>
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
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kAdminKey[] = "safeguards-admin-key-0123456789abcdef";
constexpr char kHome[] = "KH-12";

int ThisYear() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return utc.tm_year + 1900;
}

// The rule codes of a problem body: each error message up to its first colon.
std::set<std::string> RuleCodes(const HttpResponse& response) {
  std::set<std::string> codes;
  for (const json& error : response.Json().value("errors", json::array())) {
    const std::string message = error.value("message", "");
    codes.insert(message.substr(0, message.find(':')));
  }
  return codes;
}

class SafeguardsTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

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

  std::string Employer(const std::string& name) {
    return Create(kAdminKey, "/v1/employers",
                  {{"name", name}, {"province", kHome}, {"sector", "garment"}});
  }

  // A vacancy open for matching (approved when screening held it for review).
  std::string OpenVacancy(json body) {
    HttpResponse posted = Send(kAdminKey, "POST", "/v1/vacancies", body);
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
  std::string OpenVacancy(const std::string& employer) {
    return OpenVacancy(SampleVacancy(employer, kHome, 3, "Sewing machine operator"));
  }

  HttpResponse Refer(const std::string& key, const std::string& person, const std::string& vacancy,
                     const std::string& status = "proposed") {
    HttpResponse r =
        Send(key, "POST", "/v1/referrals",
             {{"individual_id", person}, {"opportunity_id", vacancy}, {"status", status}});
    EXPECT_EQ(ContractViolations("POST", "/v1/referrals", r), "") << r.body;
    return r;
  }

  size_t ReferralCount() { return Send(kAdminKey, "GET", "/v1/referrals").Json()["items"].size(); }

  std::vector<std::string> MatchedVacancies(const std::string& person) {
    std::vector<std::string> ids;
    HttpResponse r = Send(kAdminKey, "GET", "/v1/individuals/" + person + "/matches?kind=job");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const json& item : r.Json()["items"]) ids.push_back(item["opportunity"]["id"]);
    return ids;
  }

  std::vector<std::string> Candidates(const std::string& vacancy) {
    std::vector<std::string> ids;
    HttpResponse r = Send(kAdminKey, "GET", "/v1/vacancies/" + vacancy + "/candidates");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const json& item : r.Json()["items"]) ids.push_back(item["individual"]["id"]);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(SafeguardsTest, EmployersNeverSeeAProposal) {
  const std::string employer = Employer("Phnom Penh Garments");
  const std::string vacancy = OpenVacancy(employer);
  const std::string person = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Sokha"));
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});

  HttpResponse proposed = Refer(kAdminKey, person, vacancy);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string referral = proposed.Json().value("id", "");
  EXPECT_EQ(Send(boss, "GET", "/v1/referrals/" + referral).status, 404);
  EXPECT_THAT(Send(boss, "GET", "/v1/referrals").Json()["items"], IsEmpty());
  EXPECT_THAT(Send(boss, "GET", "/v1/referrals?status=proposed").Json()["items"], IsEmpty());
  EXPECT_EQ(Send(boss, "PATCH", "/v1/referrals/" + referral, {{"status", "interviewing"}}).status,
            404);

  ASSERT_EQ(Send(kAdminKey, "PATCH", "/v1/referrals/" + referral, {{"status", "referred"}}).status,
            200);
  HttpResponse seen = Send(boss, "GET", "/v1/referrals/" + referral);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json()["individual"]["given_name"], "Sokha");
  EXPECT_EQ(Send(boss, "GET", "/v1/referrals").Json()["items"].size(), 1u);
}

TEST_F(SafeguardsTest, AReferralBreakingMatchingRulesIsRefusedWithEveryRule) {
  const std::string employer = Employer("Kampong Builders");
  json site = SampleVacancy(employer, kHome, 2, "Bricklayer");
  site["occupation"] = "7112";  // bricklayers: hazardous work
  site["sector"] = "construction";
  site["min_age"] = 18;
  site["required_skills"] = json::array();
  const std::string hazardous = OpenVacancy(site);
  json light = SampleVacancy(employer, kHome, 2, "Sewing machine operator");
  light["min_age"] = 15;  // light work, open from the legal working age
  const std::string sewing = OpenVacancy(light);

  json minor = SamplePerson(kHome, "Dara");
  minor["birth_date"] = std::to_string(ThisYear() - 16) + "-01-01";
  const std::string without_guardian = Create(kAdminKey, "/v1/individuals", minor);
  minor["consent"]["guardian"] = {
      {"name", "Chan Srey"}, {"relation", "mother"}, {"date", "2026-11-01"}};
  const std::string with_guardian = Create(kAdminKey, "/v1/individuals", minor);

  // Aged 16 with a guardian's consent: the hazardous job breaks two rules, both listed.
  HttpResponse refused = Refer(kAdminKey, with_guardian, hazardous);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.headers["content-type"], "application/problem+json");
  EXPECT_THAT(RuleCodes(refused), UnorderedElementsAre("under_minimum_age", "hazardous_under_18"));
  // Without a guardian's consent nothing at all: no referral, no matches, no candidacy.
  HttpResponse no_guardian = Refer(kAdminKey, without_guardian, sewing);
  EXPECT_EQ(no_guardian.status, 409) << no_guardian.body;
  EXPECT_THAT(RuleCodes(no_guardian), ElementsAre("no_guardian_consent"));
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + without_guardian + "/matches").status, 409);
  EXPECT_THAT(Candidates(sewing), ElementsAre(with_guardian));
  EXPECT_EQ(ReferralCount(), 0u);

  // The same person may go to the sewing job, which breaks no rule.
  EXPECT_EQ(Refer(kAdminKey, with_guardian, sewing).status, 201);
  EXPECT_EQ(ReferralCount(), 1u);
}

TEST_F(SafeguardsTest, SendingAPersonToAnEmployerNeedsConsentToShare) {
  const std::string employer = Employer("Phnom Penh Garments");
  const std::string vacancy = OpenVacancy(employer);
  json body = SamplePerson(kHome, "Sokha");
  body["consent"]["scope"] = {"matching", "referral"};
  const std::string person = Create(kAdminKey, "/v1/individuals", body);

  HttpResponse direct = Refer(kAdminKey, person, vacancy, "referred");
  EXPECT_EQ(direct.status, 409) << direct.body;
  EXPECT_THAT(RuleCodes(direct), ElementsAre("no_employer_sharing_consent"));
  EXPECT_EQ(ReferralCount(), 0u);

  HttpResponse proposed = Refer(kAdminKey, person, vacancy);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string referral = proposed.Json().value("id", "");
  HttpResponse moved =
      Send(kAdminKey, "PATCH", "/v1/referrals/" + referral, {{"status", "referred"}});
  EXPECT_EQ(moved.status, 409) << moved.body;
  EXPECT_THAT(RuleCodes(moved), ElementsAre("no_employer_sharing_consent"));
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/referrals/" + referral).Json()["status"], "proposed");

  body["consent"]["scope"].push_back("data_sharing_employer");
  ASSERT_EQ(
      Send(kAdminKey, "PATCH", "/v1/individuals/" + person, {{"consent", body["consent"]}}).status,
      200);
  EXPECT_EQ(Send(kAdminKey, "PATCH", "/v1/referrals/" + referral, {{"status", "referred"}}).status,
            200);
}

TEST_F(SafeguardsTest, ConsentWithdrawnTakesEffectAtOnce) {
  const std::string employer = Employer("Phnom Penh Garments");
  const std::string vacancy = OpenVacancy(employer);
  const std::string other = OpenVacancy(employer);
  const std::string person = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Sokha"));
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});
  HttpResponse sent = Refer(kAdminKey, person, vacancy, "referred");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string referred = sent.Json().value("id", "");
  const std::string proposed = Refer(kAdminKey, person, other).Json().value("id", "");
  ASSERT_EQ(Send(boss, "GET", "/v1/referrals/" + referred).status, 200);
  ASSERT_EQ(MatchedVacancies(person).size(), 2u);

  // Sharing with employers withdrawn: what the employer sees goes, the proposal stays.
  json consent = SamplePerson(kHome, "Sokha")["consent"];
  consent["scope"] = {"matching", "referral"};
  ASSERT_EQ(Send(kAdminKey, "PATCH", "/v1/individuals/" + person, {{"consent", consent}}).status,
            200);
  const json withdrawn = Send(kAdminKey, "GET", "/v1/referrals/" + referred).Json();
  EXPECT_EQ(withdrawn["status"], "withdrawn");
  EXPECT_EQ(withdrawn["history"].back()["reason"], "consent_withdrawn");
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/referrals/" + proposed).Json()["status"], "proposed");
  EXPECT_EQ(Send(boss, "GET", "/v1/referrals/" + referred).status, 404);
  EXPECT_THAT(Send(boss, "GET", "/v1/referrals").Json()["items"], IsEmpty());

  // All consent withdrawn: the proposal goes too, and the person leaves matching.
  consent["given"] = false;
  ASSERT_EQ(Send(kAdminKey, "PATCH", "/v1/individuals/" + person, {{"consent", consent}}).status,
            200);
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/referrals/" + proposed).Json()["status"], "withdrawn");
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + person + "/matches").status, 409);
  EXPECT_THAT(Candidates(vacancy), IsEmpty());
  HttpResponse allocation =
      Send(kAdminKey, "POST", "/v1/allocations", {{"province", kHome}, {"kind", "job"}});
  ASSERT_EQ(allocation.status, 201) << allocation.body;
  EXPECT_THAT(allocation.Json()["assignments"], IsEmpty());
}

TEST_F(SafeguardsTest, DoNotMatchListsAreHonouredEverywhere) {
  const std::string avoided = Employer("Former Recruiter Co");
  const std::string safe = Employer("Phnom Penh Garments");
  const std::string avoided_job = OpenVacancy(avoided);
  const std::string safe_job = OpenVacancy(safe);
  json body = SamplePerson(kHome, "Sokha");
  body["do_not_match"] = {{"employer_ids", {avoided}}, {"note", "Recruited her in 2024."}};
  const std::string person = Create(kAdminKey, "/v1/individuals", body);
  const std::string neighbour = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Dara"));

  EXPECT_THAT(MatchedVacancies(person), ElementsAre(safe_job));
  EXPECT_THAT(Candidates(avoided_job), ElementsAre(neighbour));
  EXPECT_EQ(Candidates(safe_job).size(), 2u);
  HttpResponse refused = Refer(kAdminKey, person, avoided_job);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(RuleCodes(refused), ElementsAre("do_not_match"));
  EXPECT_EQ(ReferralCount(), 0u);
  // An allocation gives her only the safe job.
  HttpResponse allocation = Send(kAdminKey, "POST", "/v1/allocations",
                                 {{"province", kHome}, {"kind", "job"}, {"individuals", {person}}});
  ASSERT_EQ(allocation.status, 201) << allocation.body;
  for (const json& a : allocation.Json()["assignments"]) EXPECT_EQ(a["opportunity_id"], safe_job);

  // A district on the list excludes the vacancies there.
  json district_job = SampleVacancy(safe, kHome, 1, "Sewing machine operator");
  district_job["district"] = "Tuol Kouk";
  const std::string in_district = OpenVacancy(district_job);
  json dara = SamplePerson(kHome, "Dara");
  dara["district"] = "Tuol Kouk";
  dara["do_not_match"] = {{"districts", {"Tuol Kouk"}}};
  const std::string avoids_district = Create(kAdminKey, "/v1/individuals", dara);
  EXPECT_THAT(MatchedVacancies(avoids_district), IsEmpty());
  EXPECT_THAT(RuleCodes(Refer(kAdminKey, avoids_district, in_district)),
              ElementsAre("do_not_match"));
}

TEST_F(SafeguardsTest, SensitiveFieldsOnlyForCaseOfficersOrABreakGlassReadThatIsAudited) {
  const std::string mine = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "a"}});
  const std::string other = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "b"}});
  json body = SamplePerson(kHome, "Sokha");
  body["survivor"] = true;
  body["prior_migration"] = true;
  HttpResponse created = Send(mine, "POST", "/v1/individuals", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string person = created.Json().value("id", "");
  EXPECT_EQ(created.Json()["case_officers"].size(), 1u);
  auto hidden = [](const json& record) {
    return !record.contains("survivor") && !record.contains("prior_migration") &&
           !record["household"].contains("debt") && !record["vulnerability"].contains("factors");
  };

  // The creating officer and the admin see everything; another officer of the province not.
  const json full = Send(mine, "GET", "/v1/individuals/" + person).Json();
  EXPECT_EQ(full["survivor"], true);
  EXPECT_EQ(full["household"]["debt"], 900);
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + person).Json()["survivor"], true);
  HttpResponse reduced = Send(other, "GET", "/v1/individuals/" + person);
  ASSERT_EQ(reduced.status, 200) << reduced.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}", reduced), "");
  EXPECT_TRUE(hidden(reduced.Json())) << reduced.body;
  EXPECT_EQ(reduced.Json()["given_name"], "Sokha");
  const json listed = Send(other, "GET", "/v1/individuals").Json()["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(hidden(listed[0])) << listed.dump();
  HttpResponse patched =
      Send(other, "PATCH", "/v1/individuals/" + person, {{"max_commute_km", 12}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(hidden(patched.Json())) << patched.body;
  EXPECT_EQ(Send(mine, "GET", "/v1/individuals/" + person).Json()["survivor"], true)
      << "a reduced view never writes the hidden fields back";

  // Break glass: a too long reason is refused; a reason gives the full record, audited.
  EXPECT_EQ(
      Send(other, "GET", "/v1/individuals/" + person + "?break_glass=" + std::string(501, 'x'))
          .status,
      400);
  HttpResponse glass =
      Send(other, "GET", "/v1/individuals/" + person + "?break_glass=Medical%20emergency");
  ASSERT_EQ(glass.status, 200) << glass.body;
  EXPECT_EQ(glass.Json()["survivor"], true);
  EXPECT_EQ(glass.Json()["household"]["debt"], 900);
  const json audit =
      Send(kAdminKey, "GET", "/v1/audit?subject=" + person + "&limit=500").Json()["items"];
  int break_glass = 0;
  for (const json& row : audit) break_glass += row["action"] == "individual.break_glass";
  EXPECT_EQ(break_glass, 1) << audit.dump();

  // Made a case officer by the admin, the other officer sees everything without breaking glass.
  json officers = full["case_officers"];
  const json keys = Send(kAdminKey, "GET", "/v1/api-keys?limit=100").Json()["items"];
  for (const json& key : keys) {
    if (key.value("label", "") == "b") officers.push_back(key["id"]);
  }
  ASSERT_EQ(officers.size(), 2u);
  ASSERT_EQ(
      Send(kAdminKey, "PATCH", "/v1/individuals/" + person, {{"case_officers", officers}}).status,
      200);
  EXPECT_EQ(Send(other, "GET", "/v1/individuals/" + person).Json()["survivor"], true);
}

TEST_F(SafeguardsTest, RetentionIsVerifiedByOfficersOnlyOnceItCanBeTrue) {
  const std::string employer = Employer("Phnom Penh Garments");
  const std::string vacancy = OpenVacancy(employer);
  const std::string person = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Sokha"));
  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});
  const std::string referral = Refer(officer, person, vacancy, "referred").Json().value("id", "");
  ASSERT_EQ(Send(boss, "PATCH", "/v1/referrals/" + referral, {{"status", "interviewing"}}).status,
            200);
  ASSERT_EQ(Send(boss, "PATCH", "/v1/referrals/" + referral, {{"status", "hired"}}).status, 200);

  auto move = [&](const std::string& key, const std::string& to) {
    return Send(key, "PATCH", "/v1/referrals/" + referral, {{"status", to}});
  };
  EXPECT_EQ(move(boss, "retained_3m").status, 403);
  HttpResponse early = move(officer, "retained_3m");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_THAT(RuleCodes(early), ElementsAre("retention_too_early"));
  EXPECT_EQ(Send(officer, "GET", "/v1/referrals/" + referral).Json()["status"], "hired");

  Start(/*offset_days=*/91);
  EXPECT_EQ(move(boss, "retained_3m").status, 403);
  ASSERT_EQ(move(officer, "retained_3m").status, 200);
  EXPECT_THAT(RuleCodes(move(officer, "retained_6m")), ElementsAre("retention_too_early"));
  Start(/*offset_days=*/181);
  EXPECT_EQ(move(kAdminKey, "retained_6m").status, 200);
}

}  // namespace
}  // namespace homeward::testing
