// A ProvincePolicy for screening tests: the market figures of
// tests/data/screening/market-reference.json for one province (or the national entry), plus
// province screening rules given as a function, standing in for a provincial plugin.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/policy/province_policy.h"

namespace homeward::screening::testing {

// Immutable after construction; thread-safe like every ProvincePolicy.
class ReferencePolicy : public policy::ProvincePolicy {
 public:
  using Rules = std::function<std::vector<model::ScreeningFlag>(const model::Vacancy&,
                                                                const model::Employer&)>;

  // Loads `province`'s entry of the market reference (the national one when it is not listed).
  ReferencePolicy(std::string_view province, std::string source = "reference", Rules rules = {});

  // The directory of the screening corpus (tests/data/screening).
  static std::filesystem::path CorpusDir();

  const std::string& Province() const override { return province_; }
  const std::string& Source() const override { return source_; }
  const model::MarketData& Market() const override { return market_; }
  policy::MatchWeights AdjustWeights(const policy::MatchWeights& d) const override { return d; }
  policy::VulnerabilityWeights AdjustVulnerability(
      const policy::VulnerabilityWeights& d) const override {
    return d;
  }
  std::vector<policy::RuleEffect> JobRules(const model::Individual&,
                                           const model::Vacancy&) const override {
    return {};
  }
  std::vector<policy::RuleEffect> TrainingRules(const model::Individual&,
                                                const model::Training&) const override {
    return {};
  }
  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy& vacancy,
                                                  const model::Employer& employer) const override {
    return rules_ ? rules_(vacancy, employer) : std::vector<model::ScreeningFlag>{};
  }

 private:
  std::string province_;
  std::string source_;
  model::MarketData market_;
  Rules rules_;
};

}  // namespace homeward::screening::testing
