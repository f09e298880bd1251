// Referrals and allocations: the service side of /v1/referrals and /v1/allocations. The
// lifecycle and its consequences are engine/src/referral's; the solve is engine/src/allocation's.
// Here: who may see and change which record, and the views each role gets.
#include <algorithm>
#include <utility>

#include "homeward/base/time.h"
#include "impl.h"

namespace homeward::service {

namespace {

// The province of a vacancy, training or programme, when it exists.
std::optional<std::string> OpportunityProvince(const store::WriteTx& tx, const std::string& id) {
  if (StatusOr<model::Vacancy> vacancy = tx.vacancies().Get(id); vacancy.ok()) {
    return vacancy->province;
  }
  if (StatusOr<model::Training> training = tx.trainings().Get(id); training.ok()) {
    return training->province;
  }
  if (StatusOr<model::Programme> programme = tx.programmes().Get(id); programme.ok()) {
    return programme->province;
  }
  return std::nullopt;
}

}  // namespace

void Homeward::CreateReferral(const Caller& caller, referral::NewReferral request,
                              Done<ReferralView> done) {
  auto result = std::make_shared<ReferralView>();
  impl_->db->Submit(
      [this, caller, request = std::move(request), result](store::WriteTx& tx) -> Status {
        // A person outside the caller's provinces answers like a missing one.
        StatusOr<model::Individual> person = tx.individuals().Get(request.individual_id);
        if (person.ok() && !MaySee(caller, *person)) return NotFound<model::Individual>();
        // Scope before eligibility: an opportunity outside the officer's provinces is refused
        // whatever its rules would say (officers may read every vacancy and training, so its
        // existence is no secret).
        if (caller.role == Role::kOfficer) {
          const std::optional<std::string> province =
              OpportunityProvince(tx, request.opportunity_id);
          if (province && !HasProvince(caller, *province)) {
            return Status::PermissionDenied("the opportunity's province is outside your scope");
          }
        }
        HW_ASSIGN_OR_RETURN(
            model::Referral created,
            referral::CreateReferral(tx, request, ActorOf(caller), impl_->clock->NowRfc3339()));
        if (!MaySeeReferral(caller, created, person.ok() ? person->province : "")) {
          return Status::PermissionDenied("the opportunity's province is outside your scope");
        }
        HW_RETURN_IF_ERROR(Impl::KeepIdempotentResponse(tx, caller, created.meta.id));
        HW_ASSIGN_OR_RETURN(*result, impl_->ViewFor(caller, std::move(created), tx));
        return Status::Ok();
      },
      [result, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        done(std::move(*result));
      });
}

StatusOr<ReferralView> Homeward::GetReferral(const Caller& caller, std::string_view id) {
  return impl_->db->Read([&](store::ReadTx& tx) -> StatusOr<ReferralView> {
    HW_ASSIGN_OR_RETURN(model::Referral found, impl_->CheckedReferral(caller, id, tx));
    return impl_->ViewFor(caller, std::move(found), tx);
  });
}

StatusOr<store::Page<ReferralView>> Homeward::ListReferrals(const Caller& caller,
                                                            store::ListOptions options) {
  if (caller.role == Role::kOfficer) {
    RestrictFilter(options.filters, "province", caller.provinces);
  } else if (caller.role == Role::kEmployer) {
    RestrictFilter(options.filters, "employer_id", {caller.employer_id.value_or("")});
    // Never a proposal; a referral withdrawn with the person's consent is dropped below.
    std::vector<std::string> shown;
    for (const model::ReferralStatus status : model::kAllReferralStatuses) {
      if (status != model::ReferralStatus::kProposed) shown.push_back(model::ToString(status));
    }
    RestrictFilter(options.filters, "status", shown);
  } else if (!caller.is_admin()) {
    return Status::PermissionDenied("not allowed");
  }
  return impl_->db->Read([&](store::ReadTx& tx) -> StatusOr<store::Page<ReferralView>> {
    HW_ASSIGN_OR_RETURN(store::Page<model::Referral> page, tx.referrals().List(options));
    store::Page<ReferralView> views{{}, std::move(page.next_cursor)};
    for (model::Referral& item : page.items) {
      // The filters narrowed the opportunity's province; the person's is checked here (a page
      // may come out shorter than its limit).
      if (!MaySeeReferral(caller, item, impl_->PersonProvince(item.individual_id))) continue;
      HW_ASSIGN_OR_RETURN(ReferralView view, impl_->ViewFor(caller, std::move(item), tx));
      views.items.push_back(std::move(view));
    }
    return views;
  });
}

void Homeward::UpdateReferral(const Caller& caller, std::string id, referral::ReferralPatch patch,
                              Done<ReferralView> done) {
  auto result = std::make_shared<ReferralView>();
  auto screenings = impl_->NewScreenings();
  impl_->db->Submit(
      [this, caller, id, patch = std::move(patch), result,
       screenings](store::WriteTx& tx) -> Status {
        HW_RETURN_IF_ERROR(impl_->CheckedReferral(caller, id, tx).status());
        HW_ASSIGN_OR_RETURN(
            model::Referral changed,
            referral::PatchReferral(tx, id, patch, ActorOf(caller), impl_->clock->NowRfc3339()));
        // A worker who left for a safety concern opened a review of the employer.
        if (patch.transition && changed.status == model::ReferralStatus::kLeft &&
            changed.history.back().reason == referral::kSafetyConcern &&
            !changed.employer_id.empty()) {
          HW_ASSIGN_OR_RETURN(model::Employer employer, tx.employers().Get(changed.employer_id));
          HW_RETURN_IF_ERROR(impl_->RescreenVacanciesOf(employer, tx, *screenings));
        }
        HW_ASSIGN_OR_RETURN(*result, impl_->ViewFor(caller, std::move(changed), tx));
        return Status::Ok();
      },
      [this, result, screenings, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        impl_->RescreenLater(screenings->Missed());
        done(std::move(*result));
      });
}

// --- After placement: follow-ups, check-ins, safety reviews ------------------------------------

StatusOr<std::vector<ReferralView>> Homeward::FollowUpsDue(const Caller& caller, size_t limit) {
  if (caller.role != Role::kOfficer && !caller.is_admin()) {
    return Status::PermissionDenied("follow-ups are for officers and admins");
  }
  return impl_->db->Read([&](store::ReadTx& tx) -> StatusOr<std::vector<ReferralView>> {
    const std::vector<std::string> provinces =
        caller.is_admin() ? std::vector<std::string>{} : caller.provinces;
    if (!caller.is_admin() && provinces.empty()) return std::vector<ReferralView>{};
    HW_ASSIGN_OR_RETURN(std::vector<model::Referral> due,
                        referral::DueFollowUps(tx, provinces, impl_->clock->Today()));
    std::vector<ReferralView> views;
    for (model::Referral& item : due) {
      if (views.size() == limit) break;
      if (!MaySeeReferral(caller, item, impl_->PersonProvince(item.individual_id))) continue;
      HW_ASSIGN_OR_RETURN(ReferralView view, impl_->ViewFor(caller, std::move(item), tx));
      views.push_back(std::move(view));
    }
    return views;
  });
}

void Homeward::RecordCheckIn(const Caller& caller, std::string referral_id, model::CheckIn check_in,
                             Done<RecordedCheckIn> done) {
  auto result = std::make_shared<RecordedCheckIn>();
  auto screenings = impl_->NewScreenings();
  impl_->db->Submit(
      [this, caller, referral_id, check_in = std::move(check_in), result,
       screenings](store::WriteTx& tx) -> Status {
        HW_RETURN_IF_ERROR(impl_->CheckedReferral(caller, referral_id, tx).status());
        HW_ASSIGN_OR_RETURN(
            referral::RecordedCheckIn recorded,
            referral::RecordCheckIn(tx, referral_id, check_in, screening::MaxHoursPerWeek(),
                                    ActorOf(caller), impl_->clock->NowRfc3339()));
        if (recorded.employer) {
          HW_RETURN_IF_ERROR(impl_->RescreenVacanciesOf(*recorded.employer, tx, *screenings));
        }
        *result = {referral_id, std::move(recorded.check_in), recorded.employer.has_value()};
        return Status::Ok();
      },
      [this, result, screenings, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        impl_->RescreenLater(screenings->Missed());
        done(std::move(*result));
      });
}

StatusOr<std::vector<model::CheckIn>> Homeward::ListCheckIns(const Caller& caller,
                                                             std::string_view referral_id) {
  if (caller.role != Role::kOfficer && !caller.is_admin()) {
    return Status::PermissionDenied("check-ins are for officers and admins");
  }
  HW_ASSIGN_OR_RETURN(model::Referral found, impl_->db->Read([&](store::ReadTx& tx) {
    return impl_->CheckedReferral(caller, referral_id, tx);
  }));
  HW_RETURN_IF_ERROR(impl_->Audit(caller, "referral.check_ins_read", found.meta.id, "allowed"));
  return std::move(found.check_ins);
}

void Homeward::CloseSafetyReview(const Caller& caller, std::string id, std::string decision,
                                 std::string note, Done<model::Employer> done) {
  auto result = std::make_shared<model::Employer>();
  auto screenings = impl_->NewScreenings();
  impl_->db->Submit(
      [this, caller, id, decision, note, result, screenings](store::WriteTx& tx) -> Status {
        HW_ASSIGN_OR_RETURN(model::Employer closed,
                            referral::CloseSafetyReview(tx, id, decision, note, ActorOf(caller),
                                                        impl_->clock->NowRfc3339()));
        HW_RETURN_IF_ERROR(impl_->RescreenVacanciesOf(closed, tx, *screenings));
        *result = std::move(closed);
        return Status::Ok();
      },
      [this, result, screenings, done = std::move(done)](Status status) {
        if (!status.ok()) return done(std::move(status));
        impl_->RescreenLater(screenings->Missed());
        done(std::move(*result));
      });
}

StatusOr<std::vector<model::Referral>> Homeward::SafetyReviewAffected(
    const Caller& caller, std::string_view employer_id) {
  if (caller.role != Role::kOfficer && !caller.is_admin()) {
    return Status::PermissionDenied("the people a review concerns are for officers and admins");
  }
  return impl_->db->Read([&](store::ReadTx& tx) -> StatusOr<std::vector<model::Referral>> {
    HW_ASSIGN_OR_RETURN(model::Employer employer, CheckedGet(tx.employers(), employer_id, caller));
    std::vector<model::Referral> affected;
    if (!employer.safety_review) return affected;
    const std::vector<std::string>& reporters = employer.safety_review->referral_ids;
    const auto concerned = [&](const model::Referral& r) {
      return r.status == model::ReferralStatus::kReferred ||
             r.status == model::ReferralStatus::kInterviewing || referral::IsActiveHire(r.status) ||
             r.status == model::ReferralStatus::kRetained6m ||
             std::find(reporters.begin(), reporters.end(), r.meta.id) != reporters.end();
    };
    HW_RETURN_IF_ERROR(
        tx.referrals().ForEach({{"employer_id", {employer.meta.id}}}, [&](model::Referral&& r) {
          if (concerned(r) && MaySeeReferral(caller, r, impl_->PersonProvince(r.individual_id))) {
            affected.push_back(std::move(r));
          }
          return Status::Ok();
        }));
    return affected;
  });
}

// --- Allocations -------------------------------------------------------------------------------

void Homeward::CreateAllocation(const Caller& caller, allocation::AllocationRequest request,
                                Done<model::Allocation> done) {
  if (!caller.is_admin() && !HasProvince(caller, request.province)) {
    return done(Status::PermissionDenied("the province is outside your scope"));
  }
  // Everyone listed must be a person the caller may see, registered in that province.
  for (const std::string& id : request.individuals) {
    std::optional<model::Individual> person = impl_->index.FindIndividual(id);
    if (!person || !MaySee(caller, *person)) {
      return done(NotFound<model::Individual>());
    }
    if (person->province != request.province) {
      return done(Status::InvalidArgument(
          "every listed person must be registered in the province",
          {{"/individuals", id + " is registered in " + person->province}}));
    }
  }
  request.created_by = caller.key_id;
  request.in_storing_transaction = [caller](store::WriteTx& tx, const model::Allocation& stored) {
    return Impl::KeepIdempotentResponse(tx, caller, stored.meta.id);
  };
  allocation::AllocationContext context;
  context.db = impl_->db.get();
  context.index = &impl_->index;
  context.policies = &impl_->policies();
  context.clock = impl_->clock;
  // RunAllocation never calls its completion when the queue is full: `done` answers then.
  Status queued = allocation::RunAllocation(*impl_->workers, context, std::move(request), done);
  if (!queued.ok()) {
    done(Status::Unavailable("too many allocations are waiting; try again in a minute"));
  }
}

StatusOr<model::Allocation> Homeward::GetAllocation(const Caller& caller,
                                                    std::string_view id) const {
  return impl_->db->Read(
      [&](store::ReadTx& tx) { return CheckedGet(tx.allocations(), id, caller); });
}

}  // namespace homeward::service
