// The summary report as referral::SummaryToJson renders it matches report-summary.schema.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "homeward/json/json.h"
#include "homeward/referral/report.h"
#include "status_matchers.h"

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
  referral::SummaryReport report;
  report.generated_at = "2026-11-28T14:00:00Z";
  report.provinces = {kampot};
  report.overall = kampot;
  report.overall.province = "all";
  EXPECT_THAT(
      SchemaSet::Builtin().Validate("report-summary.schema.json", referral::SummaryToJson(report)),
      IsOk());
}

}  // namespace
}  // namespace homeward::json
