#include "homeward/base/status.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

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
  HW_ASSIGN_OR_RETURN(int half, Half(n));
  HW_ASSIGN_OR_RETURN(out, Half(half));
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

// Reading the value of an error was undefined behaviour (an empty std::optional dereferenced);
// it now stops the process and says which error was ignored.
TEST(StatusOrDeathTest, ValueOfAnErrorAbortsWithTheStatus) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  StatusOr<std::string> missing = Status::NotFound("no such vacancy");
  EXPECT_DEATH((void)missing.value(),
               "StatusOr accessed without a value: NOT_FOUND: no such vacancy");
  EXPECT_DEATH((void)std::move(missing).value(), "NOT_FOUND: no such vacancy");
  EXPECT_DEATH((void)*missing, "NOT_FOUND: no such vacancy");
  EXPECT_DEATH((void)missing->size(), "NOT_FOUND: no such vacancy");
  const StatusOr<std::string>& read_only = missing;
  EXPECT_DEATH((void)read_only.value(), "NOT_FOUND: no such vacancy");
  EXPECT_DEATH((void)read_only->size(), "NOT_FOUND: no such vacancy");
}

TEST(StatusOrTest, ValueOfAValueIsTheValue) {
  StatusOr<std::string> found = std::string("vac_1");
  EXPECT_EQ(found.value(), "vac_1");
  EXPECT_EQ(found->size(), 5u);
  EXPECT_EQ(*found, "vac_1");
  EXPECT_EQ(std::move(found).value(), "vac_1");
}

// Makes 1,000 ids with `make` and expects each well formed and none repeated.
template <typename Make>
void ExpectWellFormedAndDistinct(Make make, const std::string& prefix) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = make(prefix);
    EXPECT_TRUE(IsWellFormedId(id, prefix)) << id;
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(IdTest, IdsAreWellFormedAndDistinct) {
  ExpectWellFormedAndDistinct(NewId, "ind");
  EXPECT_FALSE(IsWellFormedId("ind_123", "ind"));
  EXPECT_FALSE(IsWellFormedId(NewId("vac"), "ind"));
}

TEST(IdTest, TimeOrderedIdsAreWellFormedDistinctAndSortByTime) {
  ExpectWellFormedAndDistinct(NewTimeOrderedId, "aud");
  const std::string earlier = NewTimeOrderedId("aud");
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const std::string later = NewTimeOrderedId("aud");
  EXPECT_LT(earlier, later);
  // The first 12 digits are the milliseconds since 1970.
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_NEAR(static_cast<double>(std::stoll(later.substr(4, 12), nullptr, 16)),
              static_cast<double>(now), 60'000.0)
      << later;
}

}  // namespace
}  // namespace homeward
