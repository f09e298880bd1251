// Preah Sihanouk's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

class PreahSihanoukTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(host).value();
    policy_ = host_->ForProvince("KH-18");
  }
  std::unique_ptr<plugin::PluginHost> host_;
  std::shared_ptr<const policy::ProvincePolicy> policy_;
};

TEST_F(PreahSihanoukTest, ScamCompoundLureIsBlocked) {
  auto lure = SampleVacancy("KH-18", "4222", "services", 1200);
  lure.title = "Typing job, high salary, no experience";
  lure.description = "Free food and accommodation. Contact us on Telegram.";
  const auto flags = policy_->ScreenVacancy(lure, SampleEmployer("KH-18"));
  ASSERT_TRUE(HasFlag(flags, "scam_compound_lure"));
  EXPECT_EQ(flags.front().severity, model::FlagSeverity::kBlock);
}

TEST_F(PreahSihanoukTest, AnOrdinaryCustomerServiceJobIsHeldOnlyFromAnUnverifiedEmployer) {
  auto job = SampleVacancy("KH-18", "4222", "services", 300);
  job.title = "Customer service desk, Sihanoukville Autonomous Port";
  EXPECT_TRUE(policy_->ScreenVacancy(job, SampleEmployer("KH-18")).empty());
  auto unverified = SampleEmployer("KH-18");
  unverified.verified = false;
  const auto flags = policy_->ScreenVacancy(job, unverified);
  EXPECT_TRUE(HasFlag(flags, "possible_scam_lure"));
  EXPECT_FALSE(HasFlag(flags, "scam_compound_lure"));
}

TEST_F(PreahSihanoukTest, SurvivorsAreSteeredAwayFromCasinos) {
  auto person = SamplePerson("KH-18");
  person.survivor = true;
  const auto effects =
      policy_->JobRules(person, SampleVacancy("KH-18", "4212", "gaming", 400), kRulesDay);
  const auto* rule = FindRule(effects, "casino-survivor");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->points, -policy::kMaxRulePoints);
}

TEST_F(PreahSihanoukTest, ChatOnlyUnverifiedEmployerIsHeldForReview) {
  auto employer = SampleEmployer("KH-18");
  employer.contact = {};
  employer.contact.chat = "@hr_recruit_sihanoukville";
  employer.verified = false;
  EXPECT_TRUE(
      HasFlag(policy_->ScreenVacancy(SampleVacancy("KH-18", "9112", "hospitality", 220), employer),
              "untraceable_employer"));
}

}  // namespace
}  // namespace homeward::testing
