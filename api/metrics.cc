#include "metrics.h"

#include <cstdio>

namespace homeward::api {
namespace {

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

void RequestMetrics::Record(std::string_view method, std::string_view route, int status,
                            double seconds) {
  MutexLock lock(&mu_);
  ++requests_[{std::string(route), std::string(method), status}];
  Latency& latency = latency_[{std::string(route), std::string(method)}];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  if (bucket < kBuckets.size()) ++latency.buckets[bucket];
  ++latency.count;
  latency.sum += seconds;
}

void RequestMetrics::Render(std::string& out) const {
  MutexLock lock(&mu_);
  out += "# HELP homeward_http_requests_total Requests answered, by route, method and status.\n";
  out += "# TYPE homeward_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += "homeward_http_requests_total{route=\"" + route + "\",method=\"" + method +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP homeward_http_request_duration_seconds Time to answer, by route and method.\n";
  out += "# TYPE homeward_http_request_duration_seconds histogram\n";
  for (const auto& [key, latency] : latency_) {
    const std::string labels = "route=\"" + key.first + "\",method=\"" + key.second + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      out += "homeward_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             Number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "homeward_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(latency.count) + "\n";
    out +=
        "homeward_http_request_duration_seconds_sum{" + labels + "} " + Number(latency.sum) + "\n";
    out += "homeward_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(latency.count) + "\n";
  }
}

}  // namespace homeward::api
