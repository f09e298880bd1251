// The conformance suite: every plugin in the shipped plugins folder must pass it. It checks the
// manifest, the ABI handshake (the host loads the plugin), that every output is valid (the host
// validates each one and would mark the plugin failed), and that the same input always gives the
// same output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "homeward/plugin/plugin_host.h"
#include "homeward/policy/national.h"
#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::plugin {
namespace {

namespace fs = std::filesystem;
using ::homeward::testing::kRulesDay;
using ::homeward::testing::SampleEmployer;
using ::homeward::testing::SamplePerson;
using ::homeward::testing::SampleTraining;
using ::homeward::testing::SampleVacancy;
using ::homeward::testing::ShippedPluginIds;
using ::homeward::testing::ShippedPluginsDir;
using ::homeward::testing::TestHostOptions;

// A spread of vacancies meant to exercise every kind of rule: lawful, lure-like, cross-border,
// seasonal, in every sector the plugins know.
std::vector<model::Vacancy> Vacancies(const std::string& province) {
  std::vector<model::Vacancy> out;
  out.push_back(SampleVacancy(province, "8153", "garment", 230));
  out.push_back(SampleVacancy(province, "9313", "construction", 9));
  out.back().wage.period = model::MoneyPeriod::kDay;
  out.back().contract = model::Contract::kDaily;
  out.push_back(SampleVacancy(province, "9211", "agriculture", 180));
  out.back().contract = model::Contract::kSeasonal;
  out.back().title = "Rice harvest, rubber tapping and cashew picking";
  out.back().description = "Wage advance available for new workers.";
  out.push_back(SampleVacancy(province, "9313", "construction", 150));
  out.back().title = "Brick kiln workers, loan given before starting";
  out.push_back(SampleVacancy(province, "8153", "garment", 150));
  out.push_back(SampleVacancy(province, "4222", "services", 1500));
  out.back().title = "Online customer service / typing job, high salary, no experience needed";
  out.back().description =
      "Free food and accommodation. Chinese speaking a plus. Contact on Telegram.";
  out.push_back(SampleVacancy(province, "6223", "fishing", 400));
  out.back().work_abroad = true;
  out.back().employer_holds_documents = true;
  out.back().title = "Fishing boat crew, months at sea, border pass arranged";
  out.push_back(SampleVacancy(province, "5131", "hospitality", 220));
  out.back().contract = model::Contract::kSeasonal;
  out.back().benefits = {"housing", "meals"};
  out.back().title = "Waitress, karaoke and beer promotion";
  out.push_back(SampleVacancy(province, "4212", "gaming", 700));
  out.back().title = "Casino dealer";
  out.push_back(SampleVacancy(province, "7126", "construction", 260));
  out.back().benefits = {"transport", "childcare"};
  out.push_back(SampleVacancy(province, "9211", "agriculture", 210));
  out.back().title = "Rubber tapper, six-month contract";
  out.back().contract = model::Contract::kFixedTerm;
  return out;
}

class ConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    auto host = PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(host).value().release();
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }
  static PluginHost* host_;
};
PluginHost* ConformanceTest::host_ = nullptr;

TEST_P(ConformanceTest, ManifestIsCompleteAndNamesAProvince) {
  std::ifstream in(ShippedPluginsDir() / (GetParam() + ".plugin.json"));
  const nlohmann::json manifest = nlohmann::json::parse(in);
  EXPECT_EQ(manifest.at("id"), GetParam());
  EXPECT_TRUE(policy::IsProvinceCode(manifest.at("province").get<std::string>()));
  EXPECT_EQ(manifest.at("abi").at("major"), 1);
  EXPECT_TRUE(fs::exists(ShippedPluginsDir() / manifest.at("library").get<std::string>()));
}

TEST_P(ConformanceTest, LoadsWithValidMarketDataForItsProvince) {
  auto view = host_->Plugin(GetParam());
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->state, PluginState::kLoaded) << view->error;
  auto policy = host_->ForProvince(view->province);
  EXPECT_EQ(policy->Source(), GetParam());
  const model::MarketData& market = policy->Market();
  EXPECT_EQ(market.province, view->province);
  EXPECT_GT(market.living_wage, market.poverty_line);
  EXPECT_FALSE(market.source.empty());
  EXPECT_FALSE(market.median_wages.empty());
  const auto w = policy->AdjustWeights(policy::MatchWeights{});
  const double sum = w.skills + w.occupation + w.distance + w.wage + w.market + w.preferences;
  EXPECT_GT(sum, 0);
}

TEST_P(ConformanceTest, EveryOutputIsValidAndDeterministic) {
  const std::string province = host_->Plugin(GetParam())->province;
  auto policy = host_->ForProvince(province);
  ASSERT_EQ(policy->Source(), GetParam());
  auto person = SamplePerson(province);
  auto survivor = person;
  survivor.survivor = true;
  survivor.languages = {"km", "en"};
  int effects = 0;
  int flags = 0;
  for (const auto& vacancy : Vacancies(province)) {
    const auto employer = SampleEmployer(province);
    for (const auto& who : {person, survivor}) {
      const auto first = policy->JobRules(who, vacancy, kRulesDay);
      const auto second = policy->JobRules(who, vacancy, kRulesDay);
      ASSERT_EQ(first.size(), second.size());
      for (size_t i = 0; i < first.size(); ++i) {
        EXPECT_EQ(first[i].rule, second[i].rule);
        EXPECT_EQ(first[i].points, second[i].points);
        EXPECT_EQ(first[i].reason, second[i].reason);
        EXPECT_EQ(first[i].plugin, GetParam());
        EXPECT_LE(std::abs(first[i].points), policy::kMaxRulePoints);
        EXPECT_FALSE(first[i].reason.empty());
      }
      effects += static_cast<int>(first.size());
    }
    const auto a = policy->ScreenVacancy(vacancy, employer);
    const auto b = policy->ScreenVacancy(vacancy, employer);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].code, b[i].code);
      EXPECT_EQ(a[i].severity, b[i].severity);
      EXPECT_THAT(a[i].source, ::testing::StartsWith("plugin:" + GetParam() + "/"));
      EXPECT_FALSE(a[i].reason.empty());
    }
    flags += static_cast<int>(a.size());
  }
  const auto t1 = policy->TrainingRules(person, SampleTraining(province), kRulesDay);
  const auto t2 = policy->TrainingRules(person, SampleTraining(province), kRulesDay);
  EXPECT_EQ(t1.size(), t2.size());

  // Every shipped plugin has at least one rule of each kind that fires on this spread.
  EXPECT_GT(effects, 0);
  EXPECT_GT(flags, 0);
  // And no output was rejected along the way.
  EXPECT_EQ(host_->Plugin(GetParam())->state, PluginState::kLoaded)
      << host_->Plugin(GetParam())->error;
}

// The host cuts a plugin's effects to the range its manifest declares ("rule_points"), to the
// one it gives for each person and month (rule_points, ABI minor 4) and, in match lists, to the
// one it gives for each vacancy (vacancy_rule_points, ABI minor 5), so a range narrower than the
// rules would change their answers: every shipped plugin declares one, the range of each person
// and of each vacancy lies within it, and the rules' totals stay within all three for people of
// every kind, on every vacancy of the spread, in every month.
TEST_P(ConformanceTest, RulesStayWithinTheRangeTheManifestDeclares) {
  std::ifstream in(ShippedPluginsDir() / (GetParam() + ".plugin.json"));
  const nlohmann::json declared = nlohmann::json::parse(in).at("rule_points");
  const std::string province = host_->Plugin(GetParam())->province;
  auto policy = host_->ForProvince(province);
  const policy::RuleRange range = policy->RulePoints();
  EXPECT_EQ(range.least, declared.at("least").get<double>());
  EXPECT_EQ(range.most, declared.at("most").get<double>());
  auto person = SamplePerson(province);
  auto survivor = person;
  survivor.survivor = true;
  survivor.prior_migration = false;
  survivor.languages = {"km", "en"};
  survivor.household.dependents = 0;
  auto tapper = person;
  tapper.skills = {{"rubber_tapping", 4}, {"sewing", 3}};
  tapper.languages = {"km", "en"};
  auto parent = survivor;
  parent.survivor = false;
  parent.household.dependents = 3;
  auto total = [](const std::vector<policy::RuleEffect>& effects) {
    double sum = 0;
    for (const policy::RuleEffect& e : effects) sum += e.points;
    return sum;
  };
  auto training = SampleTraining(province);
  const std::vector<model::Vacancy> vacancies = Vacancies(province);
  std::vector<const model::Vacancy*> each;
  for (const model::Vacancy& vacancy : vacancies) each.push_back(&vacancy);
  const std::vector<policy::RuleRange> vacancy_ranges = policy->VacancyRulePoints(each);
  ASSERT_EQ(vacancy_ranges.size(), vacancies.size());
  for (const policy::RuleRange& own : vacancy_ranges) {
    EXPECT_GE(own.least, range.least);
    EXPECT_LE(own.least, 0);
    EXPECT_GE(own.most, 0);
    EXPECT_LE(own.most, range.most);
  }
  for (int month = 1; month <= 12; ++month) {
    const Date day{2026, month, 15};
    for (const auto& who : {person, survivor, tapper, parent}) {
      const policy::RuleRange own = policy->RulePointsFor(who, day);
      EXPECT_GE(own.least, range.least);
      EXPECT_LE(own.most, range.most);
      for (size_t i = 0; i < vacancies.size(); ++i) {
        const model::Vacancy& vacancy = vacancies[i];
        const double sum = total(policy->JobRules(who, vacancy, day));
        EXPECT_GE(sum, std::max(own.least, vacancy_ranges[i].least))
            << vacancy.title << " in month " << month;
        EXPECT_LE(sum, std::min(own.most, vacancy_ranges[i].most))
            << vacancy.title << " in month " << month;
      }
      const double sum = total(policy->TrainingRules(who, training, day));
      EXPECT_GE(sum, own.least) << "training in month " << month;
      EXPECT_LE(sum, own.most) << "training in month " << month;
    }
  }
  EXPECT_EQ(host_->Plugin(GetParam())->state, PluginState::kLoaded);
}

INSTANTIATE_TEST_SUITE_P(ShippedPlugins, ConformanceTest, ::testing::ValuesIn(ShippedPluginIds()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name) ch = ch == '-' ? '_' : ch;
                           return name;
                         });

TEST(ConformanceSuiteTest, AllEightProgrammeProvincesShipAPlugin) {
  EXPECT_THAT(ShippedPluginIds(), ::testing::UnorderedElementsAre(
                                      "banteay-meanchey", "battambang", "kampong-cham", "koh-kong",
                                      "phnom-penh", "preah-sihanouk", "prey-veng", "siem-reap"));
}

}  // namespace
}  // namespace homeward::plugin
