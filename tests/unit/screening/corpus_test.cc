// Runs the screening corpus of tests/data/screening/ (legitimate vacancies and recruitment lures,
// each with its expected outcome) and holds the engine to the recall and precision the
// programme needs: almost every lure held back, few legitimate employers held up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "homeward/model/json.h"
#include "homeward/screening/screening.h"
#include "reference_policy.h"

namespace homeward::screening {
namespace {

struct Case {
  std::string file;
  std::string expected;  // clear | review | blocked
  std::vector<std::string> expected_flags;
  bool lure = false;
  model::Vacancy vacancy;
  model::Employer employer;
};

std::vector<Case> LoadCorpus() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::ReferencePolicy::CorpusDir())) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && std::isdigit(static_cast<unsigned char>(name[0])) &&
        name.substr(name.size() - 5) == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& path : files) {
    std::ifstream in(path);
    const auto doc = model::Json::parse(in);
    Case c;
    c.file = path.filename().string();
    c.expected = doc.at("expected").get<std::string>();
    c.expected_flags = doc.at("expected_flags").get<std::vector<std::string>>();
    c.lure = doc.at("lure").get<bool>();
    model::from_json(doc.at("vacancy"), c.vacancy);
    model::from_json(doc.at("employer"), c.employer);
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string Name(model::ScreeningStatus s) {
  switch (s) {
    case model::ScreeningStatus::kClear:
      return "clear";
    case model::ScreeningStatus::kReview:
      return "review";
    case model::ScreeningStatus::kBlocked:
      return "blocked";
  }
  return "?";
}

TEST(ScreeningCorpusTest, HoldsBackLuresAndLetsLegitimateVacanciesThrough) {
  const std::vector<Case> cases = LoadCorpus();
  ASSERT_GE(cases.size(), 60u) << "the corpus needs at least 60 cases";

  int lures = 0, lures_held = 0, held = 0, held_rightly = 0, exact = 0;
  std::map<std::string, std::map<std::string, int>> confusion;  // expected -> actual -> count
  for (const Case& c : cases) {
    const testing::ReferencePolicy policy(c.vacancy.province);
    const model::Screening s = Screen(c.vacancy, c.employer, policy);
    const std::string actual = Name(s.status);
    ++confusion[c.expected][actual];
    if (actual == c.expected) ++exact;
    const bool is_held = s.status != model::ScreeningStatus::kClear;
    if (c.lure) ++lures;
    if (c.lure && is_held) ++lures_held;
    if (is_held) ++held;
    if (is_held && (c.lure || c.expected != "clear")) ++held_rightly;

    std::vector<std::string> raised;
    for (const auto& f : s.flags) raised.push_back(f.code);
    EXPECT_EQ(actual, c.expected) << c.file << " raised " << ::testing::PrintToString(raised);
    for (const auto& code : c.expected_flags) {
      EXPECT_THAT(raised, ::testing::Contains(code)) << c.file;
    }
  }

  const double recall = lures ? static_cast<double>(lures_held) / lures : 1.0;
  const double precision = held ? static_cast<double>(held_rightly) / held : 1.0;
  const double exact_share = static_cast<double>(exact) / static_cast<double>(cases.size());
  std::cout << std::fixed << std::setprecision(3) << "screening corpus: " << cases.size()
            << " cases, " << lures << " lures\n"
            << "  recall on lures " << recall << " (" << lures_held << "/" << lures << ")\n"
            << "  precision " << precision << " (" << held_rightly << "/" << held << ")\n"
            << "  exact status " << exact_share << " (" << exact << "/" << cases.size() << ")\n"
            << "  expected \\ actual   clear  review blocked\n";
  for (const char* expected : {"clear", "review", "blocked"}) {
    std::cout << "  " << std::left << std::setw(19) << expected << std::right;
    for (const char* actual : {"clear", "review", "blocked"}) {
      std::cout << std::setw(7) << confusion[expected][actual] << ' ';
    }
    std::cout << '\n';
  }
  EXPECT_GE(recall, 0.95);
  EXPECT_GE(precision, 0.90);
  EXPECT_GE(exact_share, 0.90);
}

}  // namespace
}  // namespace homeward::screening
