#include "problem.h"

#include <nlohmann/json.hpp>

namespace homeward::api {
namespace {

std::string_view TitleOf(int http_status) {
  switch (http_status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Internal Server Error";
  }
}

Response Build(int http_status, const std::string& detail, const std::vector<FieldError>& errors) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", TitleOf(http_status)},
                         {"status", http_status},
                         {"detail", detail},
                         {"errors", nlohmann::json::array()}};
  for (const FieldError& e : errors) {
    body["errors"].push_back({{"path", e.path}, {"message", e.message}});
  }
  Response response;
  response.status = http_status;
  response.content_type = "application/problem+json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (http_status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response Problem(const Status& status) {
  const int http_status = HttpStatusOf(status.code());
  if (http_status >= 500 && http_status != 503) {
    return Build(http_status, "the server could not complete the request", {});
  }
  // One body for every missing record, so that a record outside the caller's scope, answered as
  // missing, reads exactly like an id that names nothing, whatever layer reported it.
  if (status.code() == StatusCode::kNotFound) return Build(http_status, "no such record", {});
  return Build(http_status, status.message(), status.errors());
}

Response Problem(int http_status, std::string detail) {
  return Build(http_status, detail, {});
}

}  // namespace homeward::api
