#include "homeward/base/status.h"

#include <gtest/gtest.h>

#include <set>

#include "homeward/base/id.h"
#include "status_matchers.h"

namespace homeward {
namespace {

using testing::IsOk;
using testing::StatusIs;

StatusOr<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument("odd", {{"/n", "must be even"}});
  return n / 2;
}

Status Quarter(int n, int& out) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(out, Half(half));
  return Status::Ok();
}

TEST(StatusTest, OkStatusHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeMessageAndFieldErrors) {
  Status s = Status::InvalidArgument("bad body", {{"/wage", "required"}});
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(s.errors().size(), 1u);
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT: bad body; /wage: required");
}

TEST(StatusTest, MacrosPropagateTheFirstError) {
  int out = 0;
  EXPECT_THAT(Quarter(8, out), IsOk());
  EXPECT_EQ(out, 2);
  EXPECT_THAT(Quarter(6, out), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Half(4), IsOk());
}

TEST(IdTest, IdsAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId("ind");
    EXPECT_TRUE(IsWellFormedId(id, "ind")) << id;
    EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_FALSE(IsWellFormedId("ind_123", "ind"));
  EXPECT_FALSE(IsWellFormedId(NewId("vac"), "ind"));
}

}  // namespace
}  // namespace homeward
