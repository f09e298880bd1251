#include "homeward/allocation/adapter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "homeward/matching/match_index.h"
#include "homeward/policy/national.h"
#include "records.h"
#include "status_matchers.h"

namespace homeward::allocation {
namespace {

model::Training Training(const std::string& id, int seats) {
  model::Training training;
  training.meta.id = id;
  training.seats = seats;
  return training;
}

matching::Match Match(const std::string& person, const std::string& opportunity, double score) {
  matching::Match match;
  match.individual_id = person;
  match.opportunity_id = opportunity;
  match.score = score;
  return match;
}

// The problem's candidates as readable (person, opportunity, score) triples.
std::vector<std::tuple<std::string, std::string, double>> Pairs(const Problem& p) {
  std::vector<std::tuple<std::string, std::string, double>> out;
  for (const Candidate& c : p.candidates) {
    out.emplace_back(p.people[c.person].id, p.opportunities[c.opportunity].id, c.score);
  }
  return out;
}

TEST(AdapterTest, OnlyOpenVacanciesWithRoomAndWillingActivePeopleEnter) {
  model::Individual closed = Person("ind_closed", 50);
  closed.status = model::IndividualStatus::kClosed;
  model::Individual no_consent = Person("ind_no_consent", 50);
  no_consent.consent.given = false;
  const std::vector<model::Individual> people = {Person("ind_a", 80), closed, no_consent};
  const std::vector<model::Vacancy> vacancies = {
      Vacancy("vac_open", 3, 1), Vacancy("vac_full", 2, 2),
      Vacancy("vac_blocked", 5, 0, model::VacancyStatus::kBlocked),
      Vacancy("vac_review", 5, 0, model::VacancyStatus::kPendingReview)};
  const std::vector<model::Training> trainings = {Training("trn_x", 4)};
  const std::vector<matching::Match> matches = {Match("ind_a", "vac_open", 70),
                                                Match("ind_a", "vac_full", 90),
                                                Match("ind_a", "vac_blocked", 99),
                                                Match("ind_a", "vac_review", 95),
                                                Match("ind_a", "trn_x", 60),
                                                Match("ind_closed", "vac_open", 80),
                                                Match("ind_no_consent", "vac_open", 80)};

  const Problem p = BuildProblem(people, vacancies, trainings, matches);
  ASSERT_EQ(p.people.size(), 1u);
  EXPECT_EQ(p.people[0].id, "ind_a");
  EXPECT_EQ(p.people[0].vulnerability, 80);
  ASSERT_EQ(p.opportunities.size(), 2u);
  EXPECT_EQ(p.opportunities[0].id, "vac_open");
  EXPECT_EQ(p.opportunities[0].capacity, 2);  // slots left, not slots
  EXPECT_THAT(Pairs(p), ::testing::ElementsAre(std::make_tuple("ind_a", "vac_open", 70.0),
                                               std::make_tuple("ind_a", "trn_x", 60.0)));

  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  ASSERT_EQ(s.placements.size(), 1u);
  EXPECT_EQ(s.placements[0].opportunity_id, "vac_open");
}

TEST(AdapterTest, KindSelectsJobsOrTrainings) {
  const std::vector<model::Individual> people = {Person("ind_a", 0)};
  const std::vector<model::Vacancy> vacancies = {Vacancy("vac_x", 1)};
  const std::vector<model::Training> trainings = {Training("trn_y", 1)};
  const std::vector<matching::Match> matches = {Match("ind_a", "vac_x", 50),
                                                Match("ind_a", "trn_y", 40)};
  AdapterOptions jobs;
  jobs.kind = model::AllocationKind::kJob;
  EXPECT_THAT(Pairs(BuildProblem(people, vacancies, trainings, matches, jobs)),
              ::testing::ElementsAre(std::make_tuple("ind_a", "vac_x", 50.0)));
  AdapterOptions training;
  training.kind = model::AllocationKind::kTraining;
  EXPECT_THAT(Pairs(BuildProblem(people, vacancies, trainings, matches, training)),
              ::testing::ElementsAre(std::make_tuple("ind_a", "trn_y", 40.0)));
}

TEST(AdapterTest, KeepsEachPersonsBestKMatchesOncePerPair) {
  const std::vector<model::Individual> people = {Person("ind_a", 0)};
  std::vector<model::Vacancy> vacancies;
  std::vector<matching::Match> matches;
  for (int i = 0; i < 6; ++i) {
    vacancies.push_back(Vacancy("vac_" + std::to_string(i), 1));
    matches.push_back(Match("ind_a", "vac_" + std::to_string(i), 10.0 * i));
  }
  matches.push_back(Match("ind_a", "vac_1", 95));  // the same pair again, better
  AdapterOptions options;
  options.candidates_per_person = 3;
  EXPECT_THAT(Pairs(BuildProblem(people, vacancies, {}, matches, options)),
              ::testing::ElementsAre(std::make_tuple("ind_a", "vac_1", 95.0),
                                     std::make_tuple("ind_a", "vac_5", 50.0),
                                     std::make_tuple("ind_a", "vac_4", 40.0)));
}

TEST(AdapterTest, TheMatchIndexSuppliesEligiblePairsAndTheSolverRespectsCapacity) {
  const std::vector<model::Individual> people = {Seamstress("ind_a", 20), Seamstress("ind_b", 90),
                                                 Seamstress("ind_c", 50)};
  const std::vector<model::Vacancy> vacancies = {
      GarmentJob("vac_x", 1), GarmentJob("vac_y", 1), [] {
        model::Vacancy held = GarmentJob("vac_held", 3);
        held.status = model::VacancyStatus::kPendingReview;
        return held;
      }()};
  matching::MatchIndex index;
  for (const auto& p : people) index.UpsertIndividual(p);
  for (const auto& v : vacancies) index.UpsertVacancy(v);
  const policy::NationalPolicyProvider policies;

  ASSERT_OK_AND_ASSIGN(
      Problem p, BuildProblemFromIndex(index, policies, Date{2026, 11, 28}, people, vacancies, {}));
  EXPECT_EQ(p.people.size(), 3u);
  ASSERT_EQ(p.opportunities.size(), 2u) << "a vacancy held for review is never allocated";
  EXPECT_FALSE(p.candidates.empty());
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  EXPECT_EQ(s.placements.size(), 2u);  // two slots for three people
  for (const Placement& placement : s.placements) EXPECT_NE(placement.opportunity_id, "vac_held");
  // The three fit alike; the least vulnerable is the one left out.
  ASSERT_EQ(s.unplaced.size(), 1u);
  EXPECT_EQ(s.unplaced[0].person_id, "ind_a");
}

}  // namespace
}  // namespace homeward::allocation
