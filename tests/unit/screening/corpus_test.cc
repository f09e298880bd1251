// Runs the screening corpus of tests/data/screening/ (legitimate vacancies and recruitment lures,
// each with its expected outcome) through the product as it ships: the bundled provincial plugins
// loaded from the build by the real plugin host (their market data and their own screening
// rules), national defaults elsewhere. Holds the engine to recall and precision of at least 0.97
// overall, per province and per language: almost every lure held back, almost no legitimate
// employer held up.
//
//   ./build/dev/tests/unit/screening/screening_corpus_test     (prints the report)
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
#include "homeward/plugin/plugin_host.h"
#include "homeward/screening/screening.h"
#include "plugin_fixtures.h"
#include "shipped_policy.h"

namespace homeward::screening {
namespace {

// The day the corpus is judged on: the 2026 statutory minimum wage is in force, and the corpus's
// licences are valid or expired as their cases say.
constexpr Date kCorpusDay{2026, 12, 1};
constexpr double kTarget = 0.97;

struct Case {
  std::string file;
  std::string expected;  // clear | review | blocked
  std::vector<std::string> expected_flags;
  bool lure = false;
  std::string language;  // en | km
  std::string pattern;   // a lure pattern or a legitimate sector group
  model::Vacancy vacancy;
  model::Employer employer;
};

std::vector<Case> LoadCorpus() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(testing::CorpusDir())) {
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
    c.language = doc.at("language").get<std::string>();
    c.pattern = doc.at("pattern").get<std::string>();
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

// Recall: lures held / lures. Precision: held cases that should be held (a lure, or a legitimate
// case the rule book holds, such as legal work abroad) / held cases.
struct Tally {
  int cases = 0, lures = 0, lures_held = 0, held = 0, held_rightly = 0, legitimate = 0,
      legitimate_held_wrongly = 0;

  void Add(const Case& c, bool is_held) {
    ++cases;
    if (c.lure) ++lures;
    if (c.lure && is_held) ++lures_held;
    if (!c.lure) ++legitimate;
    if (is_held) ++held;
    const bool should_hold = c.lure || c.expected != "clear";
    if (is_held && should_hold) ++held_rightly;
    if (is_held && !should_hold) ++legitimate_held_wrongly;
  }
  double Recall() const { return lures ? static_cast<double>(lures_held) / lures : 1.0; }
  double Precision() const { return held ? static_cast<double>(held_rightly) / held : 1.0; }
};

void PrintRow(const std::string& name, const Tally& t) {
  std::cout << "  " << std::left << std::setw(20) << name << std::right << std::setw(5) << t.cases
            << std::setw(7) << t.lures << "   recall " << std::fixed << std::setprecision(3)
            << t.Recall() << " (" << t.lures_held << "/" << t.lures << ")   precision "
            << t.Precision() << " (" << t.held_rightly << "/" << t.held << ")   legitimate held "
            << t.legitimate_held_wrongly << "/" << t.legitimate << "\n";
}

TEST(ScreeningCorpusTest, HoldsBackLuresAndLetsLegitimateVacanciesThroughWithShippedPlugins) {
  const std::vector<Case> cases = LoadCorpus();
  ASSERT_GE(cases.size(), 300u) << "the corpus needs at least 300 cases";
  auto host = plugin::PluginHost::Create(
      homeward::testing::TestHostOptions({homeward::testing::ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  int shipped = 0;
  for (const auto& view : (*host)->Plugins()) shipped += view.state == plugin::PluginState::kLoaded;
  ASSERT_EQ(shipped, 8) << "the eight provincial plugins must load";

  Tally all;
  std::map<std::string, Tally> by_province, by_language, by_pattern;
  std::map<std::string, std::map<std::string, int>> confusion;  // expected -> actual -> count
  int exact = 0;
  for (const Case& c : cases) {
    const auto policy = (*host)->ForProvince(c.vacancy.province);
    const model::Screening s = Screen(c.vacancy, c.employer, *policy, kCorpusDay);
    const std::string actual = Name(s.status);
    ++confusion[c.expected][actual];
    exact += actual == c.expected;
    const bool is_held = s.status != model::ScreeningStatus::kClear;
    for (Tally* t : {&all, &by_province[c.vacancy.province], &by_language[c.language],
                     &by_pattern[(c.lure ? "lure/" : "legitimate/") + c.pattern]}) {
      t->Add(c, is_held);
    }
    std::vector<std::string> raised;
    for (const auto& f : s.flags) raised.push_back(f.code);
    EXPECT_EQ(actual, c.expected) << c.file << " raised " << ::testing::PrintToString(raised);
    for (const auto& code : c.expected_flags) {
      EXPECT_THAT(raised, ::testing::Contains(code)) << c.file;
    }
    if (c.lure) {
      EXPECT_TRUE(is_held) << "lure let through: " << c.file;
    }
  }

  std::cout << "screening corpus (shipped plugins, as on " << kCorpusDay.ToString()
            << "): " << cases.size() << " cases, " << all.lures << " lures, exact status " << exact
            << "/" << cases.size() << "\n  " << std::left << std::setw(20) << "" << std::right
            << std::setw(5) << "cases" << std::setw(7) << "lures"
            << "\n";
  PrintRow("overall", all);
  for (const auto& [name, t] : by_province) PrintRow("province " + name, t);
  for (const auto& [name, t] : by_language) PrintRow("language " + name, t);
  for (const auto& [name, t] : by_pattern) PrintRow(name, t);
  std::cout << "  expected \\ actual   clear  review blocked\n";
  for (const char* expected : {"clear", "review", "blocked"}) {
    std::cout << "  " << std::left << std::setw(19) << expected << std::right;
    for (const char* actual : {"clear", "review", "blocked"}) {
      std::cout << std::setw(7) << confusion[expected][actual] << ' ';
    }
    std::cout << '\n';
  }

  EXPECT_GE(all.Recall(), kTarget);
  EXPECT_GE(all.Precision(), kTarget);
  EXPECT_GE(all.legitimate, 200);
  EXPECT_GE(all.lures, 100);
  for (const auto* group : {&by_province, &by_language}) {
    for (const auto& [name, t] : *group) {
      EXPECT_GE(t.Recall(), kTarget) << name;
      EXPECT_GE(t.Precision(), kTarget) << name;
    }
  }
  EXPECT_GE(by_province.size(), 8u) << "the corpus covers the eight provinces with plugins";
}

}  // namespace
}  // namespace homeward::screening
