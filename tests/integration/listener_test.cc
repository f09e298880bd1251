// The HTTP listener alone, as a leaf of the API: a handler of the test's own (no router, no
// service) behind a real cpprestsdk listener on 127.0.0.1, spoken to over a raw socket. It hands
// the handler requests as our own plain values and renders its own refusals through the
// server's Refusal.
#include "http/listener.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "http_client.h"
#include "server_process.h"

namespace homeward::api::http {
namespace {

using ::homeward::testing::FreePort;
using ::homeward::testing::HttpClient;

// Echoes what it was handed: method, decoded path and query, client and body size.
void Echo(Request request, Reply reply) {
  if (request.path == "/throws") throw std::runtime_error("a handler's bug");
  Response response;
  response.content_type = "text/plain";
  response.body = request.method + " " + request.path + " q=" + request.Query("q").value_or("-") +
                  " client=" + request.client + " body=" + std::to_string(request.body.size());
  reply(std::move(response));
}

// Shows which refusal the listener asked for: its code and message.
Response Refuse(const Status& why) {
  Response response;
  response.status = why.code() == StatusCode::kResourceExhausted ? 413
                    : why.code() == StatusCode::kInternal        ? 500
                                                                 : 400;
  response.content_type = "text/plain";
  response.body = std::string(StatusCodeName(why.code())) + ": " + why.message();
  return response;
}

class ListenerTest : public ::testing::Test {
 protected:
  void Start(Limits limits) {
    port_ = FreePort();
    listener_ = std::make_unique<Listener>("127.0.0.1", port_, &Echo, &Refuse, limits);
    ASSERT_TRUE(listener_->Open().ok());
  }
  void TearDown() override {
    if (listener_) listener_->Close();
  }
  HttpClient client() const { return HttpClient(port_); }

  int port_ = 0;
  std::unique_ptr<Listener> listener_;
};

TEST_F(ListenerTest, HandsTheHandlerDecodedPlainRequests) {
  Start({});
  const auto r = client().Send("POST", "/a%20b?q=x%2By", "hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST /a b q=x+y client=127.0.0.1 body=5");
  // TRACE and OPTIONS reach the handler too: cpprestsdk would answer them itself.
  EXPECT_EQ(client().Send("OPTIONS", "/x").body, "OPTIONS /x q=- client=127.0.0.1 body=0");
  EXPECT_EQ(client().Send("TRACE", "/x").body, "TRACE /x q=- client=127.0.0.1 body=0");
}

TEST_F(ListenerTest, RefusesWhatItCannotHandOn) {
  Start({/*max_body_bytes=*/16, /*behind_proxy=*/false});
  const auto bad_query = client().Send("GET", "/x?q=%zz");
  EXPECT_EQ(bad_query.status, 400);
  EXPECT_EQ(bad_query.body, "INVALID_ARGUMENT: the path or query is not well-formed");
  const auto declared = client().Send("POST", "/x", std::string(17, 'a'));
  EXPECT_EQ(declared.status, 413);
  EXPECT_EQ(declared.body, "RESOURCE_EXHAUSTED: the request body is larger than 16 bytes");
  const auto chunked = client().Send("POST", "/x", "11\r\naaaaaaaaaaaaaaaaa\r\n0\r\n\r\n",
                                     {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(chunked.status, 413);
  const auto threw = client().Send("GET", "/throws");
  EXPECT_EQ(threw.status, 500);
  EXPECT_EQ(threw.body, "INTERNAL: the handler threw");
  EXPECT_EQ(client().Send("POST", "/x", std::string(16, 'a')).status, 200) << "at the limit";
}

TEST_F(ListenerTest, TheClientIsTheProxysLastAddressOnlyBehindAProxy) {
  Start({size_t{1} << 20, /*behind_proxy=*/true});
  EXPECT_EQ(client().Send("GET", "/x", {}, {{"X-Forwarded-For", "10.0.0.1, 192.0.2.7"}}).body,
            "GET /x q=- client=192.0.2.7 body=0");
  listener_->Close();
  listener_.reset();
  Start({});
  EXPECT_EQ(client().Send("GET", "/x", {}, {{"X-Forwarded-For", "192.0.2.7"}}).body,
            "GET /x q=- client=127.0.0.1 body=0");
}

}  // namespace
}  // namespace homeward::api::http
