#include "homeward/referral/report.h"

#include <algorithm>
#include <set>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/referral/lifecycle.h"

namespace homeward::referral {
namespace {

using model::ReferralStatus;

// Each function below returns one list of the values a report counts; they are alike but for
// the list.
const std::vector<std::string>& PersonStatuses() {
  static const std::vector<std::string> kNames = {"active", "placed", "closed"};
  return kNames;
}
const std::vector<std::string>& ScreeningStatuses() {
  static const std::vector<std::string> kNames = {"clear", "review", "blocked"};
  return kNames;
}
const std::vector<std::string>& ReferralStatuses() {
  static const std::vector<std::string> kNames = {
      "proposed",    "referred",    "interviewing", "hired",    "rejected",  "withdrawn",
      "retained_3m", "retained_6m", "left",         "enrolled", "completed", "income_verified_6m"};
  return kNames;
}
const std::vector<std::string>& Sexes() {
  static const std::vector<std::string> kNames = {"female", "male", "other"};
  return kNames;
}

const std::vector<std::string>& SafeguardMeasures() {
  static const std::vector<std::string> kNames = {
      "safety_reviews_opened",     "safety_reviews_cleared",
      "safety_reviews_confirmed",  "check_ins",
      "check_ins_with_indicators", "break_glass_reads",
      "retention_verified_3m",     "retention_verified_6m"};
  return kNames;
}

// The audit actions a report counts, with the measure each adds to and what its subject is.
struct CountedAction {
  const char* action;
  const char* measure;
  bool subject_is_person;  // else an employer
};
constexpr CountedAction kCountedActions[] = {
    {"employer.safety_review_open", "safety_reviews_opened", false},
    {"employer.safety_review_cleared", "safety_reviews_cleared", false},
    {"employer.safety_review_confirmed", "safety_reviews_confirmed", false},
    {"individual.break_glass", "break_glass_reads", true},
};

// The counted audit rows by the province of their subject (an erased person's are not counted).
StatusOr<std::map<std::string, std::map<std::string, int64_t>>> AuditedSafeguards(
    const store::ReadTx& tx) {
  std::map<std::string, std::map<std::string, int64_t>> by_province;
  for (const CountedAction& counted : kCountedActions) {
    HW_ASSIGN_OR_RETURN(auto counts,
                        tx.audit().AllowedByProvince(counted.action, counted.subject_is_person));
    for (const auto& [province, count] : counts) by_province[province][counted.measure] += count;
  }
  return by_province;
}

// `counts` with every one of `names` present (0 when absent).
std::map<std::string, int64_t> Complete(std::map<std::string, int64_t> counts,
                                        const std::vector<std::string>& names) {
  for (const std::string& name : names) counts.try_emplace(name, 0);
  return counts;
}

void Add(std::map<std::string, int64_t>& total, const std::map<std::string, int64_t>& part) {
  for (const auto& [name, count] : part) total[name] += count;
}

// The months of placements_by_month ending with `today`'s, oldest first, each with 0s.
std::vector<MonthlyPlacements> EmptyMonths(const Date& today) {
  std::vector<MonthlyPlacements> months(kPlacementMonths);
  const Date first = Date{today.year, today.month, 1}.AddMonths(1 - kPlacementMonths);
  for (int i = 0; i < kPlacementMonths; ++i) {
    months[i].month = first.AddMonths(i).ToString().substr(0, 7);
    months[i].placements = months[i].retained_3m = months[i].retained_6m = Complete({}, Sexes());
  }
  return months;
}

// The index in EmptyMonths(today) of the month of `day`; nullopt outside those months.
std::optional<size_t> MonthIndex(const Date& day, const Date& today) {
  const int back = (today.year * 12 + today.month) - (day.year * 12 + day.month);
  if (back < 0 || back >= kPlacementMonths) return std::nullopt;
  return static_cast<size_t>(kPlacementMonths - 1 - back);
}

// The last day whose date `months` later is on or before `today`: the placements hired on it or
// before have had `months` months (hired_on.AddMonths(months) <= today, which grows with
// hired_on, so the hires that have are exactly those up to this day).
Date LastHireDue(const Date& today, int months) {
  Date day = today.AddMonths(-months);
  while (!(day.AddMonths(months) <= today)) day = Date::FromDays(day.DaysSinceEpoch() - 1);
  for (Date next = Date::FromDays(day.DaysSinceEpoch() + 1); next.AddMonths(months) <= today;
       next = Date::FromDays(next.DaysSinceEpoch() + 1)) {
    day = next;
  }
  return day;
}

// The two follow-up milestones of a placement, 3 and 6 months after the hire.
struct Milestone {
  int months;
  Retention ProvinceSummary::*retention;
  bool store::PlacementValue::*reached;
  bool (*pending)(ReferralStatus);  // still waiting for the milestone's outcome
};
const Milestone kMilestones[] = {
    {3, &ProvinceSummary::retention_3m, &store::PlacementValue::retained_3m,
     [](ReferralStatus s) { return s == ReferralStatus::kHired; }},
    {6, &ProvinceSummary::retention_6m, &store::PlacementValue::retained_6m, &IsActiveHire},
};

StatusOr<store::PlacementValue> ParsePlacement(const std::string& value) {
  std::optional<store::PlacementValue> placement = store::PlacementValue::Parse(value);
  if (!placement) return Status::Internal("a kept placement count is malformed: " + value);
  return *placement;
}

// The kept counts the report reads, each by province (see store::KeptCounts).
struct ProvinceCounts {
  using ByProvince = std::map<std::string, std::map<std::string, int64_t>>;
  ByProvince people, vacancies, referrals, vulnerability, placements, follow_ups, safeguards,
      programmes;

  static StatusOr<ProvinceCounts> Read(const store::ReadTx& tx) {
    ProvinceCounts out;
    const store::KeptCounts kept = tx.kept_counts();
    HW_ASSIGN_OR_RETURN(out.people, kept.ByProvince(store::Counted::kPeopleByStatus));
    HW_ASSIGN_OR_RETURN(out.vacancies, kept.ByProvince(store::Counted::kVacanciesByScreening));
    HW_ASSIGN_OR_RETURN(out.referrals, kept.ByProvince(store::Counted::kReferralsByStatus));
    HW_ASSIGN_OR_RETURN(out.vulnerability,
                        kept.ByProvince(store::Counted::kActivePeopleByVulnerability));
    HW_ASSIGN_OR_RETURN(out.placements, kept.ByProvince(store::Counted::kJobPlacementsByMonth));
    HW_ASSIGN_OR_RETURN(out.follow_ups, kept.ByProvince(store::Counted::kFollowUpsByMonth));
    HW_ASSIGN_OR_RETURN(out.safeguards, kept.ByProvince(store::Counted::kPlacementSafeguards));
    HW_ASSIGN_OR_RETURN(out.programmes, kept.ByProvince(store::Counted::kProgrammeOutcomes));
    return out;
  }

  // Every province that has a person, vacancy or referral, in order.
  std::vector<std::string> Provinces() const {
    std::set<std::string> found;
    for (const ByProvince* counts : {&people, &vacancies, &referrals}) {
      for (const auto& entry : *counts) found.insert(entry.first);
    }
    return std::vector<std::string>(found.begin(), found.end());
  }

  static std::map<std::string, int64_t> Of(const ByProvince& counts, const std::string& province) {
    auto it = counts.find(province);
    return it == counts.end() ? std::map<std::string, int64_t>{} : it->second;
  }
};

// The placements' figures of `province` from the kept counts: by sex and by month, retention
// and follow-ups due as of `today`. Whole months come from the counts by month; the one month
// a cut-off day falls in, from the counts by day.
Status CountPlacements(const store::KeptCounts& kept, const std::string& province,
                       const ProvinceCounts& counts, const Date& today, ProvinceSummary& out) {
  std::vector<std::pair<store::PlacementValue, int64_t>> by_month;
  for (const auto& [value, count] : ProvinceCounts::Of(counts.placements, province)) {
    HW_ASSIGN_OR_RETURN(store::PlacementValue p, ParsePlacement(value));
    out.placements += count;
    out.placements_by_sex[p.sex] += count;
    const std::optional<Date> first = Date::Parse(p.hired + "-01");  // none: no hire recorded
    if (!first) continue;
    if (const std::optional<size_t> index = MonthIndex(*first, today)) {
      MonthlyPlacements& month = out.placements_by_month[*index];
      month.placements[p.sex] += count;
      if (p.retained_3m) month.retained_3m[p.sex] += count;
      if (p.retained_6m) month.retained_6m[p.sex] += count;
    }
    by_month.emplace_back(std::move(p), count);
  }
  for (const Milestone& milestone : kMilestones) {
    Retention& retention = out.*milestone.retention;
    const auto add = [&](const store::PlacementValue& p, int64_t count) {
      retention.due += count;
      if (p.*milestone.reached) retention.retained += count;
      if (milestone.pending(p.status)) retention.pending += count;
    };
    const std::string last_day = LastHireDue(today, milestone.months).ToString();
    const std::string month = last_day.substr(0, 7);
    for (const auto& [p, count] : by_month) {
      if (p.hired < month) add(p, count);
    }
    // The month of the last day, up to that day.
    HW_ASSIGN_OR_RETURN(auto days, kept.InRange(store::Counted::kJobPlacementsByDay, province,
                                                month, last_day + "~"));
    for (const auto& [value, count] : days) {
      HW_ASSIGN_OR_RETURN(const store::PlacementValue p, ParsePlacement(value));
      add(p, count);
    }
  }
  // Follow-ups: the months before this one, and this month's days up to today.
  const std::string this_month = today.ToString().substr(0, 7);
  for (const auto& [month, count] : ProvinceCounts::Of(counts.follow_ups, province)) {
    if (month < this_month) out.follow_ups_due += count;
  }
  HW_ASSIGN_OR_RETURN(auto days, kept.InRange(store::Counted::kFollowUpsByDay, province, this_month,
                                              today.ToString() + "~"));
  for (const auto& [day, count] : days) out.follow_ups_due += count;
  return Status::Ok();
}

StatusOr<ProvinceSummary> SummariseProvince(const store::ReadTx& tx, const std::string& province,
                                            const Date& today, const ProvinceCounts& counts,
                                            std::map<std::string, int64_t> audited) {
  ProvinceSummary out;
  out.province = province;
  out.safeguards = Complete(std::move(audited), SafeguardMeasures());
  Add(out.safeguards, ProvinceCounts::Of(counts.safeguards, province));
  out.people_by_status = Complete(ProvinceCounts::Of(counts.people, province), PersonStatuses());
  out.vacancies_by_screening =
      Complete(ProvinceCounts::Of(counts.vacancies, province), ScreeningStatuses());
  out.referrals_by_status =
      Complete(ProvinceCounts::Of(counts.referrals, province), ReferralStatuses());
  out.placements_by_sex = Complete({}, Sexes());
  out.placements_by_month = EmptyMonths(today);
  out.vulnerability_distribution =
      Complete(ProvinceCounts::Of(counts.vulnerability, province), store::VulnerabilityBands());
  const std::map<std::string, int64_t> programmes = ProvinceCounts::Of(counts.programmes, province);
  out.programme_enrolments = programmes.count("enrolments") ? programmes.at("enrolments") : 0;
  out.programme_income_verified =
      programmes.count("income_verified") ? programmes.at("income_verified") : 0;

  // Trainings placed are enrolments, counted from the index.
  std::vector<std::string> placed;
  for (ReferralStatus s : {ReferralStatus::kHired, ReferralStatus::kRetained3m,
                           ReferralStatus::kRetained6m, ReferralStatus::kLeft}) {
    placed.push_back(model::ToString(s));
  }
  HW_ASSIGN_OR_RETURN(
      out.enrolments,
      tx.referrals().Count({{"province", {province}},
                            {"status", placed},
                            {"kind", {model::ToString(model::OpportunityKind::kTraining)}}}));
  HW_RETURN_IF_ERROR(CountPlacements(tx.kept_counts(), province, counts, today, out));
  return out;
}

void Add(std::vector<MonthlyPlacements>& total, const std::vector<MonthlyPlacements>& part) {
  for (size_t i = 0; i < total.size() && i < part.size(); ++i) {
    Add(total[i].placements, part[i].placements);
    Add(total[i].retained_3m, part[i].retained_3m);
    Add(total[i].retained_6m, part[i].retained_6m);
  }
}

void Add(Retention& total, const Retention& part) {
  total.due += part.due;
  total.retained += part.retained;
  total.pending += part.pending;
}

}  // namespace

std::optional<double> Retention::Rate() const {
  const int64_t known = due - pending;
  if (known <= 0) return std::nullopt;
  return static_cast<double>(retained) / static_cast<double>(known);
}

StatusOr<SummaryReport> ComputeSummary(const store::ReadTx& tx,
                                       const std::vector<std::string>& provinces,
                                       std::string_view now) {
  const std::optional<Date> today = Date::Parse(now.substr(0, 10));
  if (!today) return Status::InvalidArgument("malformed report time");
  HW_ASSIGN_OR_RETURN(const ProvinceCounts counts, ProvinceCounts::Read(tx));
  std::vector<std::string> codes = provinces.empty() ? counts.Provinces() : provinces;
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());

  SummaryReport report;
  report.generated_at = std::string(now);
  ProvinceSummary& all = report.overall;
  all.province = "all";
  all.people_by_status = Complete({}, PersonStatuses());
  all.vacancies_by_screening = Complete({}, ScreeningStatuses());
  all.referrals_by_status = Complete({}, ReferralStatuses());
  all.placements_by_sex = Complete({}, Sexes());
  all.placements_by_month = EmptyMonths(*today);
  all.vulnerability_distribution = Complete({}, store::VulnerabilityBands());
  all.safeguards = Complete({}, SafeguardMeasures());
  HW_ASSIGN_OR_RETURN(auto audited, AuditedSafeguards(tx));
  for (const std::string& code : codes) {
    HW_ASSIGN_OR_RETURN(ProvinceSummary s,
                        SummariseProvince(tx, code, *today, counts, audited[code]));
    Add(all.safeguards, s.safeguards);
    Add(all.people_by_status, s.people_by_status);
    Add(all.vacancies_by_screening, s.vacancies_by_screening);
    Add(all.referrals_by_status, s.referrals_by_status);
    Add(all.placements_by_sex, s.placements_by_sex);
    Add(all.placements_by_month, s.placements_by_month);
    Add(all.vulnerability_distribution, s.vulnerability_distribution);
    all.placements += s.placements;
    all.enrolments += s.enrolments;
    all.programme_enrolments += s.programme_enrolments;
    all.programme_income_verified += s.programme_income_verified;
    Add(all.retention_3m, s.retention_3m);
    Add(all.retention_6m, s.retention_6m);
    all.follow_ups_due += s.follow_ups_due;
    report.provinces.push_back(std::move(s));
  }
  return report;
}

StatusOr<std::vector<model::Referral>> DueFollowUps(const store::ReadTx& tx,
                                                    const std::vector<std::string>& provinces,
                                                    const Date& today) {
  store::Filters filters = {
      {"status",
       {model::ToString(ReferralStatus::kHired), model::ToString(ReferralStatus::kRetained3m)}}};
  if (!provinces.empty()) filters["province"] = provinces;
  std::vector<model::Referral> due;
  HW_RETURN_IF_ERROR(tx.referrals().ForEach(filters, [&](model::Referral&& referral) {
    if (referral.follow_up_on && *referral.follow_up_on <= today) {
      due.push_back(std::move(referral));
    }
    return Status::Ok();
  }));
  std::sort(due.begin(), due.end(), [](const model::Referral& a, const model::Referral& b) {
    if (*a.follow_up_on != *b.follow_up_on) return *a.follow_up_on < *b.follow_up_on;
    return a.meta.id < b.meta.id;
  });
  return due;
}

}  // namespace homeward::referral
