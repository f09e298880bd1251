// A minimal blocking HTTP/1.1 client for the integration tests: one connection per request, raw
// control over what is sent (huge bodies, chunked bodies, connections dropped half-way).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "gunzip.h"

namespace homeward::testing {

struct HttpResponse {
  int status = 0;                              // 0 when no response arrived
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}

  // Sends one request and reads the whole response. `headers` are added as given;
  // Content-Length is added for a non-empty body unless `headers` sets Transfer-Encoding.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = {},
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

  // Sends raw bytes and returns the raw answer (up to the connection's close or a timeout).
  std::string SendRaw(const std::string& bytes) const;

  // Connects, sends `bytes` and closes at once without reading.
  void SendAndDrop(const std::string& bytes) const;

  // True when GET /v1/health answers 200.
  bool Healthy() const;

 private:
  int Connect() const;
  int port_;
};

}  // namespace homeward::testing
