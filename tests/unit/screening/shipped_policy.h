// A ProvincePolicy for screening tests built on the market data the product ships: the market.json
// of the province's bundled plugin (plugins/<name>/market.json, the file the plugin compiles in),
// or the national defaults for a province without one. Province screening rules are given as a
// function, standing in for a plugin's own rules; the corpus test loads the real plugins instead.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/policy/province_policy.h"

namespace homeward::screening::testing {

// Immutable after construction; thread-safe like every ProvincePolicy.
class ShippedMarketPolicy : public policy::ProvincePolicy {
 public:
  using Rules = std::function<std::vector<model::ScreeningFlag>(const model::Vacancy&,
                                                                const model::Employer&)>;

  ShippedMarketPolicy(std::string_view province, std::string source = "test", Rules rules = {});

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
