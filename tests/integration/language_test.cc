// GET /v1/me, and the explanations the API answers in the caller's language (Accept-Language),
// against a real server on 127.0.0.1.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "contract.h"
#include "gunzip.h"
#include "http_client.h"
#include "khmer.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;

constexpr char kAdminKey[] = "language-admin-key-0123456789abcdef";
constexpr char kProvince[] = "KH-12";

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Auth(const std::string& key, const std::string& language = "") {
  Headers headers = {{"Authorization", "Bearer " + key}};
  if (!language.empty()) headers.emplace_back("Accept-Language", language);
  return headers;
}

class LanguageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->File("server.db"), dir_->File("server.log"), kAdminKey);
    client_ = new HttpClient(server_->port());
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(server_->started()) << server_->Output(); }

  static std::string NewKey(const json& body) {
    HttpResponse r = client_->Send("POST", "/v1/api-keys", body.dump(), Auth(kAdminKey));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("key", "");
  }
  static HttpResponse Get(const std::string& target, const std::string& key,
                          const std::string& language = "") {
    return client_->Send("GET", target, "", Auth(key, language));
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static HttpClient* client_;
};

TempDir* LanguageTest::dir_ = nullptr;
ServerProcess* LanguageTest::server_ = nullptr;
HttpClient* LanguageTest::client_ = nullptr;

TEST_F(LanguageTest, MeAnswersEachRoleItsOwnScopeAndNeverTheKey) {
  HttpResponse employer =
      client_->Send("POST", "/v1/employers",
                    json{{"name", "Me Co"}, {"province", "KH-12"}, {"sector", "garment"}}.dump(),
                    Auth(kAdminKey));
  ASSERT_EQ(employer.status, 201) << employer.body;
  const std::string employer_id = employer.Json()["id"];
  struct Case {
    json create;
    std::string role;
  };
  const std::vector<Case> cases = {
      {{{"role", "officer"}, {"provinces", {"KH-12", "KH-14"}}, {"label", "officer me"}},
       "officer"},
      {{{"role", "analyst"}, {"provinces", {"KH-3"}}, {"label", "analyst me"}}, "analyst"},
      {{{"role", "employer"}, {"employer_id", employer_id}, {"label", "employer me"}}, "employer"},
      {{{"role", "admin"}, {"label", "admin me"}}, "admin"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.role);
    HttpResponse created = client_->Send("POST", "/v1/api-keys", c.create.dump(), Auth(kAdminKey));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string key = created.Json()["key"];
    HttpResponse me = Get("/v1/me", key);
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(ContractViolations("GET", "/v1/me", me), "");
    const json body = me.Json();
    EXPECT_EQ(body["key_id"], created.Json()["id"]);
    EXPECT_EQ(body["role"], c.role);
    EXPECT_EQ(body["label"], c.create["label"]);
    EXPECT_EQ(body["provinces"], c.create.value("provinces", json::array()));
    EXPECT_EQ(body["employer_id"], c.create.value("employer_id", json(nullptr)));
    EXPECT_EQ(me.body.find(key), std::string::npos) << "the secret must never be shown";
  }
}

TEST_F(LanguageTest, MeRefusesAMissingOrUnknownKey) {
  HttpResponse unknown = Get("/v1/me", "no-such-key-0123456789abcdef0123456789");
  EXPECT_EQ(unknown.status, 401) << unknown.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/me", unknown), "");
  HttpResponse missing = client_->Send("GET", "/v1/me");
  EXPECT_EQ(missing.status, 401) << missing.body;
}

TEST_F(LanguageTest, MeOfARevokedKeyIsRefused) {
  HttpResponse created = client_->Send(
      "POST", "/v1/api-keys",
      json{{"role", "officer"}, {"provinces", {"KH-12"}}, {"label", "short-lived"}}.dump(),
      Auth(kAdminKey));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = created.Json()["key"];
  ASSERT_EQ(Get("/v1/me", key).status, 200);
  const std::string id = created.Json()["id"];
  ASSERT_EQ(client_->Send("DELETE", "/v1/api-keys/" + id, "", Auth(kAdminKey)).status, 204);
  EXPECT_EQ(Get("/v1/me", key).status, 401);
}

// A person, an open vacancy she matches and one abroad held for review, made once for the
// explanation tests.
class ExplanationTest : public LanguageTest {
 protected:
  static void SetUpTestSuite() {
    LanguageTest::SetUpTestSuite();
    HttpResponse employer = client_->Send(
        "POST", "/v1/employers",
        json{{"name", "Kandal Garments"}, {"province", kProvince}, {"sector", "garment"}}.dump(),
        Auth(kAdminKey));
    ASSERT_EQ(employer.status, 201) << employer.body;
    const std::string employer_id = employer.Json()["id"];
    HttpResponse vacancy =
        client_->Send("POST", "/v1/vacancies",
                      SampleVacancy(employer_id, kProvince, 3, "Sewing").dump(), Auth(kAdminKey));
    ASSERT_EQ(vacancy.status, 201) << vacancy.body;
    vacancy_ = vacancy.Json()["id"];
    ASSERT_EQ(
        client_
            ->Send("POST", "/v1/vacancies/" + vacancy_ + "/review",
                   json{{"decision", "approve"}, {"note", "Visited."}}.dump(), Auth(kAdminKey))
            .status,
        200);
    json abroad_body = SampleVacancy(employer_id, kProvince, 1, "Factory work in Thailand");
    abroad_body["work_abroad"] = true;
    HttpResponse abroad =
        client_->Send("POST", "/v1/vacancies", abroad_body.dump(), Auth(kAdminKey));
    ASSERT_EQ(abroad.status, 201) << abroad.body;
    abroad_ = abroad.Json()["id"];
    HttpResponse person = client_->Send("POST", "/v1/individuals",
                                        SamplePerson(kProvince, "Sreymom").dump(), Auth(kAdminKey));
    ASSERT_EQ(person.status, 201) << person.body;
    person_ = person.Json()["id"];
  }

  static std::string vacancy_, abroad_, person_;
};

std::string ExplanationTest::vacancy_;
std::string ExplanationTest::abroad_;
std::string ExplanationTest::person_;

TEST_F(ExplanationTest, MatchesAreExplainedInKhmerWhenAskedAndInEnglishOtherwise) {
  const std::string target = "/v1/individuals/" + person_ + "/matches?kind=job";
  HttpResponse en = Get(target, kAdminKey);
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}/matches", en), "");
  EXPECT_EQ(en.headers["content-language"], "en");
  EXPECT_NE(en.headers["vary"].find("Accept-Language"), std::string::npos) << en.headers["vary"];
  HttpResponse km = Get(target, kAdminKey, "km-KH, en;q=0.5");
  ASSERT_EQ(km.status, 200) << km.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}/matches", km), "");
  EXPECT_EQ(km.headers["content-language"], "km");

  const json en_item = en.Json()["items"][0];
  const json km_item = km.Json()["items"][0];
  ASSERT_EQ(en_item["opportunity"]["id"], vacancy_);
  ASSERT_EQ(km_item["opportunity"]["id"], vacancy_);
  ASSERT_EQ(en_item["components"].size(), km_item["components"].size());
  for (size_t i = 0; i < en_item["components"].size(); ++i) {
    const json& e = en_item["components"][i];
    const json& k = km_item["components"][i];
    SCOPED_TRACE(e.dump());
    // The same code and params; the English sentence as before, the Khmer one in Khmer.
    EXPECT_EQ(e["code"], k["code"]);
    EXPECT_EQ(e["params"], k["params"]);
    EXPECT_EQ(e["score"], k["score"]);
    EXPECT_FALSE(HasKhmer(e["reason"].get<std::string>()));
    EXPECT_TRUE(HasKhmer(k["reason"].get<std::string>()));
  }
  // The skills sentence, exactly: the person meets the one required level.
  EXPECT_EQ(en_item["components"][0]["reason"], "Meets 1 of 1 required skill levels");
  EXPECT_EQ(en_item["components"][0]["code"], "match.skills.met");
  EXPECT_EQ(en_item["components"][0]["params"], (json{{"met", 1}, {"required", 1}}));
  EXPECT_EQ(km_item["components"][0]["reason"], "បំពេញបាន 1 ក្នុងចំណោមកម្រិតជំនាញដែលតម្រូវ 1");
}

// The match lists are cached, and their compressed forms too: a Khmer request after an English
// one must not be answered the cached English body, nor the other way round.
TEST_F(ExplanationTest, TheMatchCacheKeepsEachLanguageApart) {
  const std::string target = "/v1/individuals/" + person_ + "/matches?kind=all&limit=5";
  for (const bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "identity");
    auto get = [&](const std::string& language) {
      Headers headers = Auth(kAdminKey, language);
      if (gzip) headers.emplace_back("Accept-Encoding", "gzip");
      HttpResponse r = client_->Send("GET", target, "", headers);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.headers["content-encoding"] == "gzip") r.body = Gunzip(r.body);
      return r;
    };
    const HttpResponse first_en = get("en");
    const HttpResponse then_km = get("km");
    const HttpResponse again_en = get("");
    const HttpResponse again_km = get("km");
    // Params are the same in both languages (a plugin's Khmer among them): the sentences differ.
    auto reason = [](const HttpResponse& r) {
      return r.Json()["items"][0]["components"][0]["reason"].get<std::string>();
    };
    EXPECT_FALSE(HasKhmer(reason(first_en)));
    EXPECT_TRUE(HasKhmer(reason(then_km)));
    EXPECT_EQ(then_km.headers.at("content-language"), "km");
    EXPECT_EQ(again_en.body, first_en.body);
    EXPECT_EQ(again_km.body, then_km.body);
  }
}

TEST_F(ExplanationTest, AScreeningFlagIsExplainedInTheAskedLanguage) {
  HttpResponse en = Get("/v1/vacancies/" + abroad_, kAdminKey);
  HttpResponse km = Get("/v1/vacancies/" + abroad_, kAdminKey, "km");
  ASSERT_EQ(en.status, 200) << en.body;
  ASSERT_EQ(km.status, 200) << km.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/vacancies/{id}", km), "");
  auto flag_of = [](const json& vacancy) {
    for (const json& flag : vacancy["screening"]["flags"]) {
      if (flag["code"] == "work_abroad") return flag;
    }
    return json();
  };
  const json en_flag = flag_of(en.Json());
  const json km_flag = flag_of(km.Json());
  ASSERT_FALSE(en_flag.is_null()) << en.body;
  EXPECT_EQ(en_flag["reason"], "The job is abroad.");
  EXPECT_EQ(en_flag["reason_code"], "screening.work_abroad");
  EXPECT_EQ(km_flag["reason"], "ការងារនេះនៅបរទេស។");
  EXPECT_EQ(km_flag["code"], "work_abroad");
  EXPECT_EQ(km_flag["reason_code"], "screening.work_abroad");
}

TEST_F(ExplanationTest, AVulnerabilityFactorIsExplainedInTheAskedLanguage) {
  HttpResponse en = Get("/v1/individuals/" + person_, kAdminKey);
  HttpResponse km = Get("/v1/individuals/" + person_, kAdminKey, "km");
  ASSERT_EQ(en.status, 200) << en.body;
  ASSERT_EQ(km.status, 200) << km.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}", km), "");
  auto factor_of = [](const json& person, const std::string& name) {
    for (const json& factor : person["vulnerability"]["factors"]) {
      if (factor["name"] == name) return factor;
    }
    return json();
  };
  // Two dependents in the sample household.
  const json en_factor = factor_of(en.Json(), "dependents");
  const json km_factor = factor_of(km.Json(), "dependents");
  ASSERT_FALSE(en_factor.is_null()) << en.body;
  EXPECT_EQ(en_factor["reason"], "2 dependents in the household");
  EXPECT_EQ(en_factor["code"], "vulnerability.dependents");
  EXPECT_EQ(en_factor["params"], (json{{"dependents", 2}}));
  EXPECT_EQ(km_factor["reason"], "មានអ្នកនៅក្នុងបន្ទុក 2 នាក់ក្នុងគ្រួសារ");
  EXPECT_EQ(factor_of(km.Json(), "education")["reason"], "ការអប់រំ៖ អនុវិទ្យាល័យ");
}

TEST_F(ExplanationTest, AProblemDetailIsAnsweredInTheAskedLanguage) {
  const std::string missing = "/v1/individuals/ind_00000000000000000000000000000000";
  HttpResponse en = Get(missing, kAdminKey);
  HttpResponse km = Get(missing, kAdminKey, "km");
  ASSERT_EQ(en.status, 404);
  ASSERT_EQ(km.status, 404);
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}", km), "");
  EXPECT_EQ(en.Json()["detail"], "no such record");
  EXPECT_EQ(en.Json()["code"], "problem.not_found");
  EXPECT_EQ(km.Json()["detail"], "រកមិនឃើញកំណត់ត្រានេះទេ");
  EXPECT_EQ(km.Json()["code"], "problem.not_found");
  EXPECT_EQ(km.headers["content-language"], "km");

  // A body that breaks its schema: each fixed field error in Khmer too.
  json body = SamplePerson(kProvince, "Dara");
  body.erase("sex");
  HttpResponse bad = client_->Send("POST", "/v1/individuals", body.dump(), Auth(kAdminKey, "km"));
  ASSERT_EQ(bad.status, 400) << bad.body;
  bool found = false;
  const json problem = bad.Json();
  for (const json& error : problem["errors"]) {
    if (error["path"] != "/sex") continue;
    found = true;
    EXPECT_EQ(error["code"], "field.required");
    EXPECT_EQ(error["message"], "ត្រូវតែបំពេញ");
  }
  EXPECT_TRUE(found) << bad.body;
  // An unknown key: the 401 too.
  HttpResponse unknown = Get("/v1/me", "no-such-key-0123456789abcdef0123456789", "km");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.Json()["detail"], "សោ API មិនស្គាល់");
}

TEST_F(ExplanationTest, AProblemMadeWithValuesKeepsThemInEitherLanguage) {
  const std::string target = "/v1/individuals/" + person_ + "/matches?limit=9999";
  HttpResponse en = Get(target, kAdminKey);
  HttpResponse km = Get(target, kAdminKey, "km");
  ASSERT_EQ(en.status, 400) << en.body;
  ASSERT_EQ(km.status, 400) << km.body;
  EXPECT_EQ(en.Json()["detail"], "limit must be an integer from 1 to 100");
  EXPECT_EQ(en.Json()["title"], "Bad Request");
  EXPECT_EQ(en.Json()["code"], "problem.limit");
  EXPECT_EQ(en.Json()["params"], (json{{"max", "100"}}));
  EXPECT_EQ(km.Json()["code"], "problem.limit");
  EXPECT_EQ(km.Json()["params"], en.Json()["params"]);
  EXPECT_EQ(km.Json()["detail"], "limit ត្រូវតែជាចំនួនគត់ពី 1 ដល់ 100");
  EXPECT_EQ(km.Json()["title"], "សំណើមិនត្រឹមត្រូវ");
  EXPECT_EQ(km.Json()["errors"][0]["code"], "field.integer_range");
  EXPECT_EQ(km.Json()["errors"][0]["message"], "ត្រូវតែជាចំនួនគត់ពី 1 ដល់ 100");
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}/matches", km), "");
}

// Phnom Penh's plugin (loaded from disk) scores the garment vacancy against the legal minimum
// wage, and gives its reason in Khmer as well as English.
TEST_F(ExplanationTest, APluginRuleIsExplainedInThePluginsOwnKhmer) {
  const std::string target = "/v1/individuals/" + person_ + "/matches?kind=job";
  HttpResponse en = Get(target, kAdminKey);
  HttpResponse km = Get(target, kAdminKey, "km");
  ASSERT_EQ(en.status, 200) << en.body;
  ASSERT_EQ(km.status, 200) << km.body;
  auto rule_of = [](const json& body) {
    for (const json& rule : body["items"][0]["rules"]) {
      if (rule["rule"] == "garment-legal-minimum") return rule;
    }
    return json();
  };
  const json en_rule = rule_of(en.Json());
  const json km_rule = rule_of(km.Json());
  ASSERT_FALSE(en_rule.is_null()) << en.body;
  EXPECT_EQ(en_rule["plugin"], "phnom-penh");
  EXPECT_EQ(en_rule["code"], "plugin.rule");
  EXPECT_EQ(en_rule["reason"], en_rule["params"]["text"]);
  EXPECT_FALSE(HasKhmer(en_rule["reason"].get<std::string>()));
  EXPECT_EQ(km_rule["params"], en_rule["params"]);
  EXPECT_EQ(km_rule["reason"], en_rule["params"]["text_km"]);
  EXPECT_TRUE(HasKhmer(km_rule["reason"].get<std::string>())) << km_rule.dump();
}

TEST_F(ExplanationTest, ARefusedReferralNamesEachRuleInTheAskedLanguage) {
  // The vacancy abroad is held for review: its screening is not clear.
  const json referral = {{"individual_id", person_}, {"opportunity_id", abroad_}};
  HttpResponse en = client_->Send("POST", "/v1/referrals", referral.dump(), Auth(kAdminKey));
  HttpResponse km = client_->Send("POST", "/v1/referrals", referral.dump(), Auth(kAdminKey, "km"));
  ASSERT_EQ(en.status, 409) << en.body;
  ASSERT_EQ(km.status, 409) << km.body;
  auto error_of = [](const json& problem, const std::string& rule) {
    for (const json& error : problem["errors"]) {
      if (error.value("message", "").rfind(rule + ":", 0) == 0) return error;
    }
    return json();
  };
  const json en_error = error_of(en.Json(), "screening_not_clear");
  const json km_error = error_of(km.Json(), "screening_not_clear");
  ASSERT_FALSE(en_error.is_null()) << en.body;
  EXPECT_EQ(en_error["message"], "screening_not_clear: The vacancy's screening is not clear");
  EXPECT_EQ(en_error["code"], "refusal");
  EXPECT_EQ(en_error["params"]["rule"], "screening_not_clear");
  // Still starting with the rule's code (docs/api.md), then the sentence in Khmer.
  EXPECT_EQ(km_error["message"], "screening_not_clear: មុខតំណែងនេះមិនទាន់ឆ្លងកាត់ការត្រួតពិនិត្យទេ");
}

}  // namespace
}  // namespace homeward::testing
