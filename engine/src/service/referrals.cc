// Referrals, allocations and the summary report: the service side of /v1/referrals,
// /v1/allocations and /v1/reports. The lifecycle and its consequences are engine/src/referral's;
// the solve is engine/src/allocation's. Here: who may see and change which record, and what each
// role sees of it.
#include "homeward/service/referrals.h"

#include <algorithm>
#include <utility>

#include "context.h"
#include "homeward/base/time.h"

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

void Referrals::CreateReferral(const Caller& caller, referral::NewReferral request,
                               Done<ReferralView> done) {
  context_->SubmitFor<ReferralView>(
      [this, caller, request = std::move(request)](store::WriteTx& tx) -> StatusOr<ReferralView> {
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
            referral::CreateReferral(tx, request, ActorOf(caller), context_->clock->NowRfc3339()));
        if (!MaySeeReferral(caller, created, person.ok() ? person->province : "")) {
          return Status::PermissionDenied("the opportunity's province is outside your scope");
        }
        HW_RETURN_IF_ERROR(Context::KeepIdempotentResponse(tx, caller, created.meta.id));
        return context_->ViewFor(caller, std::move(created), tx);
      },
      std::move(done));
}

StatusOr<ReferralView> Referrals::GetReferral(const Caller& caller, std::string_view id) {
  return context_->db->Read([&](store::ReadTx& tx) -> StatusOr<ReferralView> {
    HW_ASSIGN_OR_RETURN(model::Referral found, context_->CheckedReferral(caller, id, tx));
    return context_->ViewFor(caller, std::move(found), tx);
  });
}

StatusOr<store::Page<ReferralView>> Referrals::ListReferrals(const Caller& caller,
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
  return context_->db->Read([&](store::ReadTx& tx) -> StatusOr<store::Page<ReferralView>> {
    HW_ASSIGN_OR_RETURN(store::Page<model::Referral> page, tx.referrals().List(options));
    store::Page<ReferralView> views{{}, std::move(page.next_cursor)};
    for (model::Referral& item : page.items) {
      // The filters narrowed the opportunity's province; the person's is checked here (a page
      // may come out shorter than its limit).
      if (!MaySeeReferral(caller, item, context_->PersonProvince(item.individual_id))) continue;
      HW_ASSIGN_OR_RETURN(ReferralView view, context_->ViewFor(caller, std::move(item), tx));
      views.items.push_back(std::move(view));
    }
    return views;
  });
}

void Referrals::UpdateReferral(const Caller& caller, std::string id, referral::ReferralPatch patch,
                               Done<ReferralView> done) {
  auto screenings = context_->NewScreenings();
  context_->SubmitFor<ReferralView>(
      [this, caller, id, patch = std::move(patch),
       screenings](store::WriteTx& tx) -> StatusOr<ReferralView> {
        HW_RETURN_IF_ERROR(context_->CheckedReferral(caller, id, tx).status());
        HW_ASSIGN_OR_RETURN(
            model::Referral changed,
            referral::PatchReferral(tx, id, patch, ActorOf(caller), context_->clock->NowRfc3339()));
        // A worker who left for a safety concern opened a review of the employer.
        if (patch.transition && changed.status == model::ReferralStatus::kLeft &&
            changed.history.back().reason == referral::kSafetyConcern &&
            !changed.employer_id.empty()) {
          HW_ASSIGN_OR_RETURN(model::Employer employer, tx.employers().Get(changed.employer_id));
          HW_RETURN_IF_ERROR(context_->RescreenVacanciesOf(employer, tx, *screenings));
        }
        return context_->ViewFor(caller, std::move(changed), tx);
      },
      std::move(done), [this, screenings] { context_->RescreenLater(screenings->Missed()); });
}

// --- After placement: follow-ups, check-ins, safety reviews ------------------------------------

StatusOr<std::vector<ReferralView>> Referrals::FollowUpsDue(const Caller& caller, size_t limit) {
  if (caller.role != Role::kOfficer && !caller.is_admin()) {
    return Status::PermissionDenied("follow-ups are for officers and admins");
  }
  return context_->db->Read([&](store::ReadTx& tx) -> StatusOr<std::vector<ReferralView>> {
    const std::vector<std::string> provinces =
        caller.is_admin() ? std::vector<std::string>{} : caller.provinces;
    if (!caller.is_admin() && provinces.empty()) return std::vector<ReferralView>{};
    HW_ASSIGN_OR_RETURN(std::vector<model::Referral> due,
                        referral::DueFollowUps(tx, provinces, context_->clock->Today()));
    std::vector<ReferralView> views;
    for (model::Referral& item : due) {
      if (views.size() == limit) break;
      if (!MaySeeReferral(caller, item, context_->PersonProvince(item.individual_id))) continue;
      HW_ASSIGN_OR_RETURN(ReferralView view, context_->ViewFor(caller, std::move(item), tx));
      views.push_back(std::move(view));
    }
    return views;
  });
}

// Shaped like UpdateReferral above: a change to a referral in scope that may open a safety
// review, and so screen the employer's vacancies again.
void Referrals::RecordCheckIn(const Caller& caller, std::string referral_id,
                              model::CheckIn check_in, Done<RecordedCheckIn> done) {
  auto screenings = context_->NewScreenings();
  context_->SubmitFor<RecordedCheckIn>(
      [this, caller, referral_id, check_in = std::move(check_in),
       screenings](store::WriteTx& tx) -> StatusOr<RecordedCheckIn> {
        HW_RETURN_IF_ERROR(context_->CheckedReferral(caller, referral_id, tx).status());
        HW_ASSIGN_OR_RETURN(
            referral::RecordedCheckIn recorded,
            referral::RecordCheckIn(tx, referral_id, check_in, screening::MaxHoursPerWeek(),
                                    ActorOf(caller), context_->clock->NowRfc3339()));
        if (recorded.employer) {
          HW_RETURN_IF_ERROR(context_->RescreenVacanciesOf(*recorded.employer, tx, *screenings));
        }
        return RecordedCheckIn{referral_id, std::move(recorded.check_in),
                               recorded.employer.has_value()};
      },
      std::move(done), [this, screenings] { context_->RescreenLater(screenings->Missed()); });
}

StatusOr<std::vector<model::CheckIn>> Referrals::ListCheckIns(const Caller& caller,
                                                              std::string_view referral_id) {
  if (caller.role != Role::kOfficer && !caller.is_admin()) {
    return Status::PermissionDenied("check-ins are for officers and admins");
  }
  HW_ASSIGN_OR_RETURN(model::Referral found, context_->db->Read([&](store::ReadTx& tx) {
    return context_->CheckedReferral(caller, referral_id, tx);
  }));
  HW_RETURN_IF_ERROR(context_->Audit(caller, "referral.check_ins_read", found.meta.id, "allowed"));
  return std::move(found.check_ins);
}

// --- Allocations -------------------------------------------------------------------------------

void Referrals::CreateAllocation(const Caller& caller, allocation::AllocationRequest request,
                                 Done<model::Allocation> done) {
  if (!caller.is_admin() && !HasProvince(caller, request.province)) {
    return done(Status::PermissionDenied("the province is outside your scope"));
  }
  // Everyone listed must be a person the caller may see, registered in that province.
  for (const std::string& id : request.individuals) {
    std::optional<model::Individual> person = context_->index.FindIndividual(id);
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
    return Context::KeepIdempotentResponse(tx, caller, stored.meta.id);
  };
  allocation::AllocationContext context;
  context.db = context_->db.get();
  context.index = &context_->index;
  context.policies = &context_->policies();
  context.clock = context_->clock;
  // RunAllocation never calls its completion when the queue is full: `done` answers then.
  Status queued = allocation::RunAllocation(*context_->workers, context, std::move(request), done);
  if (!queued.ok()) {
    done(Status::Unavailable("too many allocations are waiting; try again in a minute"));
  }
}

StatusOr<model::Allocation> Referrals::GetAllocation(const Caller& caller,
                                                     std::string_view id) const {
  return context_->db->Read(
      [&](store::ReadTx& tx) { return CheckedGet(tx.allocations(), id, caller); });
}

StatusOr<referral::SummaryReport> Referrals::Summary(
    const Caller& caller, const std::optional<std::string>& province) const {
  std::vector<std::string> provinces;
  if (province) {
    if (reference::ReferenceData::Builtin().FindProvince(*province) == nullptr) {
      return Status::InvalidArgument("unknown province", {{"province", "unknown province code"}});
    }
    if (!caller.is_admin() && !HasProvince(caller, *province)) {
      return Status::PermissionDenied("the province is outside your scope");
    }
    provinces.push_back(*province);
  } else if (!caller.is_admin()) {
    provinces = caller.provinces;
    // A caller without provinces sees nothing rather than everything.
    if (provinces.empty()) return Status::PermissionDenied("no provinces in your scope");
  }
  const std::string now = context_->clock->NowRfc3339();
  return context_->db->Read(
      [&](store::ReadTx& tx) { return referral::ComputeSummary(tx, provinces, now); });
}

}  // namespace homeward::service
