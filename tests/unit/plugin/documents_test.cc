// The host's checks of manifests, market data and library files, on the real files.
#include "internal/documents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "homeward/crypto/digest.h"
#include "homeward/model/json.h"
#include "homeward/policy/national.h"
#include "internal/library_file.h"
#include "internal/plugin_policy.h"
#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::plugin::internal {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::kRulesDay;
using ::homeward::testing::SamplePerson;
using ::homeward::testing::ShippedPluginsDir;
using ::homeward::testing::SourceDir;
using ::homeward::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;

nlohmann::json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

const nlohmann::json kGoodManifest = {{"id", "kep"},
                                      {"name", "Kep"},
                                      {"province", "KH-23"},
                                      {"version", "1.0.0"},
                                      {"sdk_version", "1.0.0"},
                                      {"abi", {{"major", 1}, {"minor", 0}}},
                                      {"library", "kep.so"},
                                      {"sha256", std::string(64, 'a')},
                                      {"provides", {"market_data"}}};

TEST(ManifestTest, AcceptsAWellFormedManifest) {
  ASSERT_OK_AND_ASSIGN(Manifest m, ParseManifest(kGoodManifest));
  EXPECT_EQ(m.id, "kep");
  EXPECT_TRUE(m.Provides("market_data"));
  EXPECT_FALSE(m.Provides("screening_rules"));
}

TEST(ManifestTest, NamesEveryFieldAtFault) {
  nlohmann::json bad = kGoodManifest;
  bad["province"] = "KH-26";
  bad["library"] = "../../bin/sh";
  bad["sha256"] = "ABC";
  bad["provides"] = {"market_data", "market_data", "magic"};
  bad["extra"] = true;
  bad.erase("version");
  auto m = ParseManifest(bad);
  ASSERT_THAT(m, StatusIs(StatusCode::kInvalidArgument));
  std::vector<std::string> paths;
  for (const auto& e : m.status().errors()) paths.push_back(e.path);
  EXPECT_THAT(paths,
              ::testing::UnorderedElementsAre("/province", "/library", "/sha256", "/provides",
                                              "/provides/2", "/extra", "/version"));
}

// What a plugin's rules read of each document: members of it, or members of a member whose
// schema lists its own; the vacancy also has the "normalised_text" the host adds.
TEST(ManifestTest, ReadsTheMembersItsRulesDeclare) {
  nlohmann::json j = kGoodManifest;
  j["rule_inputs"] = {{"person", {"household.dependents", "prior_migration"}},
                      {"vacancy", {"normalised_text", "wage"}},
                      {"training", nlohmann::json::array()}};
  ASSERT_OK_AND_ASSIGN(Manifest m, ParseManifest(j));
  EXPECT_EQ(m.rule_inputs.person,
            (std::vector<std::string>{"household.dependents", "prior_migration"}));
  EXPECT_EQ(m.rule_inputs.vacancy, (std::vector<std::string>{"normalised_text", "wage"}));
  EXPECT_EQ(m.rule_inputs.training, std::vector<std::string>{});
  EXPECT_FALSE(m.rule_inputs.programme.has_value()) << "no list: the document is sent whole";
  ASSERT_OK_AND_ASSIGN(Manifest whole, ParseManifest(kGoodManifest));
  EXPECT_FALSE(whole.rule_inputs.person.has_value());
}

// A name that is not a member would leave the plugin silently without what it reads: refused at
// load, each one named.
TEST(ManifestTest, RefusesARuleInputThatIsNotAMemberOfItsDocument) {
  nlohmann::json j = kGoodManifest;
  j["rule_inputs"] = {{"person", {"given_name", "household.dependents", "household.pets"}},
                      {"vacancy", {"wage.amount", "province"}},
                      {"programme", {"normalised_text"}}};
  auto m = ParseManifest(j);
  ASSERT_THAT(m, StatusIs(StatusCode::kInvalidArgument));
  std::vector<std::string> paths;
  for (const auto& e : m.status().errors()) paths.push_back(e.path);
  // A person's name is never given to a plugin; "wage" is a reference, not listed members.
  EXPECT_THAT(
      paths, ::testing::UnorderedElementsAre("/rule_inputs/person/0", "/rule_inputs/person/2",
                                             "/rule_inputs/vacancy/0", "/rule_inputs/programme/0"));
  j["rule_inputs"] = {{"employer", {"name"}}};
  EXPECT_THAT(ParseManifest(j), StatusIs(StatusCode::kInvalidArgument));
}

// How far the rules move a score: within +-15, least not above 0 and most not below, both given;
// without it, as far as any rules may.
TEST(ManifestTest, ReadsTheRangeItsRulesDeclare) {
  nlohmann::json j = kGoodManifest;
  j["rule_points"] = {{"least", -5}, {"most", 12.5}};
  ASSERT_OK_AND_ASSIGN(Manifest m, ParseManifest(j));
  EXPECT_DOUBLE_EQ(m.rule_points.least, -5);
  EXPECT_DOUBLE_EQ(m.rule_points.most, 12.5);
  ASSERT_OK_AND_ASSIGN(Manifest whole, ParseManifest(kGoodManifest));
  EXPECT_DOUBLE_EQ(whole.rule_points.least, -policy::kMaxRulePoints);
  EXPECT_DOUBLE_EQ(whole.rule_points.most, policy::kMaxRulePoints);
  for (const nlohmann::json& bad :
       {nlohmann::json{{"least", 1}, {"most", 12}}, nlohmann::json{{"least", -16}, {"most", 0}},
        nlohmann::json{{"least", -3}, {"most", 15.5}}, nlohmann::json{{"least", 0}, {"most", -1}},
        nlohmann::json{{"least", -3}}, nlohmann::json{{"least", "-3"}, {"most", 3}},
        nlohmann::json{{"least", -3}, {"most", 3}, {"step", 1}}}) {
    j["rule_points"] = bad;
    auto refused = ParseManifest(j);
    ASSERT_THAT(refused, StatusIs(StatusCode::kInvalidArgument)) << bad;
    EXPECT_THAT(
        refused.status().errors(),
        Contains(::testing::Field(&FieldError::path, ::testing::StartsWith("/rule_points"))))
        << bad;
  }
}

TEST(OnlyMembersTest, KeepsTheNamedMembersAndMembersOfMembers) {
  const nlohmann::json person = {{"age", 30},
                                 {"survivor", false},
                                 {"household", {{"size", 5}, {"dependents", 3}, {"debt", 800}}}};
  EXPECT_EQ(OnlyMembers(person, std::nullopt), person);
  EXPECT_EQ(OnlyMembers(person, std::vector<std::string>{}), nlohmann::json::object());
  EXPECT_EQ(OnlyMembers(person, std::vector<std::string>{"household.dependents", "age", "sex"}),
            (nlohmann::json{{"age", 30}, {"household", {{"dependents", 3}}}}));
  // A whole member and one of its members together: the whole member.
  EXPECT_EQ(OnlyMembers(person, std::vector<std::string>{"household", "household.size"}),
            (nlohmann::json{{"household", person["household"]}}));
  EXPECT_EQ(OnlyMembers(person, std::vector<std::string>{"household.size", "household"}),
            (nlohmann::json{{"household", person["household"]}}));
  EXPECT_EQ(OnlyMembers(person, std::vector<std::string>{"age.years"}), nlohmann::json::object());
}

// PersonForRules writes only the members a plugin's list names: the document is the whole
// person cut to the list, whichever members and members of members it names.
TEST(PersonForRulesTest, WritesTheWholePersonCutToTheList) {
  model::Individual person = SamplePerson("KH-12");
  person.district = "Chbar Ampov";
  person.idpoor_level = 2;
  person.disability = true;
  const nlohmann::json whole = PersonForRules(person, kRulesDay);
  ASSERT_EQ(whole.at("household").at("dependents"), 3);
  std::vector<std::string> every;
  for (const auto& [name, value] : whole.items()) every.push_back(name);
  const std::vector<std::vector<std::string>> lists = {
      {},
      {"household.dependents"},
      {"household"},
      {"household.debt", "household.size", "sex"},
      {"skills", "age", "desired_occupations"},
      {"idpoor_level", "disability", "vulnerability_score", "province", "district"},
      {"age.years", "household.nothing", "nothing"},
      every};
  for (const std::vector<std::string>& list : lists) {
    EXPECT_EQ(PersonForRules(person, kRulesDay, list), OnlyMembers(whole, list))
        << nlohmann::json(list).dump();
  }
  EXPECT_EQ(PersonForRules(person, kRulesDay, every), whole);
}

TEST(MarketDataTest, EveryShippedMarketFileAndTheNationalDefaultsAreValid) {
  for (const auto& p : policy::AllProvinces()) {
    nlohmann::json j;
    model::to_json(j, policy::NationalMarket(p.code));
    EXPECT_THAT(CheckMarketData(j), IsOk()) << p.code;
  }
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() / "plugins")) {
    const auto market = entry.path() / "market.json";
    if (!std::filesystem::exists(market)) continue;
    EXPECT_THAT(CheckMarketData(ReadJson(market)), IsOk()) << market;
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

TEST(LibraryFileTest, ShippedPluginExportsOnlyItsEntry) {
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadLibrary(ShippedPluginsDir() / "phnom-penh.so"));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> symbols, DefinedDynamicSymbols(bytes));
  EXPECT_THAT(symbols, Contains("homeward_plugin_entry"));
  for (const auto& s : symbols) {
    EXPECT_THAT(s, ::testing::Not(::testing::StartsWith("sqlite3_")));
  }
  const nlohmann::json manifest = ReadJson(ShippedPluginsDir() / "phnom-penh.plugin.json");
  EXPECT_EQ(manifest.at("sha256"), crypto::Sha256Hex(bytes));
}

TEST(LibraryFileTest, RejectsWhatIsNotASharedObject) {
  EXPECT_THAT(DefinedDynamicSymbols("#!/bin/sh\necho hello\n"),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(DefinedDynamicSymbols(std::string("\x7f"
                                                "ELF",
                                                4)),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadLibrary("/nonexistent/plugin.so"), StatusIs(StatusCode::kNotFound));
}

TEST(LibraryFileTest, TruncatedLibraryIsRejectedNotTrusted) {
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadLibrary(ShippedPluginsDir() / "phnom-penh.so"));
  for (size_t size : {size_t{64}, size_t{4096}, bytes.size() / 2, bytes.size() - 1}) {
    const auto symbols = DefinedDynamicSymbols(bytes.substr(0, size));
    // Either refused, or (when only the tail is gone) read without stepping outside the buffer.
    if (symbols.ok()) {
      for (const auto& s : *symbols) EXPECT_FALSE(s.empty());
    }
  }
}

TEST(WeightsTest, OverridesApplyOverDefaults) {
  ASSERT_OK_AND_ASSIGN(WeightOverrides w,
                       ParseWeights(nlohmann::json::parse(R"({"match": {"wage": 0.25}})")));
  const policy::MatchWeights m = w.Apply(policy::MatchWeights{});
  EXPECT_EQ(m.wage, 0.25);
  EXPECT_EQ(m.skills, policy::MatchWeights{}.skills);
  EXPECT_THAT(ParseWeights(nlohmann::json::parse(R"({"match": {"luck": 0.5}})")),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseWeights(nlohmann::json::parse(R"({"match": {"wage": 7}})")),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(WeightsTest, APluginWeighsTheLaterVulnerabilityFactors) {
  ASSERT_OK_AND_ASSIGN(WeightOverrides w, ParseWeights(nlohmann::json::parse(R"(
      {"vulnerability": {"idpoor": 30, "disability": 12, "female_headed_household": 8,
                         "members_abroad": 15}})")));
  const policy::VulnerabilityWeights v = w.Apply(policy::VulnerabilityWeights{});
  EXPECT_EQ(v.idpoor, 30);
  EXPECT_EQ(v.disability, 12);
  EXPECT_EQ(v.female_headed_household, 8);
  EXPECT_EQ(v.members_abroad, 15);
  EXPECT_EQ(v.survivor, policy::VulnerabilityWeights{}.survivor);
  EXPECT_THAT(ParseWeights(nlohmann::json::parse(R"({"vulnerability": {"idpoor": 101}})")),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(RuleOutputTest, RejectsMalformedHitsAndFlags) {
  EXPECT_THAT(ParseRuleHits(nlohmann::json::parse(R"([{"rule": "x", "points": "many"}])")),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseFlags(nlohmann::json::parse(
                  R"([{"rule": "x", "code": "y", "severity": "fatal", "reason": "z"}])")),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(auto flags, ParseFlags(nlohmann::json::parse(
                                       R"([{"rule": "x", "code": "y", "severity": "block",
                                            "reason": "z"}])")));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].severity, model::FlagSeverity::kBlock);
}

// A person's range (rule_points, ABI minor 4) lies within the manifest's, with least at most 0
// and most at least 0; null keeps the manifest's.
TEST(RuleOutputTest, ReadsAPersonsRangeWithinTheDeclaredOne) {
  const policy::RuleRange declared{-5, 12};
  auto parse = [&](const char* text) {
    return ParseRulePoints(nlohmann::json::parse(text), declared);
  };
  ASSERT_OK_AND_ASSIGN(auto none, parse("null"));
  EXPECT_FALSE(none.has_value());
  ASSERT_OK_AND_ASSIGN(auto own, parse(R"({"least": -5, "most": 4})"));
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->least, -5);
  EXPECT_EQ(own->most, 4);
  for (const char* bad :
       {R"({"least": -6, "most": 4})", R"({"least": 0, "most": 13})", R"({"least": 1, "most": 4})",
        R"({"least": -1, "most": -0.5})", R"({"least": 0})",
        R"({"least": 0, "most": 1, "mean": 0.5})", R"({"least": "none", "most": 1})", "[0, 1]"}) {
    EXPECT_THAT(parse(bad), StatusIs(StatusCode::kInvalidArgument)) << bad;
  }
}

}  // namespace
}  // namespace homeward::plugin::internal
