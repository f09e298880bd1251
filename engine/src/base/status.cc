#include "homeward/base/status.h"

#include <cstdio>
#include <cstdlib>

namespace homeward {

// A switch, so the compiler warns of a code left out; ToString(PluginState) in
// plugin/plugin_host.cc, ResourceKindName in store/repository.cc and CountedName in
// store/kept_counts.cc do the same.
std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case StatusCode::kInternal:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, std::string message, std::vector<FieldError> errors) {
  if (code != StatusCode::kOk) {
    rep_ = std::make_shared<const Rep>(Rep{code, std::move(message), std::move(errors)});
  }
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

const std::vector<FieldError>& Status::errors() const {
  static const std::vector<FieldError> kNone;
  return rep_ ? rep_->errors : kNone;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code()));
  out += ": ";
  out += message();
  for (const FieldError& e : errors()) out += "; " + e.path + ": " + e.message;
  return out;
}

std::ostream& operator<<(std::ostream& os, const Status& status) {
  return os << status.ToString();
}

namespace internal {

void DieOnStatusOrAccess(const Status& status) {
  // stdio rather than iostreams: this runs when the program is already wrong, so it should
  // depend on as little as possible.
  const std::string text = status.ToString();
  std::fprintf(stderr, "StatusOr accessed without a value: %s\n", text.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace internal

}  // namespace homeward
