// The front proxy as shipped: Debian's nginx runs deploy/nginx/homeward.conf (its ports and
// certificate paths replaced, nothing else) with a test certificate, in front of a real
// homeward-server, and holds the limits the server's own listener lacks.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

constexpr char kAdminKey[] = "proxy-admin-key-0123456789abcdef0123";
constexpr char kNginx[] = "/usr/sbin/nginx";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Resident memory of a process, in KiB (0 when unknown).
long RssKib(pid_t pid) {
  std::istringstream status(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

class ProxyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(::access(kNginx, X_OK), 0) << "nginx is not installed (scripts/install-deps)";
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->File("homeward.db"), dir_->File("server.log"), kAdminKey,
                                {"--behind-proxy"});
    ASSERT_TRUE(server_->started()) << server_->Output();

    const std::string cert = dir_->File("cert.pem");
    const std::string key = dir_->File("key.pem");
    CommandRun made = RunCommand(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
        "-keyout " +
        key + " -out " + cert);
    ASSERT_EQ(made.status, 0) << made.output;

    // The shipped site, with only what differs on this machine replaced.
    std::string site = ReadFile((SourceDir() / "deploy" / "nginx" / "homeward.conf").string());
    ASSERT_FALSE(site.empty());
    https_port_ = FreePort();
    Replace(site, "server 127.0.0.1:8080;",
            "server 127.0.0.1:" + std::to_string(server_->port()) + ";");
    Replace(site, "listen 443 ssl", "listen 127.0.0.1:" + std::to_string(https_port_) + " ssl");
    Replace(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(FreePort()) + ";");
    Replace(site, "/etc/ssl/homeward/fullchain.pem", cert);
    Replace(site, "/etc/ssl/homeward/privkey.pem", key);
    std::ofstream(dir_->File("homeward.conf")) << site;
    // What /etc/nginx/nginx.conf gives on Debian, reduced to a folder of the test's own.
    std::ofstream(dir_->File("nginx.conf"))
        << (::geteuid() == 0 ? "user root;\n" : "") << "worker_processes 1;\n"
        << "pid " << dir_->File("nginx.pid") << ";\n"
        << "error_log " << dir_->File("nginx-error.log") << " info;\n"
        << "events { worker_connections 1024; }\n"
        << "http {\n  access_log " << dir_->File("nginx-access.log") << ";\n"
        << "  client_body_temp_path " << dir_->path().string() << "/client_body;\n"
        << "  proxy_temp_path " << dir_->path().string() << "/proxy;\n"
        << "  include " << dir_->File("homeward.conf") << ";\n}\n";
    CommandRun checked = RunCommand(std::string(kNginx) + " -t -p " + dir_->path().string() +
                                    " -c " + dir_->File("nginx.conf"));
    ASSERT_EQ(checked.status, 0) << "nginx -t refuses the shipped config:\n" << checked.output;

    nginx_ = ::fork();
    if (nginx_ == 0) {
      const int log = ::open(dir_->File("nginx.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(log, 1);
      ::dup2(log, 2);
      ::execl(kNginx, kNginx, "-p", dir_->path().c_str(), "-c", dir_->File("nginx.conf").c_str(),
              "-g", "daemon off;", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && Curl("-o /dev/null", "/v1/health").output != "200"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(Curl("-o /dev/null", "/v1/health").output, "200")
        << ReadFile(dir_->File("nginx-error.log"));
  }

  static void TearDownTestSuite() {
    if (nginx_ > 0) {
      ::kill(nginx_, SIGQUIT);
      int status = 0;
      ::waitpid(nginx_, &status, 0);
    }
    delete server_;
    delete dir_;
  }

  static std::string Url(const std::string& path) {
    return "https://localhost:" + std::to_string(https_port_) + path;
  }

  // curl through the proxy over TLS (the test certificate is self-signed), HTTP/1.1; the output
  // is what `-w` prints after `options`.
  static CommandRun Curl(const std::string& options, const std::string& path,
                         const std::string& write_out = "%{http_code}") {
    return RunCommand("curl -sk --http1.1 --max-time 30 -w '" + write_out + "' " + options + " '" +
                      Url(path) + "'");
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static pid_t nginx_;
  static int https_port_;
};

TempDir* ProxyTest::dir_ = nullptr;
ServerProcess* ProxyTest::server_ = nullptr;
pid_t ProxyTest::nginx_ = -1;
int ProxyTest::https_port_ = 0;

TEST_F(ProxyTest, ServesTheApiOverTlsWithTheClientsAddress) {
  CommandRun list = Curl("-o /dev/null -H 'Authorization: Bearer " + std::string(kAdminKey) + "'",
                         "/v1/individuals?limit=1");
  EXPECT_EQ(list.output, "200");
}

// The console's files pass through with the server's security headers; other paths are 404, and
// nothing but GET reaches the console.
TEST_F(ProxyTest, PassesTheConsoleOnWithItsSecurityHeaders) {
  CommandRun page = Curl("-D - -o /dev/null", "/", "");
  std::string headers = page.output;
  std::transform(headers.begin(), headers.end(), headers.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_THAT(headers, ::testing::HasSubstr(" 200")) << page.output;
  EXPECT_THAT(headers, ::testing::HasSubstr("x-frame-options: deny")) << page.output;
  EXPECT_THAT(headers, ::testing::HasSubstr("content-security-policy: default-src 'none'"));
  EXPECT_EQ(Curl("-o /dev/null", "/no-such-file").output, "404");
  EXPECT_EQ(Curl("-o /dev/null -X POST -d x", "/").output, "403");
}

// Regression: the server read a POST announcing 300 MB to its end into memory (RSS 21 -> 323 MB)
// before its 413.
TEST_F(ProxyTest, A300MegabyteUploadIs413WithoutReachingTheServer) {
  const long before = RssKib(server_->pid());
  // A sparse file: curl announces its 300 MB and streams it.
  const std::string big = dir_->File("upload.json");
  std::ofstream(big).close();
  ASSERT_EQ(::truncate(big.c_str(), 314572800), 0);
  CommandRun upload = Curl(
      "-o /dev/null -X POST -H 'Content-Type: application/json' "
      "-H 'Authorization: Bearer " +
          std::string(kAdminKey) + "' -T " + big,
      "/v1/individuals");
  EXPECT_EQ(upload.output.substr(0, 3), "413") << upload.output;
  const long after = RssKib(server_->pid());
  EXPECT_LT(after - before, 20 * 1024)
      << "server RSS grew from " << before << " to " << after << " KiB";
  // Chunked, with no length announced: refused once 1 MiB has arrived.
  CommandRun chunked = RunCommand(
      "head -c 10485760 /dev/zero | curl -sk --http1.1 --max-time 60 -o /dev/null "
      "-w '%{http_code}' -X POST -H 'Content-Type: application/json' "
      "-H 'Transfer-Encoding: chunked' -T - '" +
      Url("/v1/individuals") + "'");
  EXPECT_EQ(chunked.output.substr(0, 3), "413") << chunked.output;
}

TEST_F(ProxyTest, SixtyFourKibibytesOfHeadersAreRefused) {
  CommandRun big =
      Curl("-o /dev/null -H 'X-Padding: " + std::string(64 * 1024, 'a') + "'", "/v1/health");
  EXPECT_EQ(big.output, "400") << big.output;
  CommandRun many = Curl(
      [] {
        std::string headers = "-o /dev/null";
        for (int i = 0; i < 16; ++i)
          headers += " -H 'X-Pad-" + std::to_string(i) + ": " + std::string(4000, 'b') + "'";
        return headers;
      }(),
      "/v1/health");
  EXPECT_EQ(many.output, "400") << many.output;
}

TEST_F(ProxyTest, TlsBelow12IsRefused) {
  const std::string connect = "openssl s_client -connect 127.0.0.1:" + std::to_string(https_port_) +
                              " -servername localhost -cipher 'DEFAULT:@SECLEVEL=0' ";
  CommandRun old = RunCommand(connect + "-tls1_1 < /dev/null");
  EXPECT_NE(old.status, 0) << old.output;
  // The client did offer TLS 1.1 (rather than refusing to), and the proxy said no.
  EXPECT_THAT(old.output, ::testing::Not(::testing::HasSubstr("no protocols available")));
  EXPECT_THAT(old.output, ::testing::HasSubstr("alert protocol version"));
  CommandRun current = RunCommand(connect + "-tls1_2 < /dev/null");
  EXPECT_THAT(current.output, ::testing::HasSubstr("Protocol  : TLSv1.2")) << current.output;
}

// Connections that open and never finish a request are closed by client_header_timeout (10 s)
// while the API keeps answering quickly.
TEST_F(ProxyTest, SlowConnectionsAreClosedAndHealthStaysQuick) {
  std::vector<int> slow;
  for (int i = 0; i < 200; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(https_port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::send(fd, "\x16\x03\x01", 3, MSG_NOSIGNAL), 3);  // a TLS record header, no more
    slow.push_back(fd);
  }
  double slowest = 0;
  for (int i = 0; i < 5; ++i) {
    CommandRun health = Curl("-o /dev/null", "/v1/health", "%{http_code} %{time_total}");
    ASSERT_EQ(health.output.substr(0, 3), "200") << health.output;
    slowest = std::max(slowest, std::stod(health.output.substr(4)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  EXPECT_LT(slowest, 0.1) << "health took " << slowest << " s with 200 slow connections open";

  std::this_thread::sleep_for(std::chrono::seconds(11));
  int closed = 0;
  for (int fd : slow) {
    char byte = 0;
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    const ssize_t got = ::recv(fd, &byte, 1, 0);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) ++closed;
    ::close(fd);
  }
  EXPECT_EQ(closed, 200);
}

// Last: it spends this address's allowance.
TEST_F(ProxyTest, ZzPerAddressRateLimitAnswers429) {
  std::string urls;
  for (int i = 0; i < 100; ++i) urls += " -o /dev/null '" + Url("/v1/health") + "'";
  CommandRun burst = RunCommand("curl -sk --http1.1 -w '%{http_code}\\n'" + urls);
  int ok = 0, limited = 0;
  std::istringstream codes(burst.output);
  for (std::string code; std::getline(codes, code);) {
    ok += code == "200";
    limited += code == "429";
  }
  EXPECT_GE(ok, 20) << burst.output;
  EXPECT_GE(limited, 1) << burst.output;
  EXPECT_EQ(ok + limited, 100) << burst.output;
}

}  // namespace
}  // namespace homeward::testing
