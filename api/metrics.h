// Request metrics for GET /v1/metrics: a count per route, method and status, and a latency
// histogram per route and method, rendered in the Prometheus text exposition format (version
// 0.0.4). Labels carry route patterns ("/v1/individuals/{id}"), never ids or other personal data.
//
// Thread-safety: Record and Render may be called from any number of threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "homeward/base/mutex.h"

namespace homeward::api {

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (the last bucket, +Inf, is implicit).
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   2.5};

  void Record(std::string_view method, std::string_view route, int status, double seconds);

  // Appends the request series to `out`.
  void Render(std::string& out) const;

 private:
  struct Latency {
    std::array<uint64_t, kBuckets.size()> buckets{};  // non-cumulative counts
    uint64_t count = 0;
    double sum = 0;
  };
  mutable Mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_ HW_GUARDED_BY(mu_);
  std::map<std::pair<std::string, std::string>, Latency> latency_ HW_GUARDED_BY(mu_);
};

}  // namespace homeward::api
