#include "internal/plugin_policy.h"

#include <algorithm>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/reference/exchange_rates.h"
#include "homeward/reference/messages.h"
#include "homeward/screening/screening.h"

namespace homeward::plugin::internal {

nlohmann::json PersonForRules(const model::Individual& person, const Date& today,
                              const std::optional<std::vector<std::string>>& members) {
  // Only the members the plugin reads are written: a plugin that reads a household's dependents
  // does not pay, once per batch of its rules, for the person's skills.
  nlohmann::json whole = nlohmann::json::object();
  auto put = [&](const char* name, auto value) {
    const bool read =
        !members ||
        std::any_of(members->begin(), members->end(), [name](const std::string& member) {
          return member.compare(0, member.find('.'), name) == 0;
        });
    if (read) whole[name] = value();
  };
  put("sex", [&] { return model::ToString(person.sex); });
  put("age", [&] { return person.birth_date.YearsUntil(today); });
  put("province", [&] { return person.province; });
  put("district", [&] { return person.district; });
  put("languages", [&] { return person.languages; });
  put("education", [&] { return model::ToString(person.education); });
  put("skills", [&] { return nlohmann::json(person.skills); });
  put("desired_occupations", [&] { return person.desired_occupations; });
  put("max_commute_km", [&] { return person.max_commute_km; });
  put("household", [&] {
    // Plugins read household amounts in US dollars (SDK 1.x), converted with the rates in force.
    const auto rates = reference::RatesInForce();
    return nlohmann::json{{"size", person.household.size},
                          {"dependents", person.household.dependents},
                          {"monthly_income", rates->UsdOrZero(person.household.monthly_income)},
                          {"debt", rates->UsdOrZero(person.household.debt)},
                          {"members_abroad", person.household.members_abroad}};
  });
  put("prior_migration", [&] { return person.prior_migration; });
  put("survivor", [&] { return person.survivor; });
  put("idpoor_level", [&] {
    return person.idpoor_level ? nlohmann::json(*person.idpoor_level) : nlohmann::json();
  });
  put("disability", [&] { return person.disability; });
  put("female_headed_household", [&] { return person.female_headed_household; });
  put("vulnerability_score", [&] { return person.vulnerability.score; });
  return OnlyMembers(std::move(whole), members);
}

PluginPolicy::PluginPolicy(std::shared_ptr<LoadedPlugin> plugin, model::MarketData market,
                           std::shared_ptr<const policy::ProvincePolicy> fallback)
    : plugin_(std::move(plugin)), market_(std::move(market)), fallback_(std::move(fallback)) {}

namespace {

// The person's part of a rules input, {"month", "person"}, as the plugin reads the person.
std::string PersonPart(const model::Individual& person, const Date& today,
                       const RuleInputs& reads) {
  const nlohmann::json part = {{"person", PersonForRules(person, today, reads.person)},
                               {"month", today.month}};
  return part.dump();
}

}  // namespace

policy::RuleRange PluginPolicy::RulePoints() const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) return fallback_->RulePoints();
  return plugin_->manifest().rule_points;
}

policy::RuleRange PluginPolicy::RulePointsFor(const model::Individual& person,
                                              const Date& today) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->RulePointsFor(person, today);
  }
  // Remembered only when the plugin declared what it reads of a person, as its rules' answers.
  const RuleInputs& reads = plugin_->manifest().rule_inputs;
  StatusOr<std::optional<policy::RuleRange>> points =
      plugin_->RulePoints(PersonPart(person, today, reads), reads.person.has_value());
  return points.ok() && points->has_value() ? **points : RulePoints();
}

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

nlohmann::json VacancyForRules(const model::Vacancy& vacancy, const model::ExchangeRates& rates,
                               const std::optional<std::vector<std::string>>& members) {
  // Only the members the rules read are written: the whole vacancy costs several times more.
  nlohmann::json j;
  if (members) {
    model::VacancyMembersToJson(j, vacancy, *members);
  } else {
    j = vacancy;
  }
  for (const char* money : {"wage", "worker_fees"}) {
    if (j.contains(money)) MoneyInUsd(j[money], rates);
  }
  // The costliest member to write, and most rules do not read it.
  if (!members ||
      std::find(members->begin(), members->end(), "normalised_text") != members->end()) {
    j["normalised_text"] = screening::NormaliseText(vacancy.title + "\n" + vacancy.description);
  }
  return OnlyMembers(std::move(j), members);
}

template <typename Ask>
void PluginPolicy::InExchanges(const std::vector<std::string>& inputs, Ask ask) {
  for (size_t next = 0; next < inputs.size();) {
    const size_t first = next;
    std::vector<std::string> batch;
    for (size_t bytes = 0;
         next < inputs.size() && batch.size() < kCallsPerExchange && bytes < kBytesPerExchange;
         ++next) {
      batch.push_back(inputs[next]);
      bytes += batch.back().size();
    }
    ask(first, std::move(batch));
  }
}

std::vector<policy::RuleEffect> PluginPolicy::JobRules(const model::Individual& person,
                                                       const model::Vacancy& vacancy,
                                                       const Date& today) const {
  return std::move(JobRulesEach(person, {policy::Unowned(vacancy)}, today).front());
}

std::vector<std::vector<policy::RuleEffect>> PluginPolicy::JobRulesEach(
    const model::Individual& person, const std::vector<policy::SharedVacancy>& vacancies,
    const Date& today) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->JobRulesEach(person, vacancies, today);
  }
  const RuleInputs& reads = plugin_->manifest().rule_inputs;
  // Each call's input is {"month", "person", "vacancy"}, written as the person's part once and
  // each vacancy's: head + vacancy + "}".
  std::string head = PersonPart(person, today, reads);
  head.back() = ',';
  head += "\"vacancy\":";
  const auto rates = reference::RatesInForce();
  // Answers are remembered only when the plugin declared what it reads of a person: the whole
  // person is no one else's, and the same person asks again through the match cache.
  JobRuleMemo* memo = reads.person ? &plugin_->job_rule_memo() : nullptr;
  std::vector<JobRuleMemo::Recall> recalled =
      memo != nullptr ? memo->Find(vacancies, rates, head)
                      : std::vector<JobRuleMemo::Recall>(vacancies.size());
  std::vector<std::vector<policy::RuleEffect>> effects(vacancies.size());
  std::vector<size_t> asked;        // what the plugin is asked about, by index in `vacancies`
  std::vector<std::string> inputs;  // and each one's input
  for (size_t i = 0; i < vacancies.size(); ++i) {
    if (recalled[i].effects && !plugin_->failed()) {
      effects[i] = std::move(*recalled[i].effects);
      continue;
    }
    asked.push_back(i);
    inputs.push_back(recalled[i].input.empty()
                         ? VacancyForRules(*vacancies[i], *rates, reads.vacancy).dump()
                         : std::move(recalled[i].input));
  }
  InExchanges(inputs, [&](size_t first, std::vector<std::string> batch) {
    const size_t count = batch.size();
    std::vector<StatusOr<std::vector<RuleHit>>> hits =
        plugin_->JobRules(head, std::move(batch), "}");
    for (size_t j = first; j < first + count; ++j) {
      const size_t i = asked[j];
      StatusOr<std::vector<RuleHit>>& own = hits[j - first];
      if (!own.ok()) {
        effects[i] = fallback_->JobRules(person, *vacancies[i], today);
        continue;
      }
      effects[i] = ToEffects(*own);
      if (memo != nullptr) memo->Keep(vacancies[i], rates, std::move(inputs[j]), head, effects[i]);
    }
  });
  return effects;
}

std::vector<policy::RuleRange> PluginPolicy::VacancyRulePoints(
    const std::vector<const model::Vacancy*>& vacancies) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->VacancyRulePoints(vacancies);
  }
  // A vacancy the plugin does not answer for keeps the manifest's range.
  std::vector<policy::RuleRange> ranges(vacancies.size(), RulePoints());
  if (!plugin_->Provides(wire::Function::kVacancyRulePoints)) return ranges;
  const RuleInputs& reads = plugin_->manifest().rule_inputs;
  const auto rates = reference::RatesInForce();
  std::vector<std::string> inputs;
  inputs.reserve(vacancies.size());
  for (const model::Vacancy* vacancy : vacancies) {
    inputs.push_back(VacancyForRules(*vacancy, *rates, reads.vacancy).dump());
  }
  InExchanges(inputs, [&](size_t first, std::vector<std::string> batch) {
    std::vector<StatusOr<std::optional<policy::RuleRange>>> points =
        plugin_->VacancyRulePoints(std::move(batch));
    for (size_t j = 0; j < points.size(); ++j) {
      if (points[j].ok() && points[j]->has_value()) ranges[first + j] = **points[j];
    }
  });
  return ranges;
}

// TrainingRules and ProgrammeRules below are alike (fall back, or send the record with its money
// in USD); the record types and their money fields differ.
std::vector<policy::RuleEffect> PluginPolicy::TrainingRules(const model::Individual& person,
                                                            const model::Training& training,
                                                            const Date& today) const {
  if (!plugin_->manifest().Provides(kProvidesScoringRules)) {
    return fallback_->TrainingRules(person, training, today);
  }
  const RuleInputs& reads = plugin_->manifest().rule_inputs;
  nlohmann::json record = training;
  const auto rates = reference::RatesInForce();
  MoneyInUsd(record["cost"], *rates);
  MoneyInUsd(record["stipend"], *rates);
  const nlohmann::json input = {{"person", PersonForRules(person, today, reads.person)},
                                {"month", today.month},
                                {"training", OnlyMembers(std::move(record), reads.training)}};
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
  const RuleInputs& reads = plugin_->manifest().rule_inputs;
  nlohmann::json p = programme;
  const auto rates = reference::RatesInForce();
  MoneyInUsd(p["support"], *rates);
  if (p.contains("expected_income_gain")) MoneyInUsd(p["expected_income_gain"], *rates);
  if (p["eligibility"].contains("max_monthly_income_per_head")) {
    MoneyInUsd(p["eligibility"]["max_monthly_income_per_head"], *rates);
  }
  const nlohmann::json input = {{"person", PersonForRules(person, today, reads.person)},
                                {"month", today.month},
                                {"programme", OnlyMembers(std::move(p), reads.programme)}};
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
  input["vacancy"] = VacancyForRules(vacancy, *reference::RatesInForce());
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
