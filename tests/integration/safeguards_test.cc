// The safeguards along the referral path (docs/api.md, "Safeguards along the referral path"; docs/
// referrals.md), each through the HTTP API of a real server: consent and a guardian's consent,
// eligibility at referral with every failed rule listed, employers who never see a proposal,
// consent withdrawn at once, sensitive fields on a need-to-know basis with an audited break-glass
// read, do-not-match lists, retention verified by officers only once it can be true, check-ins
// after placement and the employer's safety review they open, and follow-ups when due. Each
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

// The JSON pointers a problem body's errors name.
std::vector<std::string> ErrorPaths(const HttpResponse& response) {
  std::vector<std::string> paths;
  for (const json& error : response.Json().value("errors", json::array())) {
    paths.push_back(error.value("path", ""));
  }
  return paths;
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
    for (const json& item : json(r.Json()["items"])) ids.push_back(item["opportunity"]["id"]);
    return ids;
  }

  std::vector<std::string> Candidates(const std::string& vacancy) {
    std::vector<std::string> ids;
    HttpResponse r = Send(kAdminKey, "GET", "/v1/vacancies/" + vacancy + "/candidates");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const json& item : json(r.Json()["items"])) ids.push_back(item["individual"]["id"]);
    return ids;
  }

  // Refers `person` to `vacancy` through an officer and has the employer hire them; the
  // referral's id.
  std::string Hire(const std::string& officer, const std::string& boss, const std::string& person,
                   const std::string& vacancy) {
    const std::string referral = Refer(officer, person, vacancy, "referred").Json().value("id", "");
    for (const char* status : {"interviewing", "hired"}) {
      HttpResponse moved = Send(boss, "PATCH", "/v1/referrals/" + referral, {{"status", status}});
      EXPECT_EQ(moved.status, 200) << moved.body;
    }
    return referral;
  }

  // The server's today, as a record written now shows it.
  std::string Today() {
    const std::string id = Employer("Clock");
    return Send(kAdminKey, "GET", "/v1/employers/" + id)
        .Json()
        .value("created_at", "")
        .substr(0, 10);
  }

  // The server's today, as the referral's last change saw it.
  std::string Today(const std::string& referral) {
    return Send(kAdminKey, "GET", "/v1/referrals/" + referral)
        .Json()
        .value("updated_at", "")
        .substr(0, 10);
  }

  std::string VacancyStatus(const std::string& vacancy) {
    return Send(kAdminKey, "GET", "/v1/vacancies/" + vacancy).Json().value("status", "");
  }

  bool HasFlag(const std::string& vacancy, const std::string& code) {
    for (const json& flag :
         json(Send(kAdminKey, "GET", "/v1/vacancies/" + vacancy).Json()["screening"]["flags"])) {
      if (flag.value("code", "") == code) return true;
    }
    return false;
  }

  // The safeguards figures of the summary report for kHome.
  json Safeguards() {
    HttpResponse r = Send(kAdminKey, "GET", std::string("/v1/reports/summary?province=") + kHome);
    EXPECT_EQ(ContractViolations("GET", "/v1/reports/summary", r), "") << r.body;
    return r.Json()["provinces"][0]["safeguards"];
  }

  std::vector<std::string> AuditActions(const std::string& subject) {
    std::vector<std::string> actions;
    for (const json& row :
         json(Send(kAdminKey, "GET", "/v1/audit?limit=200&subject=" + subject).Json()["items"])) {
      actions.push_back(row.value("action", ""));
    }
    return actions;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

// Days after a "YYYY-MM-DD" date, in the same form.
std::string AddDays(const std::string& day, int days) {
  std::tm t{};
  t.tm_year = std::stoi(day.substr(0, 4)) - 1900;
  t.tm_mon = std::stoi(day.substr(5, 2)) - 1;
  t.tm_mday = std::stoi(day.substr(8, 2)) + days;
  const std::time_t at = timegm(&t);
  std::tm out{};
  gmtime_r(&at, &out);
  char text[11];
  std::strftime(text, sizeof text, "%Y-%m-%d", &out);
  return text;
}

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
  for (const json& a : json(allocation.Json()["assignments"]))
    EXPECT_EQ(a["opportunity_id"], safe_job);

  // A district on the list excludes the vacancies there.
  json district_job = SampleVacancy(safe, kHome, 1, "Sewing machine operator");
  district_job["district"] = "Tuol Kouk";
  const std::string in_district = OpenVacancy(district_job);
  json dara = SamplePerson(kHome, "Dara");
  dara["district"] = "Tuol Kouk";
  dara["do_not_match"] = {{"districts", {"Tuol Kouk"}}};
  const std::string avoids_district = Create(kAdminKey, "/v1/individuals", dara);
  dara.erase("do_not_match");
  const std::string neighbour_there = Create(kAdminKey, "/v1/individuals", dara);
  EXPECT_THAT(MatchedVacancies(neighbour_there), ::testing::Contains(in_district));
  EXPECT_THAT(MatchedVacancies(avoids_district), ::testing::Not(::testing::Contains(in_district)));
  EXPECT_THAT(RuleCodes(Refer(kAdminKey, avoids_district, in_district)),
              ElementsAre("do_not_match"));
}

TEST_F(SafeguardsTest, SensitiveFieldsOnlyForCaseOfficersOrABreakGlassReadThatIsAudited) {
  const std::string mine = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "a"}});
  const std::string other = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "b"}});
  json body = SamplePerson(kHome, "Sokha");
  body["survivor"] = true;
  body["prior_migration"] = true;
  body["do_not_match"] = {{"districts", {"Poipet"}}, {"note", "Her recruiter lives there."}};
  HttpResponse created = Send(mine, "POST", "/v1/individuals", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string person = created.Json().value("id", "");
  EXPECT_EQ(created.Json()["case_officers"].size(), 1u);
  auto hidden = [](const json& record) {
    return !record.contains("survivor") && !record.contains("prior_migration") &&
           !record["household"].contains("debt") && !record["vulnerability"].contains("factors") &&
           !record["do_not_match"].contains("note");
  };

  // The creating officer and the admin see everything; another officer of the province not.
  const json full = Send(mine, "GET", "/v1/individuals/" + person).Json();
  EXPECT_EQ(full["survivor"], true);
  EXPECT_EQ(full["household"]["debt"], 900);
  EXPECT_EQ(full["do_not_match"]["note"], "Her recruiter lives there.");
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
  for (const json& row : audit) {
    if (row["action"] != "individual.break_glass") continue;
    ++break_glass;
    EXPECT_EQ(row.value("detail", ""), "Medical emergency");  // the reason, kept with the row
  }
  EXPECT_EQ(break_glass, 1) << audit.dump();
  EXPECT_EQ(Safeguards()["break_glass_reads"], 1);

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
  EXPECT_EQ(Safeguards()["retention_verified_3m"], 1);
  EXPECT_EQ(Safeguards()["retention_verified_6m"], 1);
}

TEST_F(SafeguardsTest, ACheckInShowingForcedLabourPutsTheEmployerUnderSafetyReview) {
  const std::string employer = Employer("Phnom Penh Garments");
  const std::string vacancy = OpenVacancy(employer);
  const std::string other_vacancy = OpenVacancy(employer);
  const std::string person = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Sokha"));
  const std::string next = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Dara"));
  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});
  const std::string referral = Hire(officer, boss, person, vacancy);
  const std::string check_ins = "/v1/referrals/" + referral + "/check-ins";
  const std::string today = Today(referral);

  // Who may record one, and when.
  const json fine = {{"date", today},
                     {"answers",
                      {{"paid_on_time", true},
                       {"paid_in_full", true},
                       {"documents_held_by_employer", false},
                       {"free_to_leave", true},
                       {"threatened_or_punished", false},
                       {"hours_per_week", 48},
                       {"owes_employer", false}}},
                     {"note", "All well."}};
  EXPECT_EQ(Send(boss, "POST", check_ins, fine).status, 403);
  EXPECT_EQ(Send(boss, "GET", check_ins).status, 403);
  // An officer of another province: exactly as for a referral that does not exist.
  const std::string elsewhere =
      NewKey({{"role", "officer"}, {"provinces", {"KH-14"}}, {"label", "p"}});
  const std::string nowhere = "/v1/referrals/ref_00000000000000000000000000000000/check-ins";
  for (const char* method : {"GET", "POST"}) {
    HttpResponse hidden = Send(elsewhere, method, check_ins, fine);
    HttpResponse missing = Send(elsewhere, method, nowhere, fine);
    EXPECT_EQ(hidden.status, 404) << method << " " << hidden.body;
    EXPECT_EQ(hidden.body, missing.body) << method;
  }
  const std::string proposal = Refer(officer, next, other_vacancy).Json().value("id", "");
  EXPECT_EQ(Send(officer, "POST", "/v1/referrals/" + proposal + "/check-ins", fine).status, 409);
  HttpResponse bad = Send(officer, "POST", check_ins,
                          {{"date", "2026-13-01"}, {"answers", {{"hours_per_week", -5}}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(ErrorPaths(bad), ::testing::IsSupersetOf({"/date", "/answers/hours_per_week"}));
  json tomorrow = fine;
  tomorrow["date"] = AddDays(today, 1);
  EXPECT_EQ(Send(officer, "POST", check_ins, tomorrow).status, 400);
  EXPECT_THAT(Send(officer, "GET", check_ins).Json()["items"], IsEmpty());

  // All well: no indicator, no review.
  HttpResponse recorded = Send(officer, "POST", check_ins, fine);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/referrals/{id}/check-ins", recorded), "");
  EXPECT_THAT(recorded.Json()["indicators"], IsEmpty());
  EXPECT_FALSE(
      Send(kAdminKey, "GET", "/v1/employers/" + employer).Json().contains("safety_review"));

  // Passport kept and 72 hours a week: two ILO indicators, and the employer is under review.
  json worrying = fine;
  worrying["answers"]["documents_held_by_employer"] = true;
  worrying["answers"]["hours_per_week"] = 72;
  recorded = Send(officer, "POST", check_ins, worrying);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_THAT(recorded.Json()["indicators"],
              ElementsAre("retention_of_identity_documents", "excessive_overtime"));
  EXPECT_TRUE(recorded.Json().value("safety_review_opened", false));
  EXPECT_EQ(Send(officer, "GET", check_ins).Json()["items"].size(), 2u);

  const json review = Send(kAdminKey, "GET", "/v1/employers/" + employer).Json()["safety_review"];
  EXPECT_EQ(review["status"], "open");
  EXPECT_THAT(review["reasons"],
              ElementsAre("retention_of_identity_documents", "excessive_overtime"));
  EXPECT_THAT(review["referral_ids"], ElementsAre(referral));
  // The officer sees who it concerns; the employer sees the review but not who spoke.
  HttpResponse as_officer = Send(officer, "GET", "/v1/employers/" + employer);
  EXPECT_EQ(ContractViolations("GET", "/v1/employers/{id}", as_officer), "");
  const json affected = as_officer.Json()["safety_review"]["affected"];
  ASSERT_EQ(affected.size(), 1u) << affected;
  EXPECT_EQ(affected[0]["individual_id"], person);
  EXPECT_THAT(
      Send(elsewhere, "GET", "/v1/employers/" + employer).Json()["safety_review"]["affected"],
      IsEmpty());
  const json own = Send(boss, "GET", "/v1/employers/" + employer).Json()["safety_review"];
  EXPECT_EQ(own["status"], "open");
  EXPECT_FALSE(own.contains("referral_ids"));
  EXPECT_FALSE(own.contains("affected"));
  EXPECT_FALSE(Send(boss, "GET", "/v1/referrals/" + referral).Json().contains("check_ins"));

  // Its open vacancies are held again, an officer cannot approve them, and no one is referred.
  EXPECT_EQ(VacancyStatus(other_vacancy), "pending_review");
  EXPECT_TRUE(HasFlag(other_vacancy, "worker_report"));
  EXPECT_EQ(Send(officer, "POST", "/v1/vacancies/" + other_vacancy + "/review",
                 {{"decision", "approve"}, {"note", "Looks fine."}})
                .status,
            409);
  const size_t referrals = ReferralCount();
  HttpResponse refused = Refer(officer, next, vacancy);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_TRUE(RuleCodes(refused).count("employer_under_safety_review")) << refused.body;
  EXPECT_EQ(ReferralCount(), referrals);
  EXPECT_THAT(AuditActions(referral), ::testing::Contains("referral.check_in"));
  EXPECT_THAT(AuditActions(employer), ::testing::Contains("employer.safety_review_open"));

  // Only an admin closes it, with a decision and a note; cleared lifts the hold.
  const std::string close = "/v1/employers/" + employer + "/safety-review";
  EXPECT_EQ(Send(officer, "POST", close, {{"decision", "cleared"}, {"note", "x"}}).status, 403);
  HttpResponse incomplete = Send(kAdminKey, "POST", close, {{"decision", "forgiven"}});
  EXPECT_EQ(incomplete.status, 400);
  EXPECT_THAT(ErrorPaths(incomplete), ::testing::Contains("/decision"));
  EXPECT_GE(ErrorPaths(incomplete).size(), 2u) << incomplete.body;  // and the note missing
  HttpResponse cleared = Send(kAdminKey, "POST", close,
                              {{"decision", "cleared"}, {"note", "Passport returned; hours cut."}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(cleared.Json()["safety_review"]["status"], "cleared");
  EXPECT_FALSE(HasFlag(other_vacancy, "worker_report"));
  EXPECT_EQ(Send(kAdminKey, "POST", close, {{"decision", "cleared"}, {"note", "again"}}).status,
            409);
  EXPECT_THAT(AuditActions(employer), ::testing::Contains("employer.safety_review_cleared"));
  // The approval given before the report does not come back by itself: an officer looks again.
  EXPECT_EQ(VacancyStatus(vacancy), "pending_review");
  ASSERT_EQ(Send(officer, "POST", "/v1/vacancies/" + vacancy + "/review",
                 {{"decision", "approve"}, {"note", "Visited after the review was cleared."}})
                .status,
            200);
  EXPECT_EQ(Refer(officer, next, vacancy).status, 201);
  const json figures = Safeguards();
  EXPECT_EQ(figures["check_ins"], 2);
  EXPECT_EQ(figures["check_ins_with_indicators"], 1);
  EXPECT_EQ(figures["safety_reviews_opened"], 1);
  EXPECT_EQ(figures["safety_reviews_cleared"], 1);
  EXPECT_EQ(figures["safety_reviews_confirmed"], 0);
}

TEST_F(SafeguardsTest, LeavingForASafetyConcernOpensAReviewThatAnAdminMayConfirm) {
  const std::string employer = Employer("Kandal Fishing");
  const std::string vacancy = OpenVacancy(employer);
  const std::string other_vacancy = OpenVacancy(employer);
  const std::string person = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Sokha"));
  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});
  const std::string referral = Hire(officer, boss, person, vacancy);

  ASSERT_EQ(
      Send(officer, "PATCH", "/v1/referrals/" + referral,
           {{"status", "left"}, {"reason", "safety_concern"}, {"note", "Beaten by a foreman."}})
          .status,
      200);
  const json review = Send(kAdminKey, "GET", "/v1/employers/" + employer).Json()["safety_review"];
  EXPECT_EQ(review["status"], "open");
  EXPECT_THAT(review["reasons"], ElementsAre("safety_concern"));
  EXPECT_EQ(VacancyStatus(other_vacancy), "pending_review");

  ASSERT_EQ(Send(kAdminKey, "POST", "/v1/employers/" + employer + "/safety-review",
                 {{"decision", "confirmed"}, {"note", "Two workers confirmed the beatings."}})
                .status,
            200);
  EXPECT_EQ(VacancyStatus(other_vacancy), "blocked");
  EXPECT_TRUE(HasFlag(other_vacancy, "safety_review_confirmed"));
  EXPECT_EQ(VacancyStatus(vacancy), "blocked");
  const std::string next = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Dara"));
  EXPECT_TRUE(RuleCodes(Refer(officer, next, other_vacancy)).count("employer_under_safety_review"));
}

TEST_F(SafeguardsTest, FollowUpsComeTwoWeeksThreeAndSixMonthsAfterTheHire) {
  const std::string employer = Employer("Phnom Penh Garments");
  const std::string vacancy = OpenVacancy(employer);
  const std::string person = Create(kAdminKey, "/v1/individuals", SamplePerson(kHome, "Sokha"));
  const std::string officer = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
  const std::string elsewhere =
      NewKey({{"role", "officer"}, {"provinces", {"KH-14"}}, {"label", "p"}});
  const std::string boss =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "e"}});
  const std::string referral = Hire(officer, boss, person, vacancy);
  const std::string hired_on = Today(referral);
  const auto due = [&](const std::string& key) {
    HttpResponse r = Send(key, "GET", "/v1/referrals?follow_up_due=true");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    for (const json& item : json(r.Json()["items"])) ids.push_back(item["id"]);
    return ids;
  };
  const auto follow_up_on = [&] {
    return Send(officer, "GET", "/v1/referrals/" + referral).Json()["follow_up_on"];
  };
  EXPECT_EQ(follow_up_on(), AddDays(hired_on, 14));
  EXPECT_THAT(due(officer), IsEmpty());
  EXPECT_EQ(Send(boss, "GET", "/v1/referrals?follow_up_due=true").status, 403);
  EXPECT_EQ(Send(officer, "GET", "/v1/referrals?follow_up_due=maybe").status, 400);

  Start(/*offset_days=*/15);
  EXPECT_THAT(due(officer), ElementsAre(referral));
  EXPECT_THAT(due(kAdminKey), ElementsAre(referral));
  EXPECT_THAT(due(elsewhere), IsEmpty());
  ASSERT_EQ(Send(officer, "POST", "/v1/referrals/" + referral + "/check-ins",
                 {{"date", AddDays(hired_on, 15)}, {"answers", json::object()}})
                .status,
            201);
  EXPECT_THAT(due(officer), IsEmpty());
  const std::string three_months = follow_up_on();
  EXPECT_GT(three_months, AddDays(hired_on, 88));
  EXPECT_LT(three_months, AddDays(hired_on, 93));

  Start(/*offset_days=*/95);
  EXPECT_THAT(due(officer), ElementsAre(referral));
  ASSERT_EQ(Send(officer, "PATCH", "/v1/referrals/" + referral, {{"status", "retained_3m"}}).status,
            200);
  EXPECT_THAT(due(officer), IsEmpty());
  EXPECT_GT(std::string(follow_up_on()), AddDays(hired_on, 178));
}

TEST_F(SafeguardsTest, VulnerabilityFollowsTheCalendarAtStartUpAndDaily) {
  // Aged 17 until five days from now, beside someone whose next birthday is months away.
  const std::string today = Today();
  const auto born = [&](int years, int days_to_birthday) {
    std::string day = AddDays(today, days_to_birthday);
    if (day.substr(5) == "02-29") day = AddDays(today, days_to_birthday + 1);
    return std::to_string(std::stoi(day.substr(0, 4)) - years) + day.substr(4);
  };
  json body = SamplePerson(kHome, "Probe");
  body["birth_date"] = born(30, 100);
  const std::string probe = Create(kAdminKey, "/v1/individuals", body);
  body = SamplePerson(kHome, "Sokha");
  body["birth_date"] = born(18, 5);
  const std::string person = Create(kAdminKey, "/v1/individuals", body);
  const auto age_factor = [&](const json& record) {
    for (const json& factor : record["vulnerability"]["factors"]) {
      if (factor["name"] == "age") return factor;
    }
    return json();
  };
  const json before = Send(kAdminKey, "GET", "/v1/individuals/" + person).Json();
  EXPECT_EQ(age_factor(before)["reason"], "Aged 17") << before.dump();

  Start(/*offset_days=*/10);  // the server starts on a day after the birthday
  const json after = Send(kAdminKey, "GET", "/v1/individuals/" + person).Json();
  EXPECT_EQ(age_factor(after)["reason"], "Aged 18") << after.dump();
  EXPECT_LT(after["vulnerability"]["score"].get<double>(),
            before["vulnerability"]["score"].get<double>());
  EXPECT_THAT(AuditActions(person), ::testing::Contains("individual.vulnerability_refresh"));
  EXPECT_THAT(AuditActions(probe),
              ::testing::Not(::testing::Contains("individual.vulnerability_refresh")));
}

}  // namespace
}  // namespace homeward::testing
