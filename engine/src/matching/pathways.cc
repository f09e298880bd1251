#include "internal/pathways.h"

#include <algorithm>
#include <set>

#include "internal/policy_cache.h"
#include "internal/scans.h"

namespace homeward::matching {

namespace internal {

std::vector<PathwayTarget> PathwayTargets(const MatchIndex::State& s,
                                          const model::Individual& person,
                                          std::vector<Scored> scored) {
  std::map<std::string, int> have;
  for (const model::SkillLevel& skill : person.skills) {
    have[skill.code] = std::max(have[skill.code], skill.level);
  }
  const std::vector<std::string>& ids = ForLambdas(s.vacancies).id;
  auto better = [&](const Scored& a, const Scored& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    return ids[a.row] < ids[b.row];
  };
  // The scan kept the rows that lack a skill and may be among the best kPathwayJobs of them.
  std::sort(scored.begin(), scored.end(), better);
  std::vector<PathwayTarget> targets;
  for (size_t next = 0; next < scored.size() && targets.size() < kPathwayJobs; ++next) {
    const model::Vacancy& v = *s.vacancies.record[scored[next].row];
    PathwayTarget target{&v, scored[next].rank, {}};
    for (const model::RequiredSkill& r : v.required_skills) {
      auto it = have.find(r.code);
      if (it == have.end() || it->second < r.min_level) target.missing[r.code] = r.min_level;
    }
    if (!target.missing.empty()) targets.push_back(std::move(target));
  }
  return targets;
}

PathwayValue ValueFor(const std::vector<PathwayTarget>& targets, const model::Training& training) {
  std::map<std::string, int> taught;
  for (const model::SkillLevel& skill : training.skills_taught) taught[skill.code] = skill.level;
  PathwayValue out;
  std::set<std::string> closes;
  for (const PathwayTarget& target : targets) {
    size_t closed = 0;
    for (const auto& [skill, level] : target.missing) {
      auto it = taught.find(skill);
      if (it != taught.end() && it->second >= level) ++closed, closes.insert(skill);
    }
    out.value += target.score * static_cast<double>(closed) / target.missing.size();
    if (closed == target.missing.size()) out.unlocks.push_back(target.vacancy->meta.id);
  }
  std::sort(out.unlocks.begin(), out.unlocks.end());
  out.closes.assign(closes.begin(), closes.end());
  return out;
}

}  // namespace internal

using internal::ForEachOpenTraining;
using internal::ForLambdas;
using internal::JobPass;
using internal::kPathwayJobs;
using internal::PathwayTarget;
using internal::PathwayTargets;
using internal::PathwayValue;
using internal::Place;
using internal::PolicyCache;
using internal::ScanJobs;
using internal::ValueFor;

StatusOr<std::vector<Match>> MatchIndex::Pathways(const model::Individual& person, int k,
                                                  const policy::PolicyProvider& policies,
                                                  const Date& today) const {
  if (k < 0) return Status::InvalidArgument("k must not be negative");
  if (std::optional<Exclusion> refused = CheckConsent(person, today)) {
    return Status::FailedPrecondition(refused->code + ": " + refused->reason);
  }
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  JobPass jobs = ScanJobs(s, person, policies, today, {false, 0, kPathwayJobs});
  const std::vector<PathwayTarget> targets = PathwayTargets(s, person, std::move(jobs.lacking));
  SkillGap gap;
  {
    std::map<std::string, double> weights;
    for (const PathwayTarget& target : targets) {
      for (const auto& [skill, level] : target.missing) weights[skill] += target.score;
    }
    gap.assign(weights.begin(), weights.end());
  }
  struct Option {
    double value;
    Match match;
  };
  std::vector<Option> options;
  const TrainingScorer scorer(person, gap, today);
  PolicyCache cache(policies, s.provinces, s.sectors, person, today);
  const std::vector<Place>& places = ForLambdas(s.trainings).place;
  auto every = [](const internal::TrainingCell&) { return true; };
  ForEachOpenTraining(s, person, today, every, [&](uint32_t row, const model::Training& t) {
    PathwayValue pathway = ValueFor(targets, t);
    if (pathway.value <= 0) return;
    Match m = scorer.Explain(t, *cache.For(places[row].province).policy);
    m.closes_skills = std::move(pathway.closes);
    m.unlocks = std::move(pathway.unlocks);
    options.push_back({pathway.value, std::move(m)});
  });
  std::sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
    if (a.value != b.value) return a.value > b.value;
    return a.match.opportunity_id < b.match.opportunity_id;
  });
  std::vector<Match> out;
  for (Option& o : options) {
    if (out.size() == static_cast<size_t>(k)) break;
    out.push_back(std::move(o.match));
  }
  return out;
}

}  // namespace homeward::matching
