// The summary report of GET /v1/reports/summary: per province and overall, people by status,
// vacancies by screening status, referrals by status, job placements (by sex, and by month and
// sex with their retention), active people by vulnerability band, training enrolments and
// retention at 3 and 6 months. Computed from store queries; api/views renders it as JSON or
// CSV (docs/referrals.md describes both).
//
// Thread-safety: ComputeSummary runs inside the ReadTx it is given, on that thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/store/database.h"

namespace homeward::referral {

// How many hires reached a follow-up date and what is known of them then.
struct Retention {
  int64_t due = 0;       // placements whose 3 (or 6) months since the hire have passed
  int64_t retained = 0;  // of those, still in the job at that follow-up
  int64_t pending = 0;   // of those, no follow-up outcome recorded yet

  // retained / (due - pending): the share retained among known outcomes; none when none known.
  std::optional<double> Rate() const;
};

// The job placements whose hire fell in one calendar month (UTC), by the placed person's sex
// ("female", "male", "other", each present), and of those the ones that later reached
// retained_3m and retained_6m, by sex the same way.
struct MonthlyPlacements {
  std::string month;  // "2026-05"
  std::map<std::string, int64_t> placements;
  std::map<std::string, int64_t> retained_3m;
  std::map<std::string, int64_t> retained_6m;
};

// How many calendar months placements_by_month covers: the report's month and those before it.
inline constexpr int kPlacementMonths = 24;

struct ProvinceSummary {
  std::string province;  // "KH-14"; "all" for the overall figures
  // Every value of each field is present, with 0 when nothing has it.
  std::map<std::string, int64_t> people_by_status;
  std::map<std::string, int64_t> vacancies_by_screening;
  std::map<std::string, int64_t> referrals_by_status;
  int64_t placements = 0;  // job referrals that reached `hired`
  std::map<std::string, int64_t> placements_by_sex;
  // The last kPlacementMonths months, oldest first, each present (0s when none).
  std::vector<MonthlyPlacements> placements_by_month;
  // Active people by vulnerability band ("0-24", "25-49", "50-74", "75-100", each present).
  std::map<std::string, int64_t> vulnerability_distribution;
  int64_t enrolments = 0;  // training referrals that reached `hired` (enrolled)
  // Programme referrals that reached `enrolled` (whatever came after), and those whose income
  // was verified 6 months after completion (`income_verified_6m`).
  int64_t programme_enrolments = 0;
  int64_t programme_income_verified = 0;
  Retention retention_3m;
  Retention retention_6m;
  int64_t follow_ups_due = 0;  // hires whose next follow-up date is today or past
  // What the safeguards did (docs/referrals.md): "safety_reviews_opened" and
  // "safety_reviews_cleared" / "_confirmed" (employers of the province, from the audit log),
  // "check_ins" and "check_ins_with_indicators" (placements in the province),
  // "break_glass_reads" (people of the province), "retention_verified_3m" / "_6m" (retention
  // recorded by an officer or admin).
  std::map<std::string, int64_t> safeguards;
};

struct SummaryReport {
  std::string generated_at;                // RFC 3339
  std::vector<ProvinceSummary> provinces;  // ordered by code
  ProvinceSummary overall;                 // the sum over `provinces`
};

// Computes the report for `provinces` (every province that has a person, vacancy or referral
// when empty) as of `now` (RFC 3339). People count in their own province, vacancies and
// referrals in the opportunity's. INVALID_ARGUMENT for a malformed `now`.
StatusOr<SummaryReport> ComputeSummary(const store::ReadTx& tx,
                                       const std::vector<std::string>& provinces,
                                       std::string_view now);

// The hires whose follow-up date is `today` or past (hired or retained_3m), in `provinces` (all
// when empty), earliest follow-up first (then by id): an officer's list of calls to make.
StatusOr<std::vector<model::Referral>> DueFollowUps(const store::ReadTx& tx,
                                                    const std::vector<std::string>& provinces,
                                                    const Date& today);

}  // namespace homeward::referral
