// GoogleTest matchers for Status and StatusOr:
//   EXPECT_THAT(store.Get(id), IsOk());
//   EXPECT_THAT(repo.Create(bad), StatusIs(StatusCode::kInvalidArgument));
#pragma once

#include <gmock/gmock.h>

#include "homeward/base/status.h"

namespace homeward::testing {

inline const Status& GetStatus(const Status& s) {
  return s;
}
template <typename T>
const Status& GetStatus(const StatusOr<T>& s) {
  static const Status kOk;
  return s.ok() ? kOk : s.status();
}

MATCHER(IsOk, "is OK") {
  const Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

MATCHER_P(StatusIs, code, "has status code " + std::string(StatusCodeName(code))) {
  const Status& s = GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code;
}

}  // namespace homeward::testing

// Asserts that a StatusOr is OK and moves its value into `lhs`.
#define ASSERT_OK_AND_ASSIGN(lhs, expr)                 \
  auto HW_CONCAT_(homeward_tmp_, __LINE__) = (expr);    \
  ASSERT_TRUE(HW_CONCAT_(homeward_tmp_, __LINE__).ok()) \
      << HW_CONCAT_(homeward_tmp_, __LINE__).status();  \
  lhs = std::move(HW_CONCAT_(homeward_tmp_, __LINE__)).value()
