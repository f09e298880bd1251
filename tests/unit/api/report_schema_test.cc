// The summary report as api/views renders it matches report-summary.schema.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "homeward/json/json.h"
#include "homeward/referral/report.h"
#include "status_matchers.h"
#include "views/views.h"

namespace homeward::json {
namespace {

using ::homeward::testing::IsOk;

TEST(ReportSchemaTest, SummaryAsRenderedMatchesItsSchema) {
  referral::ProvinceSummary kampot;
  kampot.province = "KH-7";
  kampot.people_by_status = {{"active", 3}, {"placed", 1}, {"closed", 0}};
  kampot.vacancies_by_screening = {{"clear", 2}, {"review", 1}, {"blocked", 0}};
  kampot.referrals_by_status = {{"proposed", 1}, {"hired", 1}};
  kampot.placements = 1;
  kampot.placements_by_sex = {{"female", 1}, {"male", 0}, {"other", 0}};
  kampot.retention_3m = {1, 1, 0};
  for (int i = 0; i < referral::kPlacementMonths; ++i) {
    referral::MonthlyPlacements month;
    month.month = Date{2024, 12, 1}.AddMonths(i).ToString().substr(0, 7);
    month.placements = month.retained_3m =
        month.retained_6m = {{"female", 0}, {"male", 0}, {"other", 0}};
    kampot.placements_by_month.push_back(month);
  }
  kampot.placements_by_month[20].placements["female"] = 1;
  kampot.placements_by_month[20].retained_3m["female"] = 1;
  kampot.vulnerability_distribution = {{"0-24", 1}, {"25-49", 2}, {"50-74", 0}, {"75-100", 0}};
  referral::SummaryReport report;
  report.generated_at = "2026-11-28T14:00:00Z";
  report.provinces = {kampot};
  report.overall = kampot;
  report.overall.province = "all";
  EXPECT_THAT(
      SchemaSet::Builtin().Validate("report-summary.schema.json", api::views::Summary(report)),
      IsOk());
}

}  // namespace
}  // namespace homeward::json
