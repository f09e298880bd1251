// The API's bodies as a contract (api/views/views.h): every body the views write, and every
// record the API answers as it is, from one fixed value with every field set (Khmer text among
// them), is the bytes of its file in tests/data/api/bodies/. A renamed, added or reordered field
// fails here until the file says so, and then docs/api.md and the OpenAPI document must say so
// too; the stored doc (doc_contract_test) and the plugins' input are pinned apart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "full_records.h"
#include "homeward/model/json.h"
#include "views/views.h"

namespace homeward::api {
namespace {

using namespace testing::full;  // NOLINT: the records the contract is written with

std::string Golden(const std::string& name) {
  return testing::full::Golden(std::filesystem::path("api") / "bodies" / name);
}

std::string Compact(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

matching::Match JobMatch() {
  matching::Match m;
  m.kind = model::OpportunityKind::kJob;
  m.individual_id = kIndividual;
  m.opportunity_id = kVacancy;
  m.base_score = 70.125;
  m.score = 72.13;
  m.components = {{"distance",
                   100,
                   0.2,
                   "In the person's home district (100/100)",
                   "match.distance.home_district",
                   {{"score", 100}}},
                  {"skills",
                   66.67,
                   0.3,
                   "Meets 2 of 3 required skill levels",
                   "match.skills.met",
                   {{"met", 2}, {"required", 3}}}};
  m.rules = {{"kh5", "local_hire", 2.0, "Hires in the district", "ជួលនៅក្នុងស្រុក"}};
  m.unlocks = {};
  m.vulnerability = 61.5;
  return m;
}

std::vector<service::MatchedOpportunity> MatchedOpportunities() {
  matching::Match training = JobMatch();
  training.kind = model::OpportunityKind::kTraining;
  training.opportunity_id = kTraining;
  training.rules.clear();
  training.closes_skills = {"sewing_machine_operation"};
  training.unlocks = {kVacancy};
  matching::Match programme = JobMatch();
  programme.kind = model::OpportunityKind::kProgramme;
  programme.opportunity_id = kProgramme;
  matching::Match gone = JobMatch();
  gone.opportunity_id = "vac_0000000000000000000000000000000f";
  return {{JobMatch(), Vacancy()},
          {training, Training()},
          {programme, Programme()},
          {gone, std::nullopt}};  // left the index while the answer was made
}

model::Referral SeenReferral(bool by_employer) {
  model::Referral r = Referral();
  r.check_ins.clear();  // as the service gives it: check-ins have their own route
  if (by_employer) {
    for (model::ReferralChange& change : r.history) change.note.clear();
  }
  return r;
}

TEST(BodiesContractTest, ThePeopleAndTheReferralPath) {
  EXPECT_EQ(Compact(views::Person({Individual(), /*full=*/true})), Golden("person.full.json"));
  EXPECT_EQ(Compact(views::Person({Individual(), /*full=*/false})), Golden("person.reduced.json"));
  EXPECT_EQ(Compact(views::Referral({SeenReferral(false), false, std::nullopt})),
            Golden("referral.json"));
  EXPECT_EQ(Compact(views::Referral({SeenReferral(true), true, Individual()})),
            Golden("referral.employer.json"));
  const model::CheckIn check_in = Referral().check_ins.front();
  EXPECT_EQ(Compact(views::CheckIn({kReferral, check_in, /*safety_review_opened=*/true})),
            Golden("check-in.json"));
}

TEST(BodiesContractTest, MatchesBothWays) {
  EXPECT_EQ(views::Matches(MatchedOpportunities(), reference::Language::kEnglish),
            Golden("matches.en.json"));
  EXPECT_EQ(views::Matches(MatchedOpportunities(), reference::Language::kKhmer),
            Golden("matches.km.json"));
  EXPECT_EQ(Compact(views::Candidates({{JobMatch(), Individual()}})), Golden("candidates.json"));
}

TEST(BodiesContractTest, TheSummaryReport) {
  referral::ProvinceSummary kh5;
  kh5.province = "KH-5";
  kh5.people_by_status = {{"active", 3}, {"placed", 1}};
  kh5.placements = 1;
  kh5.placements_by_sex = {{"female", 1}, {"male", 0}, {"other", 0}};
  kh5.placements_by_month = {{"2026-11", {{"female", 1}}, {{"female", 1}}, {{"female", 0}}}};
  kh5.retention_3m = {1, 1, 0};
  kh5.retention_6m = {0, 0, 0};
  kh5.safeguards = {{"check_ins", 2}, {"safety_reviews_opened", 1}};
  referral::SummaryReport report{"2026-12-04T00:00:00Z", {kh5}, kh5};
  report.overall.province = "all";
  EXPECT_EQ(Compact(views::Summary(report)), Golden("summary.json"));
  EXPECT_EQ(views::SummaryCsv(report), Golden("summary.csv"));
}

TEST(BodiesContractTest, PluginsAndProvinces) {
  plugin::PluginView failed{"kh5",
                            "Kampong Speu",
                            "KH-5",
                            "1.2.0",
                            "1.3",
                            {"market", "rules"},
                            plugin::PluginState::kFailed,
                            "the signature does not verify",
                            "/srv/plugins/kh5.plugin.json"};
  EXPECT_EQ(Compact(views::Plugin(failed)), Golden("plugin.json"));
  plugin::ProvinceView province{
      "KH-5",  "Kampong Speu",
      "កំពង់ស្ពឺ", plugin::ProvinceView::Plugin{"kh5", "1.2.0", plugin::PluginState::kLoaded},
      "kh5",   3};
  EXPECT_EQ(Compact(views::Province(province)), Golden("province.json"));
}

// The records the API answers as they are (POST, GET, PATCH and their lists).
TEST(BodiesContractTest, RecordsAnsweredAsTheyAre) {
  EXPECT_EQ(Compact(Employer()), Golden("employer.json"));
  EXPECT_EQ(Compact(Vacancy()), Golden("vacancy.json"));
  EXPECT_EQ(Compact(Training()), Golden("training.json"));
  EXPECT_EQ(Compact(Programme()), Golden("programme.json"));
  EXPECT_EQ(Compact(Allocation()), Golden("allocation.json"));
  EXPECT_EQ(Compact(ApiKey()), Golden("api-key.json"));
}

}  // namespace
}  // namespace homeward::api
