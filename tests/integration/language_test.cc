// GET /v1/me, and the explanations the API answers in the caller's language (Accept-Language),
// against a real server on 127.0.0.1.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "contract.h"
#include "http_client.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;

constexpr char kAdminKey[] = "language-admin-key-0123456789abcdef";

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

}  // namespace
}  // namespace homeward::testing
