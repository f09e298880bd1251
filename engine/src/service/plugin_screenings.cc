#include "plugin_screenings.h"

#include <utility>

#include "homeward/model/json.h"

namespace homeward::service {
namespace {

constexpr std::string_view kNational = "national";
constexpr std::string_view kPluginSource = "plugin:";

}  // namespace

// A province's live policy, except that its plugin's screening comes from the owner.
class PluginScreenings::Policy final : public policy::ProvincePolicy {
 public:
  Policy(std::shared_ptr<const policy::ProvincePolicy> live, const PluginScreenings& owner)
      : live_(std::move(live)), owner_(owner) {}

  const std::string& Province() const override { return live_->Province(); }
  const std::string& Source() const override { return live_->Source(); }
  const model::MarketData& Market() const override { return live_->Market(); }
  policy::RuleRange RulePoints() const override { return live_->RulePoints(); }
  policy::RuleRange RulePointsFor(const model::Individual& person,
                                  const Date& today) const override {
    return live_->RulePointsFor(person, today);
  }
  policy::MatchWeights AdjustWeights(const policy::MatchWeights& d) const override {
    return live_->AdjustWeights(d);
  }
  policy::VulnerabilityWeights AdjustVulnerability(
      const policy::VulnerabilityWeights& d) const override {
    return live_->AdjustVulnerability(d);
  }
  std::vector<policy::RuleEffect> JobRules(const model::Individual& p, const model::Vacancy& v,
                                           const Date& today) const override {
    return live_->JobRules(p, v, today);
  }
  std::vector<std::vector<policy::RuleEffect>> JobRulesEach(
      const model::Individual& p, const std::vector<policy::SharedVacancy>& v,
      const Date& today) const override {
    return live_->JobRulesEach(p, v, today);
  }
  std::vector<policy::RuleRange> VacancyRulePoints(
      const std::vector<const model::Vacancy*>& v) const override {
    return live_->VacancyRulePoints(v);
  }
  std::vector<policy::RuleEffect> TrainingRules(const model::Individual& p,
                                                const model::Training& t,
                                                const Date& today) const override {
    return live_->TrainingRules(p, t, today);
  }
  std::vector<policy::RuleEffect> ProgrammeRules(const model::Individual& p,
                                                 const model::Programme& g,
                                                 const Date& today) const override {
    return live_->ProgrammeRules(p, g, today);
  }

  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy& vacancy,
                                                  const model::Employer& employer) const override {
    if (live_->Source() == kNational) return live_->ScreenVacancy(vacancy, employer);  // no plugin
    if (owner_.fresh_) {
      auto it = owner_.answers_.find(Key(vacancy, employer));
      if (it != owner_.answers_.end()) return it->second;
    }
    owner_.missed_any_ = true;
    if (!vacancy.meta.id.empty()) owner_.missed_.push_back(vacancy.meta.id);
    std::vector<model::ScreeningFlag> kept;
    for (const model::ScreeningFlag& flag : vacancy.screening.flags) {
      if (flag.source.rfind(kPluginSource, 0) == 0) kept.push_back(flag);
    }
    return kept;
  }

 private:
  std::shared_ptr<const policy::ProvincePolicy> live_;
  const PluginScreenings& owner_;
};

PluginScreenings::PluginScreenings(const policy::PolicyProvider& policies, uint64_t generation)
    : policies_(policies), generation_(generation) {}

std::string PluginScreenings::Key(const model::Vacancy& vacancy, const model::Employer& employer) {
  model::Json v = vacancy;
  model::Json e = employer;
  for (model::Json* record : {&v, &e}) {
    for (const char* meta : {"id", "created_at", "updated_at"}) record->erase(meta);
  }
  return vacancy.meta.id + '\n' + v.dump() + '\n' + e.dump();
}

void PluginScreenings::Add(const model::Vacancy& vacancy, const model::Employer& employer) {
  const auto live = policies_.ForProvince(vacancy.province);
  if (live->Source() == kNational) return;
  answers_[Key(vacancy, employer)] = live->ScreenVacancy(vacancy, employer);
}

std::shared_ptr<const policy::ProvincePolicy> PluginScreenings::ForProvince(
    std::string_view province) const {
  return std::make_shared<Policy>(policies_.ForProvince(province), *this);
}

}  // namespace homeward::service
