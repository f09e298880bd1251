// The stay-home comparison against a real server (docs/offer-comparison.md): a person with a riel
// debt and a baht offer gets the offer's net income beside their local job's, every line sourced
// and in riel, the offer screened, a summary whose Khmer comes back byte for byte; only officers
// of the person's province and admins may ask; a bad offer is a 400 naming each problem and
// stores nothing; the comparison is sealed at rest, audited, listed, and erased with the person;
// destination costs an admin replaces are checked, used by the next comparison and kept.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "contract.h"
#include "http_client.h"
#include "khmer.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kAdminKey[] = "offers-admin-key-0123456789abcdef";
constexpr char kProvince[] = "KH-12";
constexpr char kOtherProvince[] = "KH-14";

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class OfferComparisonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(Db(), dir_.File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
    // Round rates, so that the amounts below can be worked out by hand.
    ASSERT_EQ(Send(kAdminKey, "PUT", "/v1/exchange-rates",
                   {{"rates",
                     {{{"currency", "KHR"},
                       {"per_usd", 4000},
                       {"as_of", "2026-11-30"},
                       {"source", "National Bank of Cambodia"}},
                      {{"currency", "THB"},
                       {"per_usd", 32},
                       {"as_of", "2026-11-30"},
                       {"source", "Bank of Thailand"}}}}})
                  .status,
              200);
  }

  std::string Db() { return dir_.File("offers.db"); }

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

  // An open vacancy the sample person matches; returns its id and its employer's.
  std::pair<std::string, std::string> OpenVacancy() {
    const std::string employer =
        Create("/v1/employers",
               {{"name", "Riverside Garments"}, {"province", kProvince}, {"sector", "garment"}});
    // In the person's district without coordinates: the commute is the assumed district trip
    // of docs/offer-comparison.md, which the hand-computed figures below use.
    json vacancy = SampleVacancy(employer, kProvince, 2, "Sewing machine operator");
    vacancy.erase("location");
    HttpResponse posted = Send(kAdminKey, "POST", "/v1/vacancies", vacancy);
    EXPECT_EQ(posted.status, 201) << posted.body;
    const std::string id = posted.Json().value("id", "");
    if (posted.Json().value("status", "") == "pending_review") {
      EXPECT_EQ(Send(kAdminKey, "POST", "/v1/vacancies/" + id + "/review",
                     {{"decision", "approve"}, {"note", "Factory visited."}})
                    .status,
                200);
    }
    return {id, employer};
  }

  // A person whose household counts in riel: 4,000,000 riel of microfinance debt.
  std::string PersonWithRielDebt() {
    json person = SamplePerson(kProvince, "Sreymom");
    person["household"]["debt"] = {{"amount", 4000000}, {"currency", "KHR"}, {"period", "month"}};
    return Create("/v1/individuals", person);
  }

  static double Amount(const json& money) { return money.at("amount").get<double>(); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(OfferComparisonTest, BahtOfferBesideTheLocalJobOfAPersonWithRielDebt) {
  const auto [vacancy, employer] = OpenVacancy();
  const std::string person = PersonWithRielDebt();
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {kProvince}}, {"label", "Phnom Penh officer"}});
  const std::string path = "/v1/individuals/" + person + "/offer-comparisons";

  HttpResponse created = Send(officer, "POST", path, SampleOffer());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(ContractViolations("POST", "/v1/individuals/{id}/offer-comparisons", created), "");
  const json c = created.Json();
  EXPECT_EQ(created.headers["location"], path + "/" + c.value("id", ""));
  EXPECT_EQ(c["currency"], "KHR") << "the household counts in riel";
  EXPECT_EQ(c["exchange_rates_version"], 1);

  // 12,000 baht = 375 USD = 1,500,000 riel; 20,000 baht of fees = 2,500,000 riel over the
  // irregular channel's 12 months; 5% a month on that loan; Bangkok's living (4,500 baht) and
  // accommodation (3,000 baht); 15% of the wage lost; 8% of the 61,459 riel sent home.
  const json& lines = c["offer"]["lines"];
  std::vector<double> amounts;
  for (const json& line : lines) {
    amounts.push_back(Amount(line["amount"]));
    EXPECT_EQ(line["amount"]["currency"], "KHR");
    EXPECT_FALSE(line.value("source", "").empty()) << line.dump();
  }
  EXPECT_EQ(amounts,
            (std::vector<double>{1500000, -208333, -67708, -562500, -375000, -225000, -4917}));
  EXPECT_EQ(Amount(c["offer"]["net_monthly_income"]), 56542);
  EXPECT_THAT(lines[0].value("label", ""), HasSubstr("12,000 THB a month"));
  EXPECT_THAT(lines[3].value("source", ""), HasSubstr("estimate"));

  // The local job: 290 USD = 1,160,000 riel, less 5 km each way on 26 days (39,000) and
  // childcare for the household's two dependents (120,000).
  ASSERT_EQ(c["local"].size(), 1u) << created.body;
  const json& local = c["local"][0];
  EXPECT_EQ(local["opportunity_id"], vacancy);
  std::vector<double> local_amounts;
  for (const json& line : local["lines"]) local_amounts.push_back(Amount(line["amount"]));
  EXPECT_EQ(local_amounts, (std::vector<double>{1160000, -39000, -120000}));
  EXPECT_EQ(Amount(local["net_monthly_income"]), 1001000);
  EXPECT_EQ(Amount(c["difference"]), 56542 - 1001000);

  // The offer screened with the vacancy rules: fees, held passport, no licensed recruiter.
  std::vector<std::string> codes;
  for (const json& flag : c["screening"]["flags"]) codes.push_back(flag.value("code", ""));
  EXPECT_THAT(codes, Contains("fee_charged_to_worker"));
  EXPECT_THAT(codes, Contains("documents_retained"));
  EXPECT_THAT(codes, Contains("unlicensed_recruitment"));
  EXPECT_THAT(codes, Not(Contains("unverified_employer")));
  EXPECT_EQ(c["screening"]["status"], "blocked");

  const std::string km = c["summary"].value("km", "");
  EXPECT_THAT(km, HasSubstr("បាងកក ប្រទេសថៃ"));
  EXPECT_THAT(km, HasSubstr("56,542 រៀល"));
  EXPECT_THAT(c["summary"].value("en", ""),
              HasSubstr("so staying home keeps 944,458 riel more each month."));

  // Listed, and read at its Location, with the Khmer byte for byte.
  HttpResponse list = Send(officer, "GET", path);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/individuals/{id}/offer-comparisons", list), "");
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0], c);
  EXPECT_EQ(list.Json()["items"][0]["summary"].value("km", ""), km);
  HttpResponse one = Send(officer, "GET", created.headers["location"]);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Json(), c);

  // Every line has its code and params, and reads in Khmer when asked, with the same figures.
  HttpResponse khmer =
      client_->Send("GET", created.headers["location"], "",
                    {{"Authorization", "Bearer " + officer}, {"Accept-Language", "km"}});
  ASSERT_EQ(khmer.status, 200) << khmer.body;
  EXPECT_EQ(khmer.headers["content-language"], "km");
  ASSERT_EQ(khmer.Json()["offer"]["lines"].size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const json line = khmer.Json()["offer"]["lines"][i];
    EXPECT_THAT(lines[i].value("code", ""), StartsWith("offer.line.")) << lines[i];
    EXPECT_EQ(line["code"], lines[i]["code"]);
    EXPECT_EQ(line["amount"], lines[i]["amount"]);
    EXPECT_TRUE(HasKhmer(line.value("label", ""))) << line;
  }
  EXPECT_THAT(khmer.Json()["offer"]["lines"][0].value("label", ""),
              HasSubstr(lines[0]["params"].value("wage", "?")));

  // Sealed at rest like the person, and audited.
  const std::vector<std::string> docs = SqlColumn(Db(), "SELECT doc FROM offer_comparisons");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].rfind("s1", 0), 0u) << "the stored comparison is not sealed";
  EXPECT_EQ(docs[0].find("Bangkok"), std::string::npos);
  HttpResponse audit =
      Send(kAdminKey, "GET",
           "/v1/audit?subject=" + person + "&action=individual.offer_comparison.create");
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  EXPECT_EQ(audit.Json()["items"][0]["outcome"], "allowed");
}

TEST_F(OfferComparisonTest, OnlyOfficersOfTheProvinceAndAdmins) {
  const auto [vacancy, employer] = OpenVacancy();
  const std::string person = PersonWithRielDebt();
  const std::string path = "/v1/individuals/" + person + "/offer-comparisons";
  const std::string employer_key =
      NewKey({{"role", "employer"}, {"employer_id", employer}, {"label", "employer"}});
  const std::string analyst =
      NewKey({{"role", "analyst"}, {"provinces", {kProvince}}, {"label", "analyst"}});
  const std::string elsewhere =
      NewKey({{"role", "officer"}, {"provinces", {kOtherProvince}}, {"label", "Prey Veng"}});

  EXPECT_EQ(Send(employer_key, "POST", path, SampleOffer()).status, 403);
  EXPECT_EQ(Send(employer_key, "GET", path).status, 403);
  EXPECT_EQ(Send(analyst, "POST", path, SampleOffer()).status, 403);
  HttpResponse hidden = Send(elsewhere, "POST", path, SampleOffer());
  HttpResponse missing = Send(elsewhere, "POST",
                              "/v1/individuals/ind_00000000000000000000000000000000/"
                              "offer-comparisons",
                              SampleOffer());
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(hidden.body, missing.body) << "out of scope reads exactly like missing";
  EXPECT_EQ(Send(elsewhere, "GET", path).status, 404);
  EXPECT_TRUE(SqlColumn(Db(), "SELECT id FROM offer_comparisons").empty())
      << "a refused call stored one";

  EXPECT_EQ(Send(kAdminKey, "POST", path, SampleOffer()).status, 201);
}

// A comparison retried with the same Idempotency-Key (a phone on a bad line sends it twice) is
// saved once, and the retry answers with the first one; the same key with another offer is 409.
TEST_F(OfferComparisonTest, RetriedWithAnIdempotencyKeyIsSavedOnce) {
  OpenVacancy();
  const std::string person = PersonWithRielDebt();
  const std::string path = "/v1/individuals/" + person + "/offer-comparisons";
  const Headers headers = {{"Authorization", std::string("Bearer ") + kAdminKey},
                           {"Idempotency-Key", "visit-2026-12-05-offer"}};
  HttpResponse first = client_->Send("POST", path, SampleOffer().dump(), headers);
  ASSERT_EQ(first.status, 201) << first.body;
  HttpResponse retry = client_->Send("POST", path, SampleOffer().dump(), headers);
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  EXPECT_EQ(retry.headers["location"], first.headers["location"]);
  EXPECT_EQ(retry.Json().at("id"), first.Json().at("id"));
  EXPECT_EQ(retry.Json().at("offer"), first.Json().at("offer"));
  EXPECT_EQ(SqlColumn(Db(), "SELECT id FROM offer_comparisons").size(), 1u);

  json other = SampleOffer();
  other["wage"]["amount"] = other["wage"]["amount"].get<double>() + 1000;
  EXPECT_EQ(client_->Send("POST", path, other.dump(), headers).status, 409);
  EXPECT_EQ(SqlColumn(Db(), "SELECT id FROM offer_comparisons").size(), 1u);
  EXPECT_EQ(SqlColumn(Db(),
                      "SELECT count(*) FROM audit WHERE action = "
                      "'individual.offer_comparison.create' AND outcome = 'allowed'"),
            std::vector<std::string>{"1"});
}

TEST_F(OfferComparisonTest, BadOfferNamesEachProblemAndStoresNothing) {
  const std::string person = PersonWithRielDebt();
  const std::string path = "/v1/individuals/" + person + "/offer-comparisons";

  // What the schema sees.
  json broken = SampleOffer();
  broken["channel"] = "boat";
  broken["wage"]["currency"] = "EUR";
  broken.erase("hours_per_week");
  broken["bonus"] = true;
  HttpResponse refused = Send(kAdminKey, "POST", path, broken);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(refused.headers["content-type"], HasSubstr("application/problem+json"));
  const std::string errors = refused.Json()["errors"].dump();
  for (const char* named : {"channel", "currency", "hours_per_week", "bonus"}) {
    EXPECT_THAT(errors, HasSubstr(named)) << refused.body;
  }

  // What only the cost data and the offer's own consistency see, all in one answer.
  json unknown = SampleOffer();
  unknown["destination"] = {{"country", "JP"}, {"place", "tokyo"}};
  unknown["wage"]["amount"] = 0;
  unknown["fees_financed_by_debt"] = false;
  refused = Send(kAdminKey, "POST", path, unknown);
  ASSERT_EQ(refused.status, 400) << refused.body;
  std::vector<std::string> paths;
  const json problem = refused.Json();  // kept alive while iterating
  for (const json& error : problem["errors"]) paths.push_back(error.value("path", ""));
  EXPECT_EQ(paths, (std::vector<std::string>{"/destination/country", "/wage/amount",
                                             "/debt_interest_rate_month"}));
  EXPECT_THAT(refused.body, HasSubstr("known: TH, MY, KR"));

  EXPECT_EQ(
      client_->Send("POST", path, "[1, 2", {{"Authorization", std::string("Bearer ") + kAdminKey}})
          .status,
      400);
  EXPECT_EQ(Send(kAdminKey, "GET", path).Json()["items"].size(), 0u);
  EXPECT_TRUE(SqlColumn(Db(), "SELECT id FROM offer_comparisons").empty());
}

TEST_F(OfferComparisonTest, DestinationCostsReplacedByAnAdminAreUsedAtOnceAndKept) {
  OpenVacancy();
  const std::string person = PersonWithRielDebt();
  const std::string path = "/v1/individuals/" + person + "/offer-comparisons";
  const std::string officer =
      NewKey({{"role", "officer"}, {"provinces", {kProvince}}, {"label", "Phnom Penh officer"}});
  HttpResponse before = Send(officer, "POST", path, SampleOffer());
  ASSERT_EQ(before.status, 201) << before.body;
  EXPECT_EQ(before.Json()["destination_costs_version"], 0);
  EXPECT_EQ(Amount(before.Json()["offer"]["lines"][4]["amount"]), -375000) << "3,000 baht";

  // Every role reads the shipped costs; only an admin replaces them.
  HttpResponse shipped = Send(officer, "GET", "/v1/destination-costs");
  ASSERT_EQ(shipped.status, 200) << shipped.body;
  EXPECT_EQ(ContractViolations("GET", "/v1/destination-costs", shipped), "");
  json costs = shipped.Json();
  EXPECT_EQ(costs["version"], 0);
  EXPECT_EQ(costs["created_by"], "builtin");
  for (const char* key : {"version", "created_by", "created_at"}) costs.erase(key);
  json& bangkok = costs["countries"][0]["places"][0];
  ASSERT_EQ(bangkok["place"], "bangkok");
  bangkok["accommodation"] = {{"amount", 4000},
                              {"currency", "THB"},
                              {"as_of", "2026-11-30"},
                              {"source", "Survey of Cambodian workers in Bangkok, Nov 2026"},
                              {"estimate", false}};
  EXPECT_EQ(Send(officer, "PUT", "/v1/destination-costs", costs).status, 403);

  // Each problem named, in one answer, and nothing stored.
  json bad = costs;
  bad["countries"][1]["country"] = "TH";
  bad["countries"][0]["income_lost_share"]["irregular"]["value"] = 1.5;
  bad["countries"][0]["places"][1]["living"]["as_of"] = "2099-01-01";
  bad["home"]["childcare_per_month"].erase("note");
  HttpResponse refused = Send(kAdminKey, "PUT", "/v1/destination-costs", bad);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(refused.headers["content-type"], HasSubstr("application/problem+json"));
  std::vector<std::string> paths;
  const json problem = refused.Json();
  for (const json& error : problem["errors"]) paths.push_back(error.value("path", ""));
  EXPECT_EQ(paths,
            (std::vector<std::string>{
                "/home/childcare_per_month/note", "/countries/0/income_lost_share/irregular/value",
                "/countries/0/places/1/living/as_of", "/countries/1/country"}));
  bad = costs;
  bad["countries"][0]["places"][0].erase("living");
  bad["home"]["extra"] = 1;
  refused = Send(kAdminKey, "PUT", "/v1/destination-costs", bad);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(refused.Json()["errors"].dump(), HasSubstr("living"));
  EXPECT_THAT(refused.Json()["errors"].dump(), HasSubstr("extra"));
  EXPECT_TRUE(SqlColumn(Db(), "SELECT id FROM destination_costs").empty());
  EXPECT_EQ(Send(officer, "GET", "/v1/destination-costs").Json()["version"], 0);

  HttpResponse replaced = Send(kAdminKey, "PUT", "/v1/destination-costs", costs);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(ContractViolations("PUT", "/v1/destination-costs", replaced), "");
  EXPECT_EQ(replaced.Json()["version"], 1);

  // The next comparison uses them; the saved one keeps its figures.
  HttpResponse after = Send(officer, "POST", path, SampleOffer());
  ASSERT_EQ(after.status, 201) << after.body;
  EXPECT_EQ(after.Json()["destination_costs_version"], 1);
  EXPECT_EQ(Amount(after.Json()["offer"]["lines"][4]["amount"]), -500000) << "4,000 baht";
  EXPECT_THAT(after.Json()["offer"]["lines"][4].value("source", ""),
              HasSubstr("Survey of Cambodian workers in Bangkok"));
  HttpResponse kept = Send(officer, "GET", before.headers["location"]);
  EXPECT_EQ(kept.Json(), before.Json());

  HttpResponse audit = Send(kAdminKey, "GET", "/v1/audit?action=destination_costs.replace");
  ASSERT_EQ(audit.Json()["items"].size(), 1u) << audit.body;
  EXPECT_EQ(audit.Json()["items"][0]["subject"], "destination_costs/1");

  // Still in force after a restart, Khmer names byte for byte.
  server_.reset();
  server_ = std::make_unique<ServerProcess>(Db(), dir_.File("server-again.log"), kAdminKey);
  ASSERT_TRUE(server_->started()) << server_->Output();
  client_ = std::make_unique<HttpClient>(server_->port());
  HttpResponse again = Send(officer, "GET", "/v1/destination-costs");
  EXPECT_EQ(again.Json(), replaced.Json());
  EXPECT_EQ(again.Json()["countries"][0]["name"]["km"], "ប្រទេសថៃ");
  EXPECT_EQ(Send(officer, "POST", path, SampleOffer()).Json()["destination_costs_version"], 1);
}

TEST_F(OfferComparisonTest, ErasingThePersonErasesTheirComparisons) {
  OpenVacancy();
  const std::string person = PersonWithRielDebt();
  const std::string kept = PersonWithRielDebt();
  const std::string path = "/v1/individuals/" + person + "/offer-comparisons";
  ASSERT_EQ(Send(kAdminKey, "POST", path, SampleOffer()).status, 201);
  ASSERT_EQ(Send(kAdminKey, "POST", path, SampleOffer()).status, 201);
  ASSERT_EQ(Send(kAdminKey, "POST", "/v1/individuals/" + kept + "/offer-comparisons", SampleOffer())
                .status,
            201);
  const std::vector<std::string> sealed =
      SqlColumn(Db(), "SELECT doc FROM offer_comparisons WHERE individual_id = '" + person + "'");
  ASSERT_EQ(sealed.size(), 2u);

  ASSERT_EQ(Send(kAdminKey, "DELETE", "/v1/individuals/" + person).status, 204);
  EXPECT_TRUE(
      SqlColumn(Db(), "SELECT id FROM offer_comparisons WHERE individual_id = '" + person + "'")
          .empty());
  for (const char* suffix : {"", "-wal"}) {
    const std::string bytes = FileBytes(Db() + suffix);
    for (const std::string& doc : sealed) {
      EXPECT_EQ(bytes.find(doc), std::string::npos) << "an erased comparison is still in the file";
    }
  }
  EXPECT_EQ(Send(kAdminKey, "GET", path).status, 404);
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + kept + "/offer-comparisons")
                .Json()["items"]
                .size(),
            1u)
      << "another person's comparison went too";
}

}  // namespace
}  // namespace homeward::testing
