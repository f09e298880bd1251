// The scope rules (engine/src/service/scope.h; docs/api.md, "Roles and scope"), one by one: for
// each kind of record, who may see it and who may change it, in and out of their provinces and
// employers, and what an employer's view leaves out. The API's scope tests show the same rules
// through the routes; these name the rule that breaks.
#include "scope.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace homeward::service::internal {
namespace {

Caller Admin() {
  return {"key_admin", Role::kAdmin, {}, std::nullopt, std::nullopt};
}
Caller Officer(std::vector<std::string> provinces) {
  return {"key_officer", Role::kOfficer, std::move(provinces), std::nullopt, std::nullopt};
}
Caller Analyst(std::vector<std::string> provinces) {
  return {"key_analyst", Role::kAnalyst, std::move(provinces), std::nullopt, std::nullopt};
}
Caller Employer(std::string id) {
  return {"key_employer", Role::kEmployer, {}, std::move(id), std::nullopt};
}

model::Individual PersonIn(const std::string& province) {
  model::Individual p;
  p.province = province;
  return p;
}

TEST(ScopeTest, PeopleAreSeenAndChangedByAdminsAndTheirProvincesOfficersOnly) {
  const model::Individual p = PersonIn("KH-12");
  for (const Caller& c : {Admin(), Officer({"KH-3", "KH-12"})}) {
    EXPECT_TRUE(MaySee(c, p)) << c.key_id;
    EXPECT_TRUE(MayChange(c, p)) << c.key_id;
  }
  for (const Caller& c : {Officer({"KH-3"}), Officer({}), Analyst({"KH-12"}), Employer("emp_1")}) {
    EXPECT_FALSE(MaySee(c, p)) << c.key_id;
    EXPECT_FALSE(MayChange(c, p)) << c.key_id;
  }
}

TEST(ScopeTest, AnEmployerSeesAndChangesItselfAndItsVacanciesOnly) {
  model::Employer own;
  own.meta.id = "emp_1";
  model::Employer other;
  other.meta.id = "emp_2";
  model::Vacancy own_job;
  own_job.employer_id = "emp_1";
  own_job.province = "KH-12";
  model::Vacancy other_job = own_job;
  other_job.employer_id = "emp_2";
  const Caller employer = Employer("emp_1");
  EXPECT_TRUE(MaySee(employer, own) && MayChange(employer, own));
  EXPECT_TRUE(MaySee(employer, own_job) && MayChange(employer, own_job));
  EXPECT_FALSE(MaySee(employer, other) || MayChange(employer, other));
  EXPECT_FALSE(MaySee(employer, other_job) || MayChange(employer, other_job));
  // Officers see every employer and vacancy (to refer people to them) but change none.
  const Caller officer = Officer({"KH-3"});
  EXPECT_TRUE(MaySee(officer, other) && MaySee(officer, other_job));
  EXPECT_FALSE(MayChange(officer, other) || MayChange(officer, other_job));
  EXPECT_TRUE(MayChange(Admin(), other) && MayChange(Admin(), other_job));
  // An employer key without its employer owns nothing.
  Caller unbound = employer;
  unbound.employer_id.reset();
  EXPECT_FALSE(MaySee(unbound, own) || MaySee(unbound, own_job));
}

TEST(ScopeTest, TrainingsAndProgrammesAreSeenByOfficersAndChangedInTheirProvinces) {
  model::Training training;
  training.province = "KH-14";
  model::Programme programme;
  programme.province = "KH-14";
  const Caller here = Officer({"KH-14"});
  const Caller elsewhere = Officer({"KH-12"});
  EXPECT_TRUE(MaySee(elsewhere, training) && MaySee(elsewhere, programme));
  EXPECT_TRUE(MayChange(here, training) && MayChange(here, programme));
  EXPECT_FALSE(MayChange(elsewhere, training) || MayChange(elsewhere, programme));
  for (const Caller& c : {Analyst({"KH-14"}), Employer("emp_1")}) {
    EXPECT_FALSE(MaySee(c, training) || MaySee(c, programme)) << c.key_id;
    EXPECT_FALSE(MayChange(c, training) || MayChange(c, programme)) << c.key_id;
  }
}

TEST(ScopeTest, AReferralNeedsBothProvincesForAnOfficerAndHidesProposalsFromItsEmployer) {
  model::Referral r;
  r.province = "KH-12";
  r.employer_id = "emp_1";
  r.status = model::ReferralStatus::kReferred;
  EXPECT_TRUE(MaySeeReferral(Admin(), r, "KH-14"));
  EXPECT_TRUE(MaySeeReferral(Officer({"KH-12", "KH-14"}), r, "KH-14"));
  EXPECT_FALSE(MaySeeReferral(Officer({"KH-12"}), r, "KH-14")) << "not the person's province";
  EXPECT_FALSE(MaySeeReferral(Officer({"KH-14"}), r, "KH-14")) << "not the opportunity's";
  EXPECT_TRUE(MaySeeReferral(Employer("emp_1"), r, "KH-14"));
  EXPECT_FALSE(MaySeeReferral(Employer("emp_2"), r, "KH-14"));
  EXPECT_FALSE(MaySeeReferral(Analyst({"KH-12", "KH-14"}), r, "KH-14"));

  r.status = model::ReferralStatus::kProposed;
  EXPECT_FALSE(MaySeeReferral(Employer("emp_1"), r, "KH-14")) << "a proposal";
  r.status = model::ReferralStatus::kWithdrawn;
  r.history.push_back({model::ReferralStatus::kReferred, model::ReferralStatus::kWithdrawn, "key",
                       "2026-11-28T00:00:00Z", "", std::string(referral::kConsentWithdrawn)});
  EXPECT_FALSE(MaySeeReferral(Employer("emp_1"), r, "KH-14")) << "withdrawn with consent";
  r.history.back().reason = "found_other_work";
  EXPECT_TRUE(MaySeeReferral(Employer("emp_1"), r, "KH-14"));
  // A training's referral has no employer to see it.
  r.employer_id.clear();
  EXPECT_FALSE(MaySeeReferral(Employer(""), r, "KH-14"));
}

TEST(ScopeTest, AllocationsBelongToTheirProvince) {
  model::Allocation a;
  a.province = "KH-3";
  EXPECT_TRUE(MaySee(Admin(), a));
  EXPECT_TRUE(MaySee(Officer({"KH-3"}), a));
  EXPECT_FALSE(MaySee(Officer({"KH-12"}), a));
  EXPECT_FALSE(MaySee(Analyst({"KH-3"}), a));
  EXPECT_FALSE(MaySee(Employer("emp_1"), a));
}

TEST(ScopeTest, AnEmployersViewOfItsVacancyLeavesOutTheReviewersNoteAndTheRuleDetails) {
  model::Vacancy v;
  v.employer_id = "emp_1";
  v.screening.status = model::ScreeningStatus::kBlocked;
  v.screening.flags.push_back({"worker_fees", model::FlagSeverity::kBlock,
                               "the worker pays a fee of USD 300", "plugin:phnom-penh/fees"});
  v.review = model::ReviewDecision{"block", "the fee is a debt trap", "key_admin", "2026-11-28"};
  const model::Vacancy employer_view = ViewFor(Employer("emp_1"), v);
  ASSERT_TRUE(employer_view.review);
  EXPECT_EQ(employer_view.review->decision, "block");
  EXPECT_EQ(employer_view.review->note, "");
  EXPECT_EQ(employer_view.review->by, "");
  ASSERT_EQ(employer_view.screening.flags.size(), 1u);
  EXPECT_NE(employer_view.screening.flags[0].source, "plugin:phnom-penh/fees");
  EXPECT_NE(employer_view.screening.flags[0].reason, "the worker pays a fee of USD 300");
  const model::Vacancy officer_view = ViewFor(Officer({"KH-12"}), v);
  EXPECT_EQ(officer_view.review->note, "the fee is a debt trap");
  EXPECT_EQ(officer_view.screening.flags[0].source, "plugin:phnom-penh/fees");
}

TEST(ScopeTest, OnlyAdminsSeeWhichReferralsOpenedASafetyReview) {
  model::Employer e;
  e.safety_review = model::SafetyReview{};
  e.safety_review->referral_ids = {"ref_1", "ref_2"};
  EXPECT_EQ(ViewFor(Admin(), e).safety_review->referral_ids.size(), 2u);
  for (const Caller& c : {Officer({"KH-12"}), Employer("emp_1")}) {
    const model::Employer view = ViewFor(c, e);
    ASSERT_TRUE(view.safety_review);
    EXPECT_TRUE(view.safety_review->referral_ids.empty()) << c.key_id;
  }
}

TEST(ScopeTest, AListsFiltersAreNarrowedToTheCallersProvinces) {
  store::Filters none;
  RestrictFilter(none, "province", {"KH-12", "KH-14"});
  EXPECT_EQ(none["province"], (std::vector<std::string>{"KH-12", "KH-14"}));
  store::Filters asked{{"province", {"KH-3", "KH-14"}}, {"status", {"active"}}};
  RestrictFilter(asked, "province", {"KH-12", "KH-14"});
  EXPECT_EQ(asked["province"], (std::vector<std::string>{"KH-14"}));
  EXPECT_EQ(asked["status"], (std::vector<std::string>{"active"}));
  store::Filters outside{{"province", {"KH-3"}}};
  RestrictFilter(outside, "province", {"KH-12"});
  EXPECT_TRUE(outside["province"].empty()) << "matches nothing, not everything";
}

}  // namespace
}  // namespace homeward::service::internal
