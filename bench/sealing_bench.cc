// BM_Seal, BM_Open: what sealing costs one person's record (about 600 bytes of JSON).
// BM_StoreWrite/sealed:{0,1}: the store's write path for a batch of 64 new people in one
// transaction (as group commit makes of concurrent POSTs), plain and sealed; and
// BM_StoreRead/sealed:{0,1}: one person read back by id.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "homeward/crypto/seal.h"
#include "homeward/model/json.h"
#include "homeward/store/database.h"

namespace homeward {
namespace {

model::Individual Person(int i) {
  model::Individual person;
  person.given_name = "Sophea " + std::to_string(i);
  person.family_name = "Chan";
  person.sex = model::Sex::kFemale;
  person.birth_date = Date{2001, 4, 13};
  person.province = "KH-12";
  person.district = "Chbar Ampov";
  person.commune = "Nirouth";
  person.languages = {"km", "en"};
  person.skills = {{"sewing_machine_operation", 3}, {"food_preparation", 2}};
  person.desired_occupations = {"8153", "5120"};
  person.household = {5, 2, model::UsdPerMonth(180), model::UsdPerMonth(1200)};
  person.survivor = true;
  person.consent = {true, Date{2026, 11, 1}, {"matching", "referral"}, std::nullopt};
  return person;
}

const std::string& Document() {
  static const std::string doc = model::Json(Person(1)).dump();
  return doc;
}

void BM_Seal(benchmark::State& state) {
  const crypto::Keyring keys = crypto::Keyring::Generate();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        crypto::Seal(keys, "individuals", "ind_0123456789abcdef0123456789abcdef", Document()));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(Document().size()));
}
BENCHMARK(BM_Seal);

void BM_Open(benchmark::State& state) {
  const crypto::Keyring keys = crypto::Keyring::Generate();
  const std::string id = "ind_0123456789abcdef0123456789abcdef";
  const std::string sealed = crypto::Seal(keys, "individuals", id, Document());
  for (auto _ : state) benchmark::DoNotOptimize(crypto::Open(keys, "individuals", id, sealed));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(Document().size()));
}
BENCHMARK(BM_Open);

// A database in a fresh temporary folder, removed afterwards.
struct BenchDatabase {
  explicit BenchDatabase(bool sealed) {
    char folder[] = "/tmp/homeward-bench-XXXXXX";
    dir = ::mkdtemp(folder);
    store::Options options;
    if (sealed) options.keys = crypto::Keyring::Generate();
    db = std::move(store::Database::Open(dir + "/bench.db", options)).value();
  }
  ~BenchDatabase() {
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((dir + "/bench.db" + suffix).c_str());
    ::rmdir(dir.c_str());
  }
  std::string dir;
  std::unique_ptr<store::Database> db;
};

void BM_StoreWrite(benchmark::State& state) {
  BenchDatabase bench(state.range(0) != 0);
  constexpr int kBatch = 64;
  int next = 0;
  for (auto _ : state) {
    Status written = bench.db->Write([&](store::WriteTx& tx) -> Status {
      for (int i = 0; i < kBatch; ++i)
        HW_RETURN_IF_ERROR(tx.individuals().Create(Person(next++)).status());
      return Status::Ok();
    });
    if (!written.ok()) state.SkipWithError("write failed");
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_StoreWrite)->ArgName("sealed")->Arg(0)->Arg(1)->UseRealTime();

void BM_StoreRead(benchmark::State& state) {
  BenchDatabase bench(state.range(0) != 0);
  std::vector<std::string> ids;
  bench.db
      ->Write([&](store::WriteTx& tx) -> Status {
        for (int i = 0; i < 1000; ++i) ids.push_back(tx.individuals().Create(Person(i))->meta.id);
        return Status::Ok();
      })
      .IgnoreError();
  size_t i = 0;
  for (auto _ : state) {
    auto person = bench.db->Read(
        [&](store::ReadTx& tx) { return tx.individuals().Get(ids[i++ % ids.size()]); });
    benchmark::DoNotOptimize(person);
  }
}
BENCHMARK(BM_StoreRead)->ArgName("sealed")->Arg(0)->Arg(1);

}  // namespace
}  // namespace homeward

BENCHMARK_MAIN();
