// A small ProvincePolicy for matching tests: fixed market data, optional weight overrides and
// rules given as functions. Immutable once built; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "homeward/policy/province_policy.h"

namespace homeward::matching::testing {

class TestPolicy : public policy::ProvincePolicy {
 public:
  using JobRule = std::function<std::vector<policy::RuleEffect>(const model::Individual&,
                                                                const model::Vacancy&)>;

  explicit TestPolicy(std::string province) : province_(std::move(province)) {
    market_.province = province_;
    market_.living_wage = 250;
    market_.poverty_line = 60;
    market_.minimum_wage = 208;
    std::array<double, 12> garment;
    garment.fill(1.0);
    garment[11] = 1.5;  // December
    market_.sector_demand["garment"] = garment;
  }

  const std::string& Province() const override { return province_; }
  const std::string& Source() const override { return source_; }
  const model::MarketData& Market() const override { return market_; }
  policy::MatchWeights AdjustWeights(const policy::MatchWeights& defaults) const override {
    return weights_ ? *weights_ : defaults;
  }
  policy::VulnerabilityWeights AdjustVulnerability(
      const policy::VulnerabilityWeights& defaults) const override {
    return vulnerability_ ? *vulnerability_ : defaults;
  }
  std::vector<policy::RuleEffect> JobRules(const model::Individual& person,
                                           const model::Vacancy& vacancy) const override {
    ++job_rule_calls;
    return job_rule_ ? job_rule_(person, vacancy) : std::vector<policy::RuleEffect>{};
  }
  std::vector<policy::RuleEffect> TrainingRules(const model::Individual&,
                                                const model::Training&) const override {
    return {};
  }
  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy&,
                                                  const model::Employer&) const override {
    return {};
  }

  model::MarketData& market() { return market_; }
  void set_weights(policy::MatchWeights w) { weights_ = w; }
  void set_vulnerability(policy::VulnerabilityWeights w) { vulnerability_ = w; }
  void set_job_rule(JobRule rule) { job_rule_ = std::move(rule); }

  mutable int job_rule_calls = 0;  // tests are single-threaded

 private:
  std::string province_;
  std::string source_ = "test";
  model::MarketData market_;
  std::optional<policy::MatchWeights> weights_;
  std::optional<policy::VulnerabilityWeights> vulnerability_;
  JobRule job_rule_;
};

// Serves one TestPolicy per province, creating a default one on first use.
class TestPolicies : public policy::PolicyProvider {
 public:
  std::shared_ptr<const policy::ProvincePolicy> ForProvince(
      std::string_view province) const override {
    return const_cast<TestPolicies*>(this)->Get(std::string(province));
  }
  std::shared_ptr<TestPolicy> Get(const std::string& province) {
    auto& slot = policies_[province];
    if (!slot) slot = std::make_shared<TestPolicy>(province);
    return slot;
  }

 private:
  std::map<std::string, std::shared_ptr<TestPolicy>> policies_;
};

}  // namespace homeward::matching::testing
