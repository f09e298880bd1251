// homeward::json::Parse: strict parsing of untrusted JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "homeward/json/json.h"
#include "status_matchers.h"

namespace homeward::json {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The single FieldError of a failed parse.
FieldError ErrorOf(const StatusOr<nlohmann::json>& result) {
  EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
  if (result.ok() || result.status().errors().size() != 1) return {"<none>", "<none>"};
  return result.status().errors().front();
}

TEST(ParseTest, ReadsADocument) {
  ASSERT_OK_AND_ASSIGN(auto doc, Parse(R"({"name":"Sokha","skills":[{"code":"sewing","level":3}],
                                            "consent":{"given":true},"debt":120.5,"note":null})"));
  EXPECT_EQ(doc["name"], "Sokha");
  EXPECT_EQ(doc["skills"][0]["level"], 3);
  EXPECT_EQ(doc["debt"], 120.5);
  EXPECT_TRUE(doc["note"].is_null());
}

TEST(ParseTest, DuplicateKeyIsAnErrorNamingTheKey) {
  FieldError error = ErrorOf(Parse(R"({"wage":{"amount":100,"amount":1}})"));
  EXPECT_EQ(error.path, "/wage/amount");
  EXPECT_THAT(error.message, HasSubstr("duplicate key \"amount\""));
}

TEST(ParseTest, SameKeyInDifferentObjectsIsFine) {
  EXPECT_THAT(Parse(R"([{"code":"a"},{"code":"b"}])"), IsOk());
}

TEST(ParseTest, InvalidUtf8IsRejected) {
  EXPECT_THAT(Parse("{\"name\":\"\xff\xfe\"}"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Parse("{\"name\":\"\xe1\x9e\"}"),
              StatusIs(StatusCode::kInvalidArgument));  // cut short
  EXPECT_THAT(Parse(R"({"name":"\ud800"})"),
              StatusIs(StatusCode::kInvalidArgument));  // lone surrogate
}

TEST(ParseTest, KhmerTextIsKept) {
  ASSERT_OK_AND_ASSIGN(auto doc, Parse(R"({"given_name":"សុខា"})"));
  EXPECT_EQ(doc["given_name"], "សុខា");
}

TEST(ParseTest, SyntaxErrorSaysWhere) {
  FieldError error = ErrorOf(Parse(R"({"languages":["km","en",]})"));
  EXPECT_EQ(error.path, "/languages/2");
  EXPECT_THAT(error.message, HasSubstr("line 1, column 25"));
}

TEST(ParseTest, ErrorBeforeTheFirstKeyNamesTheObject) {
  EXPECT_EQ(ErrorOf(Parse(R"({"wage":{,}})")).path, "/wage");
}

TEST(ParseTest, MalformedInputsAreRejected) {
  for (const char* text : {"", "{", "{} x", "{'a':1}", "[1,]", "1e400", "{\"a\" 1}", "tru",
                           "/* comment */ {}", "{\"a\":01}"}) {
    EXPECT_THAT(Parse(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(ParseTest, DepthLimitCountsContainers) {
  ParseLimits limits;
  limits.max_depth = 3;
  EXPECT_THAT(Parse(R"({"a":[{"b":1}]})", limits), IsOk());
  FieldError error = ErrorOf(Parse(R"({"a":[{"b":[1]}]})", limits));
  EXPECT_EQ(error.path, "/a/0/b");
  EXPECT_THAT(error.message, HasSubstr("nested deeper than 3 levels"));
}

TEST(ParseTest, TenThousandLevelsOfNestingFailWithoutOverflowingTheStack) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  FieldError error = ErrorOf(Parse(deep));
  EXPECT_THAT(error.message, HasSubstr("nested deeper than 32 levels"));
  const std::string deep_objects = [] {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += "{\"a\":";
    return text + "1" + std::string(10000, '}');
  }();
  EXPECT_THAT(Parse(deep_objects), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ParseTest, StringLimitAppliesToValuesAndKeys) {
  ParseLimits limits;
  limits.max_string_bytes = 8;
  EXPECT_THAT(Parse(R"({"name":"12345678"})", limits), IsOk());
  FieldError error = ErrorOf(Parse(R"({"name":"123456789"})", limits));
  EXPECT_EQ(error.path, "/name");
  EXPECT_THAT(error.message, HasSubstr("longer than 8 bytes"));
  EXPECT_THAT(Parse(R"({"123456789":1})", limits), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ParseTest, ArrayAndObjectSizeLimits) {
  ParseLimits limits;
  limits.max_array_items = 3;
  limits.max_object_members = 2;
  EXPECT_THAT(Parse(R"([1,2,3])", limits), IsOk());
  FieldError error = ErrorOf(Parse(R"({"ids":[1,2,3,4]})", limits));
  EXPECT_EQ(error.path, "/ids/3");
  EXPECT_THAT(error.message, HasSubstr("more than 3 items"));
  EXPECT_THAT(Parse(R"({"a":1,"b":2})", limits), IsOk());
  EXPECT_THAT(ErrorOf(Parse(R"({"a":1,"b":2,"c":3})", limits)).message,
              HasSubstr("more than 2 members"));
}

// Regression: "\u0000" was accepted, and a NUL cut names and notes short wherever a C string
// read them (logs, SQLite text functions, plugins).
TEST(ParseTest, NulInAStringOrKeyIsRefused) {
  FieldError error = ErrorOf(Parse(R"({"given_name":"So\u0000phea"})"));
  EXPECT_EQ(error.path, "/given_name");
  EXPECT_THAT(error.message, HasSubstr("NUL"));
  EXPECT_THAT(Parse(R"({"a\u0000b":1})"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Parse(R"({"note":"\u0001 is fine"})"), IsOk());
}

// Each limit alone allows 10,000 items per array and 1,000 members per object; the total caps
// what a 1 MiB body of nested small arrays can make the server hold.
TEST(ParseTest, TotalValuesAreCapped) {
  ParseLimits limits;
  limits.max_nodes = 10;
  EXPECT_THAT(Parse("[[1,2,3],[4,5,6]]", limits), IsOk());  // 9 values
  FieldError error = ErrorOf(Parse("[[1,2,3],[4,5,6],[7]]", limits));
  EXPECT_THAT(error.message, HasSubstr("more than 10 values"));
  // 400 arrays of 300 zeros: 120,401 values in 241 KB.
  std::string inner = "[0";
  for (int i = 1; i < 300; ++i) inner += ",0";
  inner += "]";
  std::string wide = "[" + inner;
  for (int i = 1; i < 400; ++i) wide += "," + inner;
  wide += "]";
  EXPECT_THAT(ErrorOf(Parse(wide)).message, HasSubstr("more than 100000 values"));
}

TEST(ParseTest, ErrorStatusCarriesOneFieldError) {
  auto result = Parse("{\"a\":1,\"a\":2}");
  ASSERT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(result.status().errors(), SizeIs(1));
  EXPECT_THAT(result.status().message(), HasSubstr("malformed JSON"));
}

}  // namespace
}  // namespace homeward::json
