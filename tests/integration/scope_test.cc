// Per-record scope over real records: for each role and each route that names a record, a record
// in the caller's scope is served and one outside it is answered exactly like an id that names
// nothing (404, same body), and a refused change changes nothing. Lists hold only what is in
// scope. The role-only half of the matrix (403 for undeclared roles) is authorization_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
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

constexpr char kAdminKey[] = "scope-admin-key-0123456789abcdef";
constexpr char kHome[] = "KH-12";  // the officer's and analyst's province
constexpr char kOther[] = "KH-3";  // outside their scope

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Auth(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

json Person(const std::string& province) {
  return {{"given_name", "Scope"},
          {"family_name", "Test"},
          {"sex", "female"},
          {"birth_date", "2000-02-02"},
          {"province", province},
          {"languages", {"km"}},
          {"education", "primary"},
          {"desired_occupations", {"7531"}},
          {"consent", {{"given", true}, {"date", "2026-11-01"}, {"scope", {"matching"}}}}};
}

json Vacancy(const std::string& employer_id, const std::string& province) {
  return {{"employer_id", employer_id},
          {"title", "Sewing machine operator"},
          {"occupation", "8153"},
          {"province", province},
          {"wage", {{"amount", 260}, {"currency", "USD"}, {"period", "month"}}},
          {"slots", 4},
          {"hours_per_week", 48},
          {"contract", "permanent"}};
}

json Training(const std::string& province) {
  return {{"provider", "Provincial Training Centre"},
          {"title", "Basic tailoring"},
          {"province", province},
          {"seats", 20}};
}

json Programme(const std::string& province) {
  return {{"kind", "agricultural_inputs"},
          {"provider", "Provincial Department of Agriculture"},
          {"title", "Seeds and fertiliser for the wet season"},
          {"province", province},
          {"seats", 40}};
}

// One record-naming request as one role: `in` names a record in the caller's scope (empty when
// the role has none to try without changing it), `out` one outside it, `missing` an id that
// names nothing, all substituted for "{id}" in `path`.
struct ScopedCall {
  std::string role;
  std::string method;
  std::string path;
  std::string in;
  std::string out;
  std::string missing;
  json body;
};

class ScopeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->File("homeward.db"), dir_->File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = new HttpClient(server_->port());

    own_employer_ =
        Create("/v1/employers", {{"name", "Own Co"}, {"province", kHome}, {"sector", "garment"}});
    other_employer_ = Create("/v1/employers",
                             {{"name", "Other Co"}, {"province", kOther}, {"sector", "garment"}});
    home_person_ = Create("/v1/individuals", Person(kHome));
    other_person_ = Create("/v1/individuals", Person(kOther));
    own_vacancy_ = Create("/v1/vacancies", Vacancy(own_employer_, kHome));
    other_vacancy_ = Create("/v1/vacancies", Vacancy(other_employer_, kOther));
    home_training_ = Create("/v1/trainings", Training(kHome));
    other_training_ = Create("/v1/trainings", Training(kOther));
    home_programme_ = Create("/v1/programmes", Programme(kHome));
    other_programme_ = Create("/v1/programmes", Programme(kOther));

    keys_["admin"] = kAdminKey;
    keys_["officer"] = NewKey({{"role", "officer"}, {"provinces", {kHome}}, {"label", "o"}});
    keys_["analyst"] = NewKey({{"role", "analyst"}, {"provinces", {kHome}}, {"label", "a"}});
    keys_["employer"] =
        NewKey({{"role", "employer"}, {"employer_id", own_employer_}, {"label", "e"}});
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    delete dir_;
  }

  static std::string Create(const std::string& path, const json& body) {
    HttpResponse r = client_->Send("POST", path, body.dump(), Auth(kAdminKey));
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.Json().value("id", "");
  }

  static std::string NewKey(const json& body) {
    HttpResponse r = client_->Send("POST", "/v1/api-keys", body.dump(), Auth(kAdminKey));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("key", "");
  }

  static HttpResponse Send(const ScopedCall& call, const std::string& id) {
    std::string path = call.path;
    path.replace(path.find("{id}"), 4, id);
    const std::string body = call.body.is_null() ? "" : call.body.dump();
    return client_->Send(call.method, path, body, Auth(keys_.at(call.role)));
  }

  static json Read(const std::string& path) {
    return client_->Send("GET", path, "", Auth(kAdminKey)).Json();
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static HttpClient* client_;
  static std::map<std::string, std::string> keys_;
  static std::string own_employer_, other_employer_, home_person_, other_person_, own_vacancy_,
      other_vacancy_, home_training_, other_training_, home_programme_, other_programme_;
};

TempDir* ScopeTest::dir_ = nullptr;
ServerProcess* ScopeTest::server_ = nullptr;
HttpClient* ScopeTest::client_ = nullptr;
std::map<std::string, std::string> ScopeTest::keys_;
std::string ScopeTest::own_employer_, ScopeTest::other_employer_, ScopeTest::home_person_,
    ScopeTest::other_person_, ScopeTest::own_vacancy_, ScopeTest::other_vacancy_,
    ScopeTest::home_training_, ScopeTest::other_training_, ScopeTest::home_programme_,
    ScopeTest::other_programme_;

constexpr char kNoPerson[] = "ind_00000000000000000000000000000000";
constexpr char kNoVacancy[] = "vac_00000000000000000000000000000000";
constexpr char kNoEmployer[] = "emp_00000000000000000000000000000000";
constexpr char kNoTraining[] = "trn_00000000000000000000000000000000";
constexpr char kNoProgramme[] = "prg_00000000000000000000000000000000";

TEST_F(ScopeTest, OutOfScopeRecordsAnswerExactlyLikeMissingOnes) {
  const json commute = {{"max_commute_km", 12}};
  const std::vector<ScopedCall> calls = {
      {"officer", "GET", "/v1/individuals/{id}", home_person_, other_person_, kNoPerson, {}},
      {"officer",
       "GET",
       "/v1/individuals/{id}/matches",
       home_person_,
       other_person_,
       kNoPerson,
       {}},
      {"officer", "POST", "/v1/individuals/{id}/offer-comparisons", home_person_, other_person_,
       kNoPerson, SampleOffer()},
      {"officer",
       "GET",
       "/v1/individuals/{id}/offer-comparisons",
       home_person_,
       other_person_,
       kNoPerson,
       {}},
      {"officer", "PATCH", "/v1/individuals/{id}", home_person_, other_person_, kNoPerson, commute},
      {"officer", "DELETE", "/v1/individuals/{id}", "", other_person_, kNoPerson, {}},
      {"officer",
       "POST",
       "/v1/vacancies/{id}/review",
       "",
       other_vacancy_,
       kNoVacancy,
       {{"decision", "block"}, {"note", "not mine"}}},
      {"officer",
       "PATCH",
       "/v1/trainings/{id}",
       home_training_,
       other_training_,
       kNoTraining,
       {{"seats", 25}}},
      {"officer",
       "PATCH",
       "/v1/programmes/{id}",
       home_programme_,
       other_programme_,
       kNoProgramme,
       {{"seats", 25}}},
      {"employer", "GET", "/v1/vacancies/{id}", own_vacancy_, other_vacancy_, kNoVacancy, {}},
      {"employer",
       "PATCH",
       "/v1/vacancies/{id}",
       own_vacancy_,
       other_vacancy_,
       kNoVacancy,
       {{"hours_per_week", 44}}},
      {"employer", "GET", "/v1/employers/{id}", own_employer_, other_employer_, kNoEmployer, {}},
      {"employer",
       "PATCH",
       "/v1/employers/{id}",
       own_employer_,
       other_employer_,
       kNoEmployer,
       {{"contact", {{"phone", "+855 12 345 678"}}}}},
  };
  for (const ScopedCall& call : calls) {
    const std::string where = call.role + " " + call.method + " " + call.path;
    HttpResponse missing = Send(call, call.missing);
    HttpResponse hidden = Send(call, call.out);
    EXPECT_EQ(missing.status, 404) << where << " " << missing.body;
    EXPECT_EQ(hidden.status, 404) << where << " " << hidden.body;
    EXPECT_EQ(hidden.body, missing.body) << where;
    EXPECT_EQ(ContractViolations(call.method, call.path, hidden), "");
    if (!call.in.empty()) {
      HttpResponse shown = Send(call, call.in);
      EXPECT_GE(shown.status, 200) << where << " " << shown.body;
      EXPECT_LT(shown.status, 300) << where << " " << shown.body;
      EXPECT_EQ(ContractViolations(call.method, call.path, shown), "");
    }
  }
}

// Need to know: an officer of the province who is not among the person's case officers gets the
// record without the sensitive fields, in reads and lists; an admin gets them.
TEST_F(ScopeTest, AnOfficerWhoIsNotACaseOfficerGetsTheReducedView) {
  const auto reduced = [](const json& record) {
    return !record.contains("survivor") && !record.contains("prior_migration") &&
           !record.value("household", json::object()).contains("debt") &&
           !record["vulnerability"].contains("factors");
  };
  HttpResponse read =
      client_->Send("GET", "/v1/individuals/" + home_person_, "", Auth(keys_.at("officer")));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}", read), "");
  EXPECT_TRUE(reduced(read.Json())) << read.body;
  const json list =
      client_->Send("GET", "/v1/individuals", "", Auth(keys_.at("officer"))).Json()["items"];
  for (const json& item : list) EXPECT_TRUE(reduced(item)) << item.dump();
  EXPECT_FALSE(reduced(Read("/v1/individuals/" + home_person_)));
}

TEST_F(ScopeTest, RefusedChangesChangeNothing) {
  const json person = Read("/v1/individuals/" + other_person_);
  const json vacancy = Read("/v1/vacancies/" + other_vacancy_);
  const json training = Read("/v1/trainings/" + other_training_);
  const json programme = Read("/v1/programmes/" + other_programme_);
  const json employer = Read("/v1/employers/" + other_employer_);
  const auto as = [](const std::string& role) { return Auth(keys_.at(role)); };

  client_->Send("PATCH", "/v1/individuals/" + other_person_, R"({"given_name":"Moved"})",
                as("officer"));
  client_->Send("DELETE", "/v1/individuals/" + other_person_, "", as("officer"));
  client_->Send("POST", "/v1/vacancies/" + other_vacancy_ + "/review",
                R"({"decision":"block","note":"x"})", as("officer"));
  client_->Send("PATCH", "/v1/vacancies/" + other_vacancy_, R"({"slots":1})", as("employer"));
  client_->Send("PATCH", "/v1/trainings/" + other_training_, R"({"seats":1})", as("officer"));
  client_->Send("PATCH", "/v1/programmes/" + other_programme_, R"({"seats":1})", as("officer"));
  client_->Send("POST", "/v1/programmes", Programme(kOther).dump(), as("officer"));
  client_->Send("PATCH", "/v1/employers/" + other_employer_, R"({"name":"Taken"})", as("employer"));

  EXPECT_EQ(Read("/v1/individuals/" + other_person_), person);
  EXPECT_EQ(Read("/v1/vacancies/" + other_vacancy_), vacancy);
  EXPECT_EQ(Read("/v1/trainings/" + other_training_), training);
  EXPECT_EQ(Read("/v1/programmes/" + other_programme_), programme);
  // The officer's POST in another province created nothing: the two of SetUpTestSuite remain.
  EXPECT_EQ(Read(std::string("/v1/programmes?province=") + kOther)["items"].size(), 1u);
  EXPECT_EQ(Read("/v1/employers/" + other_employer_), employer);
}

TEST_F(ScopeTest, OfficerCannotMoveAPersonOutOfItsProvinces) {
  HttpResponse moved = client_->Send("PATCH", "/v1/individuals/" + home_person_,
                                     json{{"province", kOther}}.dump(), Auth(keys_.at("officer")));
  EXPECT_EQ(moved.status, 403) << moved.body;
  EXPECT_EQ(Read("/v1/individuals/" + home_person_).value("province", ""), kHome);
}

TEST_F(ScopeTest, EmployerCannotPostForAnotherEmployer) {
  HttpResponse posted = client_->Send(
      "POST", "/v1/vacancies", Vacancy(other_employer_, kOther).dump(), Auth(keys_.at("employer")));
  EXPECT_EQ(posted.status, 403) << posted.body;
}

TEST_F(ScopeTest, ListsHoldOnlyWhatIsInScope) {
  const auto items = [](const std::string& path, const std::string& role) {
    HttpResponse r = client_->Send("GET", path, "", Auth(keys_.at(role)));
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    return r.Json()["items"];
  };
  const json people = items("/v1/individuals?limit=500", "officer");
  ASSERT_FALSE(people.empty());
  for (const json& p : people) EXPECT_EQ(p.value("province", ""), kHome);
  // Asking for another province by filter yields nothing rather than its people.
  EXPECT_TRUE(items(std::string("/v1/individuals?province=") + kOther, "officer").empty());

  const json vacancies = items("/v1/vacancies?limit=500", "employer");
  ASSERT_FALSE(vacancies.empty());
  for (const json& v : vacancies) EXPECT_EQ(v.value("employer_id", ""), own_employer_);
  EXPECT_TRUE(items("/v1/vacancies?employer_id=" + other_employer_, "employer").empty());

  const json employers = items("/v1/employers", "employer");
  ASSERT_EQ(employers.size(), 1u);
  EXPECT_EQ(employers[0].value("id", ""), own_employer_);
}

}  // namespace
}  // namespace homeward::testing
