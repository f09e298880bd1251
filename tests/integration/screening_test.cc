// Screening through the API, on a real server with the bundled plugins: an ordinary garment job
// at the statutory minimum wage is open and matched at once; work abroad needs a recruitment
// licence that only an admin verifies; the review queue comes riskiest first with who approved
// what, and its length and age are in the metrics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::HasSubstr;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kAdminKey[] = "screening-admin-key-0123456789abcdef";

std::vector<std::string> FlagCodes(const json& vacancy) {
  std::vector<std::string> codes;
  for (const auto& flag : vacancy["screening"]["flags"]) codes.push_back(flag.value("code", ""));
  return codes;
}

class ScreeningApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.File("homeward.db"), dir_.File("server.log"),
                                              kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  HttpResponse Send(const std::string& key, const std::string& method, const std::string& path,
                    const json& body = nullptr) {
    return client_->Send(method, path, body.is_null() ? "" : body.dump(),
                         Headers{{"Authorization", "Bearer " + key}});
  }

  json Created(const std::string& key, const std::string& path, const json& body) {
    HttpResponse r = Send(key, "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.Json();
  }

  // A registered employer that an admin has verified.
  std::string VerifiedEmployer(const std::string& name, const std::string& sector) {
    const json employer = Created(kAdminKey, "/v1/employers",
                                  {{"name", name},
                                   {"registration_number", "MOC-00017342"},
                                   {"province", "KH-12"},
                                   {"sector", sector},
                                   {"contact", {{"phone", "+855 23 000 142"}}}});
    const std::string id = employer.value("id", "");
    EXPECT_EQ(Send(kAdminKey, "PATCH", "/v1/employers/" + id, {{"verified", true}}).status, 200);
    return id;
  }

  std::string EmployerKey(const std::string& employer) {
    return Created(kAdminKey, "/v1/api-keys",
                   {{"role", "employer"}, {"employer_id", employer}, {"label", "employer"}})
        .value("key", "");
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(ScreeningApiTest, GarmentJobAtTheStatutoryMinimumIsOpenAndMatched) {
  const std::string employer = VerifiedEmployer("Mekong Thread Apparel Co., Ltd.", "garment");
  json vacancy = SampleVacancy(employer, "KH-12", 3, "Sewing machine operator");
  vacancy["district"] = "Por Sen Chey";
  vacancy["wage"]["amount"] = 210;  // the 2026 minimum; below Phnom Penh's living wage (324)
  const json posted = Created(EmployerKey(employer), "/v1/vacancies", vacancy);
  EXPECT_EQ(posted.value("status", ""), "open") << posted.dump();
  EXPECT_EQ(posted["screening"].value("status", ""), "clear") << posted.dump();

  json person = SamplePerson("KH-12", "Sreymom");
  person["district"] = "Por Sen Chey";
  const std::string person_id = Created(kAdminKey, "/v1/individuals", person).value("id", "");
  HttpResponse matches =
      Send(kAdminKey, "GET", "/v1/individuals/" + person_id + "/matches?kind=job");
  ASSERT_EQ(matches.status, 200) << matches.body;
  const json listed = matches.Json();
  std::vector<std::string> ids;
  for (const auto& item : listed["items"]) ids.push_back(item["opportunity"].value("id", ""));
  EXPECT_THAT(ids, Contains(posted.value("id", "")));

  // Below the statutory minimum the same job waits for an officer, with the figures.
  vacancy["wage"]["amount"] = 200;
  const json below = Created(kAdminKey, "/v1/vacancies", vacancy);
  EXPECT_EQ(below.value("status", ""), "pending_review");
  EXPECT_THAT(FlagCodes(below), Contains("below_legal_minimum"));
  EXPECT_THAT(below["screening"]["flags"][0].value("reason", ""), HasSubstr("210 USD"));
}

TEST_F(ScreeningApiTest, WorkAbroadNeedsARecruitmentLicenceThatOnlyAnAdminVerifies) {
  const std::string agency = VerifiedEmployer("Angkor Manpower Co., Ltd.", "recruitment");
  const std::string agency_key = EmployerKey(agency);
  json abroad = SampleVacancy(agency, "KH-12", 20, "Food factory worker, Thailand (MoU)");
  abroad["district"] = "Chamkar Mon";
  abroad["description"] = "Legal work in Thailand under the MoU; the employer pays all costs.";
  abroad["sector"] = "manufacturing";
  abroad["occupation"] = "9329";
  abroad["work_abroad"] = true;
  abroad["wage"]["amount"] = 330;
  const json unlicensed = Created(agency_key, "/v1/vacancies", abroad);
  EXPECT_EQ(unlicensed.value("status", ""), "blocked");
  EXPECT_THAT(FlagCodes(unlicensed), Contains("unlicensed_recruitment"));

  // The agency gives its licence; it may not verify it itself.
  const json licence = {{"number", "MLVT-RA-0457"}, {"expires_on", "2030-12-31"}};
  EXPECT_EQ(Send(agency_key, "PATCH", "/v1/employers/" + agency,
                 {{"recruitment_licence",
                   {{"number", "X"}, {"expires_on", "2030-12-31"}, {"verified", true}}}})
                .status,
            400);
  HttpResponse given =
      Send(agency_key, "PATCH", "/v1/employers/" + agency, {{"recruitment_licence", licence}});
  ASSERT_EQ(given.status, 200) << given.body;
  EXPECT_FALSE(given.Json()["recruitment_licence"].value("verified", true));
  const std::string id = unlicensed.value("id", "");
  json held = Send(kAdminKey, "GET", "/v1/vacancies/" + id).Json();
  EXPECT_EQ(held.value("status", ""), "pending_review") << held.dump();
  EXPECT_THAT(FlagCodes(held), Contains("recruitment_licence_unverified"));

  // An admin verifies it: the vacancy is still reviewed, as every job abroad is, but no longer
  // for its licence.
  ASSERT_EQ(Send(kAdminKey, "PATCH", "/v1/employers/" + agency,
                 {{"recruitment_licence", {{"verified", true}}}})
                .status,
            200);
  held = Send(kAdminKey, "GET", "/v1/vacancies/" + id).Json();
  EXPECT_EQ(held.value("status", ""), "pending_review");
  EXPECT_THAT(FlagCodes(held), ::testing::Not(Contains("recruitment_licence_unverified")));
  EXPECT_THAT(FlagCodes(held), Contains("work_abroad"));

  // A new number from the agency takes the verification back.
  HttpResponse renewed = Send(agency_key, "PATCH", "/v1/employers/" + agency,
                              {{"recruitment_licence", {{"number", "MLVT-RA-0999"}}}});
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_FALSE(renewed.Json()["recruitment_licence"].value("verified", true));
}

TEST_F(ScreeningApiTest, ReviewQueueComesRiskiestFirstAndShowsInTheMetrics) {
  const std::string employer = VerifiedEmployer("Sovann Garment Co., Ltd.", "garment");
  json base = SampleVacancy(employer, "KH-12", 2, "Sewing machine operator");
  base["district"] = "Por Sen Chey";
  json one_flag = base;  // below the statutory minimum
  one_flag["wage"]["amount"] = 200;
  json two_flags = one_flag;  // and 12 hours a day
  two_flags["description"] = "Sewing, ១២ម៉ោង/ថ្ងៃ.";
  json three_flags = two_flags;  // and a chat-only contact
  three_flags["description"] = "Sewing, 12 hrs/day. Telegram only.";
  std::vector<std::string> posted;
  for (const json& body : {one_flag, three_flags, two_flags}) {
    const json v = Created(kAdminKey, "/v1/vacancies", body);
    EXPECT_EQ(v.value("status", ""), "pending_review") << v.dump();
    posted.push_back(v.value("id", ""));
  }
  HttpResponse queue = Send(kAdminKey, "GET", "/v1/vacancies?status=pending_review");
  ASSERT_EQ(queue.status, 200) << queue.body;
  const json queued = queue.Json();
  std::vector<std::string> order;
  for (const auto& item : queued["items"]) order.push_back(item.value("id", ""));
  EXPECT_EQ(order, (std::vector<std::string>{posted[1], posted[2], posted[0]}));
  for (const auto& item : queued["items"]) {
    EXPECT_FALSE(item["screening"]["flags"].empty());
    EXPECT_FALSE(item["screening"]["flags"][0].value("reason", "").empty());
  }

  // Page by page, in the same order.
  HttpResponse first = Send(kAdminKey, "GET", "/v1/vacancies?status=pending_review&limit=2");
  ASSERT_EQ(first.status, 200);
  const std::string cursor = first.Json().value("next_cursor", "");
  ASSERT_FALSE(cursor.empty());
  HttpResponse second =
      Send(kAdminKey, "GET", "/v1/vacancies?status=pending_review&limit=2&cursor=" + cursor);
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(second.Json()["items"].size(), 1u);
  EXPECT_EQ(second.Json()["items"][0].value("id", ""), posted[0]);
  EXPECT_TRUE(second.Json()["next_cursor"].is_null());
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/vacancies?status=pending_review&cursor=bogus").status, 400);

  HttpResponse metrics = Send(kAdminKey, "GET", "/v1/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("\nhomeward_review_queue_vacancies 3\n"));
  EXPECT_THAT(metrics.body, HasSubstr("homeward_review_queue_oldest_seconds "));

  // An approval records who, when and why, and the vacancy leaves the queue.
  HttpResponse approved = Send(kAdminKey, "POST", "/v1/vacancies/" + posted[0] + "/review",
                               {{"decision", "approve"}, {"note", "Piece rate tops up to 230."}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  const json review = approved.Json().at("review");
  EXPECT_EQ(review.value("decision", ""), "approve");
  EXPECT_EQ(review.value("note", ""), "Piece rate tops up to 230.");
  EXPECT_FALSE(review.value("by", "").empty());
  EXPECT_FALSE(review.value("at", "").empty());
  metrics = Send(kAdminKey, "GET", "/v1/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("\nhomeward_review_queue_vacancies 2\n"));
}

}  // namespace
}  // namespace homeward::testing
