// The authorization matrix, driven by the route table: every role against every route of a
// running server. A role the route does not declare gets 403 before anything else happens; a
// declared role gets past authorization (its answer is the route's own: 200, 400, 404, ...).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "contract.h"
#include "homeward/service/homeward.h"
#include "http_client.h"
#include "resources/resources.h"
#include "router.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using model::Role;
using nlohmann::json;

constexpr char kAdminKey[] = "authz-admin-key-0123456789abcdef";

std::vector<std::pair<std::string, std::string>> Auth(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

// Every path parameter replaced by a well-formed id that names no record.
std::string ConcretePath(const std::string& pattern) {
  std::string path;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      path += "key_00000000000000000000000000000000";
      i = close + 1;
    } else {
      path += pattern[i++];
    }
  }
  return path;
}

class AuthorizationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The route table, from the same code the server runs, over a service of its own.
    service::Options table;
    table.db_path = dir_.File("table.db");
    auto service = service::Homeward::Open(table);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = std::move(*service);
    router_ = std::make_unique<api::Router>(*service_);
    api::RegisterAll(*router_, *service_, {"test"});

    server_ =
        std::make_unique<ServerProcess>(dir_.File("server.db"), dir_.File("server.log"), kAdminKey,
                                        // The matrix fails authentication on purpose, often.
                                        std::vector<std::string>{"--auth-max-failures", "1000000"});
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());

    HttpResponse employer = client_->Send(
        "POST", "/v1/employers",
        json{{"name", "Matrix Co"}, {"province", "KH-12"}, {"sector", "garment"}}.dump(),
        Auth(kAdminKey));
    ASSERT_EQ(employer.status, 201);
    keys_[Role::kAdmin] = kAdminKey;
    keys_[Role::kOfficer] = NewKey({{"role", "officer"}, {"provinces", {"KH-12"}}, {"label", "o"}});
    keys_[Role::kAnalyst] = NewKey({{"role", "analyst"}, {"provinces", {"KH-12"}}, {"label", "a"}});
    keys_[Role::kEmployer] =
        NewKey({{"role", "employer"}, {"employer_id", employer.Json()["id"]}, {"label", "e"}});
  }

  std::string NewKey(const json& body) {
    HttpResponse r = client_->Send("POST", "/v1/api-keys", body.dump(), Auth(kAdminKey));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("key", "");
  }

  TempDir dir_;
  std::unique_ptr<service::Homeward> service_;
  std::unique_ptr<api::Router> router_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::map<Role, std::string> keys_;
};

TEST_F(AuthorizationTest, EveryRouteDeclaresItsPermission) {
  ASSERT_FALSE(router_->routes().empty());
  for (const api::Route& route : router_->routes()) {
    EXPECT_TRUE(route.permission.declared()) << route.method << " " << route.pattern;
  }
  api::Route undeclared{"GET", "/v1/undeclared", api::Permission(), "", nullptr};
  EXPECT_THROW(router_->Add(undeclared), std::logic_error);
}

TEST_F(AuthorizationTest, EveryRoleAgainstEveryRoute) {
  for (const api::Route& route : router_->routes()) {
    const std::string path = ConcretePath(route.pattern);
    const std::string body = route.method == "GET" || route.method == "DELETE" ? "" : "{}";
    if (!route.permission.is_public()) {
      HttpResponse anonymous = client_->Send(route.method, path, body);
      EXPECT_EQ(anonymous.status, 401) << route.method << " " << route.pattern;
      EXPECT_EQ(ContractViolations(route.method, route.pattern, anonymous), "");
    }
    for (const auto& [role, key] : keys_) {
      HttpResponse response = client_->Send(route.method, path, body, Auth(key));
      const int status = response.status;
      const std::string where =
          route.method + " " + route.pattern + " as " + std::to_string(static_cast<int>(role));
      // Every answer, allowed or refused, is one the OpenAPI description declares.
      EXPECT_EQ(ContractViolations(route.method, route.pattern, response), "") << where;
      if (route.permission.Allows(role)) {
        EXPECT_NE(status, 401) << where;
        EXPECT_NE(status, 403) << where;
        EXPECT_NE(status, 405) << where;
        EXPECT_LT(status, 500) << where;
      } else {
        EXPECT_EQ(status, 403) << where;
      }
    }
  }
  EXPECT_TRUE(client_->Healthy());
}

}  // namespace
}  // namespace homeward::testing
