// The demo's two years of history (docs/demo-data.md, "History"), loaded into a real SQLite file
// at the default scale, as `make run` and `homeward-server --demo` load it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "homeward/demo/demo.h"
#include "homeward/json/json.h"
#include "homeward/model/json.h"
#include "homeward/referral/lifecycle.h"
#include "homeward/referral/report.h"
#include "homeward/store/database.h"
#include "status_matchers.h"
#include "temp_dir.h"
#include "views/views.h"

namespace homeward::demo {
namespace {

using homeward::testing::IsOk;
using model::OpportunityKind;
using model::ReferralStatus;

// Everything the tests look at, read once from the loaded database.
struct Loaded {
  std::map<std::string, model::Individual> people;  // by id
  std::vector<model::Referral> referrals;
  std::map<std::string, model::Vacancy> vacancies;  // by id
  std::map<std::string, int64_t> audit_actions;
  std::map<std::string, std::vector<model::AuditEntry>> audit_by_subject;  // referrals only
  std::map<std::string, model::ApiKey> keys;
  std::map<std::string, std::string> employer_provinces;  // by id
  std::vector<model::AuditEntry> safeguard_audit;         // the rows a summary counts
};

bool IsSafeguardAction(const std::string& action) {
  return action.rfind("employer.safety_review_", 0) == 0 || action == "individual.break_glass";
}

StatusOr<Loaded> ReadAll(store::Database& db) {
  return db.Read([](store::ReadTx& tx) -> StatusOr<Loaded> {
    Loaded out;
    HW_RETURN_IF_ERROR(tx.individuals().ForEach({}, [&](model::Individual&& p) {
      const std::string id = p.meta.id;
      out.people.emplace(id, std::move(p));
      return Status::Ok();
    }));
    HW_RETURN_IF_ERROR(tx.referrals().ForEach({}, [&](model::Referral&& r) {
      out.referrals.push_back(std::move(r));
      return Status::Ok();
    }));
    HW_RETURN_IF_ERROR(tx.vacancies().ForEach({}, [&](model::Vacancy&& v) {
      const std::string id = v.meta.id;
      out.vacancies.emplace(id, std::move(v));
      return Status::Ok();
    }));
    HW_RETURN_IF_ERROR(tx.api_keys().ForEach({}, [&](model::ApiKey&& k) {
      const std::string id = k.meta.id;
      out.keys.emplace(id, std::move(k));
      return Status::Ok();
    }));
    HW_RETURN_IF_ERROR(tx.employers().ForEach({}, [&](model::Employer&& e) {
      out.employer_provinces.emplace(e.meta.id, e.province);
      return Status::Ok();
    }));
    store::ListOptions options;
    options.limit = store::ListOptions::kMaxLimit;
    while (true) {
      HW_ASSIGN_OR_RETURN(store::Page<model::AuditEntry> page, tx.audit().List(options));
      for (model::AuditEntry& row : page.items) {
        ++out.audit_actions[row.action];
        if (IsSafeguardAction(row.action)) out.safeguard_audit.push_back(row);
        if (row.action.rfind("referral.", 0) == 0) {
          out.audit_by_subject[row.subject].push_back(std::move(row));
        }
      }
      if (!page.next_cursor) break;
      options.cursor = *page.next_cursor;
    }
    return out;
  });
}

class DemoHistoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new homeward::testing::TempDir();
    auto opened = store::Database::Open(dir_->File("demo.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(opened).value().release();
    ASSERT_THAT(LoadDemo(*db_, DemoOptions(), LoadHooks()), IsOk());
    auto loaded = ReadAll(*db_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    loaded_ = new Loaded(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete loaded_;
    delete db_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(loaded_, nullptr); }

  static const Loaded& loaded() { return *loaded_; }
  static const model::Individual& PersonOf(const model::Referral& r) {
    return loaded_->people.at(r.individual_id);
  }

  static homeward::testing::TempDir* dir_;
  static store::Database* db_;
  static Loaded* loaded_;
};

homeward::testing::TempDir* DemoHistoryTest::dir_ = nullptr;
store::Database* DemoHistoryTest::db_ = nullptr;
Loaded* DemoHistoryTest::loaded_ = nullptr;

Date DayOf(const std::string& rfc3339) {
  return *Date::Parse(rfc3339.substr(0, 10));
}

TEST_F(DemoHistoryTest, EveryProvinceOfThePeopleHasReferralsOfEveryKind) {
  std::set<std::string> provinces;
  for (const auto& [id, person] : loaded().people) provinces.insert(person.province);
  ASSERT_EQ(provinces.size(), 8u);
  std::map<std::string, std::set<OpportunityKind>> kinds;
  for (const model::Referral& r : loaded().referrals) {
    kinds[r.province].insert(r.kind);
    // A referral is made in the person's province.
    EXPECT_EQ(r.province, PersonOf(r).province);
  }
  for (const std::string& province : provinces) {
    EXPECT_EQ(kinds[province].size(), 3u) << province;
  }
}

TEST_F(DemoHistoryTest, EveryStatusAndReasonOccurs) {
  std::map<ReferralStatus, int> by_status;
  std::map<std::string, int> leave_reasons;
  for (const model::Referral& r : loaded().referrals) {
    ++by_status[r.status];
    if (r.status == ReferralStatus::kLeft && r.kind == OpportunityKind::kJob) {
      ++leave_reasons[*r.history.back().reason];
    }
  }
  for (ReferralStatus status : model::kAllReferralStatuses) {
    EXPECT_GT(by_status[status], 0) << model::ToString(status);
  }
  // Every final status, each more than a handful of times.
  for (ReferralStatus status :
       {ReferralStatus::kRejected, ReferralStatus::kWithdrawn, ReferralStatus::kRetained6m,
        ReferralStatus::kLeft, ReferralStatus::kIncomeVerified6m}) {
    EXPECT_GE(by_status[status], 10) << model::ToString(status);
  }
  EXPECT_GE(leave_reasons.size(), 5u);
}

TEST_F(DemoHistoryTest, DatesSpanTwoYearsAfterRegistrationAndNoneIsInTheFuture) {
  const DemoOptions options;
  const int64_t today = options.today.DaysSinceEpoch();
  int64_t first = today, last = 0;
  for (const model::Referral& r : loaded().referrals) {
    const model::Individual& person = PersonOf(r);
    ASSERT_TRUE(person.consent.date);
    for (const model::ReferralChange& change : r.history) {
      const int64_t day = DayOf(change.at).DaysSinceEpoch();
      EXPECT_LE(day, today) << change.at;
      EXPECT_GE(day, person.consent.date->DaysSinceEpoch()) << change.at;
      first = std::min(first, day);
      last = std::max(last, day);
    }
  }
  EXPECT_LE(first, today - 660);
  EXPECT_GE(last, today - 7);
}

TEST_F(DemoHistoryTest, EveryChainIsLegalAndEveryChangeIsAudited) {
  const DemoOptions options;
  int64_t changes = 0;
  for (const model::Referral& r : loaded().referrals) {
    ASSERT_FALSE(r.history.empty());
    EXPECT_FALSE(r.history.front().from);
    EXPECT_EQ(r.history.front().to, ReferralStatus::kProposed);
    std::optional<Date> hired_on, completed_on;
    for (size_t i = 1; i < r.history.size(); ++i) {
      const model::ReferralChange& before = r.history[i - 1];
      const model::ReferralChange& change = r.history[i];
      ASSERT_TRUE(change.from);
      EXPECT_EQ(*change.from, before.to);
      EXPECT_TRUE(referral::IsLegalTransition(r.kind, *change.from, change.to))
          << model::ToString(*change.from) << " -> " << model::ToString(change.to);
      EXPECT_LT(before.at, change.at);
      EXPECT_EQ(change.reason.has_value(), referral::NeedsReason(change.to));
      if (change.reason) {
        EXPECT_TRUE(referral::IsRefusalReason(*change.reason));
      }
      const int64_t day = DayOf(change.at).DaysSinceEpoch();
      if (change.to == ReferralStatus::kHired) hired_on = DayOf(change.at);
      if (change.to == ReferralStatus::kCompleted) completed_on = DayOf(change.at);
      if (change.to == ReferralStatus::kRetained3m) {
        EXPECT_GE(day - hired_on->DaysSinceEpoch(), referral::kRetained3mDays);
      }
      if (change.to == ReferralStatus::kRetained6m) {
        EXPECT_GE(day - hired_on->DaysSinceEpoch(), referral::kRetained6mDays);
      }
      if (change.to == ReferralStatus::kIncomeVerified6m) {
        EXPECT_GE(day - completed_on->DaysSinceEpoch(), referral::kIncomeVerifiedDays);
      }
    }
    EXPECT_EQ(r.status, r.history.back().to);
    changes += static_cast<int64_t>(r.history.size()) - 1;

    // Made by the province's demo officer, whose key is revoked.
    const model::ApiKey& officer = loaded().keys.at(r.history.front().by);
    EXPECT_EQ(officer.role, model::Role::kOfficer);
    EXPECT_EQ(officer.provinces, std::vector<std::string>{r.province});
    EXPECT_TRUE(officer.revoked_at);

    // The audit rows say the same: who, when, in the same order.
    const auto& rows = loaded().audit_by_subject.at(r.meta.id);
    ASSERT_EQ(rows.size(), r.history.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].action, i == 0 ? "referral.create" : "referral.status");
      EXPECT_EQ(rows[i].at, r.history[i].at);
      EXPECT_EQ(rows[i].actor, r.history[i].by);
    }
  }
  EXPECT_EQ(loaded().audit_actions.at("referral.create"),
            static_cast<int64_t>(loaded().referrals.size()));
  EXPECT_EQ(loaded().audit_actions.at("referral.status"), changes);
}

TEST_F(DemoHistoryTest, TheRegistryAgreesWithTheHistory) {
  std::set<std::string> employed;    // in a job or course after the hire
  std::map<std::string, int> hires;  // by vacancy
  for (const model::Referral& r : loaded().referrals) {
    if (r.kind == OpportunityKind::kProgramme) continue;
    if (r.status == ReferralStatus::kHired || r.status == ReferralStatus::kRetained3m ||
        r.status == ReferralStatus::kRetained6m) {
      EXPECT_EQ(employed.count(r.individual_id), 0u) << "two hires at once";
      employed.insert(r.individual_id);
    }
    if (r.kind == OpportunityKind::kJob && referral::IsPlacement(r.status))
      ++hires[r.opportunity_id];
  }
  int placed = 0;
  for (const auto& [id, person] : loaded().people) {
    EXPECT_EQ(person.status == model::IndividualStatus::kPlaced, employed.count(id) == 1) << id;
    placed += person.status == model::IndividualStatus::kPlaced;
  }
  EXPECT_GT(placed, 100);
  const DemoOptions options;
  for (const auto& [id, vacancy] : loaded().vacancies) {
    EXPECT_EQ(vacancy.slots_filled, hires[id]) << id;
    // Past vacancies are closed or filled; none is open after its closing day.
    if (vacancy.closes_on && *vacancy.closes_on < options.today) {
      EXPECT_NE(vacancy.status, model::VacancyStatus::kOpen) << id;
    }
  }
}

TEST_F(DemoHistoryTest, ReportsShowPlacementsAndRetentionMonthByMonthForBothSexes) {
  const DemoOptions options;
  const std::string now = options.today.ToString() + "T12:00:00Z";
  ASSERT_OK_AND_ASSIGN(referral::SummaryReport report, db_->Read([&](store::ReadTx& tx) {
    return referral::ComputeSummary(tx, {}, now);
  }));
  const referral::ProvinceSummary& all = report.overall;
  EXPECT_GT(all.placements_by_sex.at("female"), 0);
  EXPECT_GT(all.placements_by_sex.at("male"), 0);
  EXPECT_GT(all.enrolments, 0);
  EXPECT_GT(all.programme_enrolments, 0);
  EXPECT_GT(all.programme_income_verified, 0);
  ASSERT_TRUE(all.retention_3m.Rate());
  ASSERT_TRUE(all.retention_6m.Rate());
  // Plausible rates (docs/demo-data.md): most hires are still in the job at 3 and 6 months.
  EXPECT_GT(*all.retention_3m.Rate(), 0.6);
  EXPECT_LT(*all.retention_3m.Rate(), 0.95);
  EXPECT_GT(*all.retention_6m.Rate(), 0.4);
  EXPECT_GE(all.safeguards.at("retention_verified_3m"), 0);

  // What a report by month and sex shows: the hires counted as placements, by the month of the
  // hire, and those whose 3-month outcome is known, by the same month.
  std::map<model::Sex, std::set<std::string>> placed_months, retention_months;
  int64_t placements = 0;
  for (const model::Referral& r : loaded().referrals) {
    if (r.kind != OpportunityKind::kJob || !referral::IsPlacement(r.status)) continue;
    ++placements;
    const std::optional<Date> hired = referral::HireDate(r);
    ASSERT_TRUE(hired);
    const std::string month = hired->ToString().substr(0, 7);
    placed_months[PersonOf(r).sex].insert(month);
    const bool known = std::any_of(r.history.begin(), r.history.end(), [](const auto& c) {
      return c.to == ReferralStatus::kRetained3m || c.to == ReferralStatus::kLeft;
    });
    if (known) retention_months[PersonOf(r).sex].insert(month);
  }
  EXPECT_EQ(placements, all.placements);
  std::cout << "demo history (scale 1): " << loaded().referrals.size() << " referrals, "
            << all.placements << " job placements (" << all.placements_by_sex.at("female")
            << " women, " << all.placements_by_sex.at("male") << " men), " << all.enrolments
            << " course enrolments, " << all.programme_enrolments << " programme enrolments ("
            << all.programme_income_verified << " income verified); retained at 3 months "
            << *all.retention_3m.Rate() << ", at 6 months " << *all.retention_6m.Rate()
            << "; placements in " << placed_months[model::Sex::kFemale].size()
            << " months (women), " << placed_months[model::Sex::kMale].size() << " (men)\n";
  for (model::Sex sex : {model::Sex::kFemale, model::Sex::kMale}) {
    EXPECT_GE(placed_months[sex].size(), 20u) << model::ToString(sex);
    EXPECT_GE(retention_months[sex].size(), 20u) << model::ToString(sex);
  }
}

// A province's figures with every category at 0, as the report gives them.
referral::ProvinceSummary ZeroSummary(std::string province, const Date& today) {
  referral::ProvinceSummary s;
  s.province = std::move(province);
  // The 24 months to today's, oldest first, counted back from today's month.
  int year = today.year, month = today.month;
  s.placements_by_month.resize(24);
  for (int i = 23; i >= 0; --i) {
    char name[8];
    std::snprintf(name, sizeof name, "%04d-%02d", year, month);
    s.placements_by_month[i].month = name;
    for (const char* sex : {"female", "male", "other"}) {
      s.placements_by_month[i].placements[sex] = 0;
      s.placements_by_month[i].retained_3m[sex] = 0;
      s.placements_by_month[i].retained_6m[sex] = 0;
    }
    if (--month == 0) month = 12, --year;
  }
  for (const char* band : {"0-24", "25-49", "50-74", "75-100"}) {
    s.vulnerability_distribution[band] = 0;
  }
  for (const char* name : {"active", "placed", "closed"}) s.people_by_status[name] = 0;
  for (const char* name : {"clear", "review", "blocked"}) s.vacancies_by_screening[name] = 0;
  for (const char* name :
       {"proposed", "referred", "interviewing", "hired", "rejected", "withdrawn", "retained_3m",
        "retained_6m", "left", "enrolled", "completed", "income_verified_6m"}) {
    s.referrals_by_status[name] = 0;
  }
  for (const char* name : {"female", "male", "other"}) s.placements_by_sex[name] = 0;
  for (const char* name : {"safety_reviews_opened", "safety_reviews_cleared",
                           "safety_reviews_confirmed", "check_ins", "check_ins_with_indicators",
                           "break_glass_reads", "retention_verified_3m", "retention_verified_6m"}) {
    s.safeguards[name] = 0;
  }
  return s;
}

bool Reached(const model::Referral& r, ReferralStatus status) {
  return std::any_of(r.history.begin(), r.history.end(),
                     [&](const model::ReferralChange& c) { return c.to == status; });
}

// The summary of `provinces` (every province with a record when empty) computed again by walking
// every row in memory, one by one, by the rules of docs/referrals.md ("Summary report"); the
// report reads indexed counts and only the referrals it must decode, and has to give exactly this.
referral::SummaryReport WalkedSummary(const Loaded& rows, const std::set<std::string>& provinces,
                                      const std::string& now) {
  const Date today = DayOf(now);
  std::map<std::string, referral::ProvinceSummary> by_province;
  referral::ProvinceSummary all = ZeroSummary("all", today);
  // Calls `add` on the province's figures and on the overall ones, when the province is asked.
  const auto count = [&](const std::string& province, auto&& add) {
    if (!provinces.empty() && provinces.count(province) == 0) return;
    auto found = by_province.try_emplace(province, ZeroSummary(province, today)).first;
    add(found->second);
    add(all);
  };
  for (const auto& [id, p] : rows.people) {
    count(p.province, [&](auto& s) { ++s.people_by_status[model::ToString(p.status)]; });
    if (p.status != model::IndividualStatus::kActive) continue;
    const double score = p.vulnerability.score;
    const char* band = score < 25 ? "0-24" : score < 50 ? "25-49" : score < 75 ? "50-74" : "75-100";
    count(p.province, [&](auto& s) { ++s.vulnerability_distribution[band]; });
  }
  for (const auto& [id, v] : rows.vacancies) {
    count(v.province,
          [&](auto& s) { ++s.vacancies_by_screening[model::ToString(v.screening.status)]; });
  }
  const auto is_case_worker = [&](const std::string& key_id) {
    auto key = rows.keys.find(key_id);
    return key != rows.keys.end() &&
           (key->second.role == model::Role::kOfficer || key->second.role == model::Role::kAdmin);
  };
  for (const model::Referral& r : rows.referrals) {
    count(r.province, [&](referral::ProvinceSummary& s) {
      ++s.referrals_by_status[model::ToString(r.status)];
      if (r.kind == OpportunityKind::kProgramme) {
        if (Reached(r, ReferralStatus::kEnrolled)) ++s.programme_enrolments;
        if (r.status == ReferralStatus::kIncomeVerified6m) ++s.programme_income_verified;
        return;
      }
      if (!referral::IsPlacement(r.status)) return;
      if (r.kind == OpportunityKind::kTraining) {
        ++s.enrolments;
        return;
      }
      ++s.placements;
      const std::string sex = model::ToString(rows.people.at(r.individual_id).sex);
      ++s.placements_by_sex[sex];
      const Date hired = *referral::HireDate(r);
      const std::string hired_month = hired.ToString().substr(0, 7);
      for (referral::MonthlyPlacements& m : s.placements_by_month) {
        if (m.month != hired_month) continue;
        ++m.placements[sex];
        if (Reached(r, ReferralStatus::kRetained3m)) ++m.retained_3m[sex];
        if (Reached(r, ReferralStatus::kRetained6m)) ++m.retained_6m[sex];
      }
      if (hired.AddMonths(3) <= today) {
        ++s.retention_3m.due;
        if (Reached(r, ReferralStatus::kRetained3m)) ++s.retention_3m.retained;
        if (r.status == ReferralStatus::kHired) ++s.retention_3m.pending;
      }
      if (hired.AddMonths(6) <= today) {
        ++s.retention_6m.due;
        if (Reached(r, ReferralStatus::kRetained6m)) ++s.retention_6m.retained;
        if (referral::IsActiveHire(r.status)) ++s.retention_6m.pending;
      }
      if (r.follow_up_on && *r.follow_up_on <= today) ++s.follow_ups_due;
      for (const model::CheckIn& check_in : r.check_ins) {
        ++s.safeguards["check_ins"];
        if (!check_in.indicators.empty()) ++s.safeguards["check_ins_with_indicators"];
      }
      for (const model::ReferralChange& change : r.history) {
        if (change.to == ReferralStatus::kRetained3m && is_case_worker(change.by)) {
          ++s.safeguards["retention_verified_3m"];
        }
        if (change.to == ReferralStatus::kRetained6m && is_case_worker(change.by)) {
          ++s.safeguards["retention_verified_6m"];
        }
      }
    });
  }
  const std::map<std::string, std::string> measures = {
      {"employer.safety_review_open", "safety_reviews_opened"},
      {"employer.safety_review_cleared", "safety_reviews_cleared"},
      {"employer.safety_review_confirmed", "safety_reviews_confirmed"},
      {"individual.break_glass", "break_glass_reads"}};
  for (const model::AuditEntry& row : rows.safeguard_audit) {
    if (row.outcome != "allowed" || measures.count(row.action) == 0) continue;
    std::optional<std::string> province;
    if (auto person = rows.people.find(row.subject); person != rows.people.end()) {
      province = person->second.province;
    } else if (auto employer = rows.employer_provinces.find(row.subject);
               employer != rows.employer_provinces.end()) {
      province = employer->second;
    }
    if (province) count(*province, [&](auto& s) { ++s.safeguards[measures.at(row.action)]; });
  }
  referral::SummaryReport report;
  report.generated_at = now;
  // A province asked for but without any record is reported with zeros.
  for (const std::string& code : provinces) {
    by_province.try_emplace(code, ZeroSummary(code, today));
  }
  for (auto& [code, s] : by_province) report.provinces.push_back(std::move(s));
  report.overall = std::move(all);
  return report;
}

// The summary's indexed counts (migration 10) give what walking the rows gives: nationally, for
// one province and for two, on the demo's history (placements, retention, check-ins, programmes).
TEST_F(DemoHistoryTest, TheSummaryAgreesWithCountsWalkedFromEveryRow) {
  const std::string now = DemoOptions().today.ToString() + "T12:00:00Z";
  std::set<std::string> with_placements;
  for (const model::Referral& r : loaded().referrals) {
    if (r.kind == OpportunityKind::kJob && referral::IsPlacement(r.status)) {
      with_placements.insert(r.province);
    }
  }
  ASSERT_GE(with_placements.size(), 2u);
  const std::string first = *with_placements.begin();
  const std::string last = *with_placements.rbegin();
  for (const std::set<std::string>& asked :
       {std::set<std::string>{}, {first}, {first, last}, {first, "KH-99"}}) {
    const std::vector<std::string> codes(asked.begin(), asked.end());
    ASSERT_OK_AND_ASSIGN(referral::SummaryReport report, db_->Read([&](store::ReadTx& tx) {
      return referral::ComputeSummary(tx, codes, now);
    }));
    const referral::SummaryReport walked = WalkedSummary(loaded(), asked, now);
    EXPECT_EQ(api::views::Summary(report).dump(1), api::views::Summary(walked).dump(1))
        << asked.size() << " provinces asked, the first " << first;
    EXPECT_GT(report.overall.placements, 0);
    EXPECT_GT(report.overall.retention_3m.due, 0);
    // The new figures are not all zeros on the demo's history.
    int64_t by_month = 0, retained_by_month = 0, banded = 0;
    for (const referral::MonthlyPlacements& m : report.overall.placements_by_month) {
      for (const auto& [sex, n] : m.placements) by_month += n;
      for (const auto& [sex, n] : m.retained_3m) retained_by_month += n;
    }
    for (const auto& [band, n] : report.overall.vulnerability_distribution) banded += n;
    EXPECT_GT(by_month, 0);
    EXPECT_GT(retained_by_month, 0);
    EXPECT_EQ(banded, report.overall.people_by_status.at("active"));
  }
}

TEST_F(DemoHistoryTest, StoredReferralsAreValidAgainstTheApiSchema) {
  const json::SchemaSet& schemas = json::SchemaSet::Builtin();
  for (const model::Referral& r : loaded().referrals) {
    EXPECT_THAT(schemas.Validate("referral.schema.json", model::Json(r)), IsOk())
        << model::Json(r).dump();
  }
}

// The same seed gives the same history (ids and the store's timestamps apart), at a smaller
// scale.
TEST(DemoHistoryDeterminismTest, TheSameSeedGivesTheSameHistory) {
  DemoOptions options;
  options.per_scale = {500, 80, 400, 60};
  std::vector<std::multiset<std::string>> runs;
  for (int run = 0; run < 2; ++run) {
    homeward::testing::TempDir dir;
    auto db = store::Database::Open(dir.File("demo.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_THAT(LoadDemo(**db, options, LoadHooks()), IsOk());
    ASSERT_OK_AND_ASSIGN(Loaded loaded, ReadAll(**db));
    std::multiset<std::string> histories;
    for (const model::Referral& r : loaded.referrals) {
      std::string text = model::ToString(loaded.people.at(r.individual_id).sex) +
                         loaded.people.at(r.individual_id).birth_date.ToString() + r.province;
      for (const auto& change : r.history) {
        text += " " + model::ToString(change.to) + "@" + change.at + change.reason.value_or("");
      }
      histories.insert(text);
    }
    EXPECT_GT(histories.size(), 100u);
    runs.push_back(std::move(histories));
  }
  EXPECT_EQ(runs[0], runs[1]);
}

}  // namespace
}  // namespace homeward::demo
