#include "router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <utility>

#include "homeward/crypto/digest.h"
#include "language.h"
#include "problem.h"

namespace homeward::api {
namespace {

// True for /v1 and every path under it: the API's, never the console's, even when unknown.
bool IsApiPath(std::string_view path) {
  return path == "/v1" || path.rfind("/v1/", 0) == 0;
}

// The non-empty segments of a path: "/v1/individuals/x" -> {"v1", "individuals", "x"}.
template <typename Segment>
std::vector<Segment> Segments(std::string_view path) {
  std::vector<Segment> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool SegmentsMatch(const std::vector<std::string>& pattern,
                   const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (!IsParameter(pattern[i]) && pattern[i] != path[i]) return false;
  }
  return true;
}

std::optional<std::string> BearerToken(const Request& request) {
  std::optional<std::string> header = request.Header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (!header || header->size() <= kScheme.size()) return std::nullopt;
  if (!std::equal(kScheme.begin(), kScheme.end(), header->begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      })) {
    return std::nullopt;
  }
  return header->substr(kScheme.size());
}

}  // namespace

Permission Permission::Public() {
  Permission p;
  p.declared_ = true;
  p.public_ = true;
  return p;
}

Permission Permission::Roles(std::initializer_list<model::Role> roles) {
  Permission p;
  p.declared_ = true;
  p.roles_ = roles;
  return p;
}

bool Permission::Allows(model::Role role) const {
  return public_ || std::find(roles_.begin(), roles_.end(), role) != roles_.end();
}

void Router::Add(Route route) {
  if (!route.permission.declared()) {
    throw std::logic_error("route without a permission: " + route.method + " " + route.pattern);
  }
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      throw std::logic_error("duplicate route: " + route.method + " " + route.pattern);
    }
  }
  segments_.push_back(Segments<std::string>(route.pattern));
  routes_.push_back(std::move(route));
}

const Route* Router::Match(const Request& request, std::map<std::string, std::string>& params,
                           bool& path_known) const {
  const std::vector<std::string_view> path = Segments<std::string_view>(request.path);
  path_known = false;
  for (size_t r = 0; r < routes_.size(); ++r) {
    if (!SegmentsMatch(segments_[r], path)) continue;
    path_known = true;
    if (routes_[r].method != request.method) continue;
    for (size_t i = 0; i < path.size(); ++i) {
      const std::string& segment = segments_[r][i];
      if (IsParameter(segment)) {
        params.emplace(segment.substr(1, segment.size() - 2), std::string(path[i]));
      }
    }
    return &routes_[r];
  }
  return nullptr;
}

void Router::Dispatch(Request request, Reply answer) const {
  std::map<std::string, std::string> params;
  bool path_known = false;
  const Route* route = request.method == "TRACE" ? nullptr : Match(request, params, path_known);
  std::optional<Response> console_file;
  if (route == nullptr && !path_known && console_ && request.method == "GET" &&
      !IsApiPath(request.path)) {
    console_file = console_->Find(request.path);
  }
  // Labels come from the route table only: an unmatched request may carry any method or path.
  std::string_view pattern = route          ? std::string_view(route->pattern)
                             : console_file ? std::string_view("console")
                                            : std::string_view("unmatched");
  // The API's answers, problems included, in the language the request negotiates; the
  // console's files as they are.
  const std::optional<reference::Language> language =
      IsApiPath(request.path) ? std::optional(LanguageOf(request)) : std::nullopt;
  Reply reply = [this, answer = std::move(answer), method = route ? route->method : "any", pattern,
                 language, start = std::chrono::steady_clock::now()](Response response) {
    if (language) AnswerIn(*language, response);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    metrics_.Record(method, pattern, response.status, elapsed.count());
    spdlog::info("{} {} {} {}us", method, pattern, response.status,
                 static_cast<int64_t>(elapsed.count() * 1e6));
    answer(std::move(response));
  };
  if (route == nullptr) {
    if (path_known || request.method == "TRACE") {
      Response response = Problem(405, "this method is not allowed on this resource");
      return reply(std::move(response));
    }
    if (console_file) return reply(std::move(*console_file));
    return reply(Problem(404, "no such resource"));
  }

  service::Caller caller;
  caller.key_id = "anonymous";
  if (!route->permission.is_public()) {
    std::optional<std::string> token = BearerToken(request);
    const auto now = AuthThrottle::Clock::now();
    if (const int64_t wait = throttle_.RetryAfter(request.client, token.value_or(""), now)) {
      spdlog::warn("authentication refused for {} s after repeated failures from {}", wait,
                   request.client);
      Response refused = Problem(429, "too many failed authentications; try again later");
      refused.headers.emplace_back("Retry-After", std::to_string(wait));
      return reply(std::move(refused));
    }
    if (!token) {
      throttle_.Failed(request.client, "", now);
      return reply(Problem(Status::Unauthenticated("an API key is required")));
    }
    StatusOr<service::Caller> authenticated = service_.keys().Authenticate(*token);
    if (!authenticated.ok()) {
      if (authenticated.status().code() == StatusCode::kUnauthenticated) {
        throttle_.Failed(request.client, *token, now);
      }
      return reply(Problem(authenticated.status()));
    }
    caller = std::move(*authenticated);
    if (!route->permission.Allows(caller.role)) {
      if (!route->person_audit_action.empty()) {
        auto id = params.find("id");
        service_.AuditDenied(caller, route->person_audit_action,
                             id == params.end() ? std::string() : id->second);
      }
      return reply(Problem(Status::PermissionDenied("your role may not use this route")));
    }
  }

  if (request.method == "POST") {
    if (std::optional<std::string> key = request.Header("Idempotency-Key")) {
      if (!route->idempotent) {
        return reply(Problem(Status::InvalidArgument(
            "Idempotency-Key is accepted only on the POSTs that create a record (never on API "
            "keys, whose secret is shown once and never stored)",
            {{"Idempotency-Key", "not accepted on this route"}})));
      }
      return DispatchIdempotent(*route, *key,
                                Call{std::move(request), std::move(caller), std::move(params)},
                                std::move(reply));
    }
  }
  Run(*route, Call{std::move(request), std::move(caller), std::move(params)}, std::move(reply));
}

void Router::DispatchIdempotent(const Route& route, const std::string& key, Call call,
                                Reply reply) const {
  if (key.empty() || key.size() > 255) {
    return reply(Problem(Status::InvalidArgument("Idempotency-Key must be 1 to 255 characters",
                                                 {{"Idempotency-Key", "bad length"}})));
  }
  const std::string digest =
      crypto::Sha256Hex(call.request.method + " " + call.request.path + "\n" + call.request.body);
  StatusOr<std::optional<store::StoredResponse>> stored = service_.FindResponse(call.caller, key);
  if (!stored.ok()) return reply(Problem(stored.status()));
  if (*stored) return Replay(**stored, digest, call, std::move(reply));

  Call retry{call.request, call.caller, call.params};
  call.caller.idempotency =
      service::IdempotentRequest{key, digest, /*status=*/201, call.request.path};
  // A request with the same key that committed first rolled this one back: replay it.
  Reply settle = [this, key, digest, retry = std::move(retry), reply](Response response) {
    if (response.status < 300) return reply(std::move(response));
    StatusOr<std::optional<store::StoredResponse>> first = service_.FindResponse(retry.caller, key);
    if (first.ok() && *first) return Replay(**first, digest, retry, reply);
    reply(std::move(response));
  };
  Run(route, std::move(call), std::move(settle));
}

void Router::Replay(const store::StoredResponse& first, const std::string& request_hash,
                    const Call& retry, Reply reply) const {
  if (first.request_hash != request_hash) {
    return reply(Problem(
        Status::FailedPrecondition("this Idempotency-Key was used with a different request")));
  }
  Request read;
  read.method = "GET";
  read.path = first.location;
  read.headers = retry.request.headers;
  std::map<std::string, std::string> params;
  bool path_known = false;
  const Route* route = Match(read, params, path_known);
  if (route == nullptr || !route->permission.Allows(retry.caller.role)) {
    return reply(Problem(Status::NotFound("no such record")));
  }
  Run(*route, Call{std::move(read), retry.caller, std::move(params)},
      [first, reply](Response response) {
        if (response.status == 200) {
          response.status = first.status;
          response.headers.emplace_back("Location", first.location);
        }
        response.headers.emplace_back("Idempotent-Replayed", "true");
        reply(std::move(response));
      });
}

void Router::Run(const Route& route, Call call, Reply reply) const {
  try {
    route.handler(std::move(call), reply);
  } catch (const std::exception&) {
    // A handler that throws has not replied yet: its exceptions come from before any
    // asynchronous step (writes complete through callbacks, which never throw into here).
    reply(Problem(Status::Internal("handler failed")));
  }
}

}  // namespace homeward::api
