// Data protection end to end (issue 14): what an erasure leaves on disk, what the idempotency
// table keeps, and the bytes of the database files themselves, read from a real server's folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "samples.h"
#include "server_process.h"
#include "temp_dir.h"

namespace homeward::testing {
namespace {

using nlohmann::json;

constexpr char kAdminKey[] = "dataprot-admin-key-0123456789abcdef";
constexpr char kProvince[] = "KH-14";

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers Auth(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

Headers WithKey(Headers headers, const std::string& idempotency_key) {
  headers.emplace_back("Idempotency-Key", idempotency_key);
  return headers;
}

// Every byte of a file ("" when it does not exist).
std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class DataProtectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(Db(), dir_->File("server.log"), kAdminKey);
    ASSERT_TRUE(server_->started()) << server_->Output();
    client_ = new HttpClient(server_->port());
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    delete dir_;
  }

  static std::string Db() { return dir_->File("homeward.db"); }
  static HttpClient& client() { return *client_; }

  static json Post(const std::string& path, const json& body,
                   const Headers& headers = Auth(kAdminKey), int expected = 201) {
    HttpResponse r = client().Send("POST", path, body.dump(), headers);
    EXPECT_EQ(r.status, expected) << path << " " << r.body;
    return r.Json();
  }

  // The database, its write-ahead log and its shared-memory index, each as bytes.
  static std::vector<std::pair<std::string, std::string>> DatabaseFiles() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      files.emplace_back(Db() + suffix, FileBytes(Db() + suffix));
    }
    return files;
  }

  // An open vacancy in kProvince that a sample person matches.
  static std::string OpenVacancy(const std::string& title) {
    json employer = Post("/v1/employers",
                         {{"name", title + " Co"}, {"province", kProvince}, {"sector", "garment"}});
    json vacancy =
        Post("/v1/vacancies", SampleVacancy(employer.value("id", ""), kProvince, 4, title));
    const std::string id = vacancy.value("id", "");
    if (vacancy.value("status", "") == "pending_review") {
      Post("/v1/vacancies/" + id + "/review", {{"decision", "approve"}, {"note", "checked"}},
           Auth(kAdminKey), 200);
    }
    return id;
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static HttpClient* client_;
};

TempDir* DataProtectionTest::dir_ = nullptr;
ServerProcess* DataProtectionTest::server_ = nullptr;
HttpClient* DataProtectionTest::client_ = nullptr;

// Regression: the 204 of an erasure was sent while the person's rows were still in the
// write-ahead log (the checkpoint was asked for from the writer thread, refused, and the error
// dropped).
TEST_F(DataProtectionTest, ErasedPersonIsInNoByteOfTheDatabaseFiles) {
  const std::string marker = "Qzmarkerased";
  const std::string vacancy = OpenVacancy("Erasure line");
  json body = SamplePerson(kProvince, marker + "given");
  body["family_name"] = marker + "family";
  body["district"] = marker + "district";
  body["commune"] = marker + "commune";
  json person = Post("/v1/individuals", body, WithKey(Auth(kAdminKey), marker + "-create"));
  const std::string id = person.value("id", "");
  const std::string path = "/v1/individuals/" + id;
  ASSERT_EQ(
      client()
          .Send("PATCH", path, json{{"given_name", marker + "renamed"}}.dump(), Auth(kAdminKey))
          .status,
      200);
  EXPECT_EQ(client().Send("GET", path + "/matches?kind=all", "", Auth(kAdminKey)).status, 200);
  json referral =
      Post("/v1/referrals",
           {{"individual_id", id}, {"opportunity_id", vacancy}, {"note", marker + "note"}});
  EXPECT_EQ(
      client()
          .Send("PATCH", "/v1/referrals/" + referral.value("id", ""),
                json{{"status", "referred"}, {"note", marker + "history"}}.dump(), Auth(kAdminKey))
          .status,
      200);
  Post("/v1/allocations", {{"province", kProvince}, {"kind", "job"}, {"individuals", {id}}});
  std::string before;
  for (const auto& [file, bytes] : DatabaseFiles()) before += bytes;
  ASSERT_NE(before.find(marker), std::string::npos) << "the files should hold the person now";

  ASSERT_EQ(client().Send("DELETE", path, "", Auth(kAdminKey)).status, 204);
  for (const auto& [file, bytes] : DatabaseFiles()) {
    EXPECT_EQ(bytes.find(marker), std::string::npos) << file << " still holds the erased person";
  }
  EXPECT_EQ(client().Send("GET", path, "", Auth(kAdminKey)).status, 404);
}

}  // namespace
}  // namespace homeward::testing
