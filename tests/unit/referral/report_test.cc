#include "homeward/referral/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "homeward/referral/outcomes.h"
#include "registry_fixture.h"

namespace homeward::referral {
namespace {

using ::homeward::testing::IsOk;
using model::ReferralStatus;
using ::testing::HasSubstr;

class ReportTest : public RegistryTest {
 protected:
  // Takes a new referral of `person` to `opportunity` through `path`, each change at its time.
  std::string Walk(const std::string& person, const std::string& opportunity,
                   const std::vector<std::pair<ReferralStatus, std::string>>& path) {
    std::string id;
    EXPECT_THAT(db_->Write([&](store::WriteTx& tx) -> Status {
      ASSIGN_OR_RETURN(model::Referral r, CreateReferral(tx, Request(person, opportunity), officer_,
                                                         "2025-12-01T08:00:00Z"));
      id = r.meta.id;
      return Status::Ok();
    }),
                IsOk());
    for (const auto& [to, at] : path) {
      Transition change;
      change.to = to;
      if (NeedsReason(to)) change.reason = "wage_too_low";
      EXPECT_THAT(db_->Write([&](store::WriteTx& tx) {
        return ChangeReferralStatus(tx, id, change, officer_, at).status();
      }),
                  IsOk());
    }
    return id;
  }

  StatusOr<SummaryReport> Report(std::vector<std::string> provinces, std::string now) {
    return db_->Read([&](store::ReadTx& tx) { return ComputeSummary(tx, provinces, now); });
  }
};

const std::vector<std::pair<ReferralStatus, std::string>> Hired(const std::string& at) {
  return {{ReferralStatus::kReferred, "2025-12-02T08:00:00Z"},
          {ReferralStatus::kInterviewing, "2025-12-03T08:00:00Z"},
          {ReferralStatus::kHired, at}};
}

TEST_F(ReportTest, CountsPlacementsRetentionAndSexPerProvinceAndOverall) {
  const auto employer = Employer();
  const auto prey_veng = Vacancy(employer.meta.id, 10, "KH-14");
  const auto siem_reap = Vacancy(employer.meta.id, 10, "KH-17");
  const auto amara = Person("KH-14", model::Sex::kFemale);
  const auto bopha = Person("KH-14", model::Sex::kFemale);
  const auto chann = Person("KH-14", model::Sex::kMale);
  const auto dara = Person("KH-17", model::Sex::kMale);
  Person("KH-17", model::Sex::kOther);  // registered, never referred

  // Amara: hired 1 Jan, kept at 3 and 6 months.
  auto path = Hired("2026-01-01T08:00:00Z");
  path.push_back({ReferralStatus::kRetained3m, "2026-04-02T08:00:00Z"});
  path.push_back({ReferralStatus::kRetained6m, "2026-07-02T08:00:00Z"});
  Walk(amara.meta.id, prey_veng.meta.id, path);
  // Bopha: hired 1 Feb, left after two months.
  path = Hired("2026-02-01T08:00:00Z");
  path.push_back({ReferralStatus::kLeft, "2026-04-01T08:00:00Z"});
  Walk(bopha.meta.id, prey_veng.meta.id, path);
  // Chann: hired 1 Mar, no follow-up recorded yet.
  Walk(chann.meta.id, prey_veng.meta.id, Hired("2026-03-01T08:00:00Z"));
  // Dara: rejected in Siem Reap.
  Walk(dara.meta.id, siem_reap.meta.id,
       {{ReferralStatus::kReferred, "2025-12-02T08:00:00Z"},
        {ReferralStatus::kRejected, "2025-12-05T08:00:00Z"}});

  ASSERT_OK_AND_ASSIGN(SummaryReport report, Report({}, "2026-08-01T00:00:00Z"));
  ASSERT_EQ(report.provinces.size(), 2u);
  const ProvinceSummary& kh14 = report.provinces[0];
  EXPECT_EQ(kh14.province, "KH-14");
  EXPECT_EQ(kh14.people_by_status.at("active"), 1);  // Bopha left, so is active again
  EXPECT_EQ(kh14.people_by_status.at("placed"), 2);  // Amara and Chann
  EXPECT_EQ(kh14.people_by_status.at("closed"), 0);
  EXPECT_EQ(kh14.vacancies_by_screening.at("clear"), 1);
  EXPECT_EQ(kh14.referrals_by_status.at("retained_6m"), 1);
  EXPECT_EQ(kh14.referrals_by_status.at("left"), 1);
  EXPECT_EQ(kh14.referrals_by_status.at("hired"), 1);
  EXPECT_EQ(kh14.placements, 3);
  EXPECT_EQ(kh14.placements_by_sex.at("female"), 2);
  EXPECT_EQ(kh14.placements_by_sex.at("male"), 1);
  // 3 months: all three due; Amara retained, Bopha left, Chann unknown.
  EXPECT_EQ(kh14.retention_3m.due, 3);
  EXPECT_EQ(kh14.retention_3m.retained, 1);
  EXPECT_EQ(kh14.retention_3m.pending, 1);
  EXPECT_EQ(kh14.retention_3m.Rate(), 0.5);
  // 6 months: Amara and Bopha due (Chann's falls on 1 September).
  EXPECT_EQ(kh14.retention_6m.due, 2);
  EXPECT_EQ(kh14.retention_6m.retained, 1);
  EXPECT_EQ(kh14.follow_ups_due, 1);  // Chann's 3-month check (1 June) is overdue

  const ProvinceSummary& kh17 = report.provinces[1];
  EXPECT_EQ(kh17.placements, 0);
  EXPECT_EQ(kh17.referrals_by_status.at("rejected"), 1);
  EXPECT_FALSE(kh17.retention_3m.Rate().has_value());

  EXPECT_EQ(report.overall.province, "all");
  EXPECT_EQ(report.overall.people_by_status.at("active"), 3);
  EXPECT_EQ(report.overall.placements, 3);
  EXPECT_EQ(report.overall.referrals_by_status.at("rejected"), 1);

  ASSERT_OK_AND_ASSIGN(SummaryReport scoped, Report({"KH-17"}, "2026-08-01T00:00:00Z"));
  ASSERT_EQ(scoped.provinces.size(), 1u);
  EXPECT_EQ(scoped.overall.placements, 0) << "overall covers only the provinces asked for";
}

TEST_F(ReportTest, RendersAsJsonAndCsv) {
  const auto employer = Employer();
  const auto vacancy = Vacancy(employer.meta.id, 2, "KH-14");
  const auto person = Person("KH-14");
  Walk(person.meta.id, vacancy.meta.id, Hired("2026-01-01T08:00:00Z"));
  ASSERT_OK_AND_ASSIGN(SummaryReport report, Report({}, "2026-02-01T00:00:00Z"));

  const nlohmann::json json = SummaryToJson(report);
  EXPECT_EQ(json["generated_at"], "2026-02-01T00:00:00Z");
  EXPECT_EQ(json["provinces"][0]["province"], "KH-14");
  EXPECT_EQ(json["provinces"][0]["placements_by_sex"]["female"], 1);
  EXPECT_EQ(json["overall"]["placements"], 1);
  EXPECT_TRUE(json["overall"]["retention"]["3m"]["rate"].is_null());
  EXPECT_EQ(json["overall"]["referrals_by_status"]["hired"], 1);

  const std::string csv = SummaryToCsv(report);
  std::istringstream lines(csv);
  std::string first;
  std::getline(lines, first);
  EXPECT_EQ(first, "province,measure,category,value\r");
  EXPECT_THAT(csv, HasSubstr("KH-14,placements,,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("KH-14,placements_by_sex,female,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("all,referrals_by_status,hired,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("all,retention_3m,rate,\r\n"));
}

TEST_F(ReportTest, ListsTheFollowUpsThatAreDueEarliestFirst) {
  const auto employer = Employer();
  const auto vacancy = Vacancy(employer.meta.id, 5, "KH-14");
  const std::string march = Walk(Person().meta.id, vacancy.meta.id, Hired("2026-03-01T08:00:00Z"));
  const std::string january =
      Walk(Person().meta.id, vacancy.meta.id, Hired("2026-01-15T08:00:00Z"));
  const std::string may = Walk(Person().meta.id, vacancy.meta.id, Hired("2026-05-01T08:00:00Z"));
  Walk(Person().meta.id, vacancy.meta.id, Hired("2026-05-25T08:00:00Z"));  // due 8 June

  ASSERT_OK_AND_ASSIGN(auto due, db_->Read([](store::ReadTx& tx) {
    return DueFollowUps(tx, {"KH-14"}, Date{2026, 6, 1});
  }));
  // The two-week follow-ups, none done yet.
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].meta.id, january);  // 29 January
  EXPECT_EQ(due[1].meta.id, march);    // 15 March
  EXPECT_EQ(due[2].meta.id, may);      // 15 May
  ASSERT_OK_AND_ASSIGN(auto elsewhere, db_->Read([](store::ReadTx& tx) {
    return DueFollowUps(tx, {"KH-17"}, Date{2026, 6, 1});
  }));
  EXPECT_TRUE(elsewhere.empty());
}

TEST_F(ReportTest, AnEmptyRegistryGivesZerosNotGaps) {
  ASSERT_OK_AND_ASSIGN(SummaryReport report, Report({"KH-9"}, "2026-02-01T00:00:00Z"));
  ASSERT_EQ(report.provinces.size(), 1u);
  EXPECT_EQ(report.provinces[0].people_by_status.size(), 3u);
  EXPECT_EQ(report.provinces[0].referrals_by_status.size(), 12u);
  EXPECT_EQ(report.overall.vacancies_by_screening.at("blocked"), 0);
}

}  // namespace
}  // namespace homeward::referral
