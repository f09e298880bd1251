// Runs the official JSON Schema Test Suite (draft 7; Debian package json-schema-test-suite) for
// every keyword SchemaSet supports. Remote references (refRemote.json) and optional/ are out of
// scope, and so is definitions.json, whose only cases validate against the draft-07 metaschema by
// its remote URI ("definitions" itself is exercised by ref.json). The individual cases skipped are
// listed in kSkipped with the reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "homeward/json/json.h"

namespace homeward::json {
namespace {

using nlohmann::json;

const std::filesystem::path kSuiteDir = "/usr/share/json-schema-test-suite/tests/draft7";

// "file / group / case" -> why it is skipped.
const std::map<std::string, std::string> kSkipped = {
    {"ref.json / remote ref, containing refs itself / remote ref valid",
     "refers to the draft-07 metaschema by its remote URI"},
    {"ref.json / remote ref, containing refs itself / remote ref invalid",
     "refers to the draft-07 metaschema by its remote URI"},
};

// "optional/format/date-time.json" -> "optional_format_date_time".
std::string SuiteName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.rfind('.'));
  for (char& c : name) {
    if (c == '-' || c == '/') c = '_';
  }
  return name;
}

class SchemaSuiteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SchemaSuiteTest, EveryCaseAgrees) {
  const std::filesystem::path file = kSuiteDir / GetParam();
  std::ifstream in(file);
  ASSERT_TRUE(in) << "missing " << file << " (install json-schema-test-suite)";
  std::stringstream text;
  text << in.rdbuf();
  ParseLimits limits;
  limits.max_depth = 64;
  auto groups = Parse(text.str(), limits);
  ASSERT_TRUE(groups.ok()) << groups.status();

  int checked = 0;
  for (const json& group : *groups) {
    const std::string group_name = GetParam() + " / " + group["description"].get<std::string>();
    SchemaSet set;
    Status added = set.Add("suite.schema.json", group["schema"]);
    for (const json& test : group["tests"]) {
      const std::string name = group_name + " / " + test["description"].get<std::string>();
      if (kSkipped.count(name) > 0) continue;
      ASSERT_TRUE(added.ok()) << name << ": " << added;
      Status result = set.Validate("suite.schema.json", test["data"]);
      const bool valid = test["valid"].get<bool>();
      EXPECT_EQ(result.ok(), valid) << name << "\n  schema: " << group["schema"].dump()
                                    << "\n  data: " << test["data"].dump() << "\n  " << result;
      if (!valid) {
        EXPECT_FALSE(result.errors().empty()) << name << ": no violation listed";
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Draft7, SchemaSuiteTest,
    ::testing::Values("additionalItems.json", "additionalProperties.json", "allOf.json",
                      "anyOf.json", "boolean_schema.json", "const.json", "contains.json",
                      "default.json", "dependencies.json", "enum.json", "exclusiveMaximum.json",
                      "exclusiveMinimum.json", "if-then-else.json", "items.json", "maxItems.json",
                      "maxLength.json", "maxProperties.json", "maximum.json", "minItems.json",
                      "minLength.json", "minProperties.json", "minimum.json", "multipleOf.json",
                      "not.json", "oneOf.json", "pattern.json", "patternProperties.json",
                      "properties.json", "propertyNames.json", "ref.json", "required.json",
                      "type.json", "uniqueItems.json"),
    SuiteName);

// The formats SchemaSet asserts, from the optional part of the suite.
INSTANTIATE_TEST_SUITE_P(Draft7Formats, SchemaSuiteTest,
                         ::testing::Values("optional/format/date.json",
                                           "optional/format/date-time.json",
                                           "optional/format/email.json"),
                         SuiteName);

}  // namespace
}  // namespace homeward::json
