// The server's own limits at its edge: failed authentications throttled per client address and
// per key prefix, no listening beyond loopback without the front proxy, and no start with a plugin
// trust key file that cannot be read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "homeward/crypto/keyring.h"
#include "http_client.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

constexpr char kAdminKey[] = "limits-admin-key-0123456789abcdef";
const std::string kWrongKey = "wrongkey-0123456789abcdef0123456789";

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Auth(const std::string& key, const std::string& forwarded_for = "") {
  Headers headers = {{"Authorization", "Bearer " + key}};
  if (!forwarded_for.empty()) headers.emplace_back("X-Forwarded-For", forwarded_for);
  return headers;
}

TEST(AuthThrottleTest, RepeatedFailuresFromOneAddressAre429UntilTheWindowEnds) {
  TempDir dir;
  ServerProcess server(dir.File("t.db"), dir.File("server.log"), kAdminKey,
                       {"--auth-max-failures", "3", "--auth-window-seconds", "2"});
  ASSERT_TRUE(server.started()) << server.Output();
  HttpClient client(server.port());
  // X-Forwarded-For is not believed without --behind-proxy: every request is 127.0.0.1's.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        client.Send("GET", "/v1/individuals", "", Auth(kWrongKey, "10.0.0." + std::to_string(i)))
            .status,
        401);
  }
  HttpResponse refused = client.Send("GET", "/v1/individuals", "", Auth(kWrongKey, "10.0.0.9"));
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers["content-type"], "application/problem+json");
  const int retry_after =
      std::stoi(refused.headers["retry-after"].empty() ? "0" : refused.headers["retry-after"]);
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 2);
  // The address is held for everyone, the right key included, until the window ends.
  EXPECT_EQ(client.Send("GET", "/v1/individuals", "", Auth(kAdminKey)).status, 429);
  EXPECT_TRUE(client.Healthy());  // public routes are not throttled
  std::this_thread::sleep_for(std::chrono::seconds(retry_after) + std::chrono::milliseconds(200));
  HttpResponse metrics = client.Send("GET", "/v1/metrics", "", Auth(kAdminKey));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, ::testing::HasSubstr("homeward_auth_failures_total 3\n"));
  EXPECT_THAT(metrics.body, ::testing::HasSubstr("homeward_auth_throttled_total 2\n"));
  EXPECT_EQ(server.Output().find(kWrongKey.substr(0, 8)), std::string::npos)
      << "the log carries the key";
  EXPECT_THAT(server.Output(), ::testing::HasSubstr("repeated failures from 127.0.0.1"));
}

TEST(AuthThrottleTest, BehindTheProxyAddressesAndKeyPrefixesAreCountedApart) {
  TempDir dir;
  ServerProcess server(dir.File("t.db"), dir.File("server.log"), kAdminKey,
                       {"--auth-max-failures", "3", "--behind-proxy"});
  ASSERT_TRUE(server.started()) << server.Output();
  HttpClient client(server.port());
  // One address failing is held; another address behind the same proxy is not.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client
                  .Send("GET", "/v1/individuals", "",
                        Auth("x" + std::to_string(i) + kWrongKey, "203.0.113.7"))
                  .status,
              401);
  }
  EXPECT_EQ(client.Send("GET", "/v1/individuals", "", Auth(kAdminKey, "203.0.113.7")).status, 429);
  EXPECT_EQ(client.Send("GET", "/v1/individuals", "", Auth(kAdminKey, "198.51.100.1, 203.0.113.8"))
                .status,
            200);
  // One key replayed from many addresses is held by its prefix.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        client.Send("GET", "/v1/individuals", "", Auth(kWrongKey, "192.0.2." + std::to_string(i)))
            .status,
        401);
  }
  EXPECT_EQ(client.Send("GET", "/v1/individuals", "", Auth(kWrongKey, "192.0.2.200")).status, 429);
}

// homeward-server with `args` run to its end: its exit status and output.
std::pair<int, std::string> RunServer(const std::string& args) {
  CommandRun run = RunCommand((BinaryDir() / "api" / "homeward-server").string() + " " + args);
  return {run.status, run.output};
}

TEST(ListenTest, AnAddressBeyondLoopbackNeedsTheProxyOrAnExplicitChoice) {
  TempDir dir;
  auto [status, output] =
      RunServer("--listen 0.0.0.0:" + std::to_string(FreePort()) + " --db " + dir.File("l.db"));
  EXPECT_EQ(status, 2) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("--behind-proxy"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("l.db"))) << "the database was touched";
}

// A URL where HOST:PORT is wanted is named as such, not taken for a host beyond loopback (whose
// refusal would send the operator to the proxy).
TEST(ListenTest, AUrlIsRefusedAsNotHostAndPort) {
  TempDir dir;
  auto [status, output] = RunServer("--listen http://127.0.0.1:" + std::to_string(FreePort()) +
                                    " --db " + dir.File("l.db"));
  EXPECT_EQ(status, 2) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("--listen wants HOST:PORT"));
  EXPECT_THAT(output, ::testing::Not(::testing::HasSubstr("--behind-proxy")));
  EXPECT_FALSE(std::filesystem::exists(dir.File("l.db"))) << "the database was touched";
}

// A --plugin-trust-key file that is missing or holds anything but public keys stops the server
// before it opens the database: starting without the key would refuse every plugin it signed.
TEST(PluginTrustKeyTest, MissingOrMalformedKeyFileIsAStartupError) {
  TempDir dir;
  const std::string db = dir.File("t.db");
  ASSERT_TRUE(crypto::WriteKeyFile(KeyFileFor(db), crypto::Keyring::Generate(), false).ok());
  const std::string start = "--listen 127.0.0.1:" + std::to_string(FreePort()) + " --db " + db +
                            " --key-file " + KeyFileFor(db) + " --plugins " +
                            (BinaryDir() / "plugins").string() + " --plugin-trust-key ";

  auto [missing_status, missing] = RunServer(start + dir.File("none.pub"));
  EXPECT_EQ(missing_status, 1) << missing;
  EXPECT_THAT(missing, ::testing::HasSubstr("cannot start: --plugin-trust-key: public key file " +
                                            dir.File("none.pub") + " does not exist"));

  std::FILE* malformed = std::fopen(dir.File("bad.pub").c_str(), "w");
  ASSERT_NE(malformed, nullptr);
  std::fputs("# a secret key by mistake\nnot-a-public-key\n", malformed);
  std::fclose(malformed);
  auto [bad_status, bad] = RunServer(start + dir.File("bad.pub"));
  EXPECT_EQ(bad_status, 1) << bad;
  EXPECT_THAT(bad, ::testing::HasSubstr("bad.pub, line 2: not a public key"));
  EXPECT_FALSE(std::filesystem::exists(db)) << "the database was touched";
}

}  // namespace
}  // namespace homeward::testing
