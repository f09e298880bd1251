// The HTTP request and response as the router and the resource handlers see them: plain values,
// no cpprestsdk types (only api/http/listener.cc speaks cpprestsdk).
//
// Thread-safety: plain values; a Reply may be called from any thread, exactly once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace homeward::api {

// Compares header names without regard to case, as HTTP does.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct Request {
  std::string method;                        // "GET", "POST", ...
  std::string path;                          // decoded, without the query
  std::map<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  // The client's address: the connection's peer, or with --behind-proxy the address the proxy
  // appended last to X-Forwarded-For.
  std::string client;

  // The header's value, or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
  // The query parameter's value, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Sent instead of `body` when set: a body shared with a cache of the handler's, whose
  // compressed form the listener keeps as long as the body lives.
  std::shared_ptr<const std::string> shared_body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
};

// Completes a request; called exactly once, from any thread.
using Reply = std::function<void(Response)>;

}  // namespace homeward::api
