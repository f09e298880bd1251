#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "fake_policy.h"
#include "fixtures.h"
#include "homeward/matching/match_index.h"
#include "internal/scans.h"
#include "status_matchers.h"

namespace homeward::matching {
namespace {

using ::homeward::testing::FakePolicies;
using ::homeward::testing::StatusIs;
using ::testing::ElementsAre;
using testing::GarmentJob;
using ::testing::IsEmpty;
using testing::kToday;
using testing::LiteracyCourse;
using testing::Sokha;

std::vector<std::string> Ids(const std::vector<Match>& matches, bool candidates = false) {
  std::vector<std::string> ids;
  for (const Match& m : matches) ids.push_back(candidates ? m.individual_id : m.opportunity_id);
  return ids;
}

TEST(MatchIndexTest, TopJobsAreTheExplainedScoresOfEligibleVacancies) {
  FakePolicies policies;
  MatchIndex index;
  index.UpsertVacancy(GarmentJob("vac_a"));
  model::Vacancy far = GarmentJob("vac_far");
  far.location = model::GeoPoint{13.36, 103.86};
  index.UpsertVacancy(far);
  model::Vacancy blocked = GarmentJob("vac_blocked");
  blocked.screening.status = model::ScreeningStatus::kBlocked;
  index.UpsertVacancy(blocked);
  model::Vacancy weaker = GarmentJob("vac_b");
  weaker.wage.amount = 150;
  index.UpsertVacancy(weaker);

  ASSERT_OK_AND_ASSIGN(auto matches,
                       index.TopOpportunities(Sokha(), Kind::kJob, 10, policies, kToday));
  EXPECT_THAT(Ids(matches), ElementsAre("vac_a", "vac_b"));
  EXPECT_DOUBLE_EQ(matches[0].score, 79.5);
  EXPECT_DOUBLE_EQ(matches[1].score, 0.3 * 50 + 20 + 15 + 0.15 * 60 + 7.5 + 10);
}

TEST(MatchIndexTest, VacanciesAndPeopleWithManySkillsScoreAsTheirRecords) {
  FakePolicies policies;
  MatchIndex index;
  model::Vacancy v = GarmentJob();
  model::Individual p = Sokha();
  v.required_skills.clear();
  for (int i = 0; i < 11; ++i) {
    v.required_skills.push_back({"skill_" + std::to_string(i), 2});
    if (i % 2 == 0) p.skills.push_back({"skill_" + std::to_string(i), 1 + i % 3});
  }
  index.UpsertVacancy(v);
  index.UpsertIndividual(p);
  const Match expected = ScoreJob(p, v, *policies.ForProvince("KH-12"), kToday);
  ASSERT_OK_AND_ASSIGN(auto jobs, index.TopOpportunities(p, Kind::kJob, 1, policies, kToday));
  ASSERT_OK_AND_ASSIGN(auto people, index.TopCandidates(v.meta.id, 1, policies, kToday));
  ASSERT_EQ(jobs.size(), 1u);
  ASSERT_EQ(people.size(), 1u);
  EXPECT_DOUBLE_EQ(jobs[0].score, expected.score);
  EXPECT_DOUBLE_EQ(people[0].score, expected.score);
  EXPECT_EQ(expected.components[0].reason, "Meets 4 of 11 required skill levels");
}

TEST(MatchIndexTest, PersonWithoutConsentIsNeverMatched) {
  FakePolicies policies;
  MatchIndex index;
  index.UpsertVacancy(GarmentJob());
  model::Individual with = Sokha();
  model::Individual without = Sokha();
  without.meta.id = "ind_no_consent";
  without.consent.given = false;
  index.UpsertIndividual(with);
  index.UpsertIndividual(without);
  ASSERT_OK_AND_ASSIGN(auto candidates, index.TopCandidates("vac_garment", 10, policies, kToday));
  EXPECT_THAT(Ids(candidates, true), ElementsAre("ind_sokha"));
  EXPECT_THAT(index.TopOpportunities("ind_no_consent", Kind::kAll, 10, policies, kToday),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(index.TopOpportunities("ind_missing", Kind::kAll, 10, policies, kToday),
              StatusIs(StatusCode::kNotFound));
}

TEST(MatchIndexTest, WritesAreSeenByTheNextQuery) {
  FakePolicies policies;
  MatchIndex index;
  index.UpsertVacancy(GarmentJob());
  model::Vacancy filled = GarmentJob();
  filled.slots_filled = 2;
  index.UpsertVacancy(filled);
  EXPECT_EQ(index.vacancy_count(), 1u);
  ASSERT_OK_AND_ASSIGN(auto none, index.TopOpportunities(Sokha(), Kind::kJob, 5, policies, kToday));
  EXPECT_THAT(none, IsEmpty());
  index.UpsertVacancy(GarmentJob());
  index.UpsertVacancy(GarmentJob("vac_2"));
  index.RemoveVacancy("vac_garment");
  index.RemoveVacancy("vac_unknown");
  ASSERT_OK_AND_ASSIGN(auto one, index.TopOpportunities(Sokha(), Kind::kJob, 5, policies, kToday));
  EXPECT_THAT(Ids(one), ElementsAre("vac_2"));
}

TEST(MatchIndexTest, IndexedPersonRoundTripsTheFieldsMatchingUses) {
  MatchIndex index;
  model::Individual p = Sokha();
  p.vulnerability.score = 56.92;
  index.UpsertIndividual(p);
  const auto found = index.FindIndividual("ind_sokha");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->district, "ចំការមន");
  EXPECT_EQ(found->province, "KH-12");
  EXPECT_EQ(found->birth_date, p.birth_date);
  EXPECT_EQ(found->skills.size(), 1u);
  EXPECT_THAT(found->desired_occupations, ElementsAre("7533"));
  EXPECT_FLOAT_EQ(static_cast<float>(found->vulnerability.score), 56.92f);
}

TEST(MatchIndexTest, CandidatesRankFitFirstThenVulnerability) {
  FakePolicies policies;
  MatchIndex index;
  index.UpsertVacancy(GarmentJob());
  model::Individual a = Sokha();
  a.meta.id = "ind_a";
  a.vulnerability.score = 10;
  model::Individual b = Sokha();
  b.meta.id = "ind_b";
  b.vulnerability.score = 80;
  model::Individual skilled = Sokha();
  skilled.meta.id = "ind_skilled";
  skilled.skills.push_back({"khmer_literacy", 3});
  index.UpsertIndividual(a);
  index.UpsertIndividual(b);
  index.UpsertIndividual(skilled);
  ASSERT_OK_AND_ASSIGN(auto candidates, index.TopCandidates("vac_garment", 3, policies, kToday));
  EXPECT_THAT(Ids(candidates, true), ElementsAre("ind_skilled", "ind_b", "ind_a"));
  EXPECT_DOUBLE_EQ(candidates[1].vulnerability, 80);
}

// A province's rules about its own people follow them to an opportunity registered elsewhere
// (a Prey Veng person and a recruiter registered in Phnom Penh), and both provinces' rules
// together stay within the cap.
TEST(MatchIndexTest, HomeProvinceRulesApplyBesideTheOpportunitysProvince) {
  FakePolicies policies;
  policies.Get("KH-14")->set_job_rule([](const model::Individual& p, const model::Vacancy& v) {
    std::vector<policy::RuleEffect> effects;
    if (p.province == "KH-14" && v.work_abroad) {
      effects.push_back({"prey-veng", "work-abroad", -8, "work abroad"});
    }
    return effects;
  });
  policies.Get("KH-12")->set_job_rule([](const model::Individual&, const model::Vacancy&) {
    return std::vector<policy::RuleEffect>{{"phnom-penh", "big-city", -10, "far away"}};
  });
  MatchIndex index;
  model::Vacancy abroad = GarmentJob("vac_abroad");
  abroad.work_abroad = true;
  index.UpsertVacancy(abroad);
  model::Individual person = Sokha();
  person.province = "KH-14";
  ASSERT_OK_AND_ASSIGN(auto matches,
                       index.TopOpportunities(person, Kind::kJob, 5, policies, kToday));
  ASSERT_EQ(matches.size(), 1u);
  ASSERT_EQ(matches[0].rules.size(), 2u);
  EXPECT_EQ(matches[0].rules[0].plugin, "phnom-penh");
  EXPECT_EQ(matches[0].rules[1].plugin, "prey-veng");
  EXPECT_DOUBLE_EQ(matches[0].rules[0].points + matches[0].rules[1].points,
                   -policy::kMaxRulePoints);
  // A person of the vacancy's own province gets that province's rules once.
  ASSERT_OK_AND_ASSIGN(auto local,
                       index.TopOpportunities(Sokha(), Kind::kJob, 5, policies, kToday));
  ASSERT_EQ(local.size(), 1u);
  ASSERT_EQ(local[0].rules.size(), 1u);
  EXPECT_EQ(local[0].rules[0].plugin, "phnom-penh");
}

TEST(MatchIndexTest, TrainingsSayWhichMissingSkillsTheyClose) {
  FakePolicies policies;
  MatchIndex index;
  index.UpsertVacancy(GarmentJob());
  index.UpsertTraining(LiteracyCourse());
  model::Training full = LiteracyCourse("trn_full");
  full.seats_filled = full.seats;
  index.UpsertTraining(full);
  ASSERT_OK_AND_ASSIGN(auto matches,
                       index.TopOpportunities(Sokha(), Kind::kAll, 10, policies, kToday));
  ASSERT_THAT(Ids(matches), ElementsAre("trn_literacy", "vac_garment"));
  EXPECT_THAT(matches[0].closes_skills, ElementsAre("khmer_literacy"));
  EXPECT_DOUBLE_EQ(matches[0].components[0].score, 100);
  // The training match says which job it opens (the API's unlocks), as Pathways does.
  EXPECT_THAT(matches[0].unlocks, ElementsAre("vac_garment"));
  ASSERT_OK_AND_ASSIGN(auto trainings,
                       index.TopOpportunities(Sokha(), Kind::kTraining, 10, policies, kToday));
  ASSERT_THAT(Ids(trainings), ElementsAre("trn_literacy"));
  EXPECT_THAT(trainings[0].unlocks, ElementsAre("vac_garment"));
  // Asking for none is an empty answer for every kind.
  for (Kind kind : {Kind::kJob, Kind::kTraining, Kind::kProgramme, Kind::kAll}) {
    ASSERT_OK_AND_ASSIGN(auto none, index.TopOpportunities(Sokha(), kind, 0, policies, kToday));
    EXPECT_THAT(none, IsEmpty());
  }
}

TEST(MatchIndexTest, PathwaysNameTheSkillsClosedAndTheJobsUnlocked) {
  FakePolicies policies;
  MatchIndex index;
  index.UpsertVacancy(GarmentJob());
  model::Vacancy cook = GarmentJob("vac_cook");
  cook.required_skills = {{"food_hygiene", 2}};
  index.UpsertVacancy(cook);
  index.UpsertTraining(LiteracyCourse());
  model::Training useless = LiteracyCourse("trn_other");
  useless.skills_taught = {{"sewing_machine", 2}};
  index.UpsertTraining(useless);
  ASSERT_OK_AND_ASSIGN(auto paths, index.Pathways(Sokha(), 5, policies, kToday));
  ASSERT_THAT(Ids(paths), ElementsAre("trn_literacy"));
  EXPECT_THAT(paths[0].closes_skills, ElementsAre("khmer_literacy"));
  EXPECT_THAT(paths[0].unlocks, ElementsAre("vac_garment"));
}

// Random data: a grid of vacancies around Phnom Penh with varied skills, wages and occupations.
struct RandomWorld {
  std::vector<model::Vacancy> vacancies;
  std::vector<model::Individual> people;
};

RandomWorld MakeWorld(uint32_t seed, int vacancies, int people) {
  std::mt19937 rng(seed);
  auto uniform = [&rng](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const std::vector<std::string> skills = {"sewing_machine", "khmer_literacy", "numeracy",
                                           "food_hygiene", "driving"};
  const std::vector<std::string> occupations = {"7533", "7531", "5120", "9329", "8322", "7112"};
  const std::vector<std::string> districts = {"ចំការមន", "ដង្កោ", "មានជ័យ"};
  RandomWorld w;
  for (int i = 0; i < vacancies; ++i) {
    model::Vacancy v = GarmentJob("vac_" + std::to_string(1000 + i));
    v.occupation = occupations[static_cast<size_t>(pick(6))];
    v.district = districts[static_cast<size_t>(pick(3))];
    if (pick(5) == 0) {
      v.location.reset();
    } else {
      v.location = model::GeoPoint{11.55 + uniform(-0.1, 0.1), 104.92 + uniform(-0.1, 0.1)};
    }
    v.wage.amount = uniform(100, 400);
    v.hours_per_week = uniform(40, 60);
    v.contract = static_cast<model::Contract>(pick(4));
    v.benefits = pick(2) ? std::vector<std::string>{"transport"} : std::vector<std::string>{};
    v.required_skills.clear();
    for (int s = pick(4); s > 0; --s) {
      v.required_skills.push_back({skills[static_cast<size_t>(pick(5))], 1 + pick(5)});
    }
    v.languages = pick(10) == 0 ? std::vector<std::string>{"en"} : std::vector<std::string>{};
    v.min_age = 15 + pick(5);
    v.work_abroad = pick(20) == 0;
    v.starts_on = Date{2027, 1 + pick(12), 1};
    w.vacancies.push_back(v);
  }
  for (int i = 0; i < people; ++i) {
    model::Individual p = Sokha();
    p.meta.id = "ind_" + std::to_string(1000 + i);
    p.district = districts[static_cast<size_t>(pick(3))];
    if (pick(5) == 0) {
      p.location.reset();
    } else {
      p.location = model::GeoPoint{11.55 + uniform(-0.1, 0.1), 104.92 + uniform(-0.1, 0.1)};
    }
    p.max_commute_km = uniform(3, 25);
    p.birth_date = Date{1970 + pick(42), 1 + pick(12), 1 + pick(28)};
    p.skills.clear();
    for (int s = pick(4); s > 0; --s)
      p.skills.push_back({skills[static_cast<size_t>(pick(5))], 1 + pick(5)});
    p.desired_occupations = {occupations[static_cast<size_t>(pick(6))]};
    p.household = {1 + pick(6), pick(4), model::UsdPerMonth(uniform(0, 400)),
                   model::UsdPerMonth(uniform(0, 2000))};
    p.consent.given = pick(10) != 0;
    // Half the people under 18 have their guardian's consent; the others are never matched.
    if (i % 2 == 0) p.consent.guardian = model::Guardian{"Guardian", "mother", Date{2026, 1, 1}};
    p.languages =
        pick(3) == 0 ? std::vector<std::string>{"km", "en"} : std::vector<std::string>{"km"};
    p.vulnerability.score = std::round(uniform(0, 100));
    w.people.push_back(p);
  }
  return w;
}

// Every job `p` may take, scored with its rules one by one and sorted as the index ranks them.
std::vector<Match> EveryJobScored(const model::Individual& p,
                                  const std::vector<model::Vacancy>& vacancies,
                                  const policy::PolicyProvider& policies) {
  std::vector<Match> full;
  for (const auto& v : vacancies) {
    if (CheckJob(p, v, kToday)) continue;
    auto policy = policies.ForProvince(v.province);
    Match m = ScoreJob(p, v, *policy, kToday);
    ApplyRules(JobRulesFor(p, v, *policy, policies, kToday), m);
    full.push_back(m);
  }
  std::sort(full.begin(), full.end(), [](const Match& a, const Match& b) {
    return a.score != b.score ? a.score > b.score : a.opportunity_id < b.opportunity_id;
  });
  return full;
}

// A rule that moves some pairs by the most a rule may, to test that the shortlist is exact.
void AddSwingRule(FakePolicies& policies) {
  policies.Get("KH-12")->set_job_rule([](const model::Individual& p, const model::Vacancy& v) {
    const size_t h = std::hash<std::string>{}(p.meta.id + v.meta.id) % 3;
    if (h == 0) return std::vector<policy::RuleEffect>{};
    return std::vector<policy::RuleEffect>{
        {"test", "swing", h == 1 ? policy::kMaxRulePoints : -policy::kMaxRulePoints, "ផ្លាស់ប្ដូរ"}};
  });
}

TEST(MatchIndexPropertyTest, TopKEqualsAFullSortAndScoresAddUp) {
  size_t compared = 0;
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    const RandomWorld w = MakeWorld(seed, 300, 20);
    FakePolicies policies;
    AddSwingRule(policies);
    MatchIndex index;
    for (const auto& v : w.vacancies) index.UpsertVacancy(v);
    for (const auto& p : w.people) {
      if (CheckConsent(p, kToday)) {
        EXPECT_FALSE(index.TopOpportunities(p, Kind::kJob, 5, policies, kToday).ok());
        continue;
      }
      std::vector<Match> full = EveryJobScored(p, w.vacancies, policies);
      for (int k : {1, 5, 20}) {
        ASSERT_OK_AND_ASSIGN(auto top, index.TopOpportunities(p, Kind::kJob, k, policies, kToday));
        std::vector<Match> expected(
            full.begin(), full.begin() + std::min<size_t>(full.size(), static_cast<size_t>(k)));
        ASSERT_EQ(Ids(top), Ids(expected)) << "seed " << seed << " person " << p.meta.id;
        compared += top.size();
        for (const Match& m : top) {
          ASSERT_GE(m.score, 0);
          ASSERT_LE(m.score, 100);
          double sum = 0;
          for (const Component& c : m.components) {
            ASSERT_GE(c.score, 0);
            ASSERT_LE(c.score, 100);
            sum += c.score * c.weight;
          }
          for (const auto& r : m.rules) sum += r.points;
          ASSERT_NEAR(m.score, std::clamp(sum, 0.0, 100.0), 0.02);
        }
      }
    }
  }
  EXPECT_GT(compared, 500u);  // the random world is not vacuous
}

// A row's latitude cell holds a copy of its score row: a vacancy written again (other skills,
// wage, occupation and place) must be scored as its new record, and one renumbered when another
// is removed must keep its own.
TEST(MatchIndexPropertyTest, VacanciesWrittenAgainOrRenumberedScoreAsTheirRecords) {
  const RandomWorld before = MakeWorld(3, 300, 30);
  const RandomWorld after = MakeWorld(4, 150, 0);
  FakePolicies policies;
  MatchIndex index;
  for (const auto& v : before.vacancies) index.UpsertVacancy(v);
  std::vector<model::Vacancy> now;
  for (size_t i = 0; i < before.vacancies.size(); ++i) {
    if (i < after.vacancies.size()) {
      model::Vacancy rewritten = after.vacancies[i];
      rewritten.meta.id = before.vacancies[i].meta.id;
      index.UpsertVacancy(rewritten);
      now.push_back(rewritten);
    } else if (i < 200) {
      index.RemoveVacancy(before.vacancies[i].meta.id);  // the last rows move into their place
    } else {
      now.push_back(before.vacancies[i]);
    }
  }
  ASSERT_EQ(index.vacancy_count(), now.size());
  size_t compared = 0;
  for (const auto& p : before.people) {
    if (CheckConsent(p, kToday)) continue;
    const std::vector<Match> full = EveryJobScored(p, now, policies);
    ASSERT_OK_AND_ASSIGN(auto top, index.TopOpportunities(p, Kind::kJob, 10, policies, kToday));
    std::vector<Match> expected(full.begin(), full.begin() + std::min<size_t>(full.size(), 10));
    ASSERT_EQ(Ids(top), Ids(expected)) << p.meta.id;
    for (size_t i = 0; i < top.size(); ++i) EXPECT_EQ(top[i].score, expected[i].score);
    compared += top.size();
  }
  EXPECT_GT(compared, 100u);
}

TEST(MatchIndexPropertyTest, CandidatesEqualAFullSort) {
  const RandomWorld w = MakeWorld(7, 40, 400);
  FakePolicies policies;
  AddSwingRule(policies);
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  for (const auto& p : w.people) index.UpsertIndividual(p);
  size_t compared = 0;
  for (const auto& v : w.vacancies) {
    std::vector<Match> full;
    for (const auto& p : w.people) {
      if (CheckJob(p, v, kToday)) continue;
      auto policy = policies.ForProvince(v.province);
      Match m = ScoreJob(p, v, *policy, kToday);
      ApplyRules(JobRulesFor(p, v, *policy, policies, kToday), m);
      full.push_back(m);
    }
    auto rank = [](const Match& m) { return m.score + kVulnerabilityRankWeight * m.vulnerability; };
    std::sort(full.begin(), full.end(), [&](const Match& a, const Match& b) {
      return rank(a) != rank(b) ? rank(a) > rank(b) : a.individual_id < b.individual_id;
    });
    if (full.size() > 10) full.resize(10);
    compared += full.size();
    ASSERT_OK_AND_ASSIGN(auto top, index.TopCandidates(v.meta.id, 10, policies, kToday));
    ASSERT_EQ(Ids(top, true), Ids(full, true)) << v.meta.id;
  }
  EXPECT_GT(compared, 100u);
}

// Trainings around Phnom Penh and a few in Kandal, some full, ended or started, some without
// coordinates: what the reach filter and the eligibility checks must agree on.
std::vector<model::Training> MakeTrainings(uint32_t seed, int count) {
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  auto near = [&rng](double centre) {
    return centre + std::uniform_real_distribution<double>(-0.15, 0.15)(rng);
  };
  const std::vector<std::string> districts = {"ចំការមន", "ដង្កោ", "មានជ័យ"};
  const std::vector<std::string> skills = {"sewing_machine", "khmer_literacy", "numeracy",
                                           "food_hygiene"};
  std::vector<model::Training> out;
  for (int i = 0; i < count; ++i) {
    model::Training t = LiteracyCourse("trn_" + std::to_string(1000 + i));
    if (pick(8) == 0) {
      t.province = "KH-8";
      t.district = "ស្អាង";
    } else {
      t.district = districts[static_cast<size_t>(pick(3))];
    }
    if (pick(4) == 0) {
      t.location.reset();
    } else {
      t.location = model::GeoPoint{near(11.55), near(104.92)};
    }
    t.skills_taught = {{skills[static_cast<size_t>(pick(4))], 1 + pick(5)}};
    if (pick(10) == 0) t.seats_filled = t.seats;
    t.starts_on = pick(5) == 0 ? std::optional<Date>()
                               : Date::FromDays(kToday.DaysSinceEpoch() + pick(120) - 10);
    t.ends_on = Date::FromDays(kToday.DaysSinceEpoch() + pick(200) - 5);
    t.cost.amount = pick(3) == 0 ? 40 : 0;
    out.push_back(std::move(t));
  }
  return out;
}

// The index offers exactly the trainings CheckTraining admits (its column filters decide as
// that does), and one scorer used for many trainings scores each as ScoreTraining alone does.
TEST(MatchIndexPropertyTest, TrainingsAreTheEligibleOnesScoredAsAlone) {
  const RandomWorld w = MakeWorld(13, 40, 80);
  const std::vector<model::Training> trainings = MakeTrainings(13, 300);
  FakePolicies policies;
  policies.Get("KH-8")->set_weights({0.1, 0.1, 0.4, 0.2, 0.1, 0.1});  // kept per policy
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  for (const auto& t : trainings) index.UpsertTraining(t);
  const SkillGap gap = {{"food_hygiene", 0.5}, {"khmer_literacy", 3}, {"numeracy", 1.5}};
  size_t offered = 0;
  for (const auto& p : w.people) {
    if (CheckConsent(p, kToday)) continue;
    ASSERT_OK_AND_ASSIGN(auto top,
                         index.TopOpportunities(p, Kind::kTraining, 1000, policies, kToday));
    std::vector<std::string> eligible;
    for (const auto& t : trainings) {
      if (!CheckTraining(p, t, kToday)) eligible.push_back(t.meta.id);
    }
    std::vector<std::string> got = Ids(top);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, eligible) << p.meta.id;
    offered += got.size();

    const TrainingScorer scorer(p, gap, kToday);
    for (const auto& t : trainings) {
      auto policy = policies.ForProvince(t.province);
      const Match alone = ScoreTraining(p, t, gap, *policy, kToday);
      ASSERT_EQ(testing::Text(scorer.Explain(t, *policy)), testing::Text(alone));
      ASSERT_EQ(scorer.Base(t, *policy), alone.base_score);
    }
  }
  EXPECT_GT(offered, 300u);  // the random world is not vacuous
}

// kind=all ranks every kind in one list and asks the rules only of what can still reach the k
// best of all kinds: the answer must be the best k of the kinds asked one at a time, with the
// rules swinging jobs and trainings by the most a rule may, and fewer rules asked than the kinds
// alone ask (the trainings mostly rank below the jobs here, as they do for most people).
TEST(MatchIndexPropertyTest, AllKindsAreTheBestOfEachKindAskedAloneWithFewerRuleCalls) {
  const RandomWorld w = MakeWorld(17, 300, 40);
  const std::vector<model::Training> trainings = MakeTrainings(17, 300);
  FakePolicies policies;
  AddSwingRule(policies);
  for (const std::string province : {"KH-12", "KH-8"}) {
    policies.Get(province)->set_training_rule(
        [](const model::Individual& p, const model::Training& t) {
          const size_t h = std::hash<std::string>{}(t.meta.id + p.meta.id) % 3;
          if (h == 0) return std::vector<policy::RuleEffect>{};
          return std::vector<policy::RuleEffect>{
              {"test", "swing", h == 1 ? policy::kMaxRulePoints : -policy::kMaxRulePoints, "x"}};
        });
  }
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  for (const auto& t : trainings) index.UpsertTraining(t);
  auto calls = [&] {
    int n = 0;
    for (const std::string province : {"KH-12", "KH-8"}) {
      n += policies.Get(province)->job_rule_calls + policies.Get(province)->training_rule_calls;
    }
    return n;
  };
  size_t compared = 0, trainings_seen = 0;
  int calls_alone = 0, calls_together = 0;
  for (const auto& p : w.people) {
    if (CheckConsent(p, kToday)) continue;
    for (int k : {1, 5, 20}) {
      int before = calls();
      std::vector<Match> expected;
      for (Kind kind : {Kind::kJob, Kind::kTraining, Kind::kProgramme}) {
        ASSERT_OK_AND_ASSIGN(auto top, index.TopOpportunities(p, kind, k, policies, kToday));
        expected.insert(expected.end(), top.begin(), top.end());
      }
      calls_alone += calls() - before;
      std::sort(expected.begin(), expected.end(), [](const Match& a, const Match& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.opportunity_id < b.opportunity_id;
      });
      if (expected.size() > static_cast<size_t>(k)) expected.resize(static_cast<size_t>(k));
      before = calls();
      ASSERT_OK_AND_ASSIGN(auto all, index.TopOpportunities(p, Kind::kAll, k, policies, kToday));
      calls_together += calls() - before;
      ASSERT_EQ(all.size(), expected.size()) << p.meta.id << " k " << k;
      for (size_t i = 0; i < all.size(); ++i) {
        ASSERT_EQ(testing::Text(all[i]), testing::Text(expected[i]))
            << p.meta.id << " k " << k << " #" << i;
        trainings_seen += all[i].kind == model::OpportunityKind::kTraining;
      }
      compared += all.size();
    }
  }
  EXPECT_GT(compared, 300u);      // the random world is not vacuous
  EXPECT_GT(trainings_seen, 0u);  // and trainings do reach the best k sometimes
  EXPECT_LT(calls_together, calls_alone);
}

// A band of rows as dense as Phnom Penh's is scanned in two halves at once (ScanJobs): the
// shortlist, the pathway targets and the skill gap joined from both rank as one pass does, so
// jobs rank as a full sort does, and kind=all as each kind alone, with rules that swing pairs.
// kind=all for `p` must be the k best of the jobs and trainings asked alone, in the index's order
// (score, then kind, then id).
void ExpectAllIsTheBestOfEachKind(const MatchIndex& index, const model::Individual& p,
                                  const policy::PolicyProvider& policies, std::vector<Match> jobs,
                                  const std::vector<Match>& trainings, size_t k) {
  std::vector<Match> expected = std::move(jobs);
  expected.insert(expected.end(), trainings.begin(),
                  trainings.begin() + static_cast<std::ptrdiff_t>(std::min(trainings.size(), k)));
  std::sort(expected.begin(), expected.end(), [](const Match& a, const Match& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.opportunity_id < b.opportunity_id;
  });
  expected.resize(std::min(expected.size(), k));
  ASSERT_OK_AND_ASSIGN(
      auto all, index.TopOpportunities(p, Kind::kAll, static_cast<int>(k), policies, kToday));
  ASSERT_EQ(all.size(), expected.size()) << p.meta.id;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(testing::Text(all[i]), testing::Text(expected[i])) << p.meta.id << " #" << i;
  }
}

TEST(MatchIndexPropertyTest, AScanSplitInTwoRanksAsAFullSortDoes) {
  constexpr int kRows = 90000;
  static_assert(internal::kSplitScanFrom <= kRows * 4 / 5, "the band must be split");
  RandomWorld w = MakeWorld(41, kRows, 6);
  const std::vector<model::Training> trainings = MakeTrainings(41, 200);
  FakePolicies policies;
  AddSwingRule(policies);
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  for (const auto& t : trainings) index.UpsertTraining(t);
  size_t compared = 0;
  for (const auto& p : w.people) {
    if (CheckConsent(p, kToday)) continue;
    std::vector<Match> full = EveryJobScored(p, w.vacancies, policies);
    if (full.size() > 10) full.resize(10);
    ASSERT_OK_AND_ASSIGN(auto jobs, index.TopOpportunities(p, Kind::kJob, 10, policies, kToday));
    ASSERT_EQ(Ids(jobs), Ids(full)) << p.meta.id;
    for (size_t i = 0; i < jobs.size(); ++i) {
      EXPECT_EQ(testing::Text(jobs[i]), testing::Text(full[i])) << p.meta.id << " #" << i;
    }
    ASSERT_OK_AND_ASSIGN(auto training,
                         index.TopOpportunities(p, Kind::kTraining, 10, policies, kToday));
    compared += std::min<size_t>(jobs.size() + training.size(), 10);
    ExpectAllIsTheBestOfEachKind(index, p, policies, std::move(jobs), training, 10);
  }
  EXPECT_GT(compared, 20u);
}

// A band of many trainings is read in two halves at once: every eligible training must come
// back once, and kind=all must still be the best of each kind asked alone.
TEST(MatchIndexPropertyTest, TrainingsReadInTwoHalvesAreEveryEligibleOneOnce) {
  constexpr int kTrainings = 12000;
  static_assert(internal::kSplitTrainingsFrom <= kTrainings * 3 / 4, "the band must be split");
  const RandomWorld w = MakeWorld(43, 200, 12);
  const std::vector<model::Training> trainings = MakeTrainings(43, kTrainings);
  FakePolicies policies;
  AddSwingRule(policies);
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  for (const auto& t : trainings) index.UpsertTraining(t);
  size_t offered = 0;
  for (const auto& p : w.people) {
    if (CheckConsent(p, kToday)) continue;
    ASSERT_OK_AND_ASSIGN(auto every,
                         index.TopOpportunities(p, Kind::kTraining, kTrainings, policies, kToday));
    std::vector<std::string> eligible;
    for (const auto& t : trainings) {
      if (!CheckTraining(p, t, kToday)) eligible.push_back(t.meta.id);
    }
    std::vector<std::string> got = Ids(every);
    std::sort(got.begin(), got.end());
    std::sort(eligible.begin(), eligible.end());
    ASSERT_EQ(got, eligible) << p.meta.id;
    offered += got.size();

    ASSERT_OK_AND_ASSIGN(auto jobs, index.TopOpportunities(p, Kind::kJob, 10, policies, kToday));
    ExpectAllIsTheBestOfEachKind(index, p, policies, std::move(jobs), every, 10);
  }
  EXPECT_GT(offered, size_t{kTrainings});  // the people are offered many trainings each
}

// Phnom Penh's and Kandal's rules, by a hash of the pair: nothing, the least, the most, or (when
// `beyond`) more than the most in two effects, which the declared range cuts. Half the people
// (by a hash of their id) are never given the most; `per_person` declares that too, as each
// policy's RulePointsFor (least to 0 for them), and then `beyond` goes past that range for them.
bool NeverGivenTheMost(const model::Individual& person) {
  return std::hash<std::string>{}(person.meta.id) % 2 == 0;
}
// A third of the vacancies (by a hash of their id) are moved by no rule, and another third never
// lifted; `per_vacancy` declares that too, as each policy's VacancyRulePoints.
int VacancyClass(const model::Vacancy& vacancy) {
  return static_cast<int>(std::hash<std::string>{}(vacancy.meta.id + "class") % 3);
}
void AddRangedRules(FakePolicies& policies, bool declare, bool beyond, bool per_person = false,
                    bool per_vacancy = false) {
  struct Province {
    const char* code;
    policy::RuleRange range;
  };
  for (const Province p : {Province{"KH-12", {-4, 6}}, Province{"KH-8", {-2, 3}}}) {
    auto effects = [p, beyond](const model::Individual& person, const std::string& key) {
      switch (std::hash<std::string>{}(person.meta.id + key + p.code) % 4) {
        case 1:
          return std::vector<policy::RuleEffect>{{"test", "least", p.range.least, "x"}};
        case 2:
          if (NeverGivenTheMost(person)) break;
          return std::vector<policy::RuleEffect>{{"test", "most", p.range.most, "x"}};
        case 3:
          if (beyond) {
            return std::vector<policy::RuleEffect>{{"test", "more", p.range.most, "x"},
                                                   {"test", "again", p.range.most, "x"}};
          }
          break;
      }
      return std::vector<policy::RuleEffect>{};
    };
    policies.Get(p.code)->set_job_rule(
        [effects](const model::Individual& person, const model::Vacancy& v) {
          std::vector<policy::RuleEffect> own = effects(person, v.meta.id);
          const int kind = VacancyClass(v);
          own.erase(std::remove_if(own.begin(), own.end(),
                                   [kind](const policy::RuleEffect& e) {
                                     return kind == 0 || (kind == 1 && e.points > 0);
                                   }),
                    own.end());
          return own;
        });
    if (per_vacancy) {
      policies.Get(p.code)->set_vacancy_rule_points([p](const model::Vacancy& v) {
        switch (VacancyClass(v)) {
          case 0:
            return policy::RuleRange{0, 0};
          case 1:
            return policy::RuleRange{p.range.least, 0};
        }
        return p.range;
      });
    }
    policies.Get(p.code)->set_training_rule(
        [effects](const model::Individual& person, const model::Training& t) {
          return effects(person, t.meta.id);
        });
    if (declare) policies.Get(p.code)->set_rule_points(p.range);
    if (per_person) {
      policies.Get(p.code)->set_rule_points_for([p](const model::Individual& person) {
        return NeverGivenTheMost(person) ? policy::RuleRange{p.range.least, 0} : p.range;
      });
    }
  }
}

// A province's policy declares how far its rules move a score (ProvincePolicy::RulePoints); its
// effects are cut to that range, and the index asks the rules only of pairs that can still reach
// the k best with the range of the pair's own provinces (the opportunity's, plus the person's
// home province's when it is another). Declared ranges the rules keep to change no answer and
// ask fewer rules; rules that go beyond their range are cut alike by the index and a full sort.
TEST(MatchIndexPropertyTest, DeclaredRuleRangesKeepTheTopKExactWithFewerRuleCalls) {
  RandomWorld w = MakeWorld(23, 300, 40);
  for (size_t i = 0; i < w.vacancies.size(); i += 3) w.vacancies[i].province = "KH-8";
  for (size_t i = 0; i < w.people.size(); i += 2) w.people[i].province = "KH-8";
  const std::vector<model::Training> trainings = MakeTrainings(23, 200);
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  for (const auto& t : trainings) index.UpsertTraining(t);
  struct Run {
    std::string answers;
    int calls = 0;
  };
  auto run = [&](bool declare, bool beyond, bool per_person, bool per_vacancy = false) {
    FakePolicies policies;
    AddRangedRules(policies, declare, beyond, per_person, per_vacancy);
    for (const char* province : {"KH-12", "KH-8"}) policies.Get(province);
    // The index takes each policy's vacancy ranges, and uses them only for that policy.
    EXPECT_EQ(index.RefreshRulePoints(policies), w.vacancies.size());
    EXPECT_EQ(index.RefreshRulePoints(policies), 0u);  // nothing new to ask
    Run out;
    for (const auto& p : w.people) {
      if (CheckConsent(p, kToday)) continue;
      for (Kind kind : {Kind::kJob, Kind::kAll}) {
        for (int k : {1, 5, 20}) {
          auto top = index.TopOpportunities(p, kind, k, policies, kToday);
          EXPECT_TRUE(top.ok()) << top.status();
          if (!top.ok()) continue;
          for (const Match& m : *top) out.answers += testing::Text(m) + "\n";
        }
      }
      // The jobs alone, against a full sort with the same rules.
      std::vector<Match> full = EveryJobScored(p, w.vacancies, policies);
      if (full.size() > 10) full.resize(10);
      const int before =
          policies.Get("KH-12")->job_rule_calls + policies.Get("KH-8")->job_rule_calls;
      auto top = index.TopOpportunities(p, Kind::kJob, 10, policies, kToday);
      EXPECT_TRUE(top.ok());
      if (!top.ok()) continue;
      out.calls +=
          policies.Get("KH-12")->job_rule_calls + policies.Get("KH-8")->job_rule_calls - before;
      EXPECT_EQ(Ids(*top), Ids(full)) << p.meta.id;
      for (size_t i = 0; i < top->size() && i < full.size(); ++i) {
        EXPECT_EQ(testing::Text((*top)[i]), testing::Text(full[i])) << p.meta.id << " #" << i;
      }
      if (declare) {
        for (const Match& m : *top) {
          double total = 0;
          for (const auto& r : m.rules) total += r.points;
          EXPECT_GE(total, -4 - 2 - 1e-9) << m.opportunity_id;
          EXPECT_LE(total, 6 + 3 + 1e-9) << m.opportunity_id;
        }
      }
    }
    return out;
  };
  const Run undeclared = run(false, false, false);
  const Run declared = run(true, false, false);
  EXPECT_FALSE(declared.answers.empty());
  EXPECT_EQ(declared.answers, undeclared.answers);
  EXPECT_LT(declared.calls, undeclared.calls);
  run(true, true, false);  // compared with the full sort within
  // Each person's own range (RulePointsFor), narrower for half of them, changes no answer either
  // and asks fewer rules still; rules beyond it are cut alike by the index and the full sort.
  const Run per_person = run(true, false, true);
  EXPECT_EQ(per_person.answers, declared.answers);
  EXPECT_LT(per_person.calls, declared.calls);
  run(true, true, true);
  // Each vacancy's own range (VacancyRulePoints), none for a third of them, changes no answer
  // either and asks fewer rules still.
  const Run per_vacancy = run(true, false, true, true);
  EXPECT_EQ(per_vacancy.answers, declared.answers);
  EXPECT_LT(per_vacancy.calls, per_person.calls);
  run(true, true, true, true);
}

// The index keeps each vacancy's range beside it for the policy that gave it, and a query under
// another policy of the province (a plugin reloaded, its market data replaced) does not read it:
// here a first policy says no rule moves any vacancy while its rules swing pairs by 15 points
// (the index cuts them to its word, unlike a full sort), and a second, with the same rules and
// no such word, is answered exactly as a full sort before and after the index asks it.
TEST(MatchIndexRulePointsTest, RangesGivenByAnotherPolicyOfTheProvinceAreNotRead) {
  RandomWorld w = MakeWorld(31, 200, 30);
  MatchIndex index;
  for (const auto& v : w.vacancies) index.UpsertVacancy(v);
  FakePolicies claims_none;
  AddSwingRule(claims_none);
  claims_none.Get("KH-12")->set_vacancy_rule_points([](const model::Vacancy&) {
    return policy::RuleRange{0, 0};
  });
  EXPECT_EQ(index.RefreshRulePoints(claims_none), w.vacancies.size());
  FakePolicies honest;
  AddSwingRule(honest);
  honest.Get("KH-12");
  size_t differ = 0;
  auto matches_full_sort = [&](const FakePolicies& policies, const model::Individual& p) {
    std::vector<Match> full = EveryJobScored(p, w.vacancies, policies);
    if (full.size() > 10) full.resize(10);
    auto top = index.TopOpportunities(p, Kind::kJob, 10, policies, kToday);
    return top.ok() && Ids(*top) == Ids(full);
  };
  for (const auto& p : w.people) {
    if (CheckConsent(p, kToday)) continue;
    differ += !matches_full_sort(claims_none, p);
    EXPECT_TRUE(matches_full_sort(honest, p)) << p.meta.id;
  }
  EXPECT_GT(differ, 0u);  // the first policy's word was read for it
  // Asked about every vacancy again: the province's policy has changed.
  EXPECT_EQ(index.RefreshRulePoints(honest), w.vacancies.size());
  for (const auto& p : w.people) {
    if (CheckConsent(p, kToday)) continue;
    EXPECT_TRUE(matches_full_sort(honest, p)) << p.meta.id;
  }
  // A vacancy written again is asked about again, alone.
  index.UpsertVacancy(w.vacancies.front());
  EXPECT_EQ(index.RefreshRulePoints(honest), 1u);
}

TEST(MatchIndexPropertyTest, SameInputGivesByteIdenticalOutputWhateverTheOrder) {
  RandomWorld w = MakeWorld(11, 200, 30);
  FakePolicies policies;
  MatchIndex forward;
  MatchIndex backward;
  for (const auto& v : w.vacancies) forward.UpsertVacancy(v);
  for (const auto& p : w.people) forward.UpsertIndividual(p);
  std::reverse(w.vacancies.begin(), w.vacancies.end());
  std::reverse(w.people.begin(), w.people.end());
  for (const auto& v : w.vacancies) backward.UpsertVacancy(v);
  for (const auto& p : w.people) backward.UpsertIndividual(p);
  auto dump = [&](const MatchIndex& index) {
    std::string out;
    for (const auto& p : w.people) {
      if (CheckConsent(p, kToday)) continue;  // no consent, or a minor without a guardian's
      auto top = index.TopOpportunities(p, Kind::kAll, 10, policies, kToday);
      EXPECT_TRUE(top.ok()) << top.status();
      if (!top.ok()) continue;
      for (const Match& m : *top) out += testing::Text(m) + "\n";
    }
    for (const auto& v : w.vacancies) {
      auto top = index.TopCandidates(v.meta.id, 10, policies, kToday);
      EXPECT_TRUE(top.ok());
      for (const Match& m : *top) out += testing::Text(m) + "\n";
    }
    return out;
  };
  const std::string a = dump(forward);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, dump(backward));
}

}  // namespace
}  // namespace homeward::matching

namespace homeward::matching {
namespace {

TEST(MatchIndexConcurrencyTest, QueriesRunWhileVacanciesChange) {
  FakePolicies policies;
  policies.Get("KH-12");  // created before the threads start: FakePolicies is not thread-safe
  MatchIndex index;
  for (int i = 0; i < 50; ++i) index.UpsertVacancy(GarmentJob("vac_" + std::to_string(i)));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int round = 0; round < 200; ++round) {
      model::Vacancy v = GarmentJob("vac_" + std::to_string(round % 60));
      v.wage.amount = 150 + round % 100;
      index.UpsertVacancy(v);
      if (round % 7 == 0) index.RemoveVacancy("vac_" + std::to_string((round + 3) % 60));
    }
    stop = true;
  });
  int queries = 0;
  while (!stop || queries < 10) {
    auto top = index.TopOpportunities(Sokha(), Kind::kJob, 5, policies, kToday);
    ASSERT_TRUE(top.ok());
    ASSERT_LE(top->size(), 5u);
    for (const Match& m : *top) ASSERT_TRUE(m.score >= 0 && m.score <= 100);
    ++queries;
  }
  writer.join();
  EXPECT_GT(queries, 0);
}

}  // namespace
}  // namespace homeward::matching
