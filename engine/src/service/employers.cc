// Employers and vacancies: a vacancy screened on every write, and reviewed while held.
#include "homeward/service/employers.h"

#include <utility>

#include "context.h"
#include "review_queue.h"

namespace homeward::service {

namespace {

// Completes a vacancy write with the record as the caller may see it.
Done<model::Vacancy> Viewed(const Caller& caller, Done<model::Vacancy> done) {
  return [role = caller.role, done = std::move(done)](StatusOr<model::Vacancy> written) {
    if (written.ok()) *written = ViewFor(Caller{"", role, {}, {}, {}}, std::move(*written));
    done(std::move(written));
  };
}

}  // namespace

void Employers::CreateEmployer(const Caller& caller, model::Employer employer,
                               Done<model::Employer> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  context_->Create<model::Employer>(
      caller, std::move(employer), std::move(done),
      [](store::WriteTx& tx) { return tx.employers(); }, "employer.create");
}

StatusOr<model::Employer> Employers::GetEmployer(const Caller& caller, std::string_view id) const {
  HW_ASSIGN_OR_RETURN(model::Employer found, context_->db->Read([&](store::ReadTx& tx) {
    return CheckedGet(tx.employers(), id, caller);
  }));
  return ViewFor(caller, std::move(found));
}

StatusOr<store::Page<model::Employer>> Employers::ListEmployers(const Caller& caller,
                                                                store::ListOptions options) const {
  if (caller.role == Role::kEmployer) {
    HW_ASSIGN_OR_RETURN(model::Employer own, GetEmployer(caller, caller.employer_id.value_or("")));
    return store::Page<model::Employer>{{std::move(own)}, std::nullopt};
  }
  if (!MaySee(caller, model::Employer{})) return Status::PermissionDenied("not allowed");
  HW_ASSIGN_OR_RETURN(store::Page<model::Employer> page, context_->db->Read([&](store::ReadTx& tx) {
    return tx.employers().List(options);
  }));
  for (model::Employer& employer : page.items) employer = ViewFor(caller, std::move(employer));
  return page;
}

void Employers::UpdateEmployer(const Caller& caller, std::string id, Edit<model::Employer> edit,
                               Done<model::Employer> done) {
  // Only an admin verifies a recruitment licence; any other change to its number or expiry
  // date takes the verification back until an admin checks the new one.
  const bool admin = caller.is_admin();
  Edit<model::Employer> checked =
      [admin, edit = std::move(edit)](model::Employer current) -> StatusOr<model::Employer> {
    const std::optional<model::RecruitmentLicence> before = current.recruitment_licence;
    HW_ASSIGN_OR_RETURN(model::Employer edited, edit(std::move(current)));
    auto& after = edited.recruitment_licence;
    if (!admin && after &&
        (!before || before->number != after->number || before->expires_on != after->expires_on)) {
      after->verified = false;
    }
    return edited;
  };
  context_->Update<model::Employer>(
      caller, std::move(id), std::move(checked),
      [caller, done = std::move(done)](StatusOr<model::Employer> changed) {
        if (changed.ok()) changed = ViewFor(caller, std::move(*changed));
        done(std::move(changed));
      },
      [](store::WriteTx& tx) { return tx.employers(); }, "employer.update");
}

void Employers::CreateVacancy(const Caller& caller, model::Vacancy vacancy,
                              Done<model::Vacancy> done) {
  // An employer posts under its own id; it need not repeat it.
  if (caller.role == Role::kEmployer && vacancy.employer_id.empty() && caller.employer_id) {
    vacancy.employer_id = *caller.employer_id;
  }
  if (vacancy.employer_id.empty()) {
    return done(
        Status::InvalidArgument("employer_id is required", {{"/employer_id", "is required"}}));
  }
  if (!MayChange(caller, vacancy)) {
    return done(Status::PermissionDenied("an employer posts only its own vacancies"));
  }
  context_->Create<model::Vacancy>(
      caller, std::move(vacancy), Viewed(caller, std::move(done)),
      [](store::WriteTx& tx) { return tx.vacancies(); }, "vacancy.create");
}

// Vacancies are read as employers are above (CheckedGet, then what the caller may see of the
// record), each from its own table with its own list filters.
StatusOr<model::Vacancy> Employers::GetVacancy(const Caller& caller, std::string_view id) const {
  HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, context_->db->Read([&](store::ReadTx& tx) {
    return CheckedGet(tx.vacancies(), id, caller);
  }));
  return ViewFor(caller, std::move(vacancy));
}

StatusOr<store::Page<model::Vacancy>> Employers::ListVacancies(const Caller& caller,
                                                               store::ListOptions options) const {
  if (caller.role == Role::kEmployer) {
    RestrictFilter(options.filters, "employer_id", {caller.employer_id.value_or("")});
  } else if (!caller.is_admin() && caller.role != Role::kOfficer) {
    return Status::PermissionDenied("not allowed");
  }
  HW_ASSIGN_OR_RETURN(store::Page<model::Vacancy> page, context_->db->Read([&](store::ReadTx& tx) {
    return internal::IsReviewQueue(options) ? internal::ReviewQueuePage(tx, options)
                                            : tx.vacancies().List(options);
  }));
  for (model::Vacancy& vacancy : page.items) vacancy = ViewFor(caller, std::move(vacancy));
  return page;
}

void Employers::UpdateVacancy(const Caller& caller, std::string id, Edit<model::Vacancy> edit,
                              Done<model::Vacancy> done) {
  Edit<model::Vacancy> checked =
      StaysInScope(caller, std::move(edit), "an employer posts only its own vacancies");
  context_->Update<model::Vacancy>(
      caller, std::move(id), std::move(checked), Viewed(caller, std::move(done)),
      [](store::WriteTx& tx) { return tx.vacancies(); }, "vacancy.update");
}

void Employers::ReviewVacancy(const Caller& caller, std::string id, std::string decision,
                              std::string note, Done<model::Vacancy> done) {
  context_->SubmitFor<model::Vacancy>(
      [caller, id, decision, note,
       clock = context_->clock](store::WriteTx& tx) -> StatusOr<model::Vacancy> {
        StatusOr<model::Vacancy> found = tx.vacancies().Get(id);
        if (!found.ok() && found.status().code() != StatusCode::kNotFound) return found.status();
        // A missing vacancy and one outside the caller's provinces answer alike.
        const bool in_scope =
            found.ok() && (caller.is_admin() ||
                           (caller.role == Role::kOfficer && HasProvince(caller, found->province)));
        if (!in_scope) return NotFound<model::Vacancy>();
        model::Vacancy vacancy = std::move(*found);
        HW_RETURN_IF_ERROR(
            screening::ApplyReview(vacancy, decision, note, caller.key_id, clock->NowRfc3339()));
        HW_ASSIGN_OR_RETURN(model::Vacancy stored, tx.vacancies().Update(std::move(vacancy)));
        HW_RETURN_IF_ERROR(Context::AuditInTx(tx, caller, "vacancy.review", id, decision));
        return stored;
      },
      std::move(done));
}

void Employers::CloseSafetyReview(const Caller& caller, std::string id, std::string decision,
                                  std::string note, Done<model::Employer> done) {
  auto screenings = context_->NewScreenings();
  context_->SubmitFor<model::Employer>(
      [this, caller, id, decision, note,
       screenings](store::WriteTx& tx) -> StatusOr<model::Employer> {
        HW_ASSIGN_OR_RETURN(model::Employer closed,
                            referral::CloseSafetyReview(tx, id, decision, note, ActorOf(caller),
                                                        context_->clock->NowRfc3339()));
        HW_RETURN_IF_ERROR(context_->RescreenVacanciesOf(closed, tx, *screenings));
        return closed;
      },
      std::move(done), [this, screenings] { context_->RescreenLater(screenings->Missed()); });
}

StatusOr<std::vector<model::Referral>> Employers::SafetyReviewAffected(
    const Caller& caller, std::string_view employer_id) {
  if (caller.role != Role::kOfficer && !caller.is_admin()) {
    return Status::PermissionDenied("the people a review concerns are for officers and admins");
  }
  return context_->db->Read([&](store::ReadTx& tx) -> StatusOr<std::vector<model::Referral>> {
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
          if (concerned(r) &&
              MaySeeReferral(caller, r, context_->PersonProvince(r.individual_id))) {
            affected.push_back(std::move(r));
          }
          return Status::Ok();
        }));
    return affected;
  });
}

}  // namespace homeward::service
