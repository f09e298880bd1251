// What a shipped plugin declares its rules read (its manifest's "rule_inputs") must be all they
// read: the host sends only those members, and remembers the answers under them, so a member
// left out would change scores without a sound. Each shipped plugin is asked about the records
// the demo generator makes (people, vacancies, trainings and programmes of every province) twice:
// as shipped, and loaded again from a copy of its manifest without "rule_inputs", which the host
// answers with whole documents. The answers must be the same.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "demo_records.h"
#include "homeward/plugin/plugin_host.h"
#include "plugin_fixtures.h"
#include "temp_dir.h"

namespace homeward::plugin {
namespace {

namespace fs = std::filesystem;
using ::homeward::testing::DemoRecords;
using ::homeward::testing::kRulesDay;
using ::homeward::testing::ShippedPluginIds;
using ::homeward::testing::ShippedPluginsDir;
using ::homeward::testing::TempDir;
using ::homeward::testing::TestHostOptions;

// A small demo: every province's records, as the product generates them, each vacancy shared as
// the index holds it.
struct Demo {
  DemoRecords records;
  std::vector<policy::SharedVacancy> vacancies;
};

const Demo& TheDemo() {
  static const Demo* made = [] {
    auto* d = new Demo;
    demo::DemoOptions options;
    options.per_scale = {400, 40, 300, 100};
    options.history = false;
    EXPECT_TRUE(demo::Generate(options, d->records).ok());
    for (model::Vacancy& v : d->records.AllVacancies()) {
      d->vacancies.push_back(std::make_shared<const model::Vacancy>(std::move(v)));
    }
    return d;
  }();
  return *made;
}

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// `effects` as comparable text, in order.
std::vector<std::string> Text(const std::vector<policy::RuleEffect>& effects) {
  std::vector<std::string> out;
  for (const auto& e : effects) {
    out.push_back(e.rule + " " + std::to_string(e.points) + " " + e.reason + " | " + e.reason_km);
  }
  return out;
}

class RuleInputsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleInputsTest, DeclaredMembersAnswerAsTheWholeDocuments) {
  const std::string id = GetParam();
  const nlohmann::json shipped = ReadJson(ShippedPluginsDir() / (id + ".plugin.json"));
  if (!shipped.contains("rule_inputs")) GTEST_SKIP() << id << " declares no rule inputs";
  // The same library, its manifest without the declaration and so unsigned (the test host
  // allows that), alone in a folder.
  TempDir whole_dir;
  nlohmann::json whole_manifest = shipped;
  whole_manifest.erase("rule_inputs");
  std::ofstream(whole_dir.path() / (id + ".plugin.json")) << whole_manifest.dump(2);
  const std::string library = shipped.at("library").get<std::string>();
  fs::copy_file(ShippedPluginsDir() / library, whole_dir.path() / library);

  TempDir declared_dir;
  for (const std::string suffix : {".plugin.json", ".plugin.sig"}) {
    if (fs::exists(ShippedPluginsDir() / (id + suffix))) {
      fs::copy_file(ShippedPluginsDir() / (id + suffix), declared_dir.path() / (id + suffix));
    }
  }
  fs::copy_file(ShippedPluginsDir() / library, declared_dir.path() / library);

  auto declared_host = PluginHost::Create(TestHostOptions({declared_dir.path()}));
  auto whole_host = PluginHost::Create(TestHostOptions({whole_dir.path()}));
  ASSERT_TRUE(declared_host.ok() && whole_host.ok());
  const std::string province = shipped.at("province").get<std::string>();
  auto declared = (*declared_host)->ForProvince(province);
  auto whole = (*whole_host)->ForProvince(province);
  ASSERT_EQ(declared->Source(), id);
  ASSERT_EQ(whole->Source(), id);

  // Its own people and some of everyone else's (rules of a home province follow its people), each
  // asked about every vacancy: by the shortlists' batched path, twice (the second time from what
  // the host remembers), and one at a time; the first eight about every training and programme
  // too (one exchange each).
  const Demo& demo = TheDemo();
  std::vector<const model::Individual*> people;
  for (const auto& p : demo.records.individuals) {
    if ((p.province == province && people.size() < 24) || people.size() < 8) people.push_back(&p);
  }
  int answered = 0;
  for (size_t n = 0; n < people.size(); ++n) {
    const model::Individual* person = people[n];
    const auto expected = whole->JobRulesEach(*person, demo.vacancies, kRulesDay);
    for (int round = 0; round < 2; ++round) {
      const auto got = declared->JobRulesEach(*person, demo.vacancies, kRulesDay);
      ASSERT_EQ(got.size(), expected.size());
      for (size_t v = 0; v < got.size(); ++v) {
        ASSERT_EQ(Text(got[v]), Text(expected[v]))
            << id << ": vacancy " << v << " for person " << person->meta.id << ", round " << round;
        answered += !got[v].empty();
      }
    }
    for (size_t v = 0; v < demo.vacancies.size(); v += 37) {
      ASSERT_EQ(Text(declared->JobRules(*person, *demo.vacancies[v], kRulesDay)),
                Text(expected[v]));
    }
    if (n >= 8) continue;
    for (const model::Training& t : demo.records.trainings) {
      ASSERT_EQ(Text(declared->TrainingRules(*person, t, kRulesDay)),
                Text(whole->TrainingRules(*person, t, kRulesDay)))
          << id << ": training " << t.title;
    }
    for (const model::Programme& p : demo.records.programmes) {
      ASSERT_EQ(Text(declared->ProgrammeRules(*person, p, kRulesDay)),
                Text(whole->ProgrammeRules(*person, p, kRulesDay)))
          << id << ": programme " << p.title;
    }
  }
  EXPECT_GT(answered, 0) << "the demo's vacancies fire none of " << id << "'s job rules";
  EXPECT_EQ((*declared_host)->Plugin(id)->state, PluginState::kLoaded);
  EXPECT_EQ((*whole_host)->Plugin(id)->state, PluginState::kLoaded);
}

INSTANTIATE_TEST_SUITE_P(ShippedPlugins, RuleInputsTest, ::testing::ValuesIn(ShippedPluginIds()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name) ch = ch == '-' ? '_' : ch;
                           return name;
                         });

}  // namespace
}  // namespace homeward::plugin
