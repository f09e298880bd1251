// The happy path of every route, in the order a programme would use them, against a real server
// with the real plugins: each call succeeds and its answer is the one the OpenAPI description
// declares. The route table itself says which routes exist, so a route added without a happy
// path here fails the test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "contract.h"
#include "homeward/service/homeward.h"
#include "http_client.h"
#include "resources/resources.h"
#include "router.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kAdminKey[] = "happy-admin-key-0123456789abcdef";
constexpr char kProvince[] = "KH-12";
constexpr char kKhmerTitle[] =
    "\xe1\x9e\x80\xe1\x9e\x98\xe1\x9f\x92\xe1\x9e\x98\xe1\x9e\x80\xe1\x9e\x9a";

class HappyPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<ServerProcess>(dir_.File("server.db"), dir_.File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  // Sends one request on the route `pattern` (with `path` its concrete form) as the admin, and
  // expects a 2xx answer the OpenAPI description declares.
  HttpResponse Call(const std::string& method, const std::string& pattern, const std::string& path,
                    const json& body = nullptr, Headers headers = {}) {
    headers.emplace_back("Authorization", std::string("Bearer ") + kAdminKey);
    HttpResponse response = client_->Send(method, path, body.is_null() ? "" : body.dump(), headers);
    const std::string where = method + " " + path;
    EXPECT_GE(response.status, 200) << where << " " << response.body;
    EXPECT_LT(response.status, 300) << where << " " << response.body;
    EXPECT_EQ(ContractViolations(method, pattern, response), "") << where;
    called_.insert(method + " " + pattern);
    return response;
  }

  std::string Id(const HttpResponse& response) { return response.Json().value("id", ""); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::set<std::string> called_;
};

TEST_F(HappyPathTest, EveryRouteSucceedsAsDescribed) {
  Call("GET", "/v1/health", "/v1/health");
  Call("GET", "/v1/openapi.json", "/v1/openapi.json");

  const std::string key_id =
      Id(Call("POST", "/v1/api-keys", "/v1/api-keys",
              {{"role", "officer"}, {"provinces", {kProvince}}, {"label", "Phnom Penh officer"}}));
  Call("GET", "/v1/api-keys", "/v1/api-keys");
  Call("GET", "/v1/me", "/v1/me");

  const std::string employer =
      Id(Call("POST", "/v1/employers", "/v1/employers",
              {{"name", "Phnom Penh Garments"}, {"province", kProvince}, {"sector", "garment"}}));
  Call("GET", "/v1/employers", "/v1/employers");
  Call("GET", "/v1/employers/{id}", "/v1/employers/" + employer);
  Call("PATCH", "/v1/employers/{id}", "/v1/employers/" + employer,
       {{"contact", {{"phone", "+855 23 456 789"}}}});

  const std::string person =
      Id(Call("POST", "/v1/individuals", "/v1/individuals", SamplePerson(kProvince, "Sokha")));
  Call("GET", "/v1/individuals", "/v1/individuals");
  Call("GET", "/v1/individuals/{id}", "/v1/individuals/" + person);
  Call("PATCH", "/v1/individuals/{id}", "/v1/individuals/" + person, {{"max_commute_km", 25}});

  // An employer not yet verified: screening holds the vacancy for an officer's review.
  HttpResponse posted = Call("POST", "/v1/vacancies", "/v1/vacancies",
                             SampleVacancy(employer, kProvince, 2, kKhmerTitle));
  const std::string vacancy = Id(posted);
  EXPECT_EQ(posted.Json().value("title", ""), kKhmerTitle);
  ASSERT_EQ(posted.Json().value("status", ""), "pending_review") << posted.body;
  Call("POST", "/v1/vacancies/{id}/review", "/v1/vacancies/" + vacancy + "/review",
       {{"decision", "approve"}, {"note", "Visited the factory; contract seen."}});
  Call("GET", "/v1/vacancies", "/v1/vacancies");
  Call("PATCH", "/v1/vacancies/{id}", "/v1/vacancies/" + vacancy, {{"hours_per_week", 46}});
  EXPECT_EQ(Call("GET", "/v1/vacancies/{id}", "/v1/vacancies/" + vacancy).Json()["title"],
            kKhmerTitle);

  const std::string training = Id(Call("POST", "/v1/trainings", "/v1/trainings",
                                       {{"provider", "Phnom Penh Vocational Centre"},
                                        {"title", "Industrial sewing, level 2"},
                                        {"province", kProvince},
                                        {"seats", 12},
                                        {"leads_to", {"8153"}},
                                        {"starts_on", "2027-01-11"},
                                        {"ends_on", "2027-03-05"}}));
  Call("GET", "/v1/trainings", "/v1/trainings");
  Call("GET", "/v1/trainings/{id}", "/v1/trainings/" + training);
  Call("PATCH", "/v1/trainings/{id}", "/v1/trainings/" + training, {{"seats", 14}});

  const std::string programme =
      Id(Call("POST", "/v1/programmes", "/v1/programmes",
              {{"kind", "savings_group"},
               {"provider", "Phnom Penh Savings Network"},
               {"title", "Women's savings group, Chamkar Mon"},
               {"province", kProvince},
               {"seats", 20},
               {"eligibility", {{"sexes", {"female"}}, {"min_age", 18}}},
               {"support", {{"amount", 0}, {"currency", "USD"}, {"period", "month"}}},
               {"expected_income_gain",
                {{"amount", 40000},
                 {"currency", "KHR"},
                 {"period", "month"},
                 {"source", "Provider's monitoring of its 2025 groups"}}}}));
  Call("GET", "/v1/programmes", "/v1/programmes");
  Call("GET", "/v1/programmes/{id}", "/v1/programmes/" + programme);
  Call("PATCH", "/v1/programmes/{id}", "/v1/programmes/" + programme, {{"seats", 25}});

  Call("GET", "/v1/individuals/{id}/matches", "/v1/individuals/" + person + "/matches");
  Call("GET", "/v1/vacancies/{id}/candidates", "/v1/vacancies/" + vacancy + "/candidates");

  const std::string allocation = Id(Call("POST", "/v1/allocations", "/v1/allocations",
                                         {{"province", kProvince}, {"kind", "all"}}));
  Call("GET", "/v1/allocations/{id}", "/v1/allocations/" + allocation);

  const std::string referral = Id(Call("POST", "/v1/referrals", "/v1/referrals",
                                       {{"individual_id", person}, {"opportunity_id", vacancy}}));
  Call("GET", "/v1/referrals", "/v1/referrals");
  Call("GET", "/v1/referrals/{id}", "/v1/referrals/" + referral);
  Call("PATCH", "/v1/referrals/{id}", "/v1/referrals/" + referral,
       {{"status", "referred"}, {"note", "Interview on Monday"}});
  for (const char* status : {"interviewing", "hired"}) {
    Call("PATCH", "/v1/referrals/{id}", "/v1/referrals/" + referral, {{"status", status}});
  }
  // A follow-up two weeks on: wages late, which opens a safety review of the employer.
  const std::string today =
      Call("GET", "/v1/referrals/{id}", "/v1/referrals/" + referral).Json()["updated_at"];
  const std::string check_ins = "/v1/referrals/" + referral + "/check-ins";
  Call("POST", "/v1/referrals/{id}/check-ins", check_ins,
       {{"date", today.substr(0, 10)},
        {"answers", {{"paid_on_time", false}, {"paid_in_full", true}, {"hours_per_week", 48}}},
        {"note", "Wages for November came ten days late."}});
  Call("GET", "/v1/referrals/{id}/check-ins", check_ins);
  Call("POST", "/v1/employers/{id}/safety-review", "/v1/employers/" + employer + "/safety-review",
       {{"decision", "cleared"}, {"note", "Wages paid; the labour inspector saw the payroll."}});

  const json plugins = Call("GET", "/v1/plugins", "/v1/plugins").Json()["items"];
  ASSERT_FALSE(plugins.empty());
  Call("GET", "/v1/plugins/{id}", "/v1/plugins/" + plugins[0].value("id", ""));
  Call("POST", "/v1/plugins/reload", "/v1/plugins/reload");
  Call("GET", "/v1/provinces", "/v1/provinces");
  const std::string market_path = std::string("/v1/provinces/") + kProvince + "/market";
  json market = Call("GET", "/v1/provinces/{code}/market", market_path).Json();
  Call("PUT", "/v1/provinces/{code}/market", market_path, market);
  json rates = Call("GET", "/v1/exchange-rates", "/v1/exchange-rates").Json();
  Call("PUT", "/v1/exchange-rates", "/v1/exchange-rates", {{"rates", rates["rates"]}});
  json costs = Call("GET", "/v1/destination-costs", "/v1/destination-costs").Json();
  for (const char* key : {"version", "created_by", "created_at"}) costs.erase(key);
  Call("PUT", "/v1/destination-costs", "/v1/destination-costs", costs);

  const std::string comparisons = "/v1/individuals/" + person + "/offer-comparisons";
  const std::string comparison =
      Id(Call("POST", "/v1/individuals/{id}/offer-comparisons", comparisons, SampleOffer()));
  Call("GET", "/v1/individuals/{id}/offer-comparisons", comparisons);
  Call("GET", "/v1/individuals/{id}/offer-comparisons/{comparison_id}",
       comparisons + "/" + comparison);

  Call("GET", "/v1/reports/summary", "/v1/reports/summary");
  HttpResponse csv = Call("GET", "/v1/reports/summary", "/v1/reports/summary?province=KH-12",
                          nullptr, {{"Accept", "text/csv"}});
  EXPECT_THAT(csv.headers["content-type"], ::testing::StartsWith("text/csv"));
  Call("GET", "/v1/metrics", "/v1/metrics");
  Call("GET", "/v1/audit", "/v1/audit?subject=" + person);
  EXPECT_TRUE(Call("GET", "/v1/audit/verify", "/v1/audit/verify").Json().value("ok", false));

  Call("DELETE", "/v1/individuals/{id}", "/v1/individuals/" + person);
  Call("DELETE", "/v1/api-keys/{id}", "/v1/api-keys/" + key_id);

  // Every route of the server's own table was called above.
  service::Options table;
  table.db_path = dir_.File("table.db");
  auto service = service::Homeward::Open(table);
  ASSERT_TRUE(service.ok()) << service.status();
  api::Router router(**service);
  api::RegisterAll(router, **service, {"test"});
  for (const api::Route& route : router.routes()) {
    EXPECT_TRUE(called_.count(route.method + " " + route.pattern))
        << "no happy path for " << route.method << " " << route.pattern;
  }
}

}  // namespace
}  // namespace homeward::testing
