// The one `limit` parser of every list and match route (resources/common.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "resources/common.h"
#include "status_matchers.h"

namespace homeward::api {
namespace {

using ::homeward::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;

StatusOr<int> Limit(const std::string& text, int max = 100) {
  Request request;
  request.query["limit"] = text;
  return LimitFrom(request, 10, max);
}

TEST(LimitFromTest, AbsentIsTheFallback) {
  Request request;
  request.query["cursor"] = "abc";
  StatusOr<int> limit = LimitFrom(request, 10, 100);
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(*limit, 10);
}

TEST(LimitFromTest, DigitsFromOneToTheMaximumAreAccepted) {
  EXPECT_EQ(Limit("1").value(), 1);
  EXPECT_EQ(Limit("100").value(), 100);
  EXPECT_EQ(Limit("007").value(), 7);
  EXPECT_EQ(Limit("500", 500).value(), 500);
}

TEST(LimitFromTest, AnythingElseIsInvalidArgumentNamingLimit) {
  for (const char* bad :
       {"", "0", "-0", "-5", "+5", " 5", "5 ", "5\t", "101", "2147483647", "2147483648",
        "99999999999999999999999", "-2147483649", "5abc", "abc", "1e2", "0x10", "5.0", "٥"}) {
    StatusOr<int> limit = Limit(bad);
    EXPECT_THAT(limit.status(), StatusIs(StatusCode::kInvalidArgument)) << "'" << bad << "'";
    EXPECT_THAT(limit.status().errors(), ElementsAre(Field(&FieldError::path, "limit")))
        << "'" << bad << "'";
    EXPECT_EQ(limit.status().message(), "limit must be an integer from 1 to 100") << bad;
  }
}

}  // namespace
}  // namespace homeward::api
