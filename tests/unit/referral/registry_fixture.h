// A real store in a temporary folder with the records referrals need: people, employers,
// vacancies and trainings. Shared by the referral component's tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "homeward/referral/lifecycle.h"
#include "homeward/referral/outcomes.h"
#include "homeward/store/database.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::referral {

// A request to refer `person` to `opportunity`, proposed, without a note.
inline NewReferral Request(std::string person, std::string opportunity) {
  NewReferral request;
  request.individual_id = std::move(person);
  request.opportunity_id = std::move(opportunity);
  return request;
}

class RegistryTest : public ::testing::Test {
 protected:
  const Actor officer_{"key_officer", model::Role::kOfficer, std::nullopt};
  const Actor analyst_{"key_analyst", model::Role::kAnalyst, std::nullopt};

  void SetUp() override {
    auto opened = store::Database::Open(dir_.File("homeward.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
  }

  // Stores `record` in its own transaction and returns it as stored.
  template <typename T>
  T Put(T record) {
    T stored;
    Status written = db_->Write([&](store::WriteTx& tx) -> Status {
      auto created = Repo<T>(tx).Create(std::move(record));
      if (!created.ok()) return created.status();
      stored = std::move(*created);
      return Status::Ok();
    });
    EXPECT_TRUE(written.ok()) << written;
    return stored;
  }

  template <typename T>
  T Get(const std::string& id) {
    auto got = db_->Read([&](store::ReadTx& tx) { return Repo<T>(tx).Get(id); });
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? *got : T{};
  }

  model::Individual Person(std::string province = "KH-14", model::Sex sex = model::Sex::kFemale) {
    model::Individual person;
    person.given_name = "Sophea";
    person.family_name = "Chan";
    person.sex = sex;
    person.birth_date = Date{2001, 4, 13};
    person.province = std::move(province);
    person.district = "Kamchay Mear";
    person.languages = {"km"};
    person.consent = {
        true, Date{2026, 11, 1}, {"matching", "referral", "data_sharing_employer"}, std::nullopt};
    return Put(std::move(person));
  }

  model::Employer Employer(std::string province = "KH-14") {
    model::Employer employer;
    employer.name = "Mekong Garments";
    employer.province = std::move(province);
    employer.sector = "manufacturing";
    return Put(std::move(employer));
  }

  model::Vacancy Vacancy(const std::string& employer_id, int slots, std::string province = "KH-14",
                         model::VacancyStatus status = model::VacancyStatus::kOpen) {
    model::Vacancy vacancy;
    vacancy.employer_id = employer_id;
    vacancy.title = "Sewing machine operator";
    vacancy.occupation = "8153";
    vacancy.sector = "manufacturing";
    vacancy.province = std::move(province);
    vacancy.district = "Kamchay Mear";  // the person's: within reach (eligibility at referral)
    vacancy.slots = slots;
    vacancy.wage = {230, "USD", model::MoneyPeriod::kMonth};
    vacancy.status = status;
    return Put(std::move(vacancy));
  }

  model::Training Training(int seats, std::string province = "KH-14") {
    model::Training training;
    training.provider = "Provincial Training Centre";
    training.title = "Hospitality basics";
    training.province = std::move(province);
    training.district = "Kamchay Mear";
    training.seats = seats;
    return Put(std::move(training));
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;

 private:
  template <typename T, typename Tx>
  static auto Repo(Tx& tx) {
    if constexpr (std::is_same_v<T, model::Individual>) return tx.individuals();
    if constexpr (std::is_same_v<T, model::Employer>) return tx.employers();
    if constexpr (std::is_same_v<T, model::Vacancy>) return tx.vacancies();
    if constexpr (std::is_same_v<T, model::Training>) return tx.trainings();
    if constexpr (std::is_same_v<T, model::Referral>) return tx.referrals();
  }
};

}  // namespace homeward::referral
