// The records that are not plain resources: audit log, market data versions, idempotency.
#include "homeward/model/json.h"
#include "store_fixture.h"

namespace homeward::store {
namespace {

using homeward::testing::IsOk;
using homeward::testing::StatusIs;

TEST_F(StoreTest, AuditLogAppendsAndListsBySubjectAndActorInPages) {
  const std::string person = NewId("ind");
  ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
    for (int i = 0; i < 5; ++i) {
      HW_RETURN_IF_ERROR(
          tx.audit().Append({"", "", "key_a", "individual.read", person, "allowed", ""}).status());
    }
    HW_RETURN_IF_ERROR(
        tx.audit().Append({"", "", "key_b", "individual.read", person, "denied", ""}).status());
    return tx.audit()
        .Append({"", "", "key_a", "vacancy.review", NewId("vac"), "allowed", ""})
        .status();
  }),
              IsOk());

  ListOptions options;
  options.limit = 2;
  options.filters = {{"subject", {person}}, {"actor", {"key_a"}}};
  std::set<std::string> ids;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(auto page,
                         db_->Read([&](ReadTx& tx) { return tx.audit().List(options); }));
    for (const auto& entry : page.items) {
      EXPECT_TRUE(IsWellFormedId(entry.id, "aud"));
      EXPECT_TRUE(ParseRfc3339(entry.at));
      EXPECT_EQ(entry.actor, "key_a");
      EXPECT_EQ(entry.subject, person);
      ids.insert(entry.id);
    }
    if (!page.next_cursor) break;
    options.cursor = *page.next_cursor;
  }
  EXPECT_EQ(ids.size(), 5u);

  options = ListOptions();
  options.filters = {{"actor", {"key_b"}}};
  ASSERT_OK_AND_ASSIGN(auto denied,
                       db_->Read([&](ReadTx& tx) { return tx.audit().List(options); }));
  ASSERT_EQ(denied.items.size(), 1u);
  EXPECT_EQ(denied.items[0].outcome, "denied");

  options.filters = {{"outcome", {"denied"}}};
  EXPECT_THAT(db_->Read([&](ReadTx& tx) { return tx.audit().List(options); }),
              StatusIs(StatusCode::kInvalidArgument));
}

model::MarketData SampleMarket(double living_wage) {
  model::MarketData market;
  market.province = "KH-14";
  market.living_wage = living_wage;
  market.minimum_wage = 208;
  market.median_wages = {{"8153", 215.0}, {"6111", 150.0}};
  market.sector_demand["agriculture"] = {1, 1, 1, 1, 1.2, 1.5, 1.5, 1.2, 1, 1, 1.3, 1.4};
  market.source = "Prey Veng provincial labour office";
  market.as_of = "2026-10-01";
  return market;
}

TEST_F(StoreTest, MarketDataKeepsEveryVersionWithWhoAndWhen) {
  EXPECT_THAT(db_->Read([](ReadTx& tx) { return tx.market_data().Current("KH-14"); }),
              StatusIs(StatusCode::kNotFound));
  std::vector<Change> heard;
  db_->AddChangeListener([&](const std::vector<Change>& changes) {
    heard.insert(heard.end(), changes.begin(), changes.end());
  });
  ASSERT_THAT(db_->Write([](WriteTx& tx) {
    return tx.market_data().Put(SampleMarket(240), "key_analyst").status();
  }),
              IsOk());
  ASSERT_THAT(db_->Write([](WriteTx& tx) {
    return tx.market_data().Put(SampleMarket(250), "key_admin").status();
  }),
              IsOk());

  ASSERT_OK_AND_ASSIGN(MarketVersion current,
                       db_->Read([](ReadTx& tx) { return tx.market_data().Current("KH-14"); }));
  EXPECT_EQ(current.version, 2);
  EXPECT_EQ(current.data.version, 2);
  EXPECT_EQ(current.created_by, "key_admin");
  EXPECT_TRUE(IsWellFormedId(current.id, "mkt"));
  EXPECT_EQ(current.data.living_wage, 250);
  EXPECT_EQ(current.data.MedianWageFor("8153"), 215.0);
  EXPECT_DOUBLE_EQ(current.data.DemandFor("agriculture", 6), 1.5);

  ASSERT_OK_AND_ASSIGN(auto history,
                       db_->Read([](ReadTx& tx) { return tx.market_data().History("KH-14"); }));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 2);
  EXPECT_EQ(history[1].version, 1);
  EXPECT_EQ(history[1].created_by, "key_analyst");
  EXPECT_EQ(history[1].data.living_wage, 240);
  EXPECT_THAT(db_->Read([](ReadTx& tx) { return tx.market_data().Current("KH-1"); }),
              StatusIs(StatusCode::kNotFound));

  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[1].kind, ResourceKind::kMarketData);
  EXPECT_EQ(heard[1].id, "KH-14");
  EXPECT_EQ(std::get<model::MarketData>(heard[1].record).living_wage, 250);
}

TEST_F(StoreTest, IdempotentResponsesReplayUntilTheyExpireAndArePurged) {
  StoredResponse response;
  response.key = "7d1f";
  response.actor = "key_officer";
  response.request_hash = "abc";
  response.status = 201;
  response.location = "/v1/employers/emp_x";
  response.resource_id = "emp_x";
  response.created_at = "2026-11-28T10:00:00Z";
  response.expires_at = "2026-11-29T10:00:00Z";
  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.idempotency().Put(response); }), IsOk());
  EXPECT_THAT(db_->Write([&](WriteTx& tx) { return tx.idempotency().Put(response); }),
              StatusIs(StatusCode::kAlreadyExists));

  auto find = [&](const char* actor, const char* now) {
    return db_->Read([&](ReadTx& tx) { return tx.idempotency().Find(actor, "7d1f", now); });
  };
  ASSERT_OK_AND_ASSIGN(auto found, find("key_officer", "2026-11-28T12:00:00Z"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, 201);
  EXPECT_EQ(found->location, response.location);
  EXPECT_EQ(found->request_hash, "abc");
  ASSERT_OK_AND_ASSIGN(auto other_caller, find("key_other", "2026-11-28T12:00:00Z"));
  EXPECT_FALSE(other_caller.has_value());
  ASSERT_OK_AND_ASSIGN(auto expired, find("key_officer", "2026-11-29T10:00:00Z"));
  EXPECT_FALSE(expired.has_value());

  // Once expired, the key may be used again.
  StoredResponse reused = response;
  reused.created_at = "2026-11-30T10:00:00Z";
  reused.expires_at.clear();
  reused.location = "/v1/employers/emp_y";
  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.idempotency().Put(reused); }), IsOk());
  ASSERT_OK_AND_ASSIGN(auto replaced, find("key_officer", "2026-12-01T09:59:59Z"));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->location, "/v1/employers/emp_y");
  EXPECT_EQ(replaced->expires_at, "2026-12-01T10:00:00Z");

  ASSERT_OK_AND_ASSIGN(int64_t purged, [&]() -> StatusOr<int64_t> {
    int64_t n = 0;
    HW_RETURN_IF_ERROR(db_->Write([&](WriteTx& tx) -> Status {
      HW_ASSIGN_OR_RETURN(n, tx.idempotency().Purge("2026-12-02T00:00:00Z"));
      return Status::Ok();
    }));
    return n;
  }());
  EXPECT_EQ(purged, 1);
}

// Regression: expired responses stayed in the table for good (nothing called Purge).
TEST_F(StoreTest, StoringAResponsePurgesEveryExpiredOne) {
  StoredResponse old;
  old.key = "day-old";
  old.actor = "key_officer";
  old.status = 201;
  old.created_at = "2026-11-28T10:00:00Z";
  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.idempotency().Put(old); }), IsOk());
  StoredResponse next = old;
  next.key = "next-day";
  next.created_at = "2026-11-29T10:00:01Z";
  ASSERT_THAT(db_->Write([&](WriteTx& tx) { return tx.idempotency().Put(next); }), IsOk());
  // Asked as of a time when it had not expired yet: gone all the same.
  ASSERT_OK_AND_ASSIGN(auto found, db_->Read([&](ReadTx& tx) {
    return tx.idempotency().Find("key_officer", "day-old", "2026-11-28T11:00:00Z");
  }));
  EXPECT_FALSE(found.has_value());
}

}  // namespace
}  // namespace homeward::store
