// Status and StatusOr<T>: how every engine component reports failure.
//
// A Status is either OK or carries a canonical code and a message meant for a person. Exceptions
// never cross a component boundary; api/ maps each code to one HTTP status (see api/ error table).
// Status and StatusOr are values: copyable, not thread-safe to mutate, safe to share when const.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace homeward {

// The canonical code set; kept small on purpose.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (HTTP 400)
  kNotFound,            // no such record, or not visible to the caller (404)
  kAlreadyExists,       // a unique key is taken (409)
  kFailedPrecondition,  // the record's state forbids the operation (409)
  kPermissionDenied,    // known caller, not allowed (403)
  kUnauthenticated,     // unknown caller (401)
  kResourceExhausted,   // a limit was hit (413/429)
  kUnavailable,         // try again later (503)
  kDeadlineExceeded,    // a time budget ran out (504)
  kInternal,            // a bug or broken invariant (500)
};

std::string_view StatusCodeName(StatusCode code);

// One problem with one part of the input, for a caller to fix (a JSON pointer and a message).
struct FieldError {
  std::string path;
  std::string message;
  // When `message` is a sentence of the message catalogue (homeward/reference/messages.h): its
  // code and its params as a JSON object's text, so that the API can answer it in Khmer.
  std::string code = {};
  std::string params = {};
  bool operator==(const FieldError& other) const {
    return path == other.path && message == other.message;
  }
};

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message, std::vector<FieldError> errors = {});

  // One factory per code below, all of the same shape, so that call sites name the code.
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::vector<FieldError> errors = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(errors));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status AlreadyExists(std::string message) {
    return Status(StatusCode::kAlreadyExists, std::move(message));
  }
  static Status FailedPrecondition(std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(StatusCode::kPermissionDenied, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(StatusCode::kUnauthenticated, std::move(message));
  }
  static Status ResourceExhausted(std::string message) {
    return Status(StatusCode::kResourceExhausted, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }
  static Status DeadlineExceeded(std::string message) {
    return Status(StatusCode::kDeadlineExceeded, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  // Empty when OK.
  const std::string& message() const;
  // Field-level problems (only for kInvalidArgument, possibly empty).
  const std::vector<FieldError>& errors() const;
  // "NOT_FOUND: no such vacancy", or "OK".
  std::string ToString() const;

  // Does nothing; states that the caller chose not to act on this status.
  void IgnoreError() const {}

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    std::vector<FieldError> errors;
  };
  // Null when OK, so an OK status costs one pointer and no allocation.
  std::shared_ptr<const Rep> rep_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

namespace internal {
// Prints "StatusOr accessed without a value: <status>" to stderr and aborts the process. Out of
// line so that the checks in StatusOr stay one predictable branch.
[[noreturn]] void DieOnStatusOrAccess(const Status& status);
}  // namespace internal

// Either a value of T or a non-OK Status.
//
// Reading the value of a StatusOr that holds an error (value(), operator*, operator->) is a bug in
// the caller; like abseil's, it aborts the process with the status printed rather than reading
// memory that holds no T.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // Implicit, so that functions can `return value;` or `return Status::NotFound(...)`.
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "StatusOr built from an OK status");
    if (status_.ok()) status_ = Status::Internal("StatusOr built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Precondition: ok(); aborts with the status otherwise.
  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }
  // The value, or `fallback` when not ok().
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  const T& Checked() const {
    if (__builtin_expect(!value_.has_value(), 0)) internal::DieOnStatusOrAccess(status_);
    return *value_;
  }
  T& Checked() { return const_cast<T&>(std::as_const(*this).Checked()); }

  Status status_;
  std::optional<T> value_;
};

}  // namespace homeward

#define HW_CONCAT_INNER_(a, b) a##b
#define HW_CONCAT_(a, b) HW_CONCAT_INNER_(a, b)

// Returns from the current function when `expr` (a Status) is not OK.
#define HW_RETURN_IF_ERROR(expr)                         \
  do {                                                   \
    ::homeward::Status homeward_status_ = (expr);        \
    if (!homeward_status_.ok()) return homeward_status_; \
  } while (false)

// HW_ASSIGN_OR_RETURN(auto x, FunctionReturningStatusOr());
#define HW_ASSIGN_OR_RETURN(lhs, expr) \
  HW_ASSIGN_OR_RETURN_IMPL_(HW_CONCAT_(homeward_statusor_, __LINE__), lhs, expr)
#define HW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
