// The service's time is the clock in its options (base/clock.h), for everything it does: the
// stored times of records and the dates that decide eligibility. A service opened on a FixedClock
// in March 2027, driven through the real router, stamps and judges by that clock alone; run on
// the system's clock instead, each expectation below fails.
#include "homeward/base/clock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include "homeward/service/homeward.h"
#include "resources/resources.h"
#include "router.h"
#include "samples.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kAdminKey[] = "clock-admin-key-0123456789abcdefghij";

class ClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service::Options options;
    options.db_path = dir_.File("clock.db");
    options.clock = &clock_;
    auto service = service::Homeward::Open(options);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = std::move(*service);
    ASSERT_TRUE(service_
                    ->EnsureAdminKey(std::string(kAdminKey),
                                     [](const std::string&) { return Status::Ok(); })
                    .ok());
    router_ = std::make_unique<api::Router>(*service_);
    api::RegisterAll(*router_, *service_, {"test"});
  }

  // One request through the router as the admin; its answer.
  api::Response Send(const std::string& method, const std::string& path, const json& body = {}) {
    api::Request request;
    request.method = method;
    request.path = path;
    request.headers["Authorization"] = std::string("Bearer ") + kAdminKey;
    request.headers["Content-Type"] = "application/json";
    if (!body.is_null()) request.body = body.dump();
    request.client = "127.0.0.1";
    auto answered = std::make_shared<std::promise<api::Response>>();
    std::future<api::Response> response = answered->get_future();
    router_->Dispatch(std::move(request),
                      [answered](api::Response r) { answered->set_value(std::move(r)); });
    EXPECT_EQ(response.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    return response.get();
  }

  static json Body(const api::Response& response) { return json::parse(response.body); }

  TempDir dir_;
  FixedClock clock_{Date{2027, 3, 1}};  // 2027-03-01T00:00:00Z until moved
  std::unique_ptr<service::Homeward> service_;
  std::unique_ptr<api::Router> router_;
};

TEST_F(ClockTest, RecordsAreStampedWithTheServicesClock) {
  const api::Response created =
      Send("POST", "/v1/employers",
           {{"name", "Takeo Rice Mill"}, {"province", "KH-21"}, {"sector", "agriculture"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = Body(created).value("id", "");
  EXPECT_EQ(Body(created).value("created_at", ""), "2027-03-01T00:00:00Z");

  clock_.Advance(90 * 60);
  const api::Response edited =
      Send("PATCH", "/v1/employers/" + id, {{"name", "Takeo Rice Mill Co."}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(Body(edited).value("created_at", ""), "2027-03-01T00:00:00Z");
  EXPECT_EQ(Body(edited).value("updated_at", ""), "2027-03-01T01:30:00Z");
}

// Matching is decided as of the clock's date: a person a day short of 18 without a guardian's
// consent is refused, and matched the next day.
TEST_F(ClockTest, EligibilityFollowsTheServicesDate) {
  json person = SamplePerson("KH-12", "Sreymom");
  person["birth_date"] = "2009-03-02";  // 18 on 2027-03-02
  const api::Response created = Send("POST", "/v1/individuals", person);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string matches = "/v1/individuals/" + Body(created).value("id", "") + "/matches";

  const api::Response at_17 = Send("GET", matches);
  EXPECT_EQ(at_17.status, 409) << at_17.body;
  EXPECT_THAT(at_17.body, HasSubstr("no_guardian_consent"));

  clock_.Advance(24 * 3600);
  const api::Response at_18 = Send("GET", matches);
  EXPECT_EQ(at_18.status, 200) << at_18.body;
}

}  // namespace
}  // namespace homeward::testing
