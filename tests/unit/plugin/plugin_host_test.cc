// The plugin host against real plugins loaded from disk: the shipped ones, and one deliberately
// broken plugin per refusal and fault.
#include "homeward/plugin/plugin_host.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "homeward/crypto/digest.h"
#include "homeward/policy/national.h"
#include "homeward/reference/exchange_rates.h"
#include "internal/library_file.h"
#include "internal/loaded_plugin.h"
#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::plugin {
namespace {

namespace fs = std::filesystem;
using ::homeward::testing::BrokenPluginDir;
using ::homeward::testing::FindRule;
using ::homeward::testing::IsOk;
using ::homeward::testing::kRulesDay;
using ::homeward::testing::SampleEmployer;
using ::homeward::testing::SamplePerson;
using ::homeward::testing::SampleTraining;
using ::homeward::testing::SampleVacancy;
using ::homeward::testing::ShippedPluginsDir;
using ::homeward::testing::StatusIs;
using ::homeward::testing::TempDir;
using ::homeward::testing::TestHostOptions;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<PluginHost> MakeHost(HostOptions options) {
  auto host = PluginHost::Create(std::move(options));
  EXPECT_THAT(host, IsOk());
  return host.ok() ? std::move(host).value() : nullptr;
}

// Copies one built plugin (library and manifest) into `folder`.
void CopyPlugin(const fs::path& from, const std::string& id, const fs::path& folder) {
  fs::copy_file(from / (id + ".so"), folder / (id + ".so"), fs::copy_options::overwrite_existing);
  fs::copy_file(from / (id + ".plugin.json"), folder / (id + ".plugin.json"),
                fs::copy_options::overwrite_existing);
}

TEST(PluginHostTest, LoadsEveryShippedPluginAndServesNationalDefaultsElsewhere) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  const auto plugins = host->Plugins();
  ASSERT_EQ(plugins.size(), 8u);
  for (const auto& p : plugins) {
    EXPECT_EQ(p.state, PluginState::kLoaded) << p.id << ": " << p.error;
  }
  EXPECT_EQ(host->ForProvince("KH-12")->Source(), "phnom-penh");
  EXPECT_EQ(host->ForProvince("KH-4")->Source(), "national");
  EXPECT_EQ(host->ForProvince("KH-4")->Market().province, "KH-4");

  const auto provinces = host->Provinces();
  ASSERT_EQ(provinces.size(), 25u);
  int with_plugin = 0;
  for (const auto& p : provinces) with_plugin += p.plugin.has_value() ? 1 : 0;
  EXPECT_EQ(with_plugin, 8);
}

// ABI minor 2: a plugin states its province's priorities among livelihood programmes; a plugin
// built before it (a shorter table) and the national defaults state none.
TEST(PluginHostTest, ProgrammeRulesComeFromPluginsOfMinor2Only) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir(), BrokenPluginDir("abi-minor-0")}));
  ASSERT_NE(host, nullptr);
  model::Individual person = SamplePerson("KH-14");
  person.prior_migration = true;
  model::Programme inputs;
  inputs.meta.id = "prg_inputs";
  inputs.kind = model::ProgrammeKind::kAgriculturalInputs;
  inputs.provider = "Provincial Department of Agriculture";
  inputs.title = "Seeds";
  inputs.province = "KH-14";
  inputs.support = model::Money{600000, "KHR", model::MoneyPeriod::kMonth};
  const auto effects = host->ForProvince("KH-14")->ProgrammeRules(person, inputs, kRulesDay);
  ASSERT_FALSE(effects.empty());
  EXPECT_EQ(effects[0].rule, "farm-household-priority");
  EXPECT_EQ(effects[0].points, 4);
  EXPECT_EQ(effects[0].plugin, "prey-veng");
  model::Programme grant = inputs;
  grant.kind = model::ProgrammeKind::kSelfEmploymentGrant;
  const auto returnee = host->ForProvince("KH-14")->ProgrammeRules(person, grant, kRulesDay);
  ASSERT_EQ(returnee.size(), 1u);
  EXPECT_EQ(returnee[0].rule, "returnee-livelihood");
  EXPECT_EQ(host->Plugin("prey-veng")->state, PluginState::kLoaded);

  inputs.province = "KH-4";
  EXPECT_TRUE(host->ForProvince("KH-4")->ProgrammeRules(person, inputs, kRulesDay).empty());
  EXPECT_EQ(host->Plugin("broken-abi-minor-0")->state, PluginState::kLoaded);
  inputs.province = "KH-9";
  EXPECT_TRUE(host->ForProvince("KH-9")->ProgrammeRules(person, inputs, kRulesDay).empty());
}

TEST(PluginHostTest, AnEmptyOrMissingFolderServesNationalDefaults) {
  TempDir empty;
  auto host = MakeHost(TestHostOptions({empty.path(), empty.path() / "does-not-exist"}));
  ASSERT_NE(host, nullptr);
  EXPECT_TRUE(host->Plugins().empty());
  EXPECT_EQ(host->ForProvince("KH-12")->Source(), "national");
  EXPECT_NE(host->ForProvince("KH-99"), nullptr);
}

TEST(PluginHostTest, ManifestViewShowsWhatGetPluginsReturns) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("koh-kong"));
  EXPECT_EQ(view.province, "KH-9");
  EXPECT_EQ(view.name, "Koh Kong");
  EXPECT_EQ(view.sdk_version, "1.5.0");  // plugin_abi.h: HOMEWARD_PLUGIN_SDK_VERSION
  EXPECT_EQ(view.state, PluginState::kLoaded);
  EXPECT_EQ(view.error, "");
  EXPECT_THAT(host->Plugin("atlantis"), StatusIs(StatusCode::kNotFound));
}

// A plugin built against the first SDK (ABI 1.0) loads and answers in a host of a later minor; it
// receives the same documents, with fields it does not know about ("normalised_text").
TEST(PluginHostTest, PluginBuiltForAnEarlierAbiMinorStillWorks) {
  auto host = MakeHost(TestHostOptions({BrokenPluginDir("abi-minor-0")}));
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-abi-minor-0"));
  EXPECT_EQ(view.state, PluginState::kLoaded) << view.error;
  const auto policy = host->ForProvince("KH-4");
  EXPECT_EQ(policy->Source(), "broken-abi-minor-0");
  EXPECT_TRUE(
      policy->ScreenVacancy(SampleVacancy("KH-4", "8153", "garment", 220), SampleEmployer("KH-4"))
          .empty());
  // Its table has no vacancy_rule_points (minor 5): every vacancy keeps the plugin's range.
  const model::Vacancy vacancy = SampleVacancy("KH-4", "8153", "garment", 220);
  const std::vector<policy::RuleRange> ranges = policy->VacancyRulePoints({&vacancy});
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].least, policy->RulePoints().least);
  EXPECT_EQ(ranges[0].most, policy->RulePoints().most);
  EXPECT_EQ(host->Plugin("broken-abi-minor-0")->state, PluginState::kLoaded);
}

TEST(PluginHostTest, DisabledPluginIsListedButNotLoaded) {
  auto options = TestHostOptions({ShippedPluginsDir()});
  options.disabled.insert("siem-reap");
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("siem-reap"));
  EXPECT_EQ(view.state, PluginState::kDisabled);
  EXPECT_EQ(host->ForProvince("KH-17")->Source(), "national");
}

// Each refusal: the plugin is listed as failed with its reason, its province gets national
// defaults, and the shipped plugins loaded beside it keep working.
struct Refusal {
  std::string name;
  std::string reason;
};

class RefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusalTest, PluginIsRefusedWithItsReasonAndTheHostKeepsServing) {
  const Refusal& c = GetParam();
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir(), BrokenPluginDir(c.name)}));
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-" + c.name));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr(c.reason));
  EXPECT_EQ(host->ForProvince("KH-4")->Source(), "national");
  EXPECT_EQ(host->ForProvince("KH-12")->Source(), "phnom-penh");
  EXPECT_EQ(host->Plugin("phnom-penh")->state, PluginState::kLoaded);
}

INSTANTIATE_TEST_SUITE_P(
    BrokenPlugins, RefusalTest,
    ::testing::Values(Refusal{"wrong-abi-major", "ABI major version 2 is not the host's 1"},
                      Refusal{"hash-mismatch", "does not match the manifest's"},
                      Refusal{"missing-entry", "does not export homeward_plugin_entry"},
                      Refusal{"own-sqlite", "defines its own SQLite symbol sqlite3_open"},
                      Refusal{"throws-in-init", "cannot open the province's data file"}),
    [](const auto& info) {
      std::string name = info.param.name;
      for (char& ch : name) ch = ch == '-' ? '_' : ch;
      return name;
    });

// Faults during a call: that call answers with national defaults, the plugin is marked failed
// with the reason, and the next ForProvince() hands out national defaults.
void ExpectFailsDuringCall(const std::string& name, const std::string& reason,
                           std::chrono::milliseconds cpu_budget,
                           std::chrono::milliseconds wall_limit) {
  auto options = TestHostOptions({ShippedPluginsDir(), BrokenPluginDir(name)});
  options.call_budget = cpu_budget;
  options.call_wall_limit = wall_limit;
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-4");
  ASSERT_EQ(policy->Source(), "broken-" + name);

  const auto effects = policy->JobRules(
      SamplePerson("KH-4"), SampleVacancy("KH-4", "9211", "agriculture", 200), kRulesDay);
  EXPECT_TRUE(effects.empty()) << "the failed call answers with national defaults";

  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-" + name));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr(reason));
  EXPECT_EQ(host->ForProvince("KH-4")->Source(), "national");
  EXPECT_EQ(host->ForProvince("KH-12")->Source(), "phnom-penh");
  // The snapshot still held keeps working, now on national defaults.
  EXPECT_TRUE(
      policy
          ->ScreenVacancy(SampleVacancy("KH-4", "9211", "agriculture", 200), SampleEmployer("KH-4"))
          .empty());
}

TEST(PluginFaultTest, ThrowingInACallMarksThePluginFailed) {
  ExpectFailsDuringCall("throws-in-call", "rule table index 12 out of range",
                        std::chrono::milliseconds(2000), std::chrono::milliseconds(5000));
}

TEST(PluginFaultTest, InvalidOutputMarksThePluginFailed) {
  ExpectFailsDuringCall("invalid-output", "job_rules returned invalid output",
                        std::chrono::milliseconds(2000), std::chrono::milliseconds(5000));
}

// A plugin's range for a person must lie within its manifest's: one wider is invalid output, and
// the plugin fails like one whose rules answer nonsense; the person's pairs keep the manifest's
// range (no rule is trusted beyond what the manifest declares).
TEST(PluginFaultTest, APersonsRangeWiderThanTheManifestsMarksThePluginFailed) {
  auto host = MakeHost(TestHostOptions({BrokenPluginDir("wide-rule-points")}));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-4");
  ASSERT_EQ(policy->Source(), "broken-wide-rule-points");
  const policy::RuleRange range = policy->RulePointsFor(SamplePerson("KH-4"), kRulesDay);
  EXPECT_EQ(range.least, -policy::kMaxRulePoints);
  EXPECT_EQ(range.most, policy::kMaxRulePoints);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-wide-rule-points"));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr("rule_points returned invalid output"));
}

// The same for a vacancy's range (vacancy_rule_points): every vacancy keeps the manifest's.
TEST(PluginFaultTest, AVacancysRangeWiderThanTheManifestsMarksThePluginFailed) {
  auto host = MakeHost(TestHostOptions({BrokenPluginDir("wide-rule-points")}));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-4");
  ASSERT_EQ(policy->Source(), "broken-wide-rule-points");
  const model::Vacancy a = SampleVacancy("KH-4", "8153", "garment", 220);
  const model::Vacancy b = SampleVacancy("KH-4", "9313", "construction", 200);
  for (const policy::RuleRange& range : policy->VacancyRulePoints({&a, &b})) {
    EXPECT_EQ(range.least, -policy::kMaxRulePoints);
    EXPECT_EQ(range.most, policy::kMaxRulePoints);
  }
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-wide-rule-points"));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr("vacancy_rule_points returned invalid output"));
}

TEST(PluginFaultTest, ACallLongerThanItsLimitByTheClockMarksThePluginFailed) {
  // The slow plugin sleeps 600 ms, using no CPU; whichever sees it first (the watchdog while it
  // runs, or the check when it returns) names the limit.
  ExpectFailsDuringCall("slow", "limit of 100 ms", std::chrono::milliseconds(2000),
                        std::chrono::milliseconds(100));
}

TEST(PluginFaultTest, ACallOverItsCpuBudgetMarksThePluginFailed) {
  // The spinning plugin keeps its thread busy for 600 ms of CPU; the clock's limit is far away.
  ExpectFailsDuringCall("spins", "budget of 50 ms", std::chrono::milliseconds(50),
                        std::chrono::seconds(30));
}

// A host of one helper plugin (tests/unit/plugin/broken) with `cpu_budget` per call and the
// clock's limit far away.
std::unique_ptr<PluginHost> HostWithCpuBudget(const std::string& name,
                                              std::chrono::milliseconds cpu_budget) {
  auto options = TestHostOptions({BrokenPluginDir(name)});
  options.call_budget = cpu_budget;
  options.call_wall_limit = std::chrono::seconds(30);
  return MakeHost(options);
}

// A call that takes longer by the clock than its CPU budget without using that much CPU (a busy
// machine runs other threads in between) keeps its plugin: the province is not sent to the
// national defaults because the machine is loaded. With the budget counted by the clock (as it
// once was) this plugin would fail on its first call.
TEST(PluginFaultTest, ACallSlowedByTheClockButNotByItsOwnWorkKeepsThePlugin) {
  auto host = HostWithCpuBudget("waits", std::chrono::milliseconds(50));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-4");
  ASSERT_EQ(policy->Source(), "broken-waits");
  for (int i = 0; i < 3; ++i) {
    const auto effects = policy->JobRules(
        SamplePerson("KH-4"), SampleVacancy("KH-4", "9211", "agriculture", 200), kRulesDay);
    ASSERT_EQ(effects.size(), 1u) << host->Plugin("broken-waits")->error;
    EXPECT_EQ(effects[0].rule, "steady");
  }
  EXPECT_EQ(host->Plugin("broken-waits")->state, PluginState::kLoaded);
}

// The host reads a call's CPU time from the clock of the plugin's thread at most once a
// millisecond (wire::kCpuReadEvery) and counts the CPU since its last reading, at most the call's
// time by the clock. A shortlist's calls go to the plugin in one exchange; each of these uses 3 ms
// of CPU and takes 23 ms by the clock, the twelve together far more CPU than the 10 ms budget, and
// each is counted as its own. Charged with the CPU since the exchange began (a reading not taken
// again after each call), the plugin would fail on its fourth call.
TEST(PluginFaultTest, CallsOfOneExchangeAreEachCountedAgainstTheBudget) {
  auto host = HostWithCpuBudget("busy", std::chrono::milliseconds(10));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-4");
  ASSERT_EQ(policy->Source(), "broken-busy");
  std::vector<policy::SharedVacancy> shortlist;
  for (int i = 0; i < 12; ++i) {
    model::Vacancy v = SampleVacancy("KH-4", "9211", "agriculture", 200 + i);
    v.meta.id = "vac_" + std::to_string(i);
    shortlist.push_back(std::make_shared<const model::Vacancy>(std::move(v)));
  }
  const auto each = policy->JobRulesEach(SamplePerson("KH-4"), shortlist, kRulesDay);
  ASSERT_EQ(each.size(), shortlist.size());
  for (const auto& effects : each) {
    ASSERT_EQ(effects.size(), 1u) << host->Plugin("broken-busy")->error;
    EXPECT_EQ(effects[0].rule, "steady");
  }
  EXPECT_EQ(host->Plugin("broken-busy")->state, PluginState::kLoaded);
}

// Each plugin runs in a process of its own. A plugin that crashes, aborts, never returns or keeps
// eating memory, while other provinces are being matched on other threads: its process is
// killed, the plugin is marked failed with what happened, its province falls back to national
// defaults, and every answer for Phnom Penh (served by its own plugin) stays what it was.
struct ProcessFault {
  std::string name;
  std::string reason;
};

class ProcessFaultTest : public ::testing::TestWithParam<ProcessFault> {};

bool SameEffects(const std::vector<policy::RuleEffect>& a,
                 const std::vector<policy::RuleEffect>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.plugin == y.plugin && x.rule == y.rule && x.points == y.points && x.reason == y.reason;
  });
}

TEST_P(ProcessFaultTest, OtherProvincesKeepTheirAnswersUnderLoad) {
  const ProcessFault& c = GetParam();
  auto options = TestHostOptions({ShippedPluginsDir(), BrokenPluginDir(c.name)});
  options.call_wall_limit = std::chrono::milliseconds(3000);
  options.memory_limit = size_t{256} << 20;
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  const std::string id = "broken-" + c.name;
  ASSERT_EQ(host->ForProvince("KH-4")->Source(), id);

  const model::Individual person = SamplePerson("KH-12");
  const model::Vacancy garment = SampleVacancy("KH-12", "8153", "manufacturing", 260);
  const auto expected = host->ForProvince("KH-12")->JobRules(person, garment, kRulesDay);
  ASSERT_FALSE(expected.empty());
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> differing{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 2; ++t) {
    load.emplace_back([&] {
      while (!stop) {
        if (!SameEffects(host->ForProvince("KH-12")->JobRules(person, garment, kRulesDay),
                         expected)) {
          ++differing;
        }
        ++answered;
      }
    });
  }
  // Waits until the load has answered `more` calls more than it had, for at most 30 s: a
  // plugin that fails at its first call could otherwise fail before the load has started.
  const auto answered_more = [&](int more) {
    const int until = answered.load() + more;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (answered.load() < until && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return answered.load() >= until;
  };
  EXPECT_TRUE(answered_more(4)) << "the load answers before the broken plugin is called";
  // The broken plugin's calls, until it fails (the leaking one takes a few).
  const model::Vacancy farm = SampleVacancy("KH-4", "9211", "agriculture", 200);
  for (int call = 0; call < 20 && host->Plugin(id)->state == PluginState::kLoaded; ++call) {
    host->ForProvince("KH-4")->JobRules(SamplePerson("KH-4"), farm, kRulesDay);
  }
  EXPECT_TRUE(answered_more(4)) << "the load answers after the broken plugin has failed";
  stop = true;
  for (auto& t : load) t.join();

  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin(id));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr(c.reason));
  EXPECT_EQ(host->ForProvince("KH-4")->Source(), "national");
  EXPECT_TRUE(host->ForProvince("KH-4")->JobRules(SamplePerson("KH-4"), farm, kRulesDay).empty());
  EXPECT_EQ(differing.load(), 0);
  EXPECT_EQ(host->Plugin("phnom-penh")->state, PluginState::kLoaded);
  EXPECT_TRUE(
      SameEffects(host->ForProvince("KH-12")->JobRules(person, garment, kRulesDay), expected));
}

INSTANTIATE_TEST_SUITE_P(
    BrokenPlugins, ProcessFaultTest,
    ::testing::Values(ProcessFault{"segfaults", "job_rules: the plugin process ended"},
                      ProcessFault{"aborts",
                                   "job_rules: the plugin process ended: killed by "
                                   "signal 6"},
                      ProcessFault{"hangs", "job_rules: took more than its limit of 3000 ms"},
                      ProcessFault{"leaks", "MiB of memory, over its limit of 256 MiB"}),
    [](const auto& info) { return info.param.name; });

// A shortlist's job rules are asked of a plugin's process in one exchange (several when it is
// longer than PluginPolicy::kCallsPerExchange): each vacancy gets what it gets alone, in order.
TEST(PluginBatchTest, JobRulesEachAnswersAsOneCallPerVacancy) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-12");
  ASSERT_EQ(policy->Source(), "phnom-penh");
  const model::Individual person = SamplePerson("KH-12");
  std::vector<model::Vacancy> vacancies;
  for (int i = 0; i < 150; ++i) {
    // Garment above and below the legal minimum, day-labour construction, childcare, housing.
    model::Vacancy v = i % 3 == 0   ? SampleVacancy("KH-12", "8153", "garment", 150 + 2 * i)
                       : i % 3 == 1 ? SampleVacancy("KH-12", "7112", "construction", 250)
                                    : SampleVacancy("KH-12", "9411", "hospitality", 200);
    v.meta.id = "vac_" + std::to_string(i);
    if (i % 3 == 1 && i % 2 == 0) v.contract = model::Contract::kDaily;
    if (i % 5 == 0) v.benefits = {"childcare"};
    if (i % 7 == 0) v.benefits.push_back("housing");
    vacancies.push_back(std::move(v));
  }
  std::vector<policy::SharedVacancy> shortlist;
  for (const model::Vacancy& v : vacancies) {
    shortlist.push_back(std::make_shared<const model::Vacancy>(v));
  }
  const std::vector<std::vector<policy::RuleEffect>> each =
      policy->JobRulesEach(person, shortlist, kRulesDay);
  ASSERT_EQ(each.size(), vacancies.size());
  std::set<std::string> rules;
  for (size_t i = 0; i < vacancies.size(); ++i) {
    EXPECT_TRUE(SameEffects(each[i], policy->JobRules(person, vacancies[i], kRulesDay)))
        << "vacancy " << i;
    for (const policy::RuleEffect& e : each[i]) rules.insert(e.rule + (e.points < 0 ? "-" : "+"));
  }
  EXPECT_THAT(rules, ::testing::IsSupersetOf({"garment-legal-minimum+", "garment-legal-minimum-",
                                              "daily-construction-", "childcare+",
                                              "housing-or-transport+"}));
  EXPECT_EQ(host->Plugin("phnom-penh")->state, PluginState::kLoaded);
}

// The process this test's host runs the plugin whose library has `sha256` in (on a copy named
// after it); 0 when there is none. Only this process's children: other tests run the same
// plugins.
pid_t PluginProcessOf(const std::string& sha256) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string pid, name, state;
    pid_t parent = 0;
    if (!(stat >> pid >> name >> state >> parent) || parent != ::getpid()) continue;
    std::ifstream in(entry.path() / "cmdline");
    const std::string cmdline((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
    if (cmdline.find(sha256 + ".so") != std::string::npos) return std::stoi(pid);
  }
  return 0;
}

// Whether the process `pid` has ended: gone, or a zombie its parent (the host) has not reaped.
bool HasEnded(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string id, name, state;
  return !(stat >> id >> name >> state) || state == "Z";
}

// Job rules that declare what they read of a person (Phnom Penh's read the number of
// dependents) are remembered per vacancy record, rates table and person as the plugin sees them:
// asked again, even for another person with as many dependents, they are answered without the
// plugin's process, even once it is gone. An edited vacancy (a new record), another number of
// dependents and new exchange rates are each asked of the process; with it gone, the plugin
// fails and the answer is the national defaults' (no childcare rule).
TEST(PluginBatchTest, RememberedJobRulesAreAnsweredWithoutTheProcess) {
  model::Vacancy garment = SampleVacancy("KH-12", "8153", "garment", 250);
  garment.benefits = {"childcare"};
  const model::Individual parent = SamplePerson("KH-12");  // three dependents
  model::Individual same = parent;                         // the same, to these rules
  same.meta.id = "ind_same";
  same.household.monthly_income = model::UsdPerMonth(90);
  same.birth_date = Date{1990, 1, 1};
  model::Individual fewer = parent;
  fewer.household.dependents = 2;  // still a childcare rule, if the plugin were asked
  const auto new_rates = [] {
    auto rates = *reference::RatesInForce();
    rates.version += 1;
    return rates;
  };
  enum class Asked { kRemembered, kEditedVacancy, kOtherDependents, kNewRates };
  for (Asked asked :
       {Asked::kRemembered, Asked::kEditedVacancy, Asked::kOtherDependents, Asked::kNewRates}) {
    SCOPED_TRACE(static_cast<int>(asked));
    TempDir folder;
    CopyPlugin(ShippedPluginsDir(), "phnom-penh", folder.path());
    auto host = MakeHost(TestHostOptions({folder.path()}));
    ASSERT_NE(host, nullptr);
    auto policy = host->ForProvince("KH-12");
    ASSERT_EQ(policy->Source(), "phnom-penh");
    const std::vector<policy::SharedVacancy> shortlist = {
        std::make_shared<const model::Vacancy>(garment),
        std::make_shared<const model::Vacancy>(SampleVacancy("KH-12", "8153", "garment", 150))};
    const auto first = policy->JobRulesEach(parent, shortlist, kRulesDay);
    ASSERT_EQ(first.size(), 2u);
    ASSERT_NE(FindRule(first[0], "childcare"), nullptr);
    ASSERT_NE(FindRule(first[1], "garment-legal-minimum"), nullptr);

    std::ifstream manifest(folder.path() / "phnom-penh.plugin.json");
    const pid_t process = PluginProcessOf(nlohmann::json::parse(manifest).at("sha256"));
    ASSERT_GT(process, 0);
    ASSERT_EQ(::kill(process, SIGKILL), 0);
    for (int i = 0; i < 400 && !HasEnded(process); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    std::vector<std::vector<policy::RuleEffect>> answer;
    const auto restore = *reference::RatesInForce();
    switch (asked) {
      case Asked::kRemembered:
        answer = policy->JobRulesEach(same, shortlist, kRulesDay);
        break;
      case Asked::kEditedVacancy:
        answer = policy->JobRulesEach(parent, {std::make_shared<const model::Vacancy>(garment)},
                                      kRulesDay);
        break;
      case Asked::kOtherDependents:
        answer = policy->JobRulesEach(fewer, shortlist, kRulesDay);
        break;
      case Asked::kNewRates:
        reference::PutRatesInForce(new_rates());
        answer = policy->JobRulesEach(parent, shortlist, kRulesDay);
        reference::PutRatesInForce(restore);
        break;
    }
    ASSERT_FALSE(answer.empty());
    ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("phnom-penh"));
    if (asked == Asked::kRemembered) {
      EXPECT_NE(FindRule(answer[0], "childcare"), nullptr);
      EXPECT_NE(FindRule(answer[1], "garment-legal-minimum"), nullptr);
      EXPECT_EQ(view.state, PluginState::kLoaded) << "nothing was asked of the process";
    } else {
      EXPECT_EQ(FindRule(answer[0], "childcare"), nullptr);
      EXPECT_EQ(view.state, PluginState::kFailed);
      EXPECT_THAT(view.error, HasSubstr("job_rules"));
    }
  }
}

// A plugin whose process dies in the middle of a batch: every vacancy of the batch answers with
// national defaults and the plugin is failed with what happened.
TEST(PluginBatchTest, AProcessThatDiesDuringABatchFailsThePlugin) {
  auto host = MakeHost(TestHostOptions({BrokenPluginDir("segfaults")}));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-4");
  ASSERT_EQ(policy->Source(), "broken-segfaults");
  const model::Vacancy farm = SampleVacancy("KH-4", "9211", "agriculture", 200);
  const std::vector<policy::SharedVacancy> shortlist(5, policy::Unowned(farm));
  const auto each = policy->JobRulesEach(SamplePerson("KH-4"), shortlist, kRulesDay);
  ASSERT_EQ(each.size(), 5u);
  for (const auto& effects : each) EXPECT_TRUE(effects.empty());
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-segfaults"));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr("job_rules: the plugin process ended"));
}

// A plugin that writes to stdout and stderr and logs a person's district keeps working: the
// server's output is not the plugin's, and what it logs is kept without the input's words.
// A plugin that keeps 32 MiB more at every call, asked about 20 vacancies in one batch: its
// memory is checked after each call, so it is stopped at the call that crosses its limit, not
// after the whole batch (640 MiB); the calls before it keep the plugin's answers, the rest get
// national defaults.
TEST(PluginBatchTest, AProcessThatLeaksIsStoppedWithinABatch) {
  auto options = TestHostOptions({BrokenPluginDir("leaks")});
  options.memory_limit = size_t{256} << 20;
  options.call_wall_limit = std::chrono::milliseconds(5000);
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  const model::Vacancy farm = SampleVacancy("KH-4", "9211", "agriculture", 200);
  const std::vector<policy::SharedVacancy> shortlist(20, policy::Unowned(farm));
  const auto each =
      host->ForProvince("KH-4")->JobRulesEach(SamplePerson("KH-4"), shortlist, kRulesDay);
  ASSERT_EQ(each.size(), 20u);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("broken-leaks"));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr("MiB of memory, over its limit of 256 MiB"));
  const auto answered =
      std::count_if(each.begin(), each.end(), [](const auto& effects) { return !effects.empty(); });
  EXPECT_GT(answered, 0) << "the calls before the limit keep their answers";
  EXPECT_LT(answered, 12);
  EXPECT_TRUE(each.back().empty()) << "the calls after it answer with national defaults";
}

// A plugin that holds nothing between calls is not stopped for its memory however often it is
// asked: in a sanitizer build the memory it freed is held back to catch its later use, and a
// quarantine of the sanitizer's default size (256 MiB), resident, crossed this limit.
TEST(PluginBatchTest, MemoryFreedByManyCallsIsNotCountedAgainstThePlugin) {
  auto options = TestHostOptions({ShippedPluginsDir()});
  options.memory_limit = size_t{128} << 20;
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  const model::Individual person = SamplePerson("KH-12");
  const model::Vacancy garment = SampleVacancy("KH-12", "8153", "manufacturing", 260);
  const std::vector<policy::SharedVacancy> batch(64, policy::Unowned(garment));
  for (int i = 0; i < 150; ++i) {
    host->ForProvince("KH-12")->JobRulesEach(person, batch, kRulesDay);
  }
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("phnom-penh"));
  EXPECT_EQ(view.state, PluginState::kLoaded) << view.error;
}

// What this process writes to one of its descriptors (1 or 2) while it lives: the descriptor is
// pointed at a file, and put back by Text().
class Captured {
 public:
  explicit Captured(int fd) : fd_(fd), file_(std::tmpfile()), saved_(::dup(fd)) {
    std::fflush(nullptr);
    ::dup2(::fileno(file_), fd_);
  }
  ~Captured() {
    if (saved_ >= 0) Text();
    std::fclose(file_);
  }
  std::string Text() {
    std::fflush(nullptr);
    spdlog::default_logger()->flush();
    ::dup2(saved_, fd_);
    ::close(saved_);
    saved_ = -1;
    std::string text;
    std::rewind(file_);
    for (int c = std::fgetc(file_); c != EOF; c = std::fgetc(file_)) text += static_cast<char>(c);
    return text;
  }

 private:
  int fd_;
  std::FILE* file_;
  int saved_;
};

// A plugin that writes to stdout and logs a line with the person's district in it (and a newline
// to forge a second line): the server's stdout never sees the plugin's, and the logged line is
// kept in the plugin's own words, the district replaced and on one line. (Plugins in the server's
// process wrote straight to its stdout.)
TEST(PluginFaultTest, APluginThatPrintsKeepsWorking) {
  model::Individual person = SamplePerson("KH-4");
  person.district = "Rolea B'ier";
  std::string out;
  std::string err;
  {
    // Captured before the plugin's process starts, so that it inherits what the server has.
    Captured stdout_of_server(1);
    Captured stderr_of_server(2);
    auto host = MakeHost(TestHostOptions({BrokenPluginDir("prints")}));
    ASSERT_NE(host, nullptr);
    for (int i = 0; i < 3; ++i) {
      const auto effects = host->ForProvince("KH-4")->JobRules(
          person, SampleVacancy("KH-4", "9211", "agriculture", 200), kRulesDay);
      ASSERT_EQ(effects.size(), 1u) << host->Plugin("broken-prints")->error;
      EXPECT_EQ(effects[0].rule, "steady");
    }
    EXPECT_EQ(host->Plugin("broken-prints")->state, PluginState::kLoaded);
    host.reset();  // the process ends and writes out whatever it buffered
    err = stderr_of_server.Text();
    out = stdout_of_server.Text();
  }
  EXPECT_THAT(out, Not(HasSubstr("job rules for a person")));
  EXPECT_THAT(out, Not(HasSubstr("more noise on stdout")));
  EXPECT_THAT(err, HasSubstr("plugin broken-prints: noise on stderr")) << "stderr is shared";
  const std::string both = out + err;
  EXPECT_THAT(both,
              HasSubstr("plugin broken-prints: scoring a person of [input] forged: log line"));
  EXPECT_THAT(both, Not(HasSubstr("Rolea B'ier")));
  EXPECT_THAT(both, Not(HasSubstr("\nforged:")));
}

TEST(PluginOwnWordsTest, InputStringsControlCharactersAndLengthAreScrubbed) {
  using internal::LoadedPlugin;
  const std::string input =
      R"({"person": {"district": "Rolea B'ier", "sex": "male"}, "vacancy": {"title": "Cook"}})";
  EXPECT_EQ(LoadedPlugin::OwnWords("scoring a male of Rolea B'ier\nforged: line", input),
            "scoring a male of [input] forged: line");
  EXPECT_EQ(LoadedPlugin::OwnWords("rule table index 12 out of range", input),
            "rule table index 12 out of range");
  // Khmer is kept whole, and a long text is cut at a character boundary.
  const std::string long_text(400, 'a');
  const std::string cut = LoadedPlugin::OwnWords("\xe1\x9e\x94" + long_text, "");
  EXPECT_EQ(cut.size(), 300u + 3u);
  EXPECT_EQ(cut.substr(0, 3), "\xe1\x9e\x94");
  const std::string split = LoadedPlugin::OwnWords(std::string(299, 'a') + "\xe1\x9e\x94", "");
  EXPECT_EQ(split, std::string(299, 'a') + "...");
}

TEST(PluginHostTest, SecondPluginForTheSameProvinceIsRefused) {
  // Both test plugins serve KH-4; the first found (in path order) wins.
  auto host = MakeHost(
      TestHostOptions({BrokenPluginDir("invalid-output"), BrokenPluginDir("throws-in-call")}));
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->Plugin("broken-invalid-output")->state, PluginState::kLoaded);
  EXPECT_EQ(host->Plugin("broken-throws-in-call")->state, PluginState::kFailed);
  EXPECT_THAT(host->Plugin("broken-throws-in-call")->error,
              HasSubstr("province KH-4 is already served by plugin broken-invalid-output"));
}

TEST(PluginHostTest, ManifestThatDisagreesWithItsLibraryIsRefused) {
  TempDir dir;
  CopyPlugin(ShippedPluginsDir(), "phnom-penh", dir.path());
  // A second manifest under another id, pointing at the same (correctly hashed) library.
  std::string text;
  {
    std::ifstream in(dir.path() / "phnom-penh.plugin.json");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("\"phnom-penh\""), 12, "\"phnom-penh-2\"");
  std::ofstream(dir.path() / "phnom-penh-2.plugin.json") << text;

  auto host = MakeHost(TestHostOptions({dir.path()}));
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->Plugin("phnom-penh")->state, PluginState::kLoaded);
  EXPECT_EQ(host->Plugin("phnom-penh-2")->state, PluginState::kFailed);
  EXPECT_THAT(host->Plugin("phnom-penh-2")->error,
              HasSubstr("plugin reports id 'phnom-penh' for KH-12 but its manifest says "
                        "'phnom-penh-2'"));
}

TEST(PluginHostTest, MalformedManifestIsListedAsFailed) {
  TempDir dir;
  std::ofstream(dir.path() / "half.plugin.json") << R"({"id": "half", "province": "KH-30"})";
  auto host = MakeHost(TestHostOptions({dir.path()}));
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(PluginView view, host->Plugin("half"));
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr("invalid manifest"));
}

TEST(PluginReloadTest, OldSnapshotsKeepWorkingAfterTheirPluginIsGone) {
  TempDir dir;
  CopyPlugin(ShippedPluginsDir(), "phnom-penh", dir.path());
  auto host = MakeHost(TestHostOptions({dir.path()}));
  ASSERT_NE(host, nullptr);
  auto before = host->ForProvince("KH-12");
  ASSERT_EQ(before->Source(), "phnom-penh");

  fs::remove(dir.path() / "phnom-penh.so");
  fs::remove(dir.path() / "phnom-penh.plugin.json");
  CopyPlugin(ShippedPluginsDir(), "prey-veng", dir.path());
  ASSERT_OK_AND_ASSIGN(LoadSummary summary, host->Reload());
  EXPECT_EQ(summary.loaded, 1);

  EXPECT_EQ(host->ForProvince("KH-12")->Source(), "national");
  EXPECT_EQ(host->ForProvince("KH-14")->Source(), "prey-veng");
  // The old snapshot still calls into the old library, which it keeps loaded.
  const auto flags = before->ScreenVacancy(SampleVacancy("KH-12", "9313", "construction", 250),
                                           SampleEmployer("KH-12"));
  (void)flags;
  EXPECT_EQ(before->Source(), "phnom-penh");
  EXPECT_EQ(host->Plugin("phnom-penh").status().code(), StatusCode::kNotFound);
}

// Rewrites a plugin's manifest so that its sha256 is `digest`.
void SetManifestDigest(const fs::path& manifest, const std::string& digest) {
  std::ifstream in(manifest);
  nlohmann::json j = nlohmann::json::parse(in);
  j["sha256"] = digest;
  std::ofstream(manifest) << j.dump(2);
}

TEST(PluginReloadTest, RebuiltLibraryIsLoadedUnderItsOwnNameWhileTheOldOneServesOldSnapshots) {
  TempDir plugins;
  TempDir cache;
  CopyPlugin(ShippedPluginsDir(), "phnom-penh", plugins.path());
  auto options = TestHostOptions({plugins.path()});
  options.cache_dir = cache.path();
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  auto old_policy = host->ForProvince("KH-12");

  // A "rebuild": different bytes (trailing bytes the loader ignores), same file name.
  const fs::path library = plugins.path() / "phnom-penh.so";
  std::ofstream(library, std::ios::binary | std::ios::app) << "rebuilt";
  std::ifstream in(library, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  SetManifestDigest(plugins.path() / "phnom-penh.plugin.json", homeward::crypto::Sha256Hex(bytes));
  ASSERT_THAT(host->Reload(), IsOk());

  auto new_policy = host->ForProvince("KH-12");
  EXPECT_NE(old_policy.get(), new_policy.get());
  EXPECT_EQ(new_policy->Source(), "phnom-penh");
  int cached = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(cache.path())) ++cached;
  EXPECT_EQ(cached, 2) << "one content-addressed copy per build";
  // Both generations answer.
  const auto vacancy = SampleVacancy("KH-12", "8153", "garment", 230);
  EXPECT_FALSE(old_policy->JobRules(SamplePerson("KH-12"), vacancy, kRulesDay).empty());
  EXPECT_FALSE(new_policy->JobRules(SamplePerson("KH-12"), vacancy, kRulesDay).empty());
}

TEST(PluginReloadTest, ReloadUnderConcurrentQueriesLosesNoCall) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  const std::vector<std::string> provinces = {"KH-12", "KH-14", "KH-18", "KH-1", "KH-4"};
  std::atomic<bool> stop{false};
  std::atomic<long> calls{0};
  std::atomic<long> wrong{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      const auto person = SamplePerson("KH-12");
      for (size_t i = t; !stop; ++i) {
        const std::string& code = provinces[i % provinces.size()];
        auto policy = host->ForProvince(code);
        if (policy == nullptr || policy->Market().province != code) ++wrong;
        policy->JobRules(person, SampleVacancy(code, "8153", "garment", 230), kRulesDay);
        policy->ScreenVacancy(SampleVacancy(code, "4222", "services", 900), SampleEmployer(code));
        ++calls;
      }
    });
  }
  for (int i = 0; i < 50; ++i) ASSERT_THAT(host->Reload(), IsOk());
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_GT(calls.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  for (const auto& p : host->Plugins()) {
    EXPECT_EQ(p.state, PluginState::kLoaded) << p.id << " failed during reloads: " << p.error;
  }
}

TEST(MarketOverlayTest, ReplacementTakesEffectAtOnceAndSurvivesReload) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(model::MarketData market, host->Market("KH-14"));
  market.living_wage = 301;
  market.source = "Prey Veng provincial labour office survey";
  market.as_of = "2026-10-01";
  market.version = 0;
  ASSERT_THAT(host->SetMarketData("KH-14", market), IsOk());

  EXPECT_EQ(host->ForProvince("KH-14")->Market().living_wage, 301);
  EXPECT_EQ(host->ForProvince("KH-14")->Source(), "prey-veng");
  EXPECT_EQ(host->Market("KH-14")->version, 1);
  ASSERT_THAT(host->Reload(), IsOk());
  EXPECT_EQ(host->ForProvince("KH-14")->Market().living_wage, 301);
}

TEST(MarketOverlayTest, NationalProvincesTakeReplacementsToo) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  model::MarketData market = policy::NationalMarket("KH-21");
  market.living_wage = 270;
  ASSERT_THAT(host->SetMarketData("KH-21", market), IsOk());
  EXPECT_EQ(host->ForProvince("KH-21")->Market().living_wage, 270);
  EXPECT_EQ(host->ForProvince("KH-21")->Source(), "national");
}

TEST(MarketOverlayTest, InvalidReplacementIsRejectedWithTheFieldAtFault) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  nlohmann::json body = nlohmann::json::parse(R"({
    "living_wage": -5, "poverty_line": 80, "minimum_wage": 208,
    "median_wages": {"8153": 230}, "sector_demand": {"manufacturing": [1, 1, 1]},
    "source": "x", "as_of": "2026-13-01"})");
  auto result = host->ValidateMarket("KH-12", body);
  ASSERT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
  std::vector<std::string> paths;
  for (const auto& e : result.status().errors()) paths.push_back(e.path);
  EXPECT_THAT(paths, ::testing::UnorderedElementsAre("/living_wage", "/sector_demand/manufacturing",
                                                     "/as_of"));
  EXPECT_THAT(host->ValidateMarket("KH-77", body), StatusIs(StatusCode::kNotFound));
}

TEST(MarketOverlayTest, ThePluginCanRejectAReplacement) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  ASSERT_OK_AND_ASSIGN(model::MarketData market, host->Market("KH-12"));
  market.minimum_wage = 150;
  const Status status = host->SetMarketData("KH-12", market);
  EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(status.message(), HasSubstr("rejected by plugin phnom-penh"));
  EXPECT_EQ(host->Plugin("phnom-penh")->state, PluginState::kLoaded) << "a rejection is no fault";
  EXPECT_EQ(host->Market("KH-12")->minimum_wage, 208);
}

TEST(MarketOverlayTest, ReplacementOutlivesAFailedPlugin) {
  auto options = TestHostOptions({BrokenPluginDir("throws-in-call")});
  auto host = MakeHost(options);
  ASSERT_NE(host, nullptr);
  model::MarketData market = host->ForProvince("KH-4")->Market();
  market.living_wage = 280;
  ASSERT_THAT(host->SetMarketData("KH-4", market), IsOk());
  host->ForProvince("KH-4")->JobRules(SamplePerson("KH-4"),
                                      SampleVacancy("KH-4", "9211", "agriculture", 200), kRulesDay);
  ASSERT_EQ(host->ForProvince("KH-4")->Source(), "national");
  EXPECT_EQ(host->ForProvince("KH-4")->Market().living_wage, 280);
}

TEST(RuleEffectTest, PointsAreClampedAndFlagsNameTheirRule) {
  auto host = MakeHost(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_NE(host, nullptr);
  auto policy = host->ForProvince("KH-18");
  auto lure = SampleVacancy("KH-18", "4222", "services", 1500);
  lure.title = "Online customer service, typing job, high salary, no experience";
  const auto flags = policy->ScreenVacancy(lure, SampleEmployer("KH-18"));
  ASSERT_FALSE(flags.empty());
  for (const auto& f : flags)
    EXPECT_THAT(f.source, ::testing::StartsWith("plugin:preah-sihanouk/"));
  const auto effects = policy->JobRules(SamplePerson("KH-18"), lure, kRulesDay);
  for (const auto& e : effects) {
    EXPECT_LE(std::abs(e.points), policy::kMaxRulePoints);
    EXPECT_EQ(e.plugin, "preah-sihanouk");
  }
  (void)SampleTraining;
}

}  // namespace
}  // namespace homeward::plugin
