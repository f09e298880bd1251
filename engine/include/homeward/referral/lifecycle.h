// The referral lifecycle as a pure state machine (docs/referrals.md):
//
//   proposed -> referred -> interviewing -> hired | rejected | withdrawn
//   proposed | referred -> withdrawn;  referred -> rejected
//   hired -> retained_3m -> retained_6m;  hired | retained_3m -> left
//
// for a vacancy or a training, and for a programme:
//
//   proposed -> referred -> enrolled -> completed -> income_verified_6m | left
//   proposed | referred | enrolled -> withdrawn
//
// with the rules of who may make which change, the fixed list of reasons a rejected, withdrawn
// or left referral must give, and the follow-up dates 3 and 6 months after a hire. Nothing here
// touches the store; outcomes.h applies a change together with its consequences (slots filled,
// the person placed) in one write transaction.
//
// Thread-safety: every function is pure (or changes only the referral it is given).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/access.h"
#include "homeward/model/referral.h"

namespace homeward::referral {

using model::ReferralStatus;

// Who asks for a change: an API key's id and role, and for an employer key its employer.
struct Actor {
  std::string id;
  model::Role role = model::Role::kOfficer;
  std::optional<std::string> employer_id;
};

// Retention is verified, not declared: retained_3m may be recorded this many days after the hire
// at the earliest, retained_6m this many (FAILED_PRECONDITION before), by officers and admins.
inline constexpr int kRetained3mDays = 90;
inline constexpr int kRetained6mDays = 180;

// A programme's income gain is verified, like retention: income_verified_6m may be recorded this
// many days after the programme was completed at the earliest (FAILED_PRECONDITION before).
inline constexpr int kIncomeVerifiedDays = 180;

// True when the lifecycle of some kind of opportunity allows going from `from` to `to` (whoever
// asks).
bool IsLegalTransition(ReferralStatus from, ReferralStatus to);
// True when the lifecycle of a referral to `kind` allows going from `from` to `to`.
bool IsLegalTransition(model::OpportunityKind kind, ReferralStatus from, ReferralStatus to);

// The statuses the lifecycle allows after `from`, in lifecycle order (empty when final).
std::vector<ReferralStatus> NextStatuses(ReferralStatus from);

// Follow-ups with a placed person (docs/referrals.md, "Follow-ups"): 2 weeks, 3 months and 6
// months after the hire. One counts as done once a check-in, or a retention recorded, falls on
// or after kFollowUpWindowDays before its date.
inline constexpr int kFollowUpDays = 14;
inline constexpr int kFollowUpMonths[] = {3, 6};
inline constexpr int kFollowUpWindowDays = 7;

// The date of the next follow-up still to do for a hire under follow-up (hired, retained_3m),
// or none.
std::optional<Date> NextFollowUp(const model::Referral& referral);

// True when `role` may make the (legal) change from `from` to `to`: admins and officers any,
// employers the outcomes of interviews and follow-ups (see docs/referrals.md), analysts none.
bool RoleMayTransition(model::Role role, ReferralStatus from, ReferralStatus to);

// True for a hire still under follow-up (hired, retained_3m): a person has at most one.
bool IsActiveHire(ReferralStatus status);

// True for hired and every status after it: the referral counts as a placement.
using model::IsPlacement;

// The reason of a withdrawal that follows the person's consent being withdrawn.
inline constexpr char kConsentWithdrawn[] = "consent_withdrawn";

// The fixed list of reasons (docs/referrals.md), e.g. "skills_mismatch", "wage_too_low".
const std::vector<std::string_view>& RefusalReasons();
bool IsRefusalReason(std::string_view reason);

// True when a change to `to` must give a reason (rejected, withdrawn, left).
bool NeedsReason(ReferralStatus to);

// The employer a referral is scoped to, when the actor may see it at all: false for an employer
// actor and a referral to another employer's vacancy (or to a training), or one its employer
// may not see (EmployerMaySee).
bool ActorMaySee(const Actor& actor, const model::Referral& referral);

// False for what a referral's own employer never sees: a proposal (the officer has not sent the
// person on) and a referral withdrawn because the person withdrew consent.
bool EmployerMaySee(const model::Referral& referral);

// Starts a new referral's lifecycle: status proposed and the creation entry in its history.
// `now` is an RFC 3339 timestamp.
void StartLifecycle(model::Referral& referral, const Actor& actor, std::string note,
                    std::string_view now);

// A requested change of status.
struct Transition {
  ReferralStatus to = ReferralStatus::kReferred;
  std::string note;
  std::optional<std::string> reason;  // required for rejected, withdrawn and left
};

// Applies `change` to `referral` at `now` (RFC 3339): status, a history entry (who, when, note,
// reason) and the follow-up date (NextFollowUp). Leaves `referral` untouched and
// returns NOT_FOUND when the actor may not see it, FAILED_PRECONDITION for a change the
// lifecycle forbids or a retention recorded too early (kRetained3mDays, kRetained6mDays),
// PERMISSION_DENIED for one the actor's role may not make, and
// INVALID_ARGUMENT for a missing, unknown or superfluous reason ("other" needs a note).
Status ApplyTransition(model::Referral& referral, const Transition& change, const Actor& actor,
                       std::string_view now);

// When the hire of `referral` happened (the date of its change to hired), if it was hired.
using model::HireDate;

}  // namespace homeward::referral
