// libFuzzer target: requests through the router and every route's handler, against a real
// service on a SQLite file, as an admin (the role that reaches every route). The input is
// "METHOD TARGET\nBODY": the target's path is matched against the route table and its query
// split into parameters as the listener hands them over (cpprestsdk's percent-decoding is left
// out: it runs before our code). Every request must be answered exactly once, in time, with a
// status the API uses; an error must be a problem+json body that parses.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "homeward/service/homeward.h"
#include "resources/resources.h"
#include "router.h"

namespace {

constexpr char kAdminKey[] = "fuzz-admin-key-0123456789abcdefghij";

struct World {
  std::unique_ptr<homeward::service::Homeward> service;
  std::unique_ptr<homeward::api::Router> router;
};

World& TheWorld() {
  static World* world = [] {
    spdlog::set_level(spdlog::level::off);  // a log line per request would halve the rate
    static char dir[] = "/tmp/homeward-router-fuzz-XXXXXX";
    if (mkdtemp(dir) == nullptr) __builtin_trap();
    // The database goes with the run (libFuzzer ends with exit()).
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    homeward::service::Options options;
    options.db_path = (std::filesystem::path(dir) / "fuzz.db").string();
    auto service = homeward::service::Homeward::Open(options);
    if (!service.ok()) __builtin_trap();
    auto made = (*service)->EnsureAdminKey(
        std::string(kAdminKey), [](const std::string&) { return homeward::Status::Ok(); });
    if (!made.ok()) __builtin_trap();
    auto* w = new World{std::move(*service), nullptr};
    w->router = std::make_unique<homeward::api::Router>(*w->service);
    homeward::api::RegisterAll(*w->router, *w->service, {"fuzz"});
    return w;
  }();
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t line_end = std::min(input.find('\n'), input.size());
  const std::string_view line = input.substr(0, line_end);
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  homeward::api::Request request;
  request.method = std::string(line.substr(0, space));
  const std::string_view target = line.substr(space + 1);
  const size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const size_t equals = pair.find('=');
      request.query[std::string(pair.substr(0, equals))] =
          equals == std::string_view::npos ? "" : std::string(pair.substr(equals + 1));
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
  }
  request.headers["Authorization"] = std::string("Bearer ") + kAdminKey;
  request.headers["Content-Type"] = "application/json";
  if (line_end < input.size()) request.body = std::string(input.substr(line_end + 1));
  request.client = "127.0.0.1";

  auto answered = std::make_shared<std::promise<homeward::api::Response>>();
  std::future<homeward::api::Response> response = answered->get_future();
  TheWorld().router->Dispatch(std::move(request), [answered](homeward::api::Response r) {
    answered->set_value(std::move(r));  // a second reply throws: a finding
  });
  if (response.wait_for(std::chrono::seconds(20)) != std::future_status::ready) __builtin_trap();
  const homeward::api::Response r = response.get();
  if (r.status < 200 || r.status > 599) __builtin_trap();
  if (r.status >= 400) {
    if (r.content_type != "application/problem+json") __builtin_trap();
    if (nlohmann::json::parse(r.body, nullptr, false).is_discarded()) __builtin_trap();
  }
  return 0;
}
