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
#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::plugin::internal {
namespace {

using ::homeward::testing::IsOk;
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

}  // namespace
}  // namespace homeward::plugin::internal
