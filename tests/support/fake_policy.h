// A ProvincePolicy for tests and benchmarks, written once: fixed market data (a plausible default,
// or any MarketData given), optional weight overrides and rule range, and job, training and
// screening rules given as functions. Configure it before handing it to the code under test; after
// that it is read-only and thread-safe like every ProvincePolicy (the rule call counts aside:
// count only in one thread).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "homeward/policy/province_policy.h"

namespace homeward::testing {

class FakePolicy : public policy::ProvincePolicy {
 public:
  using JobRule = std::function<std::vector<policy::RuleEffect>(const model::Individual&,
                                                                const model::Vacancy&)>;
  using TrainingRule = std::function<std::vector<policy::RuleEffect>(const model::Individual&,
                                                                     const model::Training&)>;
  using ScreeningRule = std::function<std::vector<model::ScreeningFlag>(const model::Vacancy&,
                                                                        const model::Employer&)>;

  // The default market: living wage $250, poverty line $60 a head, minimum wage $208, and garment
  // demand 1.0 with a December peak of 1.5.
  static model::MarketData DefaultMarket(const std::string& province) {
    model::MarketData market;
    market.province = province;
    market.living_wage = 250;
    market.poverty_line = 60;
    market.minimum_wage = 208;
    std::array<double, 12> garment;
    garment.fill(1.0);
    garment[11] = 1.5;  // December
    market.sector_demand["garment"] = garment;
    return market;
  }

  explicit FakePolicy(std::string province, std::string source = "test")
      : FakePolicy(DefaultMarket(province), province, std::move(source)) {}
  FakePolicy(model::MarketData market, std::string province, std::string source)
      : province_(std::move(province)), source_(std::move(source)), market_(std::move(market)) {}

  const std::string& Province() const override { return province_; }
  const std::string& Source() const override { return source_; }
  const model::MarketData& Market() const override { return market_; }
  policy::RuleRange RulePoints() const override { return rule_points_; }
  policy::RuleRange RulePointsFor(const model::Individual& person, const Date&) const override {
    return rule_points_for_ ? rule_points_for_(person) : RulePoints();
  }
  policy::MatchWeights AdjustWeights(const policy::MatchWeights& defaults) const override {
    return weights_ ? *weights_ : defaults;
  }
  policy::VulnerabilityWeights AdjustVulnerability(
      const policy::VulnerabilityWeights& defaults) const override {
    return vulnerability_ ? *vulnerability_ : defaults;
  }
  std::vector<policy::RuleEffect> JobRules(const model::Individual& person,
                                           const model::Vacancy& vacancy,
                                           const Date&) const override {
    ++job_rule_calls;
    return job_rule_ ? job_rule_(person, vacancy) : std::vector<policy::RuleEffect>{};
  }
  std::vector<policy::RuleRange> VacancyRulePoints(
      const std::vector<const model::Vacancy*>& vacancies) const override {
    std::vector<policy::RuleRange> ranges;
    for (const model::Vacancy* v : vacancies) {
      ++vacancy_rule_points_calls;
      ranges.push_back(vacancy_rule_points_ ? vacancy_rule_points_(*v) : RulePoints());
    }
    return ranges;
  }
  std::vector<policy::RuleEffect> TrainingRules(const model::Individual& person,
                                                const model::Training& training,
                                                const Date&) const override {
    ++training_rule_calls;
    return training_rule_ ? training_rule_(person, training) : std::vector<policy::RuleEffect>{};
  }
  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy& vacancy,
                                                  const model::Employer& employer) const override {
    return screening_rule_ ? screening_rule_(vacancy, employer)
                           : std::vector<model::ScreeningFlag>{};
  }

  model::MarketData& market() { return market_; }
  void set_weights(policy::MatchWeights w) { weights_ = w; }
  void set_vulnerability(policy::VulnerabilityWeights w) { vulnerability_ = w; }
  void set_rule_points(policy::RuleRange range) { rule_points_ = range; }
  void set_rule_points_for(std::function<policy::RuleRange(const model::Individual&)> range) {
    rule_points_for_ = std::move(range);
  }
  void set_vacancy_rule_points(std::function<policy::RuleRange(const model::Vacancy&)> range) {
    vacancy_rule_points_ = std::move(range);
  }
  void set_job_rule(JobRule rule) { job_rule_ = std::move(rule); }
  void set_training_rule(TrainingRule rule) { training_rule_ = std::move(rule); }
  void set_screening_rule(ScreeningRule rule) { screening_rule_ = std::move(rule); }

  mutable int job_rule_calls = 0;
  mutable int training_rule_calls = 0;
  mutable int vacancy_rule_points_calls = 0;

 private:
  std::string province_;
  std::string source_;
  model::MarketData market_;
  std::optional<policy::MatchWeights> weights_;
  std::optional<policy::VulnerabilityWeights> vulnerability_;
  policy::RuleRange rule_points_;
  std::function<policy::RuleRange(const model::Individual&)> rule_points_for_;
  std::function<policy::RuleRange(const model::Vacancy&)> vacancy_rule_points_;
  JobRule job_rule_;
  TrainingRule training_rule_;
  ScreeningRule screening_rule_;
};

// Serves a FakePolicy per province: by default a FakePolicy(province) made on first use, or one
// policy for every province. Not thread-safe until every province it will serve has been asked
// for once (Get), since first use inserts into a map.
class FakePolicies : public policy::PolicyProvider {
 public:
  FakePolicies() = default;
  explicit FakePolicies(std::shared_ptr<FakePolicy> for_every_province)
      : for_every_province_(std::move(for_every_province)) {}

  std::shared_ptr<const policy::ProvincePolicy> ForProvince(
      std::string_view province) const override {
    if (for_every_province_) return for_every_province_;
    return const_cast<FakePolicies*>(this)->Get(std::string(province));
  }
  std::shared_ptr<FakePolicy> Get(const std::string& province) {
    if (for_every_province_) return for_every_province_;
    auto& slot = policies_[province];
    if (!slot) slot = std::make_shared<FakePolicy>(province);
    return slot;
  }

 private:
  std::shared_ptr<FakePolicy> for_every_province_;
  std::map<std::string, std::shared_ptr<FakePolicy>> policies_;
};

}  // namespace homeward::testing
