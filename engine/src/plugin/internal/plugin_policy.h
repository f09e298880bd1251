// The ProvincePolicy of a province served by a loaded plugin: the plugin's market data (or the
// replacement set through the API), its weights and its rules. When a call fails, that call
// answers with the national defaults instead and the plugin is marked failed (by LoadedPlugin),
// so the next ForProvince() hands out national defaults.
//
// Thread-safe; holds the plugin, and with it its library, alive. Its job rules remember what the
// plugin answered (the plugin's JobRuleMemo, internal/rule_memo.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "homeward/policy/province_policy.h"
#include "internal/loaded_plugin.h"

namespace homeward::plugin::internal {

class PluginPolicy final : public policy::ProvincePolicy {
 public:
  // At most this many vacancies, and no more once their inputs reach kBytesPerExchange, in one
  // exchange with the plugin's process: a frame stays far below wire::kMaxFrameBytes even with
  // the largest vacancies the API accepts (about 100 KB as rules input).
  static constexpr size_t kCallsPerExchange = 64;
  static constexpr size_t kBytesPerExchange = 1 << 20;

  PluginPolicy(std::shared_ptr<LoadedPlugin> plugin, model::MarketData market,
               std::shared_ptr<const policy::ProvincePolicy> fallback);

  const std::string& Province() const override { return market_.province; }
  const std::string& Source() const override { return plugin_->manifest().id; }
  const model::MarketData& Market() const override { return market_; }
  // The manifest's "rule_points" when the plugin provides scoring rules, else the fallback's.
  policy::RuleRange RulePoints() const override;
  policy::RuleRange RulePointsFor(const model::Individual& person,
                                  const Date& today) const override;
  policy::MatchWeights AdjustWeights(const policy::MatchWeights& defaults) const override;
  policy::VulnerabilityWeights AdjustVulnerability(
      const policy::VulnerabilityWeights& defaults) const override;
  std::vector<policy::RuleEffect> JobRules(const model::Individual& person,
                                           const model::Vacancy& vacancy,
                                           const Date& today) const override;
  // Asks the plugin about up to kCallsPerExchange vacancies in each exchange with its process,
  // and only about those it has not answered before for a person it sees the same (when its
  // manifest declares what it reads of a person; internal/rule_memo.h).
  std::vector<std::vector<policy::RuleEffect>> JobRulesEach(
      const model::Individual& person, const std::vector<policy::SharedVacancy>& vacancies,
      const Date& today) const override;
  // Asks the plugin about up to kCallsPerExchange vacancies in each exchange, as JobRulesEach.
  std::vector<policy::RuleRange> VacancyRulePoints(
      const std::vector<const model::Vacancy*>& vacancies) const override;
  std::vector<policy::RuleEffect> TrainingRules(const model::Individual& person,
                                                const model::Training& training,
                                                const Date& today) const override;
  std::vector<policy::RuleEffect> ProgrammeRules(const model::Individual& person,
                                                 const model::Programme& programme,
                                                 const Date& today) const override;
  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy& vacancy,
                                                  const model::Employer& employer) const override;

 private:
  std::vector<policy::RuleEffect> ToEffects(const std::vector<RuleHit>& hits) const;
  // Calls `ask(first, batch)` for each run of `inputs` that one exchange with the plugin's
  // process carries (kCallsPerExchange, kBytesPerExchange): batch holds inputs[first, ...).
  template <typename Ask>
  static void InExchanges(const std::vector<std::string>& inputs, Ask ask);

  std::shared_ptr<LoadedPlugin> plugin_;
  model::MarketData market_;
  std::shared_ptr<const policy::ProvincePolicy> fallback_;
};

// What a plugin sees of a person: what its rules need, never names, contact, exact birth date,
// commune or coordinates; of those, only the `members` it declared (Manifest::rule_inputs).
nlohmann::json PersonForRules(const model::Individual& person, const Date& today,
                              const std::optional<std::vector<std::string>>& members = {});

// A vacancy as plugin rules and screening receive it: its API body with its money in US dollars
// at `rates` and, since ABI minor 1, "normalised_text", its title and description in the form
// the core screening rules read (screening::NormaliseText), so that a plugin's keyword matches
// whatever the core's would; of those, only the `members` a plugin's rules declared.
nlohmann::json VacancyForRules(const model::Vacancy& vacancy, const model::ExchangeRates& rates,
                               const std::optional<std::vector<std::string>>& members = {});

}  // namespace homeward::plugin::internal
