// Referrals as stored records: creating one and changing its status together with what the
// change means for the rest of the registry, inside the caller's store write transaction, so
// that the referral, the opportunity's filled places, the person's status and the audit rows
// commit or roll back as one (docs/referrals.md).
//
// Thread-safety: each function runs on the store's writer thread, inside the WriteTx it is
// given (Database::Submit), like any other write.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/referral.h"
#include "homeward/referral/lifecycle.h"
#include "homeward/store/database.h"

namespace homeward::referral {

struct NewReferral {
  std::string individual_id;
  std::string opportunity_id;  // vac_... or trn_...
  std::string note;
  std::optional<std::string> allocation_id;  // the allocation that proposed it, if any
  // proposed, or referred to send the person on at once (history then shows both steps).
  ReferralStatus status = ReferralStatus::kProposed;
  std::optional<Date> follow_up_on;  // a date the officer wants to check on the referral
};

// Stores a proposed referral of a person to a vacancy or training at `now` (RFC 3339), with an
// audit row. PERMISSION_DENIED unless the actor is an officer or admin; NOT_FOUND when the
// person or opportunity does not exist; FAILED_PRECONDITION, with one error per failed rule
// (its message starting with the rule's code), when the pair breaks the eligibility rules of
// matching (matching::JobExclusions / TrainingExclusions), the person has not consented to
// referral ("no_consent"), the vacancy's employer is under safety review
// ("employer_under_safety_review"), or, starting as referred, the person has not consented to
// sharing with employers ("no_employer_sharing_consent"); ALREADY_EXISTS when the person already
// has a referral in progress to that opportunity; INVALID_ARGUMENT for a starting status other
// than proposed or referred.
StatusOr<model::Referral> CreateReferral(const store::WriteTx& tx, const NewReferral& request,
                                         const Actor& actor, std::string_view now);

// Applies a status change (see ApplyTransition for its own errors) and its consequences:
// - referred (job): the person must consent to sharing with employers and the employer must
//   not be under safety review (FAILED_PRECONDITION with the rule codes, as CreateReferral);
// - referred, interviewing, hired: the vacancy must still be open (FAILED_PRECONDITION);
// - hired: the person must be active with no other hire under follow-up, and the opportunity
//   must have a place left (FAILED_PRECONDITION otherwise); the hire fills a place, a vacancy
//   whose places are all filled becomes `filled`, and the person becomes `placed`;
// - left: the person becomes `active` again (the place stays filled); with the reason
//   safety_concern, a job's employer gets a safety review (ReportToSafetyReview);
// with an audit row for the referral and one for the person when their record changes.
// Returns the referral as stored.
StatusOr<model::Referral> ChangeReferralStatus(const store::WriteTx& tx,
                                               std::string_view referral_id,
                                               const Transition& change, const Actor& actor,
                                               std::string_view now);

// PATCH /v1/referrals/{id}: a status change, a new follow-up date, or both (the date applies
// after the change, overriding the one the change set).
struct ReferralPatch {
  std::optional<Transition> transition;
  // Present to set (a date) or clear (an empty optional) the follow-up date.
  std::optional<std::optional<Date>> follow_up_on;
};

// Applies `patch` as ChangeReferralStatus does. Only officers and admins set follow-up dates
// (PERMISSION_DENIED otherwise); INVALID_ARGUMENT for an empty patch.
StatusOr<model::Referral> PatchReferral(const store::WriteTx& tx, std::string_view referral_id,
                                        const ReferralPatch& patch, const Actor& actor,
                                        std::string_view now);

// Consent withdrawal takes effect at once: withdraws, with reason "consent_withdrawn", each of
// the person's referrals their consent (as stored in `person`) no longer allows: every one that
// can still be withdrawn when consent to referral is gone, and those an employer already sees
// (referred, interviewing) when consent to sharing with employers is gone. Returns how many.
StatusOr<int> WithdrawForConsent(const store::WriteTx& tx, const model::Individual& person,
                                 const Actor& actor, std::string_view now);

// --- After placement: check-ins and the employer's safety review (docs/referrals.md) ----------

// The ILO indicators of forced labour that a check-in's answers show, in this order, each once:
// withholding_of_wages (not paid on time or in full), retention_of_identity_documents,
// restriction_of_movement (not free to leave), intimidation_and_threats, excessive_overtime
// (more than `max_hours_per_week`, the screening's threshold), debt_bondage (owes the employer).
std::vector<std::string> ForcedLabourIndicators(const model::CheckInAnswers& answers,
                                                double max_hours_per_week);

struct RecordedCheckIn {
  model::Referral referral;  // as stored, with the check-in and the next follow-up date
  model::CheckIn check_in;
  // The employer whose safety review the check-in opened or extended, when it did.
  std::optional<model::Employer> employer;
};

// Records a check-in with the person of a placement (hired and after) at `now`: its indicators
// (ForcedLabourIndicators), the referral's next follow-up, an audit row "referral.check_in", and
// for a job whose answers show an indicator, the employer's safety review (ReportToSafetyReview).
// PERMISSION_DENIED unless the actor is an officer or admin; NOT_FOUND for no such referral;
// FAILED_PRECONDITION before the hire; INVALID_ARGUMENT for a date after `now`'s day.
StatusOr<RecordedCheckIn> RecordCheckIn(const store::WriteTx& tx, std::string_view referral_id,
                                        model::CheckIn check_in, double max_hours_per_week,
                                        const Actor& actor, std::string_view now);

// Opens a safety review of the employer (or adds `reasons` and the referral to the open or
// confirmed one; a cleared review is replaced by a new open one), with an audit row
// "employer.safety_review_open" (or "employer.safety_review_report" when one stood already).
// Returns the employer as stored.
StatusOr<model::Employer> ReportToSafetyReview(const store::WriteTx& tx,
                                               std::string_view employer_id,
                                               const std::string& referral_id,
                                               const std::vector<std::string>& reasons,
                                               const Actor& actor, std::string_view now);

// An admin's decision closing the employer's open review: "cleared" (it receives people again)
// or "confirmed" (its vacancies stay blocked), with a note, audited as
// "employer.safety_review_cleared" or "employer.safety_review_confirmed". PERMISSION_DENIED for
// anyone else; FAILED_PRECONDITION when no review is open; INVALID_ARGUMENT for another decision
// or a blank note.
StatusOr<model::Employer> CloseSafetyReview(const store::WriteTx& tx, std::string_view employer_id,
                                            std::string_view decision, std::string note,
                                            const Actor& actor, std::string_view now);

// The reason a referral that left for a safety concern gives the employer's review.
inline constexpr char kSafetyConcern[] = "safety_concern";

}  // namespace homeward::referral
