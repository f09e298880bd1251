// The shipped screening rules (engine/data/screening/rules.json, compiled into the engine) are
// valid against schemas/screening-rules.schema.json, which requires every phrase list and
// threshold the rules read: a misspelt or missing one fails here, not as an abort at start-up or a
// rule left without its phrases.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "homeward/json/json.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::screening {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;

constexpr char kSchema[] = "screening-rules.schema.json";

nlohmann::json ShippedRules() {
  std::ifstream in(homeward::testing::SourceDir() / "engine/data/screening/rules.json");
  EXPECT_TRUE(in);
  return nlohmann::json::parse(in);
}

Status Validate(const nlohmann::json& rules) {
  return json::SchemaSet::Builtin().Validate(kSchema, rules);
}

TEST(RulesSchemaTest, TheShippedRulesAreValid) {
  EXPECT_THAT(Validate(ShippedRules()), IsOk());
}

TEST(RulesSchemaTest, AMisspeltOrMissingListOrThresholdIsRefused) {
  const nlohmann::json shipped = ShippedRules();

  nlohmann::json misspelt = shipped;
  misspelt["phrases"]["feee"] = misspelt["phrases"]["fee"];
  misspelt["phrases"].erase("fee");
  EXPECT_THAT(Validate(misspelt), StatusIs(StatusCode::kInvalidArgument));

  nlohmann::json no_threshold = shipped;
  no_threshold["thresholds"].erase("minimum_working_age");
  EXPECT_THAT(Validate(no_threshold), StatusIs(StatusCode::kInvalidArgument));

  nlohmann::json empty_list = shipped;
  empty_list["phrases"]["debt"] = nlohmann::json::array();
  EXPECT_THAT(Validate(empty_list), StatusIs(StatusCode::kInvalidArgument));

  nlohmann::json bad_severity = shipped;
  bad_severity["flags"]["debt_bondage"]["severity"] = "blocking";
  EXPECT_THAT(Validate(bad_severity), StatusIs(StatusCode::kInvalidArgument));

  nlohmann::json no_public_reason = shipped;
  no_public_reason["flags"]["isolation"].erase("public_reason");
  EXPECT_THAT(Validate(no_public_reason), StatusIs(StatusCode::kInvalidArgument));

  // Employers never see an info flag, so only its public reason may be empty.
  nlohmann::json empty_public_reason = shipped;
  empty_public_reason["flags"]["isolation"]["public_reason"] = "";
  EXPECT_THAT(Validate(empty_public_reason), StatusIs(StatusCode::kInvalidArgument));
  empty_public_reason["flags"]["isolation"]["severity"] = "info";
  EXPECT_THAT(Validate(empty_public_reason), IsOk());
}

}  // namespace
}  // namespace homeward::screening
