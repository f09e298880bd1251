#include "homeward/referral/outcomes.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "homeward/base/id.h"
#include "homeward/matching/match.h"
#include "homeward/model/json.h"
#include "homeward/reference/messages.h"

namespace homeward::referral {
namespace {

using model::OpportunityKind;
using model::ReferralStatus;

Status Audit(const store::WriteTx& tx, const Actor& actor, std::string_view now, std::string action,
             std::string subject) {
  model::AuditEntry entry;
  entry.at = std::string(now);
  entry.actor = actor.id;
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.outcome = "allowed";
  return tx.audit().Append(std::move(entry)).status();
}

bool IsCaseWorker(const Actor& actor) {
  return actor.role == model::Role::kOfficer || actor.role == model::Role::kAdmin;
}

// The eligibility rules a referral breaks, one entry each, the message starting with the rule's
// code (docs/api.md, "Eligibility at referral"); a rule found twice is listed once.
class Refusals {
 public:
  // Adds the rule `code` once, its message "<code>: <sentence>": the catalogue's "refusal" of
  // the sentence "exclusion.<code>", or `message_code` when the rule has more than one.
  void Add(std::string path, const std::string& code, const char* message_code = nullptr,
           model::Json params = model::Json::object()) {
    params["rule"] = code;
    params["sentence"] = message_code ? std::string(message_code).substr(kExclusion.size()) : code;
    Keep(std::move(path), code, std::move(params));
  }
  void Add(const std::vector<matching::Exclusion>& exclusions) {
    for (const matching::Exclusion& e : exclusions) {
      model::Json params = e.params;
      params["rule"] = e.code;
      params["sentence"] = e.message_code.substr(kExclusion.size());
      Keep(IsAboutPerson(e.code) ? "/individual_id" : "/opportunity_id", e.code, std::move(params));
    }
  }
  Status ToStatus() const {
    if (errors_.empty()) return Status::Ok();
    return Status(StatusCode::kFailedPrecondition,
                  "the referral breaks " + std::to_string(errors_.size()) +
                      (errors_.size() == 1 ? " eligibility rule" : " eligibility rules"),
                  errors_);
  }

 private:
  static constexpr std::string_view kExclusion = "exclusion.";
  static bool IsAboutPerson(const std::string& code) {
    return code == "no_consent" || code == "no_guardian_consent" || code == "person_not_active";
  }
  void Keep(std::string path, const std::string& code, model::Json params) {
    for (const FieldError& e : errors_) {
      if (e.message.compare(0, code.size() + 1, code + ":") == 0) return;
    }
    std::string message = reference::RenderMessage("refusal", params);
    errors_.push_back({std::move(path), std::move(message), "refusal", params.dump()});
  }

  std::vector<FieldError> errors_;
};

// An employer under safety review receives no one (docs/api.md, "Post-placement check-ins").
Status CheckEmployer(const store::WriteTx& tx, const std::string& employer_id, Refusals& refusals) {
  HW_ASSIGN_OR_RETURN(model::Employer employer, tx.employers().Get(employer_id));
  if (employer.UnderSafetyReview()) {
    refusals.Add("/opportunity_id", "employer_under_safety_review", nullptr,
                 {{"status", model::ToString(employer.safety_review->status)}});
  }
  return Status::Ok();
}

// What sending a person on to an employer needs beyond matching's rules.
Status CheckSendToEmployer(const store::WriteTx& tx, const model::Individual& person,
                           const std::string& employer_id, Refusals& refusals) {
  if (!person.consent.Covers(model::kScopeEmployerSharing)) {
    refusals.Add("/status", "no_employer_sharing_consent");
  }
  return CheckEmployer(tx, employer_id, refusals);
}

std::optional<Date> DayOf(std::string_view now) {
  return Date::Parse(now.substr(0, 10));
}

StatusOr<OpportunityKind> KindOf(std::string_view opportunity_id) {
  if (IsWellFormedId(opportunity_id, "vac")) return OpportunityKind::kJob;
  if (IsWellFormedId(opportunity_id, "trn")) return OpportunityKind::kTraining;
  if (IsWellFormedId(opportunity_id, "prg")) return OpportunityKind::kProgramme;
  return Status::InvalidArgument("not a vacancy, training or programme id",
                                 {{"/opportunity_id", "must be a vac_, trn_ or prg_ id"}});
}

Status RequireOpenVacancy(const model::Vacancy& vacancy) {
  if (vacancy.status != model::VacancyStatus::kOpen) {
    return Status::FailedPrecondition("the vacancy is " + model::ToString(vacancy.status) +
                                      ", not open");
  }
  return Status::Ok();
}

// True when `referral` is still in progress (not rejected, withdrawn or finished).
bool InProgress(ReferralStatus status) {
  return !NextStatuses(status).empty();
}

Status RequireNoOtherActiveHire(const store::WriteTx& tx, const model::Referral& referral) {
  HW_ASSIGN_OR_RETURN(int64_t active,
                      tx.referrals().Count({{"individual_id", {referral.individual_id}},
                                            {"status",
                                             {model::ToString(ReferralStatus::kHired),
                                              model::ToString(ReferralStatus::kRetained3m)}}}));
  if (active > 0) {
    return Status::FailedPrecondition("the person already has a hire under follow-up");
  }
  return Status::Ok();
}

// Takes one place of the referral's opportunity; FAILED_PRECONDITION when none is left.
Status FillPlace(const store::WriteTx& tx, const model::Referral& referral) {
  if (referral.kind == OpportunityKind::kProgramme) {
    HW_ASSIGN_OR_RETURN(model::Programme programme, tx.programmes().Get(referral.opportunity_id));
    if (programme.SeatsLeft() == 0) return Status::FailedPrecondition("no place left");
    ++programme.seats_filled;
    return tx.programmes().Update(std::move(programme)).status();
  }
  if (referral.kind == OpportunityKind::kTraining) {
    HW_ASSIGN_OR_RETURN(model::Training training, tx.trainings().Get(referral.opportunity_id));
    if (training.SeatsLeft() == 0) return Status::FailedPrecondition("no seat left");
    ++training.seats_filled;
    return tx.trainings().Update(std::move(training)).status();
  }
  HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, tx.vacancies().Get(referral.opportunity_id));
  HW_RETURN_IF_ERROR(RequireOpenVacancy(vacancy));
  if (vacancy.SlotsLeft() == 0) return Status::FailedPrecondition("no slot left");
  ++vacancy.slots_filled;
  if (vacancy.SlotsLeft() == 0) vacancy.status = model::VacancyStatus::kFilled;
  return tx.vacancies().Update(std::move(vacancy)).status();
}

Status SetPersonStatus(const store::WriteTx& tx, const Actor& actor, std::string_view now,
                       model::Individual person, model::IndividualStatus status) {
  if (person.status == status) return Status::Ok();
  person.status = status;
  std::string id = person.meta.id;
  HW_RETURN_IF_ERROR(tx.individuals().Update(std::move(person)).status());
  return Audit(tx, actor, now, "individual.update", std::move(id));
}

// What a change means beyond the referral itself.
Status ApplyConsequences(const store::WriteTx& tx, const model::Referral& referral,
                         ReferralStatus to, const Actor& actor, std::string_view now) {
  const bool job = referral.kind == OpportunityKind::kJob;
  if (referral.kind == OpportunityKind::kProgramme) {
    // Enrolling takes a place; the person stays active (a programme is support, not a job).
    if (to == ReferralStatus::kEnrolled) return FillPlace(tx, referral);
    return Status::Ok();
  }
  if (job && to == ReferralStatus::kReferred) {
    HW_ASSIGN_OR_RETURN(model::Individual person, tx.individuals().Get(referral.individual_id));
    Refusals refusals;
    HW_RETURN_IF_ERROR(CheckSendToEmployer(tx, person, referral.employer_id, refusals));
    HW_RETURN_IF_ERROR(refusals.ToStatus());
  }
  if (job && (to == ReferralStatus::kReferred || to == ReferralStatus::kInterviewing)) {
    HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, tx.vacancies().Get(referral.opportunity_id));
    return RequireOpenVacancy(vacancy);
  }
  if (to == ReferralStatus::kHired) {
    HW_ASSIGN_OR_RETURN(model::Individual person, tx.individuals().Get(referral.individual_id));
    if (person.status != model::IndividualStatus::kActive) {
      return Status::FailedPrecondition("the person is " + model::ToString(person.status) +
                                        ", not active");
    }
    HW_RETURN_IF_ERROR(RequireNoOtherActiveHire(tx, referral));
    HW_RETURN_IF_ERROR(FillPlace(tx, referral));
    return SetPersonStatus(tx, actor, now, std::move(person), model::IndividualStatus::kPlaced);
  }
  if (to == ReferralStatus::kLeft) {
    if (job && referral.history.back().reason == kSafetyConcern) {
      HW_RETURN_IF_ERROR(ReportToSafetyReview(tx, referral.employer_id, referral.meta.id,
                                              {kSafetyConcern}, actor, now)
                             .status());
    }
    HW_ASSIGN_OR_RETURN(model::Individual person, tx.individuals().Get(referral.individual_id));
    if (person.status != model::IndividualStatus::kPlaced) return Status::Ok();
    return SetPersonStatus(tx, actor, now, std::move(person), model::IndividualStatus::kActive);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<model::Referral> CreateReferral(const store::WriteTx& tx, const NewReferral& request,
                                         const Actor& actor, std::string_view now) {
  if (!IsCaseWorker(actor))
    return Status::PermissionDenied("only officers and admins refer people");
  if (request.status != ReferralStatus::kProposed && request.status != ReferralStatus::kReferred) {
    return Status::InvalidArgument("a referral starts as proposed or referred",
                                   {{"/status", "must be proposed or referred"}});
  }
  model::Referral referral;
  HW_ASSIGN_OR_RETURN(referral.kind, KindOf(request.opportunity_id));
  HW_ASSIGN_OR_RETURN(model::Individual person, tx.individuals().Get(request.individual_id));
  const std::optional<Date> today = DayOf(now);
  if (!today) return Status::InvalidArgument("malformed timestamp for the referral");
  // The rules of matching, each one reported.
  Refusals refusals;
  if (!person.consent.Covers(model::kScopeReferral)) {
    refusals.Add("/individual_id", "no_consent", "exclusion.no_consent.referral");
  }
  if (referral.kind == OpportunityKind::kJob) {
    HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, tx.vacancies().Get(request.opportunity_id));
    refusals.Add(matching::JobExclusions(person, vacancy, *today));
    if (request.status == ReferralStatus::kReferred) {
      HW_RETURN_IF_ERROR(CheckSendToEmployer(tx, person, vacancy.employer_id, refusals));
    } else {
      HW_RETURN_IF_ERROR(CheckEmployer(tx, vacancy.employer_id, refusals));
    }
    referral.province = vacancy.province;
    referral.employer_id = vacancy.employer_id;
  } else if (referral.kind == OpportunityKind::kProgramme) {
    HW_ASSIGN_OR_RETURN(model::Programme programme, tx.programmes().Get(request.opportunity_id));
    refusals.Add(matching::ProgrammeExclusions(person, programme, *today));
    referral.province = programme.province;
  } else {
    HW_ASSIGN_OR_RETURN(model::Training training, tx.trainings().Get(request.opportunity_id));
    refusals.Add(matching::TrainingExclusions(person, training, *today));
    referral.province = training.province;
  }
  HW_RETURN_IF_ERROR(refusals.ToStatus());

  Status duplicate = tx.referrals().ForEach(
      {{"individual_id", {request.individual_id}}, {"opportunity_id", {request.opportunity_id}}},
      [](model::Referral&& existing) {
        if (InProgress(existing.status)) {
          return Status::AlreadyExists("the person already has a referral in progress there");
        }
        return Status::Ok();
      });
  HW_RETURN_IF_ERROR(duplicate);

  referral.individual_id = request.individual_id;
  referral.opportunity_id = request.opportunity_id;
  referral.allocation_id = request.allocation_id;
  StartLifecycle(referral, actor, request.note, now);
  if (request.status == ReferralStatus::kReferred) {
    Transition refer;
    refer.to = ReferralStatus::kReferred;
    HW_RETURN_IF_ERROR(ApplyTransition(referral, refer, actor, now));
  }
  if (request.follow_up_on) referral.follow_up_on = request.follow_up_on;
  HW_ASSIGN_OR_RETURN(model::Referral stored, tx.referrals().Create(std::move(referral)));
  HW_RETURN_IF_ERROR(Audit(tx, actor, now, "referral.create", stored.meta.id));
  return stored;
}

StatusOr<model::Referral> ChangeReferralStatus(const store::WriteTx& tx,
                                               std::string_view referral_id,
                                               const Transition& change, const Actor& actor,
                                               std::string_view now) {
  ReferralPatch patch;
  patch.transition = change;
  return PatchReferral(tx, referral_id, patch, actor, now);
}

StatusOr<model::Referral> PatchReferral(const store::WriteTx& tx, std::string_view referral_id,
                                        const ReferralPatch& patch, const Actor& actor,
                                        std::string_view now) {
  if (!patch.transition && !patch.follow_up_on) {
    return Status::InvalidArgument("nothing to change");
  }
  HW_ASSIGN_OR_RETURN(model::Referral referral, tx.referrals().Get(referral_id));
  if (!ActorMaySee(actor, referral)) return Status::NotFound("no such referral");
  if (patch.transition) {
    HW_RETURN_IF_ERROR(ApplyTransition(referral, *patch.transition, actor, now));
    HW_RETURN_IF_ERROR(ApplyConsequences(tx, referral, patch.transition->to, actor, now));
  }
  if (patch.follow_up_on) {
    if (!IsCaseWorker(actor)) {
      return Status::PermissionDenied("only officers and admins set follow-up dates");
    }
    referral.follow_up_on = *patch.follow_up_on;
  }
  HW_ASSIGN_OR_RETURN(model::Referral stored, tx.referrals().Update(std::move(referral)));
  HW_RETURN_IF_ERROR(Audit(tx, actor, now, "referral.status", stored.meta.id));
  return stored;
}

StatusOr<int> WithdrawForConsent(const store::WriteTx& tx, const model::Individual& person,
                                 const Actor& actor, std::string_view now) {
  const bool may_refer = person.consent.Covers(model::kScopeReferral);
  const bool may_share = person.consent.Covers(model::kScopeEmployerSharing);
  if (may_refer && may_share) return 0;
  std::vector<std::string> affected;
  HW_RETURN_IF_ERROR(tx.referrals().ForEach(
      {{"individual_id", {person.meta.id}}}, [&](model::Referral&& referral) {
        if (!IsLegalTransition(referral.status, ReferralStatus::kWithdrawn)) return Status::Ok();
        // Without sharing, only what the employer already sees goes; a proposal stays.
        if (may_refer && referral.status == ReferralStatus::kProposed) return Status::Ok();
        affected.push_back(referral.meta.id);
        return Status::Ok();
      }));
  Transition withdraw;
  withdraw.to = ReferralStatus::kWithdrawn;
  withdraw.reason = std::string(kConsentWithdrawn);
  withdraw.note = "Consent withdrawn";
  for (const std::string& id : affected) {
    HW_RETURN_IF_ERROR(ChangeReferralStatus(tx, id, withdraw, actor, now).status());
  }
  return static_cast<int>(affected.size());
}

std::vector<std::string> ForcedLabourIndicators(const model::CheckInAnswers& answers,
                                                double max_hours_per_week) {
  std::vector<std::string> found;
  const auto is = [](const std::optional<bool>& answer, bool value) {
    return answer && *answer == value;
  };
  if (is(answers.paid_on_time, false) || is(answers.paid_in_full, false)) {
    found.emplace_back("withholding_of_wages");
  }
  if (is(answers.documents_held_by_employer, true)) {
    found.emplace_back("retention_of_identity_documents");
  }
  if (is(answers.free_to_leave, false)) found.emplace_back("restriction_of_movement");
  if (is(answers.threatened_or_punished, true)) found.emplace_back("intimidation_and_threats");
  if (answers.hours_per_week && *answers.hours_per_week > max_hours_per_week) {
    found.emplace_back("excessive_overtime");
  }
  if (is(answers.owes_employer, true)) found.emplace_back("debt_bondage");
  return found;
}

StatusOr<RecordedCheckIn> RecordCheckIn(const store::WriteTx& tx, std::string_view referral_id,
                                        model::CheckIn check_in, double max_hours_per_week,
                                        const Actor& actor, std::string_view now) {
  if (!IsCaseWorker(actor)) {
    return Status::PermissionDenied("only officers and admins record check-ins");
  }
  HW_ASSIGN_OR_RETURN(model::Referral referral, tx.referrals().Get(referral_id));
  if (!IsPlacement(referral.status)) {
    return Status::FailedPrecondition("a check-in follows a hire; this referral is " +
                                      model::ToString(referral.status));
  }
  const std::optional<Date> today = DayOf(now);
  if (!today) return Status::InvalidArgument("malformed timestamp for the check-in");
  if (*today < check_in.date) {
    return Status::InvalidArgument("the check-in is dated in the future",
                                   {{"/date", "must be today or earlier"}});
  }
  check_in.id = NewId("chk");
  check_in.indicators = ForcedLabourIndicators(check_in.answers, max_hours_per_week);
  check_in.by = actor.id;
  check_in.at = std::string(now);
  referral.check_ins.push_back(check_in);
  referral.follow_up_on = NextFollowUp(referral);
  HW_ASSIGN_OR_RETURN(model::Referral stored, tx.referrals().Update(std::move(referral)));
  HW_RETURN_IF_ERROR(Audit(tx, actor, now, "referral.check_in", stored.meta.id));

  RecordedCheckIn recorded{std::move(stored), std::move(check_in), std::nullopt};
  if (recorded.referral.kind == OpportunityKind::kJob && !recorded.check_in.indicators.empty()) {
    HW_ASSIGN_OR_RETURN(
        recorded.employer,
        ReportToSafetyReview(tx, recorded.referral.employer_id, recorded.referral.meta.id,
                             recorded.check_in.indicators, actor, now));
  }
  return recorded;
}

StatusOr<model::Employer> ReportToSafetyReview(const store::WriteTx& tx,
                                               std::string_view employer_id,
                                               const std::string& referral_id,
                                               const std::vector<std::string>& reasons,
                                               const Actor& actor, std::string_view now) {
  HW_ASSIGN_OR_RETURN(model::Employer employer, tx.employers().Get(employer_id));
  const bool opens = !employer.UnderSafetyReview();
  if (opens) {
    model::SafetyReview review;
    review.since = std::string(now);
    employer.safety_review = std::move(review);
  }
  model::SafetyReview& review = *employer.safety_review;
  const auto add = [](std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
  };
  for (const std::string& reason : reasons) add(review.reasons, reason);
  add(review.referral_ids, referral_id);
  HW_ASSIGN_OR_RETURN(model::Employer stored, tx.employers().Update(std::move(employer)));
  HW_RETURN_IF_ERROR(Audit(tx, actor, now,
                           opens ? "employer.safety_review_open" : "employer.safety_review_report",
                           stored.meta.id));
  return stored;
}

StatusOr<model::Employer> CloseSafetyReview(const store::WriteTx& tx, std::string_view employer_id,
                                            std::string_view decision, std::string note,
                                            const Actor& actor, std::string_view now) {
  if (actor.role != model::Role::kAdmin) {
    return Status::PermissionDenied("only an admin closes a safety review");
  }
  std::vector<FieldError> problems;
  model::SafetyReviewStatus closed = model::SafetyReviewStatus::kCleared;
  if (decision == "confirmed") {
    closed = model::SafetyReviewStatus::kConfirmed;
  } else if (decision != "cleared") {
    problems.push_back({"/decision", "must be \"cleared\" or \"confirmed\""});
  }
  if (note.find_first_not_of(" \t\r\n") == std::string::npos) {
    problems.push_back({"/note", "is required"});
  }
  if (!problems.empty()) {
    return Status::InvalidArgument("the decision is incomplete", std::move(problems));
  }
  HW_ASSIGN_OR_RETURN(model::Employer employer, tx.employers().Get(employer_id));
  if (!employer.safety_review ||
      employer.safety_review->status != model::SafetyReviewStatus::kOpen) {
    return Status::FailedPrecondition("the employer has no open safety review");
  }
  model::SafetyReview& review = *employer.safety_review;
  review.status = closed;
  review.closed_at = std::string(now);
  review.closed_by = actor.id;
  review.note = std::move(note);
  HW_ASSIGN_OR_RETURN(model::Employer stored, tx.employers().Update(std::move(employer)));
  HW_RETURN_IF_ERROR(
      Audit(tx, actor, now, "employer.safety_review_" + model::ToString(closed), stored.meta.id));
  return stored;
}

}  // namespace homeward::referral
