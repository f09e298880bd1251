#include "internal/plugin_policy.h"

#include <algorithm>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/reference/exchange_rates.h"
#include "homeward/reference/messages.h"
#include "homeward/screening/screening.h"

namespace homeward::plugin::internal {

nlohmann::json PersonForRules(const model::Individual& person, const Date& today) {
  // Plugins read household amounts in US dollars (SDK 1.x), converted with the rates in force.
  const auto rates = reference::RatesInForce();
  nlohmann::json household = {{"size", person.household.size},
                              {"dependents", person.household.dependents},
                              {"monthly_income", rates->UsdOrZero(person.household.monthly_income)},
                              {"debt", rates->UsdOrZero(person.household.debt)},
                              {"members_abroad", person.household.members_abroad}};
  return {{"sex", model::ToString(person.sex)},
          {"age", person.birth_date.YearsUntil(today)},
          {"province", person.province},
          {"district", person.district},
          {"languages", person.languages},
          {"education", model::ToString(person.education)},
          {"skills", person.skills},
          {"desired_occupations", person.desired_occupations},
          {"max_commute_km", person.max_commute_km},
          {"household", std::move(household)},
          {"prior_migration", person.prior_migration},
          {"survivor", person.survivor},
          {"idpoor_level",
           person.idpoor_level ? nlohmann::json(*person.idpoor_level) : nlohmann::json()},
          {"disability", person.disability},
          {"female_headed_household", person.female_headed_household},
          {"vulnerability_score", person.vulnerability.score}};
}

PluginPolicy::PluginPolicy(std::shared_ptr<LoadedPlugin> plugin, model::MarketData market,
                           std::shared_ptr<const policy::ProvincePolicy> fallback)
    : plugin_(std::move(plugin)), market_(std::move(market)), fallback_(std::move(fallback)) {}

policy::MatchWeights PluginPolicy::AdjustWeights(const policy::MatchWeights& defaults) const {
  if (plugin_->failed()) return fallback_->AdjustWeights(defaults);
  return plugin_->weights().Apply(defaults);
}

policy::VulnerabilityWeights PluginPolicy::AdjustVulnerability(
    const policy::VulnerabilityWeights& defaults) const {
  if (plugin_->failed()) return fallback_->AdjustVulnerability(defaults);
  return plugin_->weights().Apply(defaults);
}

std::vector<policy::RuleEffect> PluginPolicy::ToEffects(const std::vector<RuleHit>& hits) const {
  std::vector<policy::RuleEffect> effects;
  effects.reserve(hits.size());
  for (const auto& hit : hits) {
    effects.push_back({plugin_->manifest().id, hit.rule,
                       std::clamp(hit.points, -policy::kMaxRulePoints, policy::kMaxRulePoints),
                       hit.reason, hit.reason_km});
  }
  return effects;
}

namespace {

// Plugins of SDK 1.x read every amount as US dollars: money in riel or baht is given to them
// converted with the exchange rates in force (docs/money.md).
void MoneyInUsd(nlohmann::json& money, const model::ExchangeRates& rates) {
  if (!money.is_object()) return;
  const std::string currency = money.value("currency", "USD");
  if (currency == "USD") return;
  money["amount"] = rates.ToUsd(money.value("amount", 0.0), currency).value_or(0);
  money["currency"] = "USD";
}

}  // namespace

nlohmann::json VacancyForRules(const model::Vacancy& vacancy) {
  nlohmann::json j = vacancy;
  const auto rates = reference::RatesInForce();
  MoneyInUsd(j["wage"], *rates);
  MoneyInUsd(j["worker_fees"], *rates);
  j["normalised_text"] = screening::NormaliseText(vacancy.title + "\n" + vacancy.description);
  return j;
}

std::vector<policy::RuleEffect> PluginPolicy::JobRules(const model::Individual& person,
                                                       const model::Vacancy& vacancy,
                                                       const Date& today) const {
  return std::move(JobRulesEach(person, {&vacancy}, today).front());
}

std::vector<std::vector<policy::RuleEffect>> PluginPolicy::JobRulesEach(
    const model::Individual& person, const std::vector<const model::Vacancy*>& vacancies,
    const Date& today) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->JobRulesEach(person, vacancies, today);
  }
  // Each call's input is {"month", "person", "vacancy"}, written as the person's part once and
  // each vacancy's: head + vacancy + "}".
  std::string head =
      nlohmann::json{{"person", PersonForRules(person, today)}, {"month", today.month}}.dump();
  head.back() = ',';
  head += "\"vacancy\":";
  std::vector<std::vector<policy::RuleEffect>> effects;
  effects.reserve(vacancies.size());
  for (size_t next = 0; next < vacancies.size();) {
    const size_t first = next;
    std::vector<std::string> inputs;
    for (size_t bytes = 0;
         next < vacancies.size() && inputs.size() < kCallsPerExchange && bytes < kBytesPerExchange;
         ++next) {
      inputs.push_back(VacancyForRules(*vacancies[next]).dump());
      bytes += inputs.back().size();
    }
    std::vector<StatusOr<std::vector<RuleHit>>> hits =
        plugin_->JobRules(head, std::move(inputs), "}");
    for (size_t i = first; i < next; ++i) {
      StatusOr<std::vector<RuleHit>>& own = hits[i - first];
      effects.push_back(own.ok() ? ToEffects(*own)
                                 : fallback_->JobRules(person, *vacancies[i], today));
    }
  }
  return effects;
}

// TrainingRules and ProgrammeRules below are alike (fall back, or send the record with its money
// in USD); the record types and their money fields differ.
std::vector<policy::RuleEffect> PluginPolicy::TrainingRules(const model::Individual& person,
                                                            const model::Training& training,
                                                            const Date& today) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->TrainingRules(person, training, today);
  }
  nlohmann::json input = {{"person", PersonForRules(person, today)}, {"month", today.month}};
  model::to_json(input["training"], training);
  const auto rates = reference::RatesInForce();
  MoneyInUsd(input["training"]["cost"], *rates);
  MoneyInUsd(input["training"]["stipend"], *rates);
  auto hits = plugin_->TrainingRules(input.dump());
  if (!hits.ok()) return fallback_->TrainingRules(person, training, today);
  return ToEffects(*hits);
}

std::vector<policy::RuleEffect> PluginPolicy::ProgrammeRules(const model::Individual& person,
                                                             const model::Programme& programme,
                                                             const Date& today) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->ProgrammeRules(person, programme, today);
  }
  nlohmann::json input = {{"person", PersonForRules(person, today)}, {"month", today.month}};
  model::to_json(input["programme"], programme);
  const auto rates = reference::RatesInForce();
  nlohmann::json& p = input["programme"];
  MoneyInUsd(p["support"], *rates);
  if (p.contains("expected_income_gain")) MoneyInUsd(p["expected_income_gain"], *rates);
  if (p["eligibility"].contains("max_monthly_income_per_head")) {
    MoneyInUsd(p["eligibility"]["max_monthly_income_per_head"], *rates);
  }
  auto hits = plugin_->ProgrammeRules(input.dump());
  if (!hits.ok()) return fallback_->ProgrammeRules(person, programme, today);
  return ToEffects(*hits);
}

std::vector<model::ScreeningFlag> PluginPolicy::ScreenVacancy(
    const model::Vacancy& vacancy, const model::Employer& employer) const {
  if (!plugin_->manifest().Provides(kProvidesScreeningRules)) {
    return fallback_->ScreenVacancy(vacancy, employer);
  }
  nlohmann::json input = nlohmann::json::object();
  input["vacancy"] = VacancyForRules(vacancy);
  model::to_json(input["employer"], employer);
  auto flags = plugin_->ScreenVacancy(input.dump());
  if (!flags.ok()) return fallback_->ScreenVacancy(vacancy, employer);
  std::vector<model::ScreeningFlag> out;
  out.reserve(flags->size());
  for (const auto& f : *flags) {
    // The plugin's own words, in English and, when it gives them (ABI minor 3), in Khmer.
    out.push_back({f.code, f.severity, f.reason, "plugin:" + plugin_->manifest().id + "/" + f.rule,
                   "plugin.flag",
                   reference::PluginWords(plugin_->manifest().id, f.rule, f.reason, f.reason_km)});
  }
  return out;
}

}  // namespace homeward::plugin::internal
