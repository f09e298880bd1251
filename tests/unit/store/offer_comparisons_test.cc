// The offer_comparisons table (docs/offer-comparison.md): a person's comparisons listed oldest
// first in pages, sealed with the store's keys, refused for a missing person, and erased with
// the person.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "homeward/crypto/keyring.h"
#include "store_fixture.h"

namespace homeward::store {
namespace {

class OfferComparisonStoreTest : public StoreTest {
 protected:
  StoredOfferComparison Put(const std::string& person, const std::string& place) {
    StoredOfferComparison stored;
    Status status = db_->Write([&](WriteTx& tx) -> Status {
      HW_ASSIGN_OR_RETURN(stored, tx.offer_comparisons().Create(
                                      person, {{"offer", {{"place", place}}}, {"summary", "ឆ្នាំ"}}));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status;
    return stored;
  }
};

TEST_F(OfferComparisonStoreTest, ListsAPersonsComparisonsInPages) {
  const std::string person = Create(SampleIndividual(), &WriteTx::individuals).meta.id;
  const std::string other = Create(SampleIndividual(), &WriteTx::individuals).meta.id;
  const StoredOfferComparison first = Put(person, "bangkok");
  Put(other, "rayong");
  const StoredOfferComparison second = Put(person, "chonburi");
  EXPECT_EQ(first.id.rfind("ofc_", 0), 0u);

  // Pages of one, in (created_at, id) order: rows made within one second come in id order, so
  // the test asks only that the two pages hold the person's two comparisons and nothing else.
  ListOptions options;
  options.limit = 1;
  std::map<std::string, model::Json> seen;
  for (int page_number = 0; page_number < 2; ++page_number) {
    auto page = db_->Read([&](ReadTx& tx) { return tx.offer_comparisons().List(person, options); });
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->items.size(), 1u);
    seen[page->items[0].id] = page->items[0].doc;
    ASSERT_EQ(page->next_cursor.has_value(), page_number == 0);
    if (page->next_cursor) options.cursor = *page->next_cursor;
  }
  EXPECT_EQ(seen,
            (std::map<std::string, model::Json>{{first.id, first.doc}, {second.id, second.doc}}));

  auto got = db_->Read([&](ReadTx& tx) { return tx.offer_comparisons().Get(person, second.id); });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->doc["summary"], "ឆ្នាំ");
  // Another person's id does not reach it.
  EXPECT_EQ(db_->Read([&](ReadTx& tx) { return tx.offer_comparisons().Get(other, second.id); })
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(OfferComparisonStoreTest, NoComparisonWithoutItsPerson) {
  Status status = db_->Write([](WriteTx& tx) {
    return tx.offer_comparisons()
        .Create("ind_00000000000000000000000000000000", {{"offer", {}}})
        .status();
  });
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status;
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT count(*) FROM offer_comparisons"), "0");
}

TEST_F(OfferComparisonStoreTest, SealedWithTheKeysAndErasedWithThePerson) {
  // Written plain by a store without keys (the fixture's), sealed once keys are given, like
  // every sealed table.
  const std::string person = Create(SampleIndividual(), &WriteTx::individuals).meta.id;
  const std::string kept = Create(SampleIndividual(), &WriteTx::individuals).meta.id;
  const StoredOfferComparison stored = Put(person, "bangkok");
  Put(kept, "rayong");
  const std::string query = "SELECT doc FROM offer_comparisons WHERE id = '" + stored.id + "'";
  EXPECT_EQ(QueryRaw(DbPath(), query).rfind("{", 0), 0u);
  Options options;
  options.keys = crypto::Keyring::Generate();
  Reopen(options);
  const std::string raw = QueryRaw(DbPath(), query);
  EXPECT_EQ(raw.rfind("s1", 0), 0u) << raw;
  EXPECT_EQ(raw.find("bangkok"), std::string::npos);
  auto opened =
      db_->Read([&](ReadTx& tx) { return tx.offer_comparisons().Get(person, stored.id); });
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->doc["offer"]["place"], "bangkok");
  // A new one is sealed as it is written.
  const StoredOfferComparison sealed = Put(person, "chonburi");
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT doc FROM offer_comparisons WHERE id = '" + sealed.id + "'")
                .rfind("s1", 0),
            0u);

  ASSERT_TRUE(db_->Write([&](WriteTx& tx) { return tx.individuals().Delete(person); }).ok());
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT count(*) FROM offer_comparisons WHERE individual_id = '" +
                                   person + "'"),
            "0");
  EXPECT_EQ(QueryRaw(DbPath(), "SELECT count(*) FROM offer_comparisons"), "1");
}

}  // namespace
}  // namespace homeward::store
