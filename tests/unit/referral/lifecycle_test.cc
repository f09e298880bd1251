#include "homeward/referral/lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <vector>

#include "homeward/model/json.h"
#include "status_matchers.h"

namespace homeward::referral {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using model::Role;
using S = ReferralStatus;

const std::vector<S> kAllStatuses = {S::kProposed,   S::kReferred,   S::kInterviewing,
                                     S::kHired,      S::kRejected,   S::kWithdrawn,
                                     S::kRetained3m, S::kRetained6m, S::kLeft};

// The lifecycle of API.md, written out independently of the implementation's table.
const std::set<std::pair<S, S>> kLegal = {
    {S::kProposed, S::kReferred},     {S::kProposed, S::kWithdrawn},
    {S::kReferred, S::kInterviewing}, {S::kReferred, S::kRejected},
    {S::kReferred, S::kWithdrawn},    {S::kInterviewing, S::kHired},
    {S::kInterviewing, S::kRejected}, {S::kInterviewing, S::kWithdrawn},
    {S::kHired, S::kRetained3m},      {S::kHired, S::kLeft},
    {S::kRetained3m, S::kRetained6m}, {S::kRetained3m, S::kLeft},
};

// What an employer reports: interviews, hires, rejections and a worker leaving. Retention is
// verified by officers.
const std::set<std::pair<S, S>> kEmployerMay = {
    {S::kReferred, S::kInterviewing}, {S::kReferred, S::kRejected}, {S::kInterviewing, S::kHired},
    {S::kInterviewing, S::kRejected}, {S::kHired, S::kLeft},        {S::kRetained3m, S::kLeft},
};

const Actor kOfficer{"key_officer", Role::kOfficer, std::nullopt};
const Actor kEmployer{"key_employer", Role::kEmployer, std::string("emp_1")};
const Actor kOtherEmployer{"key_other", Role::kEmployer, std::string("emp_2")};
const Actor kAnalyst{"key_analyst", Role::kAnalyst, std::nullopt};

model::Referral JobReferral(S status) {
  model::Referral r;
  r.meta.id = "ref_1";
  r.individual_id = "ind_1";
  r.opportunity_id = "vac_1";
  r.kind = model::OpportunityKind::kJob;
  r.province = "KH-14";
  r.employer_id = "emp_1";
  r.status = status;
  if (IsPlacement(status)) {
    // Hired long enough ago for any retention to be due by the dates these tests use.
    model::ReferralChange hire;
    hire.from = S::kInterviewing;
    hire.to = S::kHired;
    hire.at = "2025-06-02T09:00:00Z";
    hire.by = "key_employer";
    r.history.push_back(std::move(hire));
  }
  return r;
}

Transition To(S to) {
  Transition t;
  t.to = to;
  if (NeedsReason(to)) t.reason = "found_other_work";
  return t;
}

TEST(LifecycleTest, EveryPairOfStatusesIsLegalExactlyAsApiMdSays) {
  for (S from : kAllStatuses) {
    for (S to : kAllStatuses) {
      const bool legal = kLegal.count({from, to}) > 0;
      EXPECT_EQ(IsLegalTransition(from, to), legal)
          << model::ToString(from) << " -> " << model::ToString(to);
      model::Referral r = JobReferral(from);
      const Status applied = ApplyTransition(r, To(to), kOfficer, "2026-01-10T09:00:00Z");
      if (legal) {
        EXPECT_THAT(applied, IsOk()) << model::ToString(from) << " -> " << model::ToString(to);
        EXPECT_EQ(r.status, to);
      } else {
        EXPECT_THAT(applied, StatusIs(StatusCode::kFailedPrecondition))
            << model::ToString(from) << " -> " << model::ToString(to);
        EXPECT_EQ(r.status, from) << "a refused change leaves the referral as it was";
        EXPECT_EQ(r.history.size(), JobReferral(from).history.size());
      }
    }
  }
}

TEST(LifecycleTest, EachRoleMayMakeOnlyItsOwnChanges) {
  for (const auto& [from, to] : kLegal) {
    EXPECT_TRUE(RoleMayTransition(Role::kAdmin, from, to));
    EXPECT_TRUE(RoleMayTransition(Role::kOfficer, from, to));
    EXPECT_FALSE(RoleMayTransition(Role::kAnalyst, from, to));
    const bool employer_may = kEmployerMay.count({from, to}) > 0;
    EXPECT_EQ(RoleMayTransition(Role::kEmployer, from, to), employer_may)
        << model::ToString(from) << " -> " << model::ToString(to);

    model::Referral r = JobReferral(from);
    const Status by_employer = ApplyTransition(r, To(to), kEmployer, "2026-01-10T09:00:00Z");
    if (employer_may) {
      EXPECT_THAT(by_employer, IsOk());
    } else if (from == S::kProposed) {
      // An employer never sees a proposal at all.
      EXPECT_THAT(by_employer, StatusIs(StatusCode::kNotFound));
      EXPECT_EQ(r.status, from);
    } else {
      EXPECT_THAT(by_employer, StatusIs(StatusCode::kPermissionDenied));
      EXPECT_EQ(r.status, from);
    }
    model::Referral s = JobReferral(from);
    EXPECT_THAT(ApplyTransition(s, To(to), kAnalyst, "2026-01-10T09:00:00Z"),
                StatusIs(StatusCode::kPermissionDenied));
  }
}

TEST(LifecycleTest, AnEmployerCannotSeeAnotherEmployersReferral) {
  model::Referral r = JobReferral(S::kReferred);
  EXPECT_FALSE(ActorMaySee(kOtherEmployer, r));
  EXPECT_THAT(ApplyTransition(r, To(S::kInterviewing), kOtherEmployer, "2026-01-10T09:00:00Z"),
              StatusIs(StatusCode::kNotFound));
  model::Referral training = JobReferral(S::kReferred);
  training.kind = model::OpportunityKind::kTraining;
  training.employer_id.clear();
  EXPECT_FALSE(ActorMaySee(kEmployer, training));
  EXPECT_TRUE(ActorMaySee(kOfficer, training));
}

TEST(LifecycleTest, RefusalsNeedAReasonFromTheFixedList) {
  for (S to : {S::kRejected, S::kWithdrawn}) {
    model::Referral r = JobReferral(S::kInterviewing);
    Transition missing;
    missing.to = to;
    EXPECT_THAT(ApplyTransition(r, missing, kOfficer, "2026-01-10T09:00:00Z"),
                StatusIs(StatusCode::kInvalidArgument));
    Transition unknown = missing;
    unknown.reason = "did_not_like_the_colour";
    EXPECT_THAT(ApplyTransition(r, unknown, kOfficer, "2026-01-10T09:00:00Z"),
                StatusIs(StatusCode::kInvalidArgument));
    Transition other = missing;
    other.reason = "other";
    EXPECT_THAT(ApplyTransition(r, other, kOfficer, "2026-01-10T09:00:00Z"),
                StatusIs(StatusCode::kInvalidArgument));
    other.note = "moved to care for a parent in Thailand";
    EXPECT_THAT(ApplyTransition(r, other, kOfficer, "2026-01-10T09:00:00Z"), IsOk());
    ASSERT_FALSE(r.history.empty());
    EXPECT_EQ(r.history.back().reason, "other");
  }
  model::Referral r = JobReferral(S::kProposed);
  Transition superfluous;
  superfluous.to = S::kReferred;
  superfluous.reason = "skills_mismatch";
  EXPECT_THAT(ApplyTransition(r, superfluous, kOfficer, "2026-01-10T09:00:00Z"),
              StatusIs(StatusCode::kInvalidArgument));
  for (std::string_view reason : RefusalReasons()) EXPECT_TRUE(IsRefusalReason(reason));
}

TEST(LifecycleTest, HistoryRecordsWhoWhenAndWhyOfEveryChange) {
  model::Referral r = JobReferral(S::kProposed);
  StartLifecycle(r, kOfficer, "proposed by allocation", "2026-01-01T08:00:00Z");
  ASSERT_EQ(r.history.size(), 1u);
  EXPECT_FALSE(r.history[0].from.has_value());
  Transition refer = To(S::kReferred);
  refer.note = "called the employer";
  ASSERT_THAT(ApplyTransition(r, refer, kOfficer, "2026-01-02T08:00:00Z"), IsOk());
  ASSERT_THAT(ApplyTransition(r, To(S::kInterviewing), kEmployer, "2026-01-05T08:00:00Z"), IsOk());
  ASSERT_THAT(ApplyTransition(r, To(S::kRejected), kEmployer, "2026-01-06T08:00:00Z"), IsOk());
  ASSERT_EQ(r.history.size(), 4u);
  EXPECT_EQ(r.history[1].from, S::kProposed);
  EXPECT_EQ(r.history[1].to, S::kReferred);
  EXPECT_EQ(r.history[1].by, "key_officer");
  EXPECT_EQ(r.history[1].note, "called the employer");
  EXPECT_EQ(r.history[2].by, "key_employer");
  EXPECT_EQ(r.history[3].at, "2026-01-06T08:00:00Z");
  EXPECT_EQ(r.history[3].reason, "found_other_work");
}

TEST(LifecycleTest, FollowUpsFallTwoWeeksThreeAndSixMonthsAfterTheHire) {
  model::Referral r = JobReferral(S::kInterviewing);
  ASSERT_THAT(ApplyTransition(r, To(S::kHired), kEmployer, "2026-01-31T10:00:00Z"), IsOk());
  EXPECT_EQ(HireDate(r), Date::Parse("2026-01-31"));
  EXPECT_EQ(r.follow_up_on, Date::Parse("2026-02-14"));
  // A check-in a week early still counts; one earlier does not.
  model::CheckIn early;
  early.date = *Date::Parse("2026-02-06");
  r.check_ins.push_back(early);
  EXPECT_EQ(NextFollowUp(r), Date::Parse("2026-02-14"));
  r.check_ins.back().date = *Date::Parse("2026-02-07");
  EXPECT_EQ(NextFollowUp(r), Date::Parse("2026-04-30"));  // month ends clamp
  // The 3-month check happens late; the 6-month date still counts from the hire.
  ASSERT_THAT(ApplyTransition(r, To(S::kRetained3m), kOfficer, "2026-05-20T10:00:00Z"), IsOk());
  EXPECT_EQ(r.follow_up_on, Date::Parse("2026-07-31"));
  ASSERT_THAT(ApplyTransition(r, To(S::kRetained6m), kOfficer, "2026-08-02T10:00:00Z"), IsOk());
  EXPECT_FALSE(r.follow_up_on.has_value());
}

TEST(LifecycleTest, RetentionIsRecordedOnlyOnceItCanBeTrue) {
  model::Referral r = JobReferral(S::kInterviewing);
  ASSERT_THAT(ApplyTransition(r, To(S::kHired), kOfficer, "2026-01-31T10:00:00Z"), IsOk());
  // 89 days after the hire: too early, and nothing changes.
  EXPECT_THAT(ApplyTransition(r, To(S::kRetained3m), kOfficer, "2026-04-30T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(r.status, S::kHired);
  EXPECT_EQ(r.history.size(), 1u);
  // An employer may not record retention at all, however late.
  EXPECT_THAT(ApplyTransition(r, To(S::kRetained3m), kEmployer, "2026-06-30T10:00:00Z"),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_THAT(ApplyTransition(r, To(S::kRetained3m), kOfficer, "2026-05-01T10:00:00Z"), IsOk());
  EXPECT_THAT(ApplyTransition(r, To(S::kRetained6m), kOfficer, "2026-07-29T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(ApplyTransition(r, To(S::kRetained6m), kOfficer, "2026-07-30T10:00:00Z"), IsOk());
}

TEST(LifecycleTest, StatusesSayWhatCountsAsAPlacement) {
  EXPECT_TRUE(IsActiveHire(S::kHired));
  EXPECT_TRUE(IsActiveHire(S::kRetained3m));
  EXPECT_FALSE(IsActiveHire(S::kRetained6m));
  EXPECT_FALSE(IsActiveHire(S::kLeft));
  for (S s : {S::kHired, S::kRetained3m, S::kRetained6m, S::kLeft}) EXPECT_TRUE(IsPlacement(s));
  for (S s : {S::kProposed, S::kReferred, S::kInterviewing, S::kRejected, S::kWithdrawn}) {
    EXPECT_FALSE(IsPlacement(s));
  }
  EXPECT_THAT(NextStatuses(S::kInterviewing),
              ::testing::ElementsAre(S::kHired, S::kRejected, S::kWithdrawn));
  EXPECT_TRUE(NextStatuses(S::kRetained6m).empty());
}

}  // namespace
}  // namespace homeward::referral

namespace homeward::referral {
namespace {

// A programme's lifecycle (docs/referrals.md, "Programmes"), written out independently.
const std::vector<S> kProgrammeStatuses = {S::kProposed,  S::kReferred,     S::kEnrolled,
                                           S::kCompleted, S::kWithdrawn,    S::kIncomeVerified6m,
                                           S::kLeft,      S::kInterviewing, S::kHired};
const std::set<std::pair<S, S>> kProgrammeLegal = {
    {S::kProposed, S::kReferred},          {S::kProposed, S::kWithdrawn},
    {S::kReferred, S::kEnrolled},          {S::kReferred, S::kWithdrawn},
    {S::kEnrolled, S::kCompleted},         {S::kEnrolled, S::kWithdrawn},
    {S::kCompleted, S::kIncomeVerified6m}, {S::kCompleted, S::kLeft},
};

model::Referral ProgrammeReferral(S status, const std::string& completed_at) {
  model::Referral r;
  r.meta.id = "ref_p";
  r.individual_id = "ind_1";
  r.opportunity_id = "prg_1";
  r.kind = model::OpportunityKind::kProgramme;
  r.province = "KH-14";
  r.status = status;
  model::ReferralChange completed;
  completed.from = S::kEnrolled;
  completed.to = S::kCompleted;
  completed.at = completed_at;
  completed.by = "key_officer";
  r.history.push_back(std::move(completed));
  return r;
}

TEST(ProgrammeLifecycleTest, EveryPairOfStatusesIsLegalExactlyAsDocumented) {
  for (S from : kProgrammeStatuses) {
    for (S to : kProgrammeStatuses) {
      const bool legal = kProgrammeLegal.count({from, to}) > 0;
      EXPECT_EQ(IsLegalTransition(model::OpportunityKind::kProgramme, from, to), legal)
          << model::ToString(from) << " -> " << model::ToString(to);
      model::Referral r = ProgrammeReferral(from, "2025-06-02T09:00:00Z");
      Transition t;
      t.to = to;
      if (NeedsReason(to)) t.reason = "found_other_work";
      const Status applied = ApplyTransition(r, t, kOfficer, "2026-01-10T09:00:00Z");
      EXPECT_EQ(applied.ok(), legal)
          << model::ToString(from) << " -> " << model::ToString(to) << ": " << applied;
    }
  }
  // A vacancy's referral never takes a programme's statuses, nor a programme's a job's.
  EXPECT_FALSE(IsLegalTransition(model::OpportunityKind::kJob, S::kReferred, S::kEnrolled));
  EXPECT_FALSE(IsLegalTransition(model::OpportunityKind::kTraining, S::kReferred, S::kEnrolled));
  EXPECT_FALSE(
      IsLegalTransition(model::OpportunityKind::kProgramme, S::kReferred, S::kInterviewing));
  // No employer sees a programme's referral.
  EXPECT_FALSE(ActorMaySee(kEmployer, ProgrammeReferral(S::kReferred, "2025-06-02T09:00:00Z")));
}

TEST(ProgrammeLifecycleTest, IncomeIsVerifiedOnly180DaysAfterCompletion) {
  Transition verify;
  verify.to = S::kIncomeVerified6m;
  // Completed on 2026-01-10: 179 days later is too early, 180 days later is due.
  model::Referral early = ProgrammeReferral(S::kCompleted, "2026-01-10T09:00:00Z");
  EXPECT_THAT(ApplyTransition(early, verify, kOfficer, "2026-07-08T09:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(early.status, S::kCompleted);
  model::Referral due = ProgrammeReferral(S::kCompleted, "2026-01-10T09:00:00Z");
  EXPECT_THAT(ApplyTransition(due, verify, kOfficer, "2026-07-09T09:00:00Z"), IsOk());
  EXPECT_EQ(due.status, S::kIncomeVerified6m);
}

}  // namespace
}  // namespace homeward::referral
