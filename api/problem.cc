#include "problem.h"

#include <nlohmann/json.hpp>

#include "homeward/reference/messages.h"

namespace homeward::api {
namespace {

// The status's phrase (RFC 9110), a sentence of the catalogue: "title.404".
std::string TitleCode(int http_status) {
  std::string code = "title." + std::to_string(http_status);
  return reference::HasMessage(code) ? code : "title.500";
}

Response Build(int http_status, const std::string& detail, const std::vector<FieldError>& errors) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", reference::RenderMessage(TitleCode(http_status), {})},
                         {"status", http_status},
                         {"detail", detail},
                         {"errors", nlohmann::json::array()}};
  // A sentence of the message catalogue carries its code and params, so that a client may read
  // it in Khmer (Accept-Language: km).
  if (auto sentence = reference::Recognise(detail, "problem.")) {
    body["code"] = std::move(sentence->code);
    body["params"] = std::move(sentence->params);
  }
  for (const FieldError& e : errors) {
    nlohmann::json error = {{"path", e.path}, {"message", e.message}};
    if (!e.code.empty()) {
      error["code"] = e.code;
      error["params"] = e.params.empty() ? nlohmann::json::object()
                                         : nlohmann::json::parse(e.params, nullptr, false);
    } else if (auto sentence = reference::Recognise(e.message, "field.")) {
      error["code"] = std::move(sentence->code);
      error["params"] = std::move(sentence->params);
    }
    body["errors"].push_back(std::move(error));
  }
  Response response;
  response.status = http_status;
  response.content_type = "application/problem+json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (http_status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace

// A case per code, all alike; a switch so the compiler warns of a code left out.
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
