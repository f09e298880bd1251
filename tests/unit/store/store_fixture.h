// A real database file in a temporary folder, and sample records that satisfy the schema's
// foreign keys. Shared by the store's tests.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "homeward/base/id.h"
#include "homeward/store/database.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::store {

inline model::Individual SampleIndividual(std::string province = "KH-14") {
  model::Individual person;
  person.given_name = "Sophea";
  person.family_name = "Chan";
  person.sex = model::Sex::kFemale;
  person.birth_date = Date{2001, 4, 13};
  person.province = std::move(province);
  person.district = "Kamchay Mear";
  person.languages = {"km"};
  person.skills = {{"sewing_machine_operation", 3}};
  person.consent = {true, Date{2026, 11, 1}, {"matching"}, std::nullopt};
  return person;
}

inline model::Employer SampleEmployer(std::string province = "KH-12") {
  model::Employer employer;
  employer.name = "Mekong Garments";
  employer.province = std::move(province);
  employer.sector = "manufacturing";
  employer.contact.phone = "+855 12 345 678";
  return employer;
}

inline model::Vacancy SampleVacancy(std::string employer_id, std::string province = "KH-12") {
  model::Vacancy vacancy;
  vacancy.employer_id = std::move(employer_id);
  vacancy.title = "Sewing machine operator";
  vacancy.occupation = "8153";
  vacancy.sector = "manufacturing";
  vacancy.province = std::move(province);
  vacancy.slots = 10;
  vacancy.wage = {230, "USD", model::MoneyPeriod::kMonth};
  vacancy.status = model::VacancyStatus::kOpen;
  return vacancy;
}

inline model::Training SampleTraining(std::string province = "KH-17") {
  model::Training training;
  training.provider = "Provincial Training Centre";
  training.title = "Hospitality basics";
  training.skills_taught = {{"food_service", 2}};
  training.leads_to = {"5131"};
  training.province = std::move(province);
  training.seats = 20;
  return training;
}

inline model::ApiKey SampleApiKey(model::Role role = model::Role::kOfficer) {
  model::ApiKey key;
  key.role = role;
  key.provinces = {"KH-14"};
  key.label = "field office";
  key.key_hash = RandomSecret();
  return key;
}

// Runs `sql` on its own connection, outside the store (what an operator's sqlite3 shell does),
// and returns the first column of the last row it gave ("" for none).
inline std::string QueryRaw(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  std::string result;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) = values[0] ? values[0] : "";
        return 0;
      },
      &result, nullptr);
  sqlite3_close(db);
  return result;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(const Options& options = {}) {
    db_.reset();
    auto opened = Database::Open(DbPath(), options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(opened).value();
  }

  std::string DbPath() const { return dir_.File("homeward.db"); }

  // Creates `record` in its own transaction and returns it as stored.
  template <typename T, typename Repo>
  T Create(T record, Repo (WriteTx::*repo)() const) {
    T stored;
    Status status = db_->Write([&](WriteTx& tx) -> Status {
      HW_ASSIGN_OR_RETURN(stored, (tx.*repo)().Create(std::move(record)));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status;
    return stored;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace homeward::store
