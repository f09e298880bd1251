// The router: the route table of the API (method, path pattern, permission, handler) and the
// dispatch of a request to its handler after authentication and the route's role check.
//
// Every route declares its permission: public, or the roles that may call it. A route added
// without one is refused at start-up (and tests walk the table to prove every route has one).
// Per-record scope (an officer's provinces, an employer's own records) is the service layer's.
//
// Thread-safety: routes are added before the server starts; after that the Router is immutable
// and Dispatch may run on any number of threads at once.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth_throttle.h"
#include "console.h"
#include "homeward/model/access.h"
#include "homeward/service/homeward.h"
#include "http/message.h"
#include "metrics.h"

namespace homeward::api {

// Who may call a route.
class Permission {
 public:
  // Undeclared: refused by Router::Add.
  Permission() = default;
  // Anyone, without an API key.
  static Permission Public();
  // Callers holding a key of one of these roles.
  static Permission Roles(std::initializer_list<model::Role> roles);

  bool declared() const { return declared_; }
  bool is_public() const { return public_; }
  bool Allows(model::Role role) const;
  const std::vector<model::Role>& roles() const { return roles_; }

 private:
  bool declared_ = false;
  bool public_ = false;
  std::vector<model::Role> roles_;
};

// One request as a handler receives it: the request, who sent it, and the path parameters.
struct Call {
  Request request;
  service::Caller caller;
  std::map<std::string, std::string> params;  // "{id}" in the pattern -> "id"

  const std::string& Param(const std::string& name) const { return params.at(name); }
};

// Handles a call and completes it through `reply`, now or later, from any thread.
using Handler = std::function<void(Call call, Reply reply)>;

struct Route {
  std::string method;   // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;  // "/v1/individuals/{id}"
  Permission permission;
  // Set for routes that read or change a person's record: the audit action written when the
  // route refuses the caller ("individual.read"); the subject is the "{id}" parameter.
  std::string person_audit_action;
  Handler handler;
  // A POST that creates a record at pattern + "/" + id (201 with Location): an Idempotency-Key
  // makes its retries replay the record, read again. Any other route refuses the header.
  bool idempotent = false;
};

class Router {
 public:
  explicit Router(service::Homeward& service, AuthThrottle::Limits throttle = {})
      : service_(service), throttle_(throttle) {}

  // Adds a route. Throws std::logic_error for a route without a declared permission or a
  // duplicate (method, pattern): a programming error found at start-up.
  void Add(Route route);

  // Serves the console's files for GET of a path outside /v1 that no route claims; without it
  // such paths answer 404 like any unknown path. Call before the server starts.
  void ServeConsole(ConsoleFiles console) { console_ = std::move(console); }
  bool serves_console() const { return console_.has_value(); }

  // Authenticates, checks the route's permission and runs its handler; answers a console file
  // (ServeConsole) for GET of its path, 404 for an unknown path, 405 for a known path with another
  // method (and always for TRACE), 401 and 403.
  void Dispatch(Request request, Reply reply) const;

  const std::vector<Route>& routes() const { return routes_; }

  // Counts and latencies of the requests dispatched so far.
  const RequestMetrics& metrics() const { return metrics_; }
  // Failed authentications and the requests refused for them.
  const AuthThrottle& throttle() const { return throttle_; }

 private:
  // Replays what the first POST with this Idempotency-Key created, or runs the POST with the key
  // for the service to keep in the creating transaction.
  void DispatchIdempotent(const Route& route, const std::string& key, Call call, Reply reply) const;
  // Answers a retry: the record the first request created, read again through its GET route
  // (404 once erased), with the first status and Location; 409 for a different request.
  void Replay(const store::StoredResponse& first, const std::string& request_hash,
              const Call& retry, Reply reply) const;
  // Runs the route's handler, answering 500 if it throws before replying.
  void Run(const Route& route, Call call, Reply reply) const;
  const Route* Match(const Request& request, std::map<std::string, std::string>& params,
                     bool& path_known) const;

  service::Homeward& service_;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // of each route's pattern, split at Add
  std::optional<ConsoleFiles> console_;
  mutable RequestMetrics metrics_;
  mutable AuthThrottle throttle_;
};

}  // namespace homeward::api
