#include "homeward/referral/outcomes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry_fixture.h"

namespace homeward::referral {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using model::ReferralStatus;

constexpr std::string_view kNow = "2026-03-02T09:00:00Z";

class OutcomesTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    employer_ = Employer();
    employer_actor_ = {"key_employer", model::Role::kEmployer, employer_.meta.id};
  }

  StatusOr<model::Referral> Refer(const std::string& person, const std::string& opportunity) {
    std::optional<StatusOr<model::Referral>> out;
    Status written = db_->Write([&](store::WriteTx& tx) {
      out.emplace(CreateReferral(tx, Request(person, opportunity), officer_, kNow));
      return out->status();
    });
    if (!written.ok()) return written;
    return std::move(*out);
  }

  StatusOr<model::Referral> Change(const std::string& referral, ReferralStatus to,
                                   const Actor& actor,
                                   std::optional<std::string> reason = std::nullopt) {
    std::optional<StatusOr<model::Referral>> out;
    Transition change;
    change.to = to;
    change.reason = std::move(reason);
    Status written = db_->Write([&](store::WriteTx& tx) {
      out.emplace(ChangeReferralStatus(tx, referral, change, actor, kNow));
      return out->status();
    });
    if (!written.ok()) return written;
    return std::move(*out);
  }

  // Takes a new referral through to the interview.
  std::string Interviewing(const std::string& person, const std::string& vacancy) {
    auto referral = Refer(person, vacancy);
    EXPECT_THAT(referral, IsOk());
    if (!referral.ok()) return "";
    EXPECT_THAT(Change(referral->meta.id, ReferralStatus::kReferred, officer_), IsOk());
    EXPECT_THAT(Change(referral->meta.id, ReferralStatus::kInterviewing, employer_actor_), IsOk());
    return referral->meta.id;
  }

  model::Employer employer_;
  Actor employer_actor_;
};

TEST_F(OutcomesTest, AReferralStartsProposedWithItsScopeAndAnAuditRow) {
  const auto person = Person();
  const auto vacancy = Vacancy(employer_.meta.id, 2);
  ASSERT_OK_AND_ASSIGN(model::Referral referral, Refer(person.meta.id, vacancy.meta.id));
  EXPECT_EQ(referral.status, ReferralStatus::kProposed);
  EXPECT_EQ(referral.kind, model::OpportunityKind::kJob);
  EXPECT_EQ(referral.province, "KH-14");
  EXPECT_EQ(referral.employer_id, employer_.meta.id);
  ASSERT_EQ(referral.history.size(), 1u);
  EXPECT_EQ(referral.history[0].by, "key_officer");

  ASSERT_OK_AND_ASSIGN(auto audit, db_->Read([&](store::ReadTx& tx) {
    store::ListOptions options;
    options.filters = {{"subject", {referral.meta.id}}};
    return tx.audit().List(options);
  }));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_EQ(audit.items[0].action, "referral.create");
  EXPECT_EQ(audit.items[0].actor, "key_officer");
}

TEST_F(OutcomesTest, RefusesReferralsThatMustNotHappen) {
  const auto person = Person();
  const auto open = Vacancy(employer_.meta.id, 2);
  const auto blocked = Vacancy(employer_.meta.id, 2, "KH-14", model::VacancyStatus::kBlocked);
  EXPECT_THAT(Refer(person.meta.id, blocked.meta.id), StatusIs(StatusCode::kFailedPrecondition));

  model::Individual unwilling = Person();
  unwilling.consent.scope = {"matching"};
  Status updated =
      db_->Write([&](store::WriteTx& tx) { return tx.individuals().Update(unwilling).status(); });
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(Refer(unwilling.meta.id, open.meta.id), StatusIs(StatusCode::kFailedPrecondition));

  EXPECT_THAT(Refer(person.meta.id, "vac_00000000000000000000000000000000"),
              StatusIs(StatusCode::kNotFound));
  ASSERT_THAT(Refer(person.meta.id, open.meta.id), IsOk());
  EXPECT_THAT(Refer(person.meta.id, open.meta.id), StatusIs(StatusCode::kAlreadyExists));

  Status by_employer = db_->Write([&](store::WriteTx& tx) {
    return CreateReferral(tx, Request(person.meta.id, open.meta.id), employer_actor_, kNow)
        .status();
  });
  EXPECT_THAT(by_employer, StatusIs(StatusCode::kPermissionDenied));
}

TEST_F(OutcomesTest, AHireFillsASlotPlacesThePersonAndSetsTheFollowUp) {
  const auto person = Person();
  const auto vacancy = Vacancy(employer_.meta.id, 2);
  const std::string id = Interviewing(person.meta.id, vacancy.meta.id);
  ASSERT_OK_AND_ASSIGN(model::Referral hired, Change(id, ReferralStatus::kHired, employer_actor_));
  EXPECT_EQ(hired.status, ReferralStatus::kHired);
  EXPECT_EQ(hired.follow_up_on, Date::Parse("2026-03-16"));  // two weeks after the hire
  EXPECT_EQ(hired.history.size(), 4u);

  const auto stored_vacancy = Get<model::Vacancy>(vacancy.meta.id);
  EXPECT_EQ(stored_vacancy.slots_filled, 1);
  EXPECT_EQ(stored_vacancy.status, model::VacancyStatus::kOpen);
  EXPECT_EQ(Get<model::Individual>(person.meta.id).status, model::IndividualStatus::kPlaced);
}

TEST_F(OutcomesTest, TheLastHireFillsTheVacancyAndNoOneIsHiredBeyondIt) {
  const auto first = Person();
  const auto second = Person();
  const auto vacancy = Vacancy(employer_.meta.id, 1);
  const std::string a = Interviewing(first.meta.id, vacancy.meta.id);
  const std::string b = Interviewing(second.meta.id, vacancy.meta.id);
  ASSERT_THAT(Change(a, ReferralStatus::kHired, employer_actor_), IsOk());
  EXPECT_EQ(Get<model::Vacancy>(vacancy.meta.id).status, model::VacancyStatus::kFilled);

  EXPECT_THAT(Change(b, ReferralStatus::kHired, employer_actor_),
              StatusIs(StatusCode::kFailedPrecondition));
  // The refused hire changed nothing: the transaction rolled back as a whole.
  EXPECT_EQ(Get<model::Referral>(b).status, ReferralStatus::kInterviewing);
  EXPECT_EQ(Get<model::Individual>(second.meta.id).status, model::IndividualStatus::kActive);
  EXPECT_EQ(Get<model::Vacancy>(vacancy.meta.id).slots_filled, 1);
}

TEST_F(OutcomesTest, APersonHasOneActiveHireAndIsFreeAgainAfterLeaving) {
  const auto person = Person();
  const auto garment = Vacancy(employer_.meta.id, 3);
  const auto hotel = Vacancy(employer_.meta.id, 3);
  const std::string a = Interviewing(person.meta.id, garment.meta.id);
  const std::string b = Interviewing(person.meta.id, hotel.meta.id);
  ASSERT_THAT(Change(a, ReferralStatus::kHired, employer_actor_), IsOk());
  EXPECT_THAT(Change(b, ReferralStatus::kHired, employer_actor_),
              StatusIs(StatusCode::kFailedPrecondition));

  ASSERT_THAT(Change(a, ReferralStatus::kLeft, officer_, "working_conditions"), IsOk());
  EXPECT_EQ(Get<model::Individual>(person.meta.id).status, model::IndividualStatus::kActive);
  EXPECT_EQ(Get<model::Vacancy>(garment.meta.id).slots_filled, 1) << "the place stays filled";
  EXPECT_THAT(Change(b, ReferralStatus::kHired, employer_actor_), IsOk());
}

TEST_F(OutcomesTest, ATrainingEnrolmentTakesASeat) {
  const auto person = Person();
  const auto training = Training(1);
  ASSERT_OK_AND_ASSIGN(model::Referral referral, Refer(person.meta.id, training.meta.id));
  EXPECT_EQ(referral.kind, model::OpportunityKind::kTraining);
  ASSERT_THAT(Change(referral.meta.id, ReferralStatus::kReferred, officer_), IsOk());
  ASSERT_THAT(Change(referral.meta.id, ReferralStatus::kInterviewing, officer_), IsOk());
  ASSERT_THAT(Change(referral.meta.id, ReferralStatus::kHired, officer_), IsOk());
  EXPECT_EQ(Get<model::Training>(training.meta.id).seats_filled, 1);
  // Employers have no say over trainings.
  EXPECT_THAT(Change(referral.meta.id, ReferralStatus::kRetained3m, employer_actor_),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(OutcomesTest, AnOfficerMayReferAtOnceAndRescheduleTheFollowUp) {
  const auto person = Person();
  const auto vacancy = Vacancy(employer_.meta.id, 2);
  std::optional<StatusOr<model::Referral>> created;
  ASSERT_THAT(db_->Write([&](store::WriteTx& tx) {
    NewReferral request = Request(person.meta.id, vacancy.meta.id);
    request.status = ReferralStatus::kReferred;
    created.emplace(CreateReferral(tx, request, officer_, kNow));
    return created->status();
  }),
              IsOk());
  const model::Referral& referral = **created;
  EXPECT_EQ(referral.status, ReferralStatus::kReferred);
  ASSERT_EQ(referral.history.size(), 2u);
  EXPECT_EQ(referral.history[1].from, ReferralStatus::kProposed);

  auto patch = [&](const Actor& actor, std::optional<Date> date) {
    ReferralPatch p;
    p.follow_up_on = date;
    return db_->Write([&](store::WriteTx& tx) {
      return PatchReferral(tx, referral.meta.id, p, actor, kNow).status();
    });
  };
  ASSERT_THAT(patch(officer_, Date{2026, 3, 20}), IsOk());
  EXPECT_EQ(Get<model::Referral>(referral.meta.id).follow_up_on, (Date{2026, 3, 20}));
  EXPECT_THAT(patch(employer_actor_, std::nullopt), StatusIs(StatusCode::kPermissionDenied));
  ASSERT_THAT(patch(officer_, std::nullopt), IsOk());
  EXPECT_FALSE(Get<model::Referral>(referral.meta.id).follow_up_on.has_value());
  EXPECT_THAT(db_->Write([&](store::WriteTx& tx) {
    return PatchReferral(tx, referral.meta.id, {}, officer_, kNow).status();
  }),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(OutcomesTest, ScopeAndLifecycleErrorsReachTheCaller) {
  const auto person = Person();
  const auto vacancy = Vacancy(employer_.meta.id, 2);
  ASSERT_OK_AND_ASSIGN(model::Referral referral, Refer(person.meta.id, vacancy.meta.id));
  const Actor stranger{"key_stranger", model::Role::kEmployer, std::string("emp_other")};
  EXPECT_THAT(Change(referral.meta.id, ReferralStatus::kReferred, stranger),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(Change(referral.meta.id, ReferralStatus::kHired, officer_),
              StatusIs(StatusCode::kFailedPrecondition));
  // The vacancy's own employer never sees a proposal: as if it did not exist.
  EXPECT_THAT(Change(referral.meta.id, ReferralStatus::kReferred, employer_actor_),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(Change("ref_00000000000000000000000000000000", ReferralStatus::kReferred, officer_),
              StatusIs(StatusCode::kNotFound));

  // A vacancy blocked after the proposal can no longer receive the person.
  model::Vacancy blocked = Get<model::Vacancy>(vacancy.meta.id);
  blocked.status = model::VacancyStatus::kBlocked;
  ASSERT_THAT(
      db_->Write([&](store::WriteTx& tx) { return tx.vacancies().Update(blocked).status(); }),
      IsOk());
  EXPECT_THAT(Change(referral.meta.id, ReferralStatus::kReferred, officer_),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(Change(referral.meta.id, ReferralStatus::kWithdrawn, officer_, "safety_concern"),
              IsOk());
}

}  // namespace
}  // namespace homeward::referral
