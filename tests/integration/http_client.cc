#include "http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace homeward::testing {

namespace {

bool WriteAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Reads until the response is complete (by Content-Length) or the peer closes.
std::string ReadResponse(int fd) {
  std::string data;
  char buffer[65536];
  size_t expected = std::string::npos;
  for (;;) {
    if (expected == std::string::npos) {
      const size_t end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::string head = Lower(data.substr(0, end));
        const size_t at = head.find("\r\ncontent-length:");
        expected = end + 4 + (at == std::string::npos ? 0 : std::stoul(head.substr(at + 17)));
      }
    }
    if (expected != std::string::npos && data.size() >= expected) break;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  return data;
}

HttpResponse ParseResponse(const std::string& raw) {
  HttpResponse response;
  const size_t end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return response;
  response.status = std::stoi(raw.substr(9, 3));
  size_t line = raw.find("\r\n") + 2;
  while (line < end) {
    const size_t next = raw.find("\r\n", line);
    const std::string header = raw.substr(line, next - line);
    const size_t colon = header.find(':');
    if (colon != std::string::npos) {
      std::string value = header.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      response.headers[Lower(header.substr(0, colon))] = value;
    }
    line = next + 2;
  }
  response.body = raw.substr(end + 4);
  return response;
}

// Every sentence of a problem carries its code and params, so that a client can read it in Khmer
// (docs/api.md, "Languages"). Checked on every problem that any integration test provokes.
void ExpectEverySentenceCoded(const HttpResponse& response) {
  auto type = response.headers.find("content-type");
  if (type == response.headers.end() || type->second.find("problem+json") == std::string::npos ||
      response.headers.count("content-encoding") > 0) {
    return;
  }
  const nlohmann::json body = response.Json();
  if (!body.is_object()) return;
  if (body.contains("detail") && !body.contains("code")) {
    ADD_FAILURE() << "a problem detail without a code: " << body["detail"];
  }
  for (const auto& error : body.value("errors", nlohmann::json::array())) {
    if (!error.contains("code")) {
      ADD_FAILURE() << "a field error without a code: " << error.value("path", "") << " "
                    << error.value("message", "");
    }
  }
}

}  // namespace

int HttpClient::Connect() const {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

HttpResponse HttpClient::Send(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool chunked = false;
  for (const auto& [name, value] : headers) {
    request += name + ": " + value + "\r\n";
    chunked = chunked || Lower(name) == "transfer-encoding";
  }
  if (!chunked && (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT")) {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  HttpResponse response = ParseResponse(SendRaw(request));
  ExpectEverySentenceCoded(response);
  return response;
}

std::string HttpClient::SendRaw(const std::string& bytes) const {
  const int fd = Connect();
  if (fd < 0) return {};
  std::string answer;
  // A server may answer (413) before it has read everything; read what came back regardless.
  WriteAll(fd, bytes);
  answer = ReadResponse(fd);
  ::close(fd);
  return answer;
}

void HttpClient::SendAndDrop(const std::string& bytes) const {
  const int fd = Connect();
  if (fd < 0) return;
  WriteAll(fd, bytes);
  linger hard{1, 0};  // reset, not a polite close
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::close(fd);
}

bool HttpClient::Healthy() const {
  return Send("GET", "/v1/health").status == 200;
}

}  // namespace homeward::testing
