// The summary report of GET /v1/reports/summary, as JSON and as CSV (docs/referrals.md).
#include <cstdio>
#include <map>
#include <string_view>
#include <utility>

#include "views/views.h"

namespace homeward::api::views {
namespace {

using referral::MonthlyPlacements;
using referral::ProvinceSummary;
using referral::Retention;

nlohmann::json RetentionToJson(const Retention& r) {
  const std::optional<double> rate = r.Rate();
  return {{"due", r.due},
          {"retained", r.retained},
          {"pending", r.pending},
          {"rate", rate ? nlohmann::json(*rate) : nlohmann::json()}};
}

nlohmann::json MonthsToJson(const std::vector<MonthlyPlacements>& months) {
  nlohmann::json out = nlohmann::json::array();
  for (const MonthlyPlacements& m : months) {
    out.push_back({{"month", m.month},
                   {"placements", m.placements},
                   {"retained_3m", m.retained_3m},
                   {"retained_6m", m.retained_6m}});
  }
  return out;
}

// One object literal of the summary's fields; alike in shape only to to_json(Offer) in
// engine/src/offer/comparison.cc, another record written field by field.
nlohmann::json ProvinceToJson(const ProvinceSummary& s) {
  return {{"province", s.province},
          {"people_by_status", s.people_by_status},
          {"vacancies_by_screening", s.vacancies_by_screening},
          {"referrals_by_status", s.referrals_by_status},
          {"placements", s.placements},
          {"placements_by_sex", s.placements_by_sex},
          {"placements_by_month", MonthsToJson(s.placements_by_month)},
          {"vulnerability_distribution", s.vulnerability_distribution},
          {"enrolments", s.enrolments},
          {"programme_enrolments", s.programme_enrolments},
          {"programme_income_verified", s.programme_income_verified},
          {"retention",
           {{"3m", RetentionToJson(s.retention_3m)}, {"6m", RetentionToJson(s.retention_6m)}}},
          {"follow_ups_due", s.follow_ups_due},
          {"safeguards", s.safeguards}};
}

// A CSV field, quoted when it holds a separator, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

class CsvWriter {
 public:
  void Row(std::string_view province, std::string_view measure, std::string_view category,
           std::string_view value) {
    text_ += CsvField(province) + ',' + CsvField(measure) + ',' + CsvField(category) + ',' +
             CsvField(value) + "\r\n";
  }
  void Counts(std::string_view province, std::string_view measure,
              const std::map<std::string, int64_t>& counts) {
    for (const auto& [category, count] : counts) {
      Row(province, measure, category, std::to_string(count));
    }
  }
  void Retention(std::string_view province, std::string_view measure,
                 const referral::Retention& r) {
    Row(province, measure, "due", std::to_string(r.due));
    Row(province, measure, "retained", std::to_string(r.retained));
    Row(province, measure, "pending", std::to_string(r.pending));
    std::string rate;
    if (const auto value = r.Rate()) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.4f", *value);
      rate = buffer;
    }
    Row(province, measure, "rate", rate);
  }
  // One line per month and sex: "2026-05/female".
  void Months(std::string_view province, std::string_view measure,
              const std::vector<MonthlyPlacements>& months,
              std::map<std::string, int64_t> MonthlyPlacements::*counts) {
    for (const MonthlyPlacements& m : months) {
      for (const auto& [sex, count] : m.*counts) {
        Row(province, measure, m.month + '/' + sex, std::to_string(count));
      }
    }
  }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

void WriteProvince(CsvWriter& csv, const ProvinceSummary& s) {
  csv.Counts(s.province, "people_by_status", s.people_by_status);
  csv.Counts(s.province, "vacancies_by_screening", s.vacancies_by_screening);
  csv.Counts(s.province, "referrals_by_status", s.referrals_by_status);
  csv.Row(s.province, "placements", "", std::to_string(s.placements));
  csv.Counts(s.province, "placements_by_sex", s.placements_by_sex);
  csv.Months(s.province, "placements_by_month", s.placements_by_month,
             &MonthlyPlacements::placements);
  csv.Months(s.province, "retained_3m_by_month", s.placements_by_month,
             &MonthlyPlacements::retained_3m);
  csv.Months(s.province, "retained_6m_by_month", s.placements_by_month,
             &MonthlyPlacements::retained_6m);
  csv.Counts(s.province, "vulnerability_distribution", s.vulnerability_distribution);
  csv.Row(s.province, "enrolments", "", std::to_string(s.enrolments));
  csv.Row(s.province, "programme_enrolments", "", std::to_string(s.programme_enrolments));
  csv.Row(s.province, "programme_income_verified", "", std::to_string(s.programme_income_verified));
  csv.Retention(s.province, "retention_3m", s.retention_3m);
  csv.Retention(s.province, "retention_6m", s.retention_6m);
  csv.Row(s.province, "follow_ups_due", "", std::to_string(s.follow_ups_due));
  csv.Counts(s.province, "safeguards", s.safeguards);
}

}  // namespace

nlohmann::json Summary(const referral::SummaryReport& report) {
  nlohmann::json provinces = nlohmann::json::array();
  for (const ProvinceSummary& s : report.provinces) provinces.push_back(ProvinceToJson(s));
  return {{"generated_at", report.generated_at},
          {"provinces", std::move(provinces)},
          {"overall", ProvinceToJson(report.overall)}};
}

std::string SummaryCsv(const referral::SummaryReport& report) {
  CsvWriter csv;
  csv.Row("province", "measure", "category", "value");
  for (const ProvinceSummary& s : report.provinces) WriteProvince(csv, s);
  WriteProvince(csv, report.overall);
  return csv.Take();
}

}  // namespace homeward::api::views
