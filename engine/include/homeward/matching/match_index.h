// The in-memory matching index: every individual, vacancy, training and programme in columns
// (struct of arrays of plain numbers and interned ids), built at start-up from the store and kept
// in step by the service layer, which calls Upsert*/Remove* after each committed write. Queries
// never read SQLite. See docs/matching.md ("Index").
//
// Thread-safety: all methods may be called concurrently. Queries hold a shared lock for their
// scan; writers take the exclusive lock only to overwrite one row (a few microseconds), so a
// write is seen by the next query that starts after it returns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/matching/match.h"

namespace homeward::matching {

// What a match list holds: jobs, trainings, programmes, or all three.
enum class Kind { kJob, kTraining, kAll, kProgramme };

// Candidates are ranked by score + kVulnerabilityRankWeight * vulnerability (fit first; between
// close fits, the more vulnerable person first).
inline constexpr double kVulnerabilityRankWeight = 0.1;

class MatchIndex {
 public:
  MatchIndex();
  ~MatchIndex();
  MatchIndex(const MatchIndex&) = delete;
  MatchIndex& operator=(const MatchIndex&) = delete;

  // Adds or replaces a record (matched by meta.id); the person's stored vulnerability is kept.
  void UpsertIndividual(const model::Individual& person);
  void UpsertVacancy(const model::Vacancy& vacancy);
  void UpsertTraining(const model::Training& training);
  void UpsertProgramme(const model::Programme& programme);
  // Removes a record; unknown ids are ignored.
  void RemoveIndividual(std::string_view id);
  void RemoveVacancy(std::string_view id);
  void RemoveTraining(std::string_view id);
  void RemoveProgramme(std::string_view id);

  // Asks each province's policy in force what its job rules can move the scores of pairs with
  // its vacancies by (ProvincePolicy::VacancyRulePoints), for the vacancies whose answer the
  // index does not hold for that policy: those written since the last refresh, and every one of
  // a province whose policy has changed (a plugin reloaded or failed, its market data
  // replaced). Queries cap the rules of a pair with a vacancy to its answer and ask the rules of
  // fewer vacancies; until a vacancy's answer is known, its pairs are ranked as before (exactly,
  // only asking more). Policies are asked without the index's lock; refreshes run one at a
  // time. Returns how many vacancies were asked about.
  size_t RefreshRulePoints(const policy::PolicyProvider& policies);

  // The k best eligible opportunities for an indexed person (NotFound when absent).
  StatusOr<std::vector<Match>> TopOpportunities(std::string_view person_id, Kind kind, int k,
                                                const policy::PolicyProvider& policies,
                                                const Date& today) const;
  // The same for a person record passed in (it need not be indexed).
  StatusOr<std::vector<Match>> TopOpportunities(const model::Individual& person, Kind kind, int k,
                                                const policy::PolicyProvider& policies,
                                                const Date& today) const;
  // The k best eligible people for an indexed vacancy (NotFound when absent).
  StatusOr<std::vector<Match>> TopCandidates(std::string_view vacancy_id, int k,
                                             const policy::PolicyProvider& policies,
                                             const Date& today) const;
  // Up to k trainings that close the skills the person lacks for their best jobs, most valuable
  // first; each says which skills it closes and which vacancies that unlocks.
  StatusOr<std::vector<Match>> Pathways(const model::Individual& person, int k,
                                        const policy::PolicyProvider& policies,
                                        const Date& today) const;

  // Copies of indexed records (for the API's response bodies).
  std::optional<model::Vacancy> FindVacancy(std::string_view id) const;
  std::optional<model::Training> FindTraining(std::string_view id) const;
  std::optional<model::Programme> FindProgramme(std::string_view id) const;
  // The indexed person as the index sees it (fields used for matching only).
  std::optional<model::Individual> FindIndividual(std::string_view id) const;
  // The province of an indexed person (what access checks need, without copying the person).
  std::optional<std::string> ProvinceOfIndividual(std::string_view id) const;

  size_t individual_count() const;
  size_t vacancy_count() const;
  size_t training_count() const;
  size_t programme_count() const;

  // A plain pass over the vacancy columns a job query reads (benchmark baseline); returns a
  // checksum so that the pass is not optimised away.
  double ScanVacancyColumns() const;

  // The columns and their lock; opaque outside engine/src/matching.
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace homeward::matching
