// The web console served by a real server (docs/console.md): its files at / with the strict
// security headers and their media types, the Khmer font, the API unchanged under /v1, and every
// other unknown path still a 404 problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "http_client.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAdminKey[] = "console-admin-key-0123456789abcdef";

void ExpectSecurityHeaders(HttpResponse& r, const std::string& path) {
  const std::string csp = r.headers["content-security-policy"];
  EXPECT_THAT(csp, HasSubstr("default-src 'none'")) << path;
  EXPECT_THAT(csp, HasSubstr("script-src 'self'")) << path;
  EXPECT_THAT(csp, HasSubstr("style-src 'self'")) << path;
  EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'")) << path;
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-inline"))) << path;
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-eval"))) << path;
  EXPECT_EQ(r.headers["x-frame-options"], "DENY") << path;
  EXPECT_EQ(r.headers["referrer-policy"], "no-referrer") << path;
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << path;
}

class ConsoleTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& args = {}) {
    server_ = std::make_unique<ServerProcess>(dir_.File("console.db"), dir_.File("server.log"),
                                              kAdminKey, args);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(ConsoleTest, ServesItsFilesWithStrictHeadersAndTheirMediaTypes) {
  Start();
  const std::pair<std::string, std::string> files[] = {
      {"/", "text/html; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/js/app.js", "text/javascript; charset=utf-8"},
      {"/css/console.css", "text/css; charset=utf-8"},
      {"/fonts/NotoSansKhmer-Regular.ttf", "font/ttf"},
      {"/reference/skills.json", "application/json"},
  };
  for (const auto& [path, type] : files) {
    HttpResponse r = client_->Send("GET", path);
    ASSERT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_EQ(r.headers["content-type"], type) << path;
    EXPECT_FALSE(r.body.empty()) << path;
    ExpectSecurityHeaders(r, path);
  }
}

TEST_F(ConsoleTest, ThePageHasNoInlineScriptOrStyle) {
  Start();
  HttpResponse page = client_->Send("GET", "/");
  ASSERT_EQ(page.status, 200);
  // Every script names its file and no element carries a style attribute: the policy would
  // refuse either, so the page would break in the browser.
  for (size_t at = page.body.find("<script"); at != std::string::npos;
       at = page.body.find("<script", at + 1)) {
    const std::string tag = page.body.substr(at, page.body.find('>', at) - at);
    EXPECT_THAT(tag, HasSubstr("src=")) << tag;
  }
  EXPECT_THAT(page.body, Not(HasSubstr("<style")));
  EXPECT_THAT(page.body, Not(HasSubstr("style=")));
  EXPECT_THAT(page.body, Not(HasSubstr("http://")));
  EXPECT_THAT(page.body, Not(HasSubstr("https://")));  // nothing from a CDN
}

TEST_F(ConsoleTest, TheApiIsUnchangedAndUnknownPathsStillAnswer404Problems) {
  Start();
  HttpResponse health = client_->Send("GET", "/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.headers["content-type"], "application/json");
  HttpResponse keys = client_->Send("GET", "/v1/api-keys", "",
                                    {{"Authorization", std::string("Bearer ") + kAdminKey}});
  EXPECT_EQ(keys.status, 200) << keys.body;
  EXPECT_EQ(client_->Send("GET", "/v1/api-keys").status, 401);

  for (const char* path :
       {"/nope", "/js/nope.js", "/v1", "/v1/", "/v1/index.html", "/v1/js/app.js",
        "/%2e%2e/CMakeCache.txt", "/../CMakeCache.txt", "/CTestTestfile.cmake"}) {
    HttpResponse r = client_->Send("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.headers["content-type"], "application/problem+json") << path;
  }
  // The console answers GET only.
  EXPECT_EQ(client_->Send("POST", "/", "{}", {{"Content-Type", "application/json"}}).status, 404);
  EXPECT_EQ(client_->Send("DELETE", "/index.html").status, 404);
}

TEST_F(ConsoleTest, ServesTheFolderGivenAndNeverItsDotFiles) {
  const std::filesystem::path console = dir_.path() / "console";
  std::filesystem::create_directories(console / ".git");
  std::ofstream(console / "index.html") << "<!doctype html><title>mine</title>";
  std::ofstream(console / ".env") << "SECRET=1";
  std::ofstream(console / ".git" / "config") << "[core]";
  Start({"--console-dir", console.string()});
  HttpResponse page = client_->Send("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("mine"));
  EXPECT_EQ(client_->Send("GET", "/.env").status, 404);
  EXPECT_EQ(client_->Send("GET", "/.git/config").status, 404);
}

TEST_F(ConsoleTest, NoneServesNoConsole) {
  Start({"--console-dir", "none"});
  EXPECT_EQ(client_->Send("GET", "/").status, 404);
  EXPECT_EQ(client_->Send("GET", "/v1/health").status, 200);
}

}  // namespace
}  // namespace homeward::testing
