// Personal records sealed at rest, through the real server: no name, district, note, phone or
// survivor marker in any byte of the database files after writes; a wrong data key refuses to
// start and leaves the files as they were; a database written plain is sealed on first start.
// Backups with homeward-admin: taken while the server writes, encrypted, restored only when
// authentic, opened by the key file and the server stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "homeward/crypto/keyring.h"
#include "homeward/store/database.h"
#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kAdminKey[] = "sealing-admin-key-0123456789abcdef";
constexpr char kProvince[] = "KH-12";
// Markers put in every personal field; none may appear in the files.
constexpr char kGiven[] = "Sreypovmarker";
constexpr char kFamily[] = "Chhunmarker";
constexpr char kDistrict[] = "Districtmarker";
constexpr char kCommune[] = "Communemarker";
constexpr char kPhone[] = "+855 97 765 4321";
constexpr char kNote[] = "Notemarker: call her aunt";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Every file of the database (main file, write-ahead log, shared-memory index), by name.
std::map<std::string, std::string> DatabaseFiles(const std::string& db) {
  std::map<std::string, std::string> files;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (std::filesystem::exists(db + suffix)) files[db + suffix] = ReadFile(db + suffix);
  }
  return files;
}

// The markers found in any byte of the database files.
std::vector<std::string> MarkersIn(const std::string& db) {
  std::vector<std::string> found;
  for (const auto& [name, bytes] : DatabaseFiles(db)) {
    for (const char* marker :
         {kGiven, kFamily, kDistrict, kCommune, kPhone, kNote, "survivor", "Notemarker"}) {
      if (bytes.find(marker) != std::string::npos) found.push_back(name + ": " + marker);
    }
  }
  return found;
}

json MarkedPerson() {
  json person = SamplePerson(kProvince, kGiven);
  person["family_name"] = kFamily;
  person["district"] = kDistrict;
  person["commune"] = kCommune;
  person["survivor"] = true;
  return person;
}

int Mode(const std::string& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return static_cast<int>(info.st_mode & 0777);
}

class SealingTest : public ::testing::Test {
 protected:
  std::string Db() const { return dir_.File("homeward.db"); }

  void Start() {
    client_.reset();
    server_ = std::make_unique<ServerProcess>(Db(), dir_.File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  void Stop() { ASSERT_TRUE(server_->Terminate(std::chrono::seconds(10))) << server_->Output(); }

  HttpResponse Send(const std::string& key, const std::string& method, const std::string& path,
                    const json& body = nullptr) {
    return client_->Send(method, path, body.is_null() ? "" : body.dump(),
                         Headers{{"Authorization", "Bearer " + key}});
  }

  std::string Create(const std::string& key, const std::string& path, const json& body) {
    HttpResponse r = Send(key, "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.Json().value("id", "");
  }

  // A person with every marker, changed once, and referred with a note carrying a phone number.
  std::string WriteMarkedRecords() {
    const std::string person = Create(kAdminKey, "/v1/individuals", MarkedPerson());
    EXPECT_EQ(Send(kAdminKey, "PATCH", "/v1/individuals/" + person,
                   {{"commune", std::string(kCommune) + "2"}})
                  .status,
              200);
    const std::string employer =
        Create(kAdminKey, "/v1/employers",
               {{"name", "Garment Co"}, {"province", kProvince}, {"sector", "garment"}});
    HttpResponse vacancy = Send(kAdminKey, "POST", "/v1/vacancies",
                                SampleVacancy(employer, kProvince, 2, "Sewing operator"));
    const std::string vacancy_id = vacancy.Json().value("id", "");
    if (vacancy.Json().value("status", "") == "pending_review") {
      Send(kAdminKey, "POST", "/v1/vacancies/" + vacancy_id + "/review",
           {{"decision", "approve"}, {"note", "Visited."}});
    }
    HttpResponse officer = Send(kAdminKey, "POST", "/v1/api-keys",
                                {{"role", "officer"}, {"provinces", {kProvince}}, {"label", "o"}});
    const std::string officer_key = officer.Json().value("key", "");
    const std::string referral = Create(officer_key, "/v1/referrals",
                                        {{"individual_id", person},
                                         {"opportunity_id", vacancy_id},
                                         {"note", std::string(kNote) + " " + kPhone}});
    EXPECT_EQ(Send(officer_key, "PATCH", "/v1/referrals/" + referral,
                   {{"status", "referred"}, {"note", std::string(kNote) + " again " + kPhone}})
                  .status,
              200);
    return person;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(SealingTest, NoPersonalDataInAnyByteOfTheDatabaseFiles) {
  Start();
  const std::string person = WriteMarkedRecords();
  // Read back through the API: the records are whole.
  HttpResponse read = Send(kAdminKey, "GET", "/v1/individuals/" + person);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["given_name"], kGiven);
  EXPECT_EQ(read.Json()["survivor"], true);
  // While the server runs (the write-ahead log holds the latest pages) and after it stopped.
  EXPECT_THAT(MarkersIn(Db()), ::testing::IsEmpty());
  Stop();
  EXPECT_THAT(MarkersIn(Db()), ::testing::IsEmpty());
  EXPECT_EQ(Mode(Db()), 0600);
  EXPECT_EQ(Mode(KeyFileFor(Db())), 0600);
}

TEST_F(SealingTest, WrongKeyRefusesToStartAndChangesNothing) {
  Start();
  const std::string person = WriteMarkedRecords();
  Stop();
  const std::map<std::string, std::string> before = DatabaseFiles(Db());
  const std::string right_key = ReadFile(KeyFileFor(Db()));

  ASSERT_TRUE(crypto::WriteKeyFile(KeyFileFor(Db()), crypto::Keyring::Generate(), true).ok());
  ServerProcess wrong(Db(), dir_.File("wrong.log"), kAdminKey);
  EXPECT_FALSE(wrong.started());
  EXPECT_FALSE(wrong.Running());
  EXPECT_THAT(wrong.Output(), HasSubstr("which the key file does not hold"));
  EXPECT_EQ(DatabaseFiles(Db()), before);

  // The right key opens everything again.
  std::filesystem::remove(KeyFileFor(Db()));
  {
    std::ofstream out(KeyFileFor(Db()));
    out << right_key;
  }
  std::filesystem::permissions(
      KeyFileFor(Db()), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  Start();
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + person).Json()["family_name"], kFamily);
}

TEST_F(SealingTest, KeyFileReadableByOthersRefusesToStart) {
  Start();
  Stop();
  std::filesystem::permissions(KeyFileFor(Db()), std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  ServerProcess refused(Db(), dir_.File("refused.log"), kAdminKey);
  EXPECT_FALSE(refused.started());
  EXPECT_THAT(refused.Output(), HasSubstr("chmod 600"));
}

TEST_F(SealingTest, PlainDatabaseIsSealedOnFirstStart) {
  std::string id;
  {
    // A database written before sealing: the store without keys writes plain records.
    auto db = store::Database::Open(Db());
    ASSERT_TRUE(db.ok()) << db.status();
    model::Individual person;
    person.given_name = kGiven;
    person.family_name = kFamily;
    person.district = kDistrict;
    person.province = kProvince;
    person.birth_date = Date{2000, 1, 2};
    person.survivor = true;
    ASSERT_TRUE((*db)
                    ->Write([&](store::WriteTx& tx) -> Status {
                      HW_ASSIGN_OR_RETURN(model::Individual stored,
                                          tx.individuals().Create(person));
                      id = stored.meta.id;
                      return Status::Ok();
                    })
                    .ok());
  }
  ASSERT_THAT(MarkersIn(Db()), ::testing::Not(::testing::IsEmpty()));

  Start();
  EXPECT_THAT(MarkersIn(Db()), ::testing::IsEmpty());
  HttpResponse read = Send(kAdminKey, "GET", "/v1/individuals/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["given_name"], kGiven);
  Stop();
  EXPECT_THAT(MarkersIn(Db()), ::testing::IsEmpty());
}

// The count `sql` answers on `db` (-1 when it cannot).
int64_t CountIn(const std::string& db, const std::string& sql) {
  const std::vector<std::string> rows = SqlColumn(db, sql);
  return rows.size() == 1 ? std::stoll(rows[0]) : -1;
}

// homeward-demo --key-file seals each record as it stores it, and the demo scores each person's
// vulnerability with the plugins as the server does: at a million people, sealing them all or
// rewriting every score on the server's first start took longer than making them.
TEST_F(SealingTest, DemoToolSealsAsItStores) {
  ASSERT_TRUE(crypto::WriteKeyFile(KeyFileFor(Db()), crypto::Keyring::Generate(), false).ok());
  const std::string demo = (BinaryDir() / "engine" / "src" / "demo" / "homeward-demo").string();
  CommandRun run =
      RunCommand(demo + " --db " + Db() + " --key-file " + KeyFileFor(Db()) + " --plugins " +
                 (BinaryDir() / "plugins").string() + " --plugin-trust-key " +
                 (BinaryDir() / "plugin-dev-key.pub").string());
  ASSERT_EQ(run.status, 0) << run.output;

  EXPECT_EQ(CountIn(Db(), "SELECT count(*) FROM individuals"), 2000);
  EXPECT_GT(CountIn(Db(), "SELECT count(*) FROM referrals"), 0);
  for (const char* table : {"individuals", "referrals"}) {
    const std::string plain =
        std::string("SELECT count(*) FROM ") + table + " WHERE substr(doc, 1, 2) <> 's1'";
    EXPECT_EQ(CountIn(Db(), plain), 0) << table;
  }

  Start();
  // The demo stored each person's vulnerability as the server computes it, so the server's
  // start found none to refresh (without it, every person's score is rewritten and audited).
  EXPECT_EQ(CountIn(Db(),
                    "SELECT count(*) FROM audit WHERE action = "
                    "'individual.vulnerability_refresh'"),
            0);
  HttpResponse people = Send(kAdminKey, "GET", "/v1/individuals?limit=1");
  ASSERT_EQ(people.status, 200) << people.body;
  EXPECT_FALSE(people.Json()["items"][0].value("given_name", "").empty());
  Stop();
}

TEST_F(SealingTest, BackupWhileServingThenRestoreReadsTheRecordsBack) {
  Start();
  const std::string person = WriteMarkedRecords();
  const std::string backup = dir_.File("homeward.backup");
  const std::string keys = " --db " + Db() + " --key-file " + KeyFileFor(Db());
  AdminRun made = RunAdmin("backup" + keys + " --to " + backup);
  ASSERT_EQ(made.status, 0) << made.output;
  EXPECT_THAT(made.output, HasSubstr("copying 100%"));
  EXPECT_THAT(made.output, HasSubstr("encrypting 100%"));
  EXPECT_EQ(Mode(backup), 0600);
  const std::string bytes = ReadFile(backup);
  for (const char* plain : {kGiven, kNote, "SQLite format 3", "Garment Co", "individuals"}) {
    EXPECT_EQ(bytes.find(plain), std::string::npos) << plain;
  }
  // No scratch file is left beside the database.
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    EXPECT_EQ(entry.path().string().find(".backup-"), std::string::npos) << entry.path();
  }
  const std::string later = Create(kAdminKey, "/v1/individuals", SamplePerson(kProvince, "Later"));

  // Refused while the server has the database open.
  AdminRun busy = RunAdmin("restore" + keys + " --from " + backup);
  EXPECT_NE(busy.status, 0);
  EXPECT_THAT(busy.output, HasSubstr("stop homeward-server first"));
  Stop();
  const std::map<std::string, std::string> before = DatabaseFiles(Db());

  // A damaged backup and a key file without the backup's key are refused; nothing changes.
  std::string damaged_bytes = bytes;
  damaged_bytes[damaged_bytes.size() / 2] ^= 0x20;
  const std::string damaged = dir_.File("damaged.backup");
  std::ofstream(damaged, std::ios::binary) << damaged_bytes;
  AdminRun refused = RunAdmin("restore" + keys + " --from " + damaged);
  EXPECT_NE(refused.status, 0);
  EXPECT_THAT(refused.output, HasSubstr("damaged or truncated"));
  const std::string truncated = dir_.File("truncated.backup");
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  EXPECT_NE(RunAdmin("restore" + keys + " --from " + truncated).status, 0);
  const std::string other_keys = dir_.File("other.key");
  ASSERT_TRUE(crypto::WriteKeyFile(other_keys, crypto::Keyring::Generate(), false).ok());
  AdminRun wrong_key =
      RunAdmin("restore --db " + Db() + " --key-file " + other_keys + " --from " + backup);
  EXPECT_NE(wrong_key.status, 0);
  EXPECT_THAT(wrong_key.output, HasSubstr("which the key file does not hold"));
  EXPECT_EQ(DatabaseFiles(Db()), before);

  AdminRun restored = RunAdmin("restore" + keys + " --from " + backup);
  ASSERT_EQ(restored.status, 0) << restored.output;
  EXPECT_THAT(restored.output, HasSubstr("decrypting 100%"));
  EXPECT_EQ(Mode(Db()), 0600);
  Start();
  HttpResponse read = Send(kAdminKey, "GET", "/v1/individuals/" + person);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["given_name"], kGiven);
  EXPECT_EQ(read.Json()["district"], kDistrict);
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + later).status, 404);
  HttpResponse referrals = Send(kAdminKey, "GET", "/v1/referrals?individual_id=" + person);
  ASSERT_EQ(referrals.status, 200) << referrals.body;
  EXPECT_EQ(referrals.Json()["items"].size(), 1u);
}

// The figure of `name` in a Prometheus text body, or -1.
long Metric(const std::string& body, const std::string& name) {
  const size_t at = body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stol(body.substr(at + name.size() + 2));
}

TEST_F(SealingTest, RotatedKeyResealsEveryRecordInTheBackground) {
  Start();
  const std::string person = WriteMarkedRecords();
  Stop();
  AdminRun rotated = RunAdmin("rotate-key --key-file " + KeyFileFor(Db()));
  ASSERT_EQ(rotated.status, 0) << rotated.output;
  StatusOr<crypto::Keyring> keys = crypto::ReadKeyFile(KeyFileFor(Db()));
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->keys().size(), 2u);

  Start();
  long pending = -1;
  long resealed = -1;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string metrics = Send(kAdminKey, "GET", "/v1/metrics").body;
    pending = Metric(metrics, "homeward_sealing_pending_records");
    resealed = Metric(metrics, "homeward_sealing_resealed_records_total");
    if (pending == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(pending, 0);
  EXPECT_EQ(resealed, 2);  // the person and the referral
  Stop();

  // Every record now opens with the new key alone.
  std::vector<crypto::DataKey> newest;
  newest.push_back(keys->current().Copy());
  ASSERT_TRUE(
      crypto::WriteKeyFile(KeyFileFor(Db()), crypto::Keyring::Make(std::move(newest)).value(), true)
          .ok());
  Start();
  EXPECT_EQ(Send(kAdminKey, "GET", "/v1/individuals/" + person).Json()["given_name"], kGiven);
}

}  // namespace
}  // namespace homeward::testing
