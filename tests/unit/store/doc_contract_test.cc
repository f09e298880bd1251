// The doc codec's contract (docs/formats/sqlite-schema.md, "The doc codec"): every resource, with
// every field it has set, is stored as the bytes of its file in tests/data/store/docs/, and read
// back as the record it was. The API's bodies are written by the same model/json.h: renaming or
// adding a field there changes what databases hold, and fails here until the file (and, for a
// rename, a migration) says so. Through a real store on a SQLite file, without data keys (a
// sealed doc seals these same bytes).
#include <filesystem>
#include <string>

#include "full_records.h"
#include "homeward/model/json.h"
#include "store_fixture.h"

namespace homeward::store {
namespace {

using namespace testing::full;  // NOLINT: the records the contract is written with

class DocContractTest : public StoreTest {
 protected:
  // Stores `record` (its id fixed), then checks its doc column against the file and what the
  // store reads back against what it stored.
  template <typename T, typename Repo, typename ReadRepo>
  void Check(const std::string& table, T record, Repo (WriteTx::*repo)() const,
             ReadRepo (ReadTx::*read)() const) {
    const std::string id = record.meta.id;
    const T stored = Create(std::move(record), repo);
    EXPECT_EQ(QueryRaw(DbPath(), "SELECT doc FROM " + table + " WHERE id = '" + id + "'"),
              Golden(std::filesystem::path("store") / "docs" / (table + ".json")))
        << table;
    const StatusOr<T> back = db_->Read([&](ReadTx& tx) { return (tx.*read)().Get(id); });
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(model::Json(*back), model::Json(stored)) << table;
  }
};

TEST_F(DocContractTest, EveryResourceIsStoredAsItsFileSays) {
  Check("employers", Employer(), &WriteTx::employers, &ReadTx::employers);
  Check("vacancies", Vacancy(), &WriteTx::vacancies, &ReadTx::vacancies);
  Check("trainings", Training(), &WriteTx::trainings, &ReadTx::trainings);
  Check("programmes", Programme(), &WriteTx::programmes, &ReadTx::programmes);
  Check("individuals", Individual(), &WriteTx::individuals, &ReadTx::individuals);
  Check("allocations", Allocation(), &WriteTx::allocations, &ReadTx::allocations);
  Check("referrals", Referral(), &WriteTx::referrals, &ReadTx::referrals);
  Check("api_keys", ApiKey(), &WriteTx::api_keys, &ReadTx::api_keys);
}

}  // namespace
}  // namespace homeward::store
