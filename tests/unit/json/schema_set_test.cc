// homeward::json::SchemaSet: what a developer sees when a body breaks its schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "homeward/json/json.h"
#include "status_matchers.h"

namespace homeward {
// Readable failure messages for lists of FieldError.
void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{" << e.path << ": " << e.message << "}";
}
}  // namespace homeward

namespace homeward::json {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using Json = nlohmann::json;

FieldError Err(std::string path, std::string message) {
  return {std::move(path), std::move(message)};
}

SchemaSet SetWith(const Json& schema) {
  SchemaSet set;
  EXPECT_THAT(set.Add("test.schema.json", schema), IsOk());
  return set;
}

TEST(SchemaSetTest, ListsEveryViolationWithItsPointer) {
  const Json body = {{"given_name", ""},
                     {"sex", "f"},
                     {"birth_date", "2001-02-30"},
                     {"province", "KH-26"},
                     {"skills", {{{"code", "sewing"}, {"level", 9}}}},
                     {"vulnerability", {{"score", 0}}}};
  Status status = SchemaSet::Builtin().Validate("individual.create.schema.json", body);
  ASSERT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(status.errors(),
              ElementsAre(Err("/consent", "is required"),
                          Err("/birth_date", "is not a calendar date (YYYY-MM-DD)"),
                          Err("/given_name", "must not be empty"),
                          Err("/province", "does not match the pattern ^KH-([1-9]|1[0-9]|2[0-5])$"),
                          Err("/sex", "is not one of [\"female\",\"male\",\"other\"]"),
                          Err("/skills/0/level", "must be <= 5"),
                          Err("/vulnerability", "unknown field (not allowed)")));
}

TEST(SchemaSetTest, ReadOnlyFieldsCannotBeSetOnCreate) {
  const Json body = {{"title", "Sewing operator"},
                     {"occupation", "7533"},
                     {"province", "KH-12"},
                     {"wage", {{"amount", 250}, {"currency", "USD"}, {"period", "month"}}},
                     {"slots", 5},
                     {"hours_per_week", 48},
                     {"contract", "permanent"},
                     {"status", "open"},
                     {"slots_filled", 0}};
  Status status = SchemaSet::Builtin().Validate("vacancy.create.schema.json", body);
  EXPECT_THAT(status.errors(), ElementsAre(Err("/slots_filled", "unknown field (not allowed)"),
                                           Err("/status", "unknown field (not allowed)")));
}

TEST(SchemaSetTest, PointerSegmentsAreEscaped) {
  SchemaSet set =
      SetWith({{"properties", {{"a/b", {{"type", "integer"}}}, {"c~d", {{"type", "integer"}}}}}});
  Status status = set.Validate("test.schema.json", {{"a/b", "x"}, {"c~d", "y"}});
  EXPECT_THAT(status.errors(), ElementsAre(Err("/a~1b", "must be an integer (got string)"),
                                           Err("/c~0d", "must be an integer (got string)")));
}

TEST(SchemaSetTest, KhmerLengthIsCountedInCodePoints) {
  // "សួស្តី" (hello): 6 code points, 18 bytes of UTF-8.
  const Json hello = "សួស្តី";
  EXPECT_THAT(SetWith({{"maxLength", 6}, {"minLength", 6}}).Validate("test.schema.json", hello),
              IsOk());
  Status status = SetWith({{"maxLength", 5}}).Validate("test.schema.json", hello);
  EXPECT_THAT(status.errors(), ElementsAre(Err("", "must be at most 5 characters long")));
}

TEST(SchemaSetTest, RefersToAnotherSchemaByFileName) {
  const SchemaSet& set = SchemaSet::Builtin();
  EXPECT_THAT(set.Validate("common.schema.json#/definitions/money",
                           {{"amount", 1.5}, {"currency", "USD"}, {"period", "hour"}}),
              IsOk());
  Status status =
      set.Validate("vacancy.patch.schema.json",
                   {{"wage", {{"amount", -1}, {"currency", "EUR"}, {"period", "week"}}}});
  EXPECT_THAT(status.errors(),
              ElementsAre(Err("/wage/amount", "must be >= 0"),
                          Err("/wage/currency", "is not one of [\"USD\",\"KHR\",\"THB\"]"),
                          Err("/wage/period", "is not one of [\"month\",\"day\",\"hour\"]")));
}

TEST(SchemaSetTest, NullableAlternativeExplainsBothChoices) {
  Status status =
      SchemaSet::Builtin().Validate("referral.patch.schema.json", {{"follow_up_on", "2026-13-01"}});
  ASSERT_THAT(status.errors(), SizeIs(1));
  EXPECT_EQ(status.errors()[0].path, "/follow_up_on");
  EXPECT_THAT(status.errors()[0].message, HasSubstr("is not a calendar date"));
  EXPECT_THAT(status.errors()[0].message, HasSubstr("must be null"));
}

TEST(SchemaSetTest, ConditionalRequirementsApply) {
  const SchemaSet& set = SchemaSet::Builtin();
  EXPECT_THAT(
      set.Validate("api-key.create.schema.json", {{"role", "officer"}, {"label", "Kampot desk"}})
          .errors(),
      ElementsAre(Err("/provinces", "is required")));
  EXPECT_THAT(
      set.Validate("api-key.create.schema.json",
                   {{"role", "officer"}, {"label", "Kampot desk"}, {"provinces", {"KH-7"}}}),
      IsOk());
}

TEST(SchemaSetTest, FormatsAreAssertions) {
  SchemaSet set = SetWith({{"properties",
                            {{"email", {{"format", "email"}}},
                             {"at", {{"format", "date-time"}}},
                             {"on", {{"format", "date"}}}}}});
  EXPECT_THAT(set.Validate("test.schema.json", {{"email", "hr@factory.com.kh"},
                                                {"at", "2026-11-28T13:44:32Z"},
                                                {"on", "2024-02-29"}}),
              IsOk());
  EXPECT_THAT(
      set.Validate("test.schema.json",
                   {{"email", "hr@@factory"}, {"at", "2026-11-28 13:44"}, {"on", "2023-02-29"}})
          .errors(),
      SizeIs(3));
}

TEST(SchemaSetTest, LongListsOfErrorsAreCut) {
  SchemaSet set = SetWith({{"items", {{"type", "string"}}}});
  Status status = set.Validate("test.schema.json", Json(std::vector<int>(1000, 1)));
  ASSERT_THAT(status.errors(), SizeIs(101));
  EXPECT_EQ(status.errors().back().message, "and 900 more violations");
}

TEST(SchemaSetTest, DeepInstanceAgainstRecursiveSchemaFailsWithoutOverflow) {
  SchemaSet set = SetWith({{"type", "array"}, {"items", {{"$ref", "#"}}}});
  Json deep = Json::array();
  for (int i = 0; i < 10000; ++i) deep = Json::array({std::move(deep)});
  Status status = set.Validate("test.schema.json", deep);
  EXPECT_THAT(status.errors(),
              Contains(::testing::Field(&FieldError::message, HasSubstr("nested too deeply"))));
}

TEST(SchemaSetTest, SchemaLoopIsAnErrorNotACrash) {
  SchemaSet set =
      SetWith({{"definitions",
                {{"a", {{"$ref", "#/definitions/b"}}}, {"b", {{"$ref", "#/definitions/a"}}}}},
               {"$ref", "#/definitions/a"}});
  EXPECT_THAT(set.Validate("test.schema.json", 1), StatusIs(StatusCode::kInvalidArgument));
}

TEST(SchemaSetTest, DanglingReferenceIsReportedWhenUsed) {
  SchemaSet set = SetWith({{"properties", {{"wage", {{"$ref", "money.schema.json"}}}}}});
  EXPECT_THAT(set.Validate("test.schema.json", Json::object()), IsOk());
  Status status = set.Validate("test.schema.json", {{"wage", 1}});
  EXPECT_THAT(status.errors(),
              ElementsAre(Err("/wage",
                              "cannot be checked: schema reference money.schema.json# is "
                              "not in the set")));
  ASSERT_THAT(set.Add("money.schema.json", {{"type", "object"}}), IsOk());
  EXPECT_THAT(set.Validate("test.schema.json", {{"wage", 1}}).errors(),
              ElementsAre(Err("/wage", "must be an object (got number)")));
}

TEST(SchemaSetTest, AddRejectsBrokenSchemas) {
  SchemaSet set;
  EXPECT_THAT(set.Add("a.json", {{"pattern", "(unclosed"}}),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(set.Add("b.json", {{"minLength", "3"}}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(set.Add("c.json", {{"type", "text"}}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(set.Add("d.json", 42), StatusIs(StatusCode::kInvalidArgument));
  ASSERT_THAT(set.Add("e.json", true), IsOk());
  EXPECT_THAT(set.Add("e.json", true), StatusIs(StatusCode::kAlreadyExists));
  EXPECT_FALSE(set.Has("a.json"));
  EXPECT_TRUE(set.Has("e.json"));
}

TEST(SchemaSetTest, AddRefusesASchemaNestedTenThousandLevels) {
  Json schema = {{"type", "integer"}};
  for (int i = 0; i < 10000; ++i) schema = {{"items", std::move(schema)}};
  SchemaSet set;
  EXPECT_THAT(set.Add("deep.json", std::move(schema)), StatusIs(StatusCode::kInvalidArgument));
}

TEST(SchemaSetTest, UnknownSchemaIsNotFound) {
  EXPECT_THAT(SchemaSet::Builtin().Validate("nothing.schema.json", Json::object()),
              StatusIs(StatusCode::kNotFound));
}

TEST(SchemaSetTest, CopiesValidateIndependently) {
  SchemaSet original = SetWith({{"type", "string"}});
  SchemaSet copy = original;
  ASSERT_THAT(copy.Add("other.json", {{"type", "integer"}}), IsOk());
  EXPECT_FALSE(original.Has("other.json"));
  EXPECT_THAT(copy.Validate("test.schema.json", "x"), IsOk());
  EXPECT_THAT(copy.Validate("other.json", 1), IsOk());
}

}  // namespace
}  // namespace homeward::json
