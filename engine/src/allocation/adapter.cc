#include "homeward/allocation/adapter.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

namespace homeward::allocation {
namespace {

bool WantsJobs(model::AllocationKind kind) {
  return kind == model::AllocationKind::kJob || kind == model::AllocationKind::kAll;
}
bool WantsTrainings(model::AllocationKind kind) {
  return kind == model::AllocationKind::kTraining || kind == model::AllocationKind::kAll;
}
bool WantsProgrammes(model::AllocationKind kind) {
  return kind == model::AllocationKind::kProgramme || kind == model::AllocationKind::kAll;
}

matching::Kind MatchingKind(model::AllocationKind kind) {
  switch (kind) {
    case model::AllocationKind::kJob:
      return matching::Kind::kJob;
    case model::AllocationKind::kTraining:
      return matching::Kind::kTraining;
    case model::AllocationKind::kAll:
      return matching::Kind::kAll;
    case model::AllocationKind::kProgramme:
      return matching::Kind::kProgramme;
  }
  return matching::Kind::kAll;
}

}  // namespace

Problem BuildProblem(const std::vector<model::Individual>& people,
                     const std::vector<model::Vacancy>& vacancies,
                     const std::vector<model::Training>& trainings,
                     const std::vector<matching::Match>& matches, const AdapterOptions& options,
                     const std::vector<model::Programme>& programmes) {
  Problem problem;
  std::unordered_map<std::string, int> person_index;
  for (const model::Individual& person : people) {
    if (person.status != model::IndividualStatus::kActive || !person.ConsentsToMatching()) continue;
    if (!person_index.emplace(person.meta.id, static_cast<int>(problem.people.size())).second) {
      continue;
    }
    problem.people.push_back({person.meta.id, std::clamp(person.vulnerability.score, 0.0, 100.0)});
  }

  std::unordered_map<std::string, int> opportunity_index;
  auto add_opportunity = [&](const std::string& id, int places) {
    if (places <= 0) return;
    if (opportunity_index.emplace(id, static_cast<int>(problem.opportunities.size())).second) {
      problem.opportunities.push_back({id, places});
    }
  };
  if (WantsJobs(options.kind)) {
    for (const model::Vacancy& vacancy : vacancies) {
      if (vacancy.status == model::VacancyStatus::kOpen) {
        add_opportunity(vacancy.meta.id, vacancy.SlotsLeft());
      }
    }
  }
  if (WantsTrainings(options.kind)) {
    for (const model::Training& training : trainings) {
      add_opportunity(training.meta.id, training.SeatsLeft());
    }
  }
  if (WantsProgrammes(options.kind)) {
    // A programme's capacity is its places left.
    for (const model::Programme& programme : programmes) {
      add_opportunity(programme.meta.id, programme.SeatsLeft());
    }
  }

  // Each person's usable matches, best score first and then by opportunity id.
  std::vector<std::vector<Candidate>> by_person(problem.people.size());
  for (const matching::Match& match : matches) {
    const auto person = person_index.find(match.individual_id);
    const auto opportunity = opportunity_index.find(match.opportunity_id);
    if (person == person_index.end() || opportunity == opportunity_index.end()) continue;
    by_person[person->second].push_back(
        {person->second, opportunity->second, std::clamp(match.score, 0.0, 100.0)});
  }
  const size_t keep = static_cast<size_t>(std::max(0, options.candidates_per_person));
  for (std::vector<Candidate>& list : by_person) {
    // A pair listed twice: its best score counts.
    std::sort(list.begin(), list.end(), [](const Candidate& a, const Candidate& b) {
      return a.opportunity != b.opportunity ? a.opportunity < b.opportunity : a.score > b.score;
    });
    list.erase(std::unique(list.begin(), list.end(),
                           [](const Candidate& a, const Candidate& b) {
                             return a.opportunity == b.opportunity;
                           }),
               list.end());
    std::sort(list.begin(), list.end(), [&](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score > b.score;
      return problem.opportunities[a.opportunity].id < problem.opportunities[b.opportunity].id;
    });
    if (list.size() > keep) list.resize(keep);
    problem.candidates.insert(problem.candidates.end(), list.begin(), list.end());
  }
  return problem;
}

StatusOr<Problem> BuildProblemFromIndex(const matching::MatchIndex& index,
                                        const policy::PolicyProvider& policies, const Date& today,
                                        const std::vector<model::Individual>& people,
                                        const std::vector<model::Vacancy>& vacancies,
                                        const std::vector<model::Training>& trainings,
                                        const AdapterOptions& options,
                                        const std::vector<model::Programme>& programmes) {
  std::vector<matching::Match> matches;
  const matching::Kind kind = MatchingKind(options.kind);
  for (const model::Individual& person : people) {
    // The same rules as matching (a minor without a guardian's consent is not matched at all).
    if (person.status != model::IndividualStatus::kActive ||
        matching::CheckConsent(person, today)) {
      continue;
    }
    HW_ASSIGN_OR_RETURN(
        std::vector<matching::Match> best,
        index.TopOpportunities(person, kind, options.candidates_per_person, policies, today));
    for (matching::Match& match : best) matches.push_back(std::move(match));
  }
  return BuildProblem(people, vacancies, trainings, matches, options, programmes);
}

}  // namespace homeward::allocation
