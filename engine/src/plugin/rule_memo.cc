#include "internal/rule_memo.h"

#include <algorithm>

namespace homeward::plugin::internal {

JobRuleMemo::Entry* JobRuleMemo::Current(const model::Vacancy* vacancy) {
  if (auto it = newer_.find(vacancy); it != newer_.end()) return &it->second;
  auto old = older_.find(vacancy);
  if (old == older_.end()) return nullptr;
  Entry entry = std::move(old->second);
  older_.erase(old);
  if (newer_.size() >= kVacancies) older_ = std::exchange(newer_, {});
  return &newer_.emplace(vacancy, std::move(entry)).first->second;
}

std::vector<JobRuleMemo::Recall> JobRuleMemo::Find(
    const std::vector<policy::SharedVacancy>& vacancies, const Rates& rates,
    std::string_view person) {
  std::vector<Recall> recalled(vacancies.size());
  MutexLock lock(&mu_);
  for (size_t i = 0; i < vacancies.size(); ++i) {
    if (vacancies[i].use_count() == 0) continue;
    const Entry* entry = Current(vacancies[i].get());
    if (entry == nullptr || entry->rates != rates) continue;
    recalled[i].input = entry->input;
    auto answer = std::find_if(entry->answers.begin(), entry->answers.end(),
                               [&](const auto& a) { return a.first == person; });
    if (answer != entry->answers.end()) recalled[i].effects = answer->second;
  }
  return recalled;
}

void JobRuleMemo::Keep(const policy::SharedVacancy& vacancy, const Rates& rates, std::string input,
                       std::string person, std::vector<policy::RuleEffect> effects) {
  if (vacancy.use_count() == 0) return;
  MutexLock lock(&mu_);
  Entry* entry = Current(vacancy.get());
  if (entry == nullptr) {
    if (newer_.size() >= kVacancies) older_ = std::exchange(newer_, {});
    entry = &newer_[vacancy.get()];
  }
  if (entry->vacancy == nullptr || entry->rates != rates) {
    *entry = Entry{vacancy, rates, std::move(input), {}};
  }
  if (entry->answers.size() >= kPeoplePerVacancy) entry->answers.erase(entry->answers.begin());
  entry->answers.emplace_back(std::move(person), std::move(effects));
}

}  // namespace homeward::plugin::internal
