// The JSON documents that cross into the host — the plugin manifest, market data, and each
// function's output — checked before anything uses them. Manifest and market data are validated
// against schemas/plugin-manifest.schema.json and schemas/market-data.schema.json (the builtin
// json::SchemaSet); function outputs, which only the host sees, are checked field by field here.
// Plain functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/vacancy.h"
#include "homeward/policy/province_policy.h"

namespace homeward::plugin::internal {

inline constexpr std::string_view kProvidesMarketData = "market_data";
inline constexpr std::string_view kProvidesScoringRules = "scoring_rules";
inline constexpr std::string_view kProvidesScreeningRules = "screening_rules";

// What a plugin's rule functions read of each document they are given (the manifest's
// "rule_inputs"): members of it, or members of a member ("household.dependents"). A document
// with a list is sent with only those members; one without is sent whole.
struct RuleInputs {
  std::optional<std::vector<std::string>> person;
  std::optional<std::vector<std::string>> vacancy;
  std::optional<std::vector<std::string>> training;
  std::optional<std::vector<std::string>> programme;
};

// `document` with only the `members` it has, in the form RuleInputs names them; `document`
// itself when there is no list.
nlohmann::json OnlyMembers(nlohmann::json document,
                           const std::optional<std::vector<std::string>>& members);

struct Manifest {
  std::string id;
  std::string name;
  std::string province;
  std::string version;
  std::string sdk_version;
  int abi_major = 0;
  int abi_minor = 0;
  std::string library;  // file name, in the manifest's folder
  std::string sha256;   // lower-case hex
  std::vector<std::string> provides;
  RuleInputs rule_inputs;
  // What the plugin's rules together can move a score by ("rule_points"); as far as any rule
  // may when the manifest does not say.
  policy::RuleRange rule_points;

  bool Provides(std::string_view what) const;
};

// A manifest from its JSON; INVALID_ARGUMENT listing every problem, among them a rule input
// that is not a member of its document (schemas/plugin-person-input.schema.json, and the
// vacancy's, training's and programme's; a vacancy also has "normalised_text").
StatusOr<Manifest> ParseManifest(const nlohmann::json& j);

// OK when `j` is valid market data; INVALID_ARGUMENT listing every problem otherwise.
Status CheckMarketData(const nlohmann::json& j);

// A plugin's scoring-rule output: [{"rule", "points", "reason", "reason_km"?}].
struct RuleHit {
  std::string rule;
  double points = 0;
  std::string reason;
  std::string reason_km = {};  // ABI minor 3: the reason in Khmer, "" when not given
};
StatusOr<std::vector<RuleHit>> ParseRuleHits(const nlohmann::json& j);

// A plugin's rule_points output for one person (ABI minor 4): null, or {"least", "most"} within
// `declared` (the manifest's rule_points), least at most 0 and most at least 0 (policy::RuleRange).
// Nullopt for null.
StatusOr<std::optional<policy::RuleRange>> ParseRulePoints(const nlohmann::json& j,
                                                           policy::RuleRange declared);

// A plugin's screening output: [{"rule", "code", "severity", "reason", "reason_km"?}].
struct PluginFlag {
  std::string rule;
  std::string code;
  model::FlagSeverity severity = model::FlagSeverity::kReview;
  std::string reason;
  std::string reason_km = {};  // ABI minor 3: the reason in Khmer, "" when not given
};
StatusOr<std::vector<PluginFlag>> ParseFlags(const nlohmann::json& j);

// A plugin's weight overrides: {"match": {...}, "vulnerability": {...}}, each optional.
struct WeightOverrides {
  nlohmann::json match = nlohmann::json::object();
  nlohmann::json vulnerability = nlohmann::json::object();

  policy::MatchWeights Apply(const policy::MatchWeights& defaults) const;
  policy::VulnerabilityWeights Apply(const policy::VulnerabilityWeights& defaults) const;
};
StatusOr<WeightOverrides> ParseWeights(const nlohmann::json& j);

}  // namespace homeward::plugin::internal
