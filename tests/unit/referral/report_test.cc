#include "homeward/referral/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "homeward/referral/outcomes.h"
#include "registry_fixture.h"
#include "views/views.h"

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
      HW_ASSIGN_OR_RETURN(model::Referral r, CreateReferral(tx, Request(person, opportunity),
                                                            officer_, "2025-12-01T08:00:00Z"));
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

  const nlohmann::json json = api::views::Summary(report);
  EXPECT_EQ(json["generated_at"], "2026-02-01T00:00:00Z");
  EXPECT_EQ(json["provinces"][0]["province"], "KH-14");
  EXPECT_EQ(json["provinces"][0]["placements_by_sex"]["female"], 1);
  EXPECT_EQ(json["overall"]["placements"], 1);
  EXPECT_TRUE(json["overall"]["retention"]["3m"]["rate"].is_null());
  EXPECT_EQ(json["overall"]["referrals_by_status"]["hired"], 1);

  const std::string csv = api::views::SummaryCsv(report);
  std::istringstream lines(csv);
  std::string first;
  std::getline(lines, first);
  EXPECT_EQ(first, "province,measure,category,value\r");
  EXPECT_THAT(csv, HasSubstr("KH-14,placements,,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("KH-14,placements_by_sex,female,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("all,referrals_by_status,hired,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("all,retention_3m,rate,\r\n"));

  // The months and bands, as JSON and as one CSV line per month and sex / band.
  const nlohmann::json& months = json["provinces"][0]["placements_by_month"];
  ASSERT_EQ(months.size(), 24u);
  EXPECT_EQ(months[22]["month"], "2026-01");
  EXPECT_EQ(months[22]["placements"]["female"], 1);
  EXPECT_EQ(months[22]["retained_3m"]["female"], 0);
  EXPECT_EQ(months[23]["month"], "2026-02");
  EXPECT_EQ(json["overall"]["vulnerability_distribution"]["0-24"], 0);  // placed, not active
  EXPECT_THAT(csv, HasSubstr("KH-14,placements_by_month,2026-01/female,1\r\n"));
  EXPECT_THAT(csv, HasSubstr("KH-14,placements_by_month,2026-01/male,0\r\n"));
  EXPECT_THAT(csv, HasSubstr("all,retained_3m_by_month,2026-01/female,0\r\n"));
  EXPECT_THAT(csv, HasSubstr("all,retained_6m_by_month,2024-03/other,0\r\n"));
  EXPECT_THAT(csv, HasSubstr("KH-14,vulnerability_distribution,75-100,0\r\n"));
}

// One month of placements_by_month, by name.
const MonthlyPlacements& Month(const ProvinceSummary& s, const std::string& month) {
  static const MonthlyPlacements kNone;
  for (const MonthlyPlacements& m : s.placements_by_month) {
    if (m.month == month) return m;
  }
  ADD_FAILURE() << "no month " << month << " in " << s.province;
  return kNone;
}

// Placements by the month of the hire and the placed person's sex, with those later retained at
// 3 and 6 months, over the last 24 months only, per province and overall.
TEST_F(ReportTest, CountsPlacementsByMonthAndSexWithTheirRetention) {
  const auto employer = Employer();
  const auto prey_veng = Vacancy(employer.meta.id, 10, "KH-14");
  const auto siem_reap = Vacancy(employer.meta.id, 10, "KH-17");
  // Amara (F): hired 1 Jan 2026, kept at 3 and 6 months.
  auto path = Hired("2026-01-01T08:00:00Z");
  path.push_back({ReferralStatus::kRetained3m, "2026-04-02T08:00:00Z"});
  path.push_back({ReferralStatus::kRetained6m, "2026-07-02T08:00:00Z"});
  Walk(Person("KH-14", model::Sex::kFemale).meta.id, prey_veng.meta.id, path);
  // Chann (M): hired 31 Jan 2026, kept at 3 months, then left.
  path = Hired("2026-01-31T23:00:00Z");
  path.push_back({ReferralStatus::kRetained3m, "2026-05-02T08:00:00Z"});
  path.push_back({ReferralStatus::kLeft, "2026-06-01T08:00:00Z"});
  Walk(Person("KH-14", model::Sex::kMale).meta.id, prey_veng.meta.id, path);
  // Bopha (F): hired 1 Feb 2026, left.
  path = Hired("2026-02-01T08:00:00Z");
  path.push_back({ReferralStatus::kLeft, "2026-04-01T08:00:00Z"});
  Walk(Person("KH-14", model::Sex::kFemale).meta.id, prey_veng.meta.id, path);
  // Dara (other): hired in Siem Reap in July 2026.
  Walk(Person("KH-17", model::Sex::kOther).meta.id, siem_reap.meta.id,
       Hired("2026-07-15T08:00:00Z"));

  ASSERT_OK_AND_ASSIGN(SummaryReport report, Report({}, "2026-08-01T00:00:00Z"));
  const ProvinceSummary& kh14 = report.provinces[0];
  ASSERT_EQ(kh14.placements_by_month.size(), 24u);
  EXPECT_EQ(kh14.placements_by_month.front().month, "2024-09");
  EXPECT_EQ(kh14.placements_by_month.back().month, "2026-08");
  const MonthlyPlacements& january = Month(kh14, "2026-01");
  EXPECT_EQ(january.placements,
            (std::map<std::string, int64_t>{{"female", 1}, {"male", 1}, {"other", 0}}));
  EXPECT_EQ(january.retained_3m,
            (std::map<std::string, int64_t>{{"female", 1}, {"male", 1}, {"other", 0}}));
  EXPECT_EQ(january.retained_6m,
            (std::map<std::string, int64_t>{{"female", 1}, {"male", 0}, {"other", 0}}));
  const MonthlyPlacements& february = Month(kh14, "2026-02");
  EXPECT_EQ(february.placements.at("female"), 1);
  EXPECT_EQ(february.retained_3m.at("female"), 0);
  EXPECT_EQ(Month(kh14, "2026-07").placements.at("other"), 0);
  EXPECT_EQ(Month(report.provinces[1], "2026-07").placements.at("other"), 1);
  EXPECT_EQ(Month(report.overall, "2026-01").placements.at("female"), 1);
  EXPECT_EQ(Month(report.overall, "2026-07").placements.at("other"), 1);
  EXPECT_EQ(Month(report.overall, "2025-12").placements.at("female"), 0);

  // Two years on, January 2026 has left the window; its placements still count in the total.
  ASSERT_OK_AND_ASSIGN(SummaryReport later, Report({"KH-14"}, "2028-01-10T00:00:00Z"));
  EXPECT_EQ(later.overall.placements_by_month.front().month, "2026-02");
  EXPECT_EQ(later.overall.placements_by_month.front().placements.at("female"), 1);
  int64_t in_months = 0;
  for (const MonthlyPlacements& m : later.overall.placements_by_month) {
    for (const auto& [sex, n] : m.placements) in_months += n;
  }
  EXPECT_EQ(in_months, 1);
  EXPECT_EQ(later.overall.placements, 3);
}

// Active people by vulnerability band, from the counts the store keeps: a person whose score
// changes moves band, a placed person leaves the distribution, an erased one leaves it.
TEST_F(ReportTest, CountsActivePeopleByVulnerabilityBand) {
  const auto with_score = [&](const std::string& province, double score) {
    model::Individual person = Person(province);
    person.vulnerability.score = score;
    EXPECT_THAT(
        db_->Write([&](store::WriteTx& tx) { return tx.individuals().Update(person).status(); }),
        IsOk());
    return person;
  };
  with_score("KH-14", 0);
  model::Individual moves = with_score("KH-14", 40);
  with_score("KH-14", 74.5);
  model::Individual erased = with_score("KH-14", 100);
  model::Individual placed = with_score("KH-17", 90);
  with_score("KH-17", 25);
  using Counts = std::map<std::string, int64_t>;
  ASSERT_OK_AND_ASSIGN(SummaryReport report, Report({}, "2026-08-01T00:00:00Z"));
  EXPECT_EQ(report.provinces[0].vulnerability_distribution,
            (Counts{{"0-24", 1}, {"25-49", 1}, {"50-74", 1}, {"75-100", 1}}));
  EXPECT_EQ(report.provinces[1].vulnerability_distribution,
            (Counts{{"0-24", 0}, {"25-49", 1}, {"50-74", 0}, {"75-100", 1}}));
  EXPECT_EQ(report.overall.vulnerability_distribution,
            (Counts{{"0-24", 1}, {"25-49", 2}, {"50-74", 1}, {"75-100", 2}}));

  moves.vulnerability.score = 80;
  placed.status = model::IndividualStatus::kPlaced;
  ASSERT_THAT(db_->Write([&](store::WriteTx& tx) -> Status {
    HW_RETURN_IF_ERROR(tx.individuals().Update(moves).status());
    HW_RETURN_IF_ERROR(tx.individuals().Update(placed).status());
    return tx.individuals().Delete(erased.meta.id);
  }),
              IsOk());
  ASSERT_OK_AND_ASSIGN(report, Report({}, "2026-08-01T00:00:00Z"));
  EXPECT_EQ(report.provinces[0].vulnerability_distribution,
            (Counts{{"0-24", 1}, {"25-49", 0}, {"50-74", 1}, {"75-100", 1}}));
  EXPECT_EQ(report.provinces[1].vulnerability_distribution,
            (Counts{{"0-24", 0}, {"25-49", 1}, {"50-74", 0}, {"75-100", 0}}));
  ASSERT_OK_AND_ASSIGN(SummaryReport empty, Report({"KH-9"}, "2026-08-01T00:00:00Z"));
  EXPECT_EQ(empty.overall.vulnerability_distribution,
            (Counts{{"0-24", 0}, {"25-49", 0}, {"50-74", 0}, {"75-100", 0}}));
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
