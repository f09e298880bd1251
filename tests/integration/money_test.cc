// Money in US dollars, riel and baht against a real server (docs/money.md): exchange rates read
// by every key, replaced by an admin and used by the very next match; a refused table names each
// problem and changes nothing; a client written when money was only US dollars sends and reads
// exactly what it did.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
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
using ::testing::HasSubstr;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kAdminKey[] = "money-admin-key-0123456789abcdef0";
constexpr char kProvince[] = "KH-12";

json Rates(double khr, double thb) {
  return {{"rates",
           {{{"currency", "KHR"},
             {"per_usd", khr},
             {"as_of", "2026-11-30"},
             {"source", "National Bank of Cambodia, official exchange rate"}},
            {{"currency", "THB"},
             {"per_usd", thb},
             {"as_of", "2026-11-30"},
             {"source", "Bank of Thailand"}}}}};
}

class MoneyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<ServerProcess>(dir_.File("money.db"), dir_.File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  HttpResponse Send(const std::string& key, const std::string& method, const std::string& path,
                    const json& body = nullptr) {
    Headers headers = {{"Authorization", "Bearer " + key}};
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

  // The reason of the wage component of the person's match with `vacancy`.
  std::string WageReason(const std::string& person, const std::string& vacancy) {
    HttpResponse r = Send(kAdminKey, "GET", "/v1/individuals/" + person + "/matches?kind=job");
    EXPECT_EQ(r.status, 200) << r.body;
    const json body = r.Json();  // kept alive while iterating
    for (const json& item : body["items"]) {
      if (item["opportunity"].value("id", "") != vacancy) continue;
      for (const json& c : item["components"]) {
        if (c.value("name", "") == "wage") return c.value("reason", "");
      }
    }
    ADD_FAILURE() << "no wage component for the vacancy in " << r.body;
    return "";
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(MoneyTest, RatesReplacedAreUsedByTheNextMatch) {
  const std::string person = Create("/v1/individuals", SamplePerson(kProvince, "Dara"));
  const std::string employer = Create(
      "/v1/employers", {{"name", "Riel Garments"}, {"province", kProvince}, {"sector", "garment"}});
  json vacancy = SampleVacancy(employer, kProvince, 2, "Sewing machine operator");
  vacancy["wage"] = {{"amount", 1200000}, {"currency", "KHR"}, {"period", "month"}};
  HttpResponse posted = Send(kAdminKey, "POST", "/v1/vacancies", vacancy);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const std::string id = posted.Json().value("id", "");
  EXPECT_EQ(posted.Json()["wage"], vacancy["wage"]) << "kept in the currency given";
  if (posted.Json().value("status", "") == "pending_review") {
    ASSERT_EQ(Send(kAdminKey, "POST", "/v1/vacancies/" + id + "/review",
                   {{"decision", "approve"}, {"note", "Factory visited."}})
                  .status,
              200);
  }

  // Every role reads the rates; the shipped defaults are version 0 and say where they come from.
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {kProvince}}, {"label", "officer"}});
  const std::string employer_key =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "employer"}});
  for (const std::string& key : {officer, employer_key}) {
    HttpResponse rates = Send(key, "GET", "/v1/exchange-rates");
    ASSERT_EQ(rates.status, 200) << rates.body;
    EXPECT_EQ(ContractViolations("GET", "/v1/exchange-rates", rates), "");
    EXPECT_EQ(rates.Json()["version"], 0);
    EXPECT_EQ(rates.Json()["base"], "USD");
    EXPECT_THAT(rates.Json()["rates"].dump(), HasSubstr("National Bank of Cambodia"));
  }
  EXPECT_EQ(Send(officer, "PUT", "/v1/exchange-rates", Rates(4000, 32)).status, 403);

  HttpResponse first = Send(kAdminKey, "PUT", "/v1/exchange-rates", Rates(4000, 32));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(ContractViolations("PUT", "/v1/exchange-rates", first), "");
  EXPECT_EQ(first.Json()["version"], 1);
  EXPECT_THAT(WageReason(person, id), HasSubstr("Pays about $300 a month"));

  // The riel weakens: the same wage is worth half as many dollars at the very next match.
  HttpResponse second = Send(kAdminKey, "PUT", "/v1/exchange-rates", Rates(8000, 32));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json()["version"], 2);
  EXPECT_THAT(WageReason(person, id), HasSubstr("Pays about $150 a month"));
  EXPECT_EQ(Send(officer, "GET", "/v1/exchange-rates").Json()["version"], 2);

  // Who replaced them, in the audit log.
  HttpResponse audit = Send(kAdminKey, "GET", "/v1/audit?subject=exchange_rates/2");
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  EXPECT_EQ(audit.Json()["items"][0]["action"], "exchange_rates.replace");

  // The vacancy itself still says riel.
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/vacancies/" + id).Json()["wage"], vacancy["wage"]);
}

TEST_F(MoneyTest, ABadTableNamesEachProblemAndChangesNothing) {
  json bad = Rates(0, 32);
  bad["rates"][1]["currency"] = "KHR";
  bad["rates"][1]["as_of"] = "2999-01-01";
  HttpResponse refused = Send(kAdminKey, "PUT", "/v1/exchange-rates", bad);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.headers["content-type"], "application/problem+json");
  std::vector<std::string> paths;
  const json problem = refused.Json();
  for (const json& e : problem["errors"]) paths.push_back(e.value("path", ""));
  EXPECT_THAT(paths, ::testing::UnorderedElementsAre("/rates/0/per_usd", "/rates/1/currency",
                                                     "/rates/1/as_of", "/rates"));

  json unknown = Rates(4000, 32);
  unknown["rates"][0]["currency"] = "EUR";
  unknown["extra"] = true;
  HttpResponse schema = Send(kAdminKey, "PUT", "/v1/exchange-rates", unknown);
  ASSERT_EQ(schema.status, 400) << schema.body;
  EXPECT_GE(schema.Json()["errors"].size(), 2u) << schema.body;

  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/exchange-rates").Json()["version"], 0);
}

TEST_F(MoneyTest, AUsdOnlyClientFromBeforeWorksUnchanged) {
  // The bodies of a client written when money was US dollars only, byte for byte as it sent
  // them: plain numbers for household income and debt, wages in USD.
  const json person_body = SamplePerson(kProvince, "Sokha");
  HttpResponse created = Send(kAdminKey, "POST", "/v1/individuals", person_body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json household = created.Json()["household"];
  EXPECT_EQ(household["monthly_income"], json(180.0));
  EXPECT_EQ(household["debt"], json(900.0));
  EXPECT_TRUE(household["monthly_income"].is_number());
  const std::string id = created.Json().value("id", "");

  HttpResponse patched =
      Send(kAdminKey, "PATCH", "/v1/individuals/" + id, {{"household", {{"debt", 1200}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["household"]["debt"], json(1200.0));
  EXPECT_EQ(patched.Json()["household"]["monthly_income"], json(180.0));
  EXPECT_EQ(ContractViolations("PATCH", "/v1/individuals/{id}", patched), "");

  const std::string employer =
      Create("/v1/employers",
             {{"name", "Dollar Garments"}, {"province", kProvince}, {"sector", "garment"}});
  const json vacancy = SampleVacancy(employer, kProvince, 1, "Sewing machine operator");
  HttpResponse posted = Send(kAdminKey, "POST", "/v1/vacancies", vacancy);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(posted.Json()["wage"], vacancy["wage"]);

  // A new client may give the debt in riel; it is kept in riel and counted in the vulnerability.
  json riel = SamplePerson(kProvince, "Srey");
  riel["household"]["debt"] = {{"amount", 4000000}, {"currency", "KHR"}, {"period", "month"}};
  HttpResponse in_riel = Send(kAdminKey, "POST", "/v1/individuals", riel);
  ASSERT_EQ(in_riel.status, 201) << in_riel.body;
  EXPECT_EQ(in_riel.Json()["household"]["debt"], riel["household"]["debt"]);
  EXPECT_EQ(ContractViolations("POST", "/v1/individuals", in_riel), "");
  EXPECT_THAT(in_riel.Json()["vulnerability"].dump(), HasSubstr("Debt of $"));
}

}  // namespace
}  // namespace homeward::testing
