#include "homeward/referral/lifecycle.h"

#include <algorithm>
#include <string>
#include <utility>

#include "homeward/model/json.h"

namespace homeward::referral {
namespace {

using model::Role;
using S = ReferralStatus;

// Which opportunities an edge of the lifecycle is for.
enum Track : unsigned { kJobs = 1, kProgrammes = 2, kBoth = kJobs | kProgrammes };

struct Edge {
  S from;
  S to;
  bool employer_may;  // admins and officers may make every change; analysts none
  unsigned tracks;    // vacancies and trainings (kJobs), programmes (kProgrammes)
};

// The whole lifecycle, in lifecycle order. Withdrawing is the person's decision, relayed by
// their officer; sending a proposed referral on to the employer is the officer's. Employers
// report what happens at their end: interviews, hires, rejections and a worker leaving; the
// retention follow-ups are verified by officers (the employer is the party with most interest
// in them). A programme has no employer: its officer records enrolment, completion, the income
// verified 6 months after completion, or that the person left (docs/referrals.md).
constexpr Edge kLifecycle[] = {
    {S::kProposed, S::kReferred, false, kBoth},
    {S::kProposed, S::kWithdrawn, false, kBoth},
    {S::kReferred, S::kInterviewing, true, kJobs},
    {S::kReferred, S::kRejected, true, kJobs},
    {S::kReferred, S::kWithdrawn, false, kBoth},
    {S::kInterviewing, S::kHired, true, kJobs},
    {S::kInterviewing, S::kRejected, true, kJobs},
    {S::kInterviewing, S::kWithdrawn, false, kJobs},
    {S::kHired, S::kRetained3m, false, kJobs},
    {S::kHired, S::kLeft, true, kJobs},
    {S::kRetained3m, S::kRetained6m, false, kJobs},
    {S::kRetained3m, S::kLeft, true, kJobs},
    {S::kReferred, S::kEnrolled, false, kProgrammes},
    {S::kEnrolled, S::kCompleted, false, kProgrammes},
    {S::kEnrolled, S::kWithdrawn, false, kProgrammes},
    {S::kCompleted, S::kIncomeVerified6m, false, kProgrammes},
    {S::kCompleted, S::kLeft, false, kProgrammes},
};

unsigned TrackOf(model::OpportunityKind kind) {
  return kind == model::OpportunityKind::kProgramme ? kProgrammes : kJobs;
}

const Edge* FindEdge(S from, S to, unsigned tracks = kBoth) {
  for (const Edge& edge : kLifecycle) {
    if (edge.from == from && edge.to == to && (edge.tracks & tracks) != 0) return &edge;
  }
  return nullptr;
}

std::optional<Date> DateOf(std::string_view rfc3339) {
  return Date::Parse(rfc3339.substr(0, 10));
}

Status CheckReason(const Transition& change) {
  const std::string to = model::ToString(change.to);
  if (!NeedsReason(change.to)) {
    if (change.reason) return Status::InvalidArgument("a change to " + to + " takes no reason");
    return Status::Ok();
  }
  if (!change.reason) {
    return Status::InvalidArgument("a change to " + to + " needs a reason",
                                   {{"/reason", "required when the status becomes " + to}});
  }
  if (!IsRefusalReason(*change.reason)) {
    return Status::InvalidArgument("unknown reason",
                                   {{"/reason", "not one of the reasons in docs/referrals.md"}});
  }
  if (*change.reason == "other" && change.note.empty()) {
    return Status::InvalidArgument("the reason \"other\" needs a note",
                                   {{"/note", "required when the reason is \"other\""}});
  }
  return Status::Ok();
}

// A programme's income is verified only kIncomeVerifiedDays after its completion.
Status CheckIncomeVerificationDue(const model::Referral& referral, S to, const Date& today) {
  if (to != S::kIncomeVerified6m) return Status::Ok();
  std::optional<Date> completed_on;
  for (auto it = referral.history.rbegin(); it != referral.history.rend(); ++it) {
    if (it->to == S::kCompleted) {
      completed_on = DateOf(it->at);
      break;
    }
  }
  if (!completed_on) return Status::FailedPrecondition("the referral has no completion date");
  const int64_t since = today.DaysSinceEpoch() - completed_on->DaysSinceEpoch();
  if (since < kIncomeVerifiedDays) {
    return Status(StatusCode::kFailedPrecondition,
                  "income_verified_6m may be recorded " + std::to_string(kIncomeVerifiedDays) +
                      " days after the completion at the earliest",
                  {{"/status", "income_verification_too_early: the programme was completed " +
                                   std::to_string(since) + " days ago"}});
  }
  return Status::Ok();
}

// Retention is recorded only once it can be true: kRetentionDays[3m|6m] after the hire.
Status CheckRetentionDue(const model::Referral& referral, S to, const Date& today) {
  if (to != S::kRetained3m && to != S::kRetained6m) return Status::Ok();
  const int days = to == S::kRetained3m ? kRetained3mDays : kRetained6mDays;
  const std::optional<Date> hired_on = HireDate(referral);
  if (!hired_on) return Status::FailedPrecondition("the referral has no hire date");
  const int64_t since = today.DaysSinceEpoch() - hired_on->DaysSinceEpoch();
  if (since < days) {
    return Status(
        StatusCode::kFailedPrecondition,
        model::ToString(to) + " may be recorded " + std::to_string(days) +
            " days after the hire at the earliest",
        {{"/status", "retention_too_early: the hire was " + std::to_string(since) + " days ago"}});
  }
  return Status::Ok();
}

}  // namespace

bool IsLegalTransition(ReferralStatus from, ReferralStatus to) {
  return FindEdge(from, to) != nullptr;
}

bool IsLegalTransition(model::OpportunityKind kind, ReferralStatus from, ReferralStatus to) {
  return FindEdge(from, to, TrackOf(kind)) != nullptr;
}

std::vector<ReferralStatus> NextStatuses(ReferralStatus from) {
  std::vector<ReferralStatus> next;
  for (const Edge& edge : kLifecycle) {
    if (edge.from == from) next.push_back(edge.to);
  }
  return next;
}

bool RoleMayTransition(Role role, ReferralStatus from, ReferralStatus to) {
  const Edge* edge = FindEdge(from, to);
  if (edge == nullptr) return false;
  switch (role) {
    case Role::kAdmin:
    case Role::kOfficer:
      return true;
    case Role::kEmployer:
      return edge->employer_may;
    case Role::kAnalyst:
      return false;
  }
  return false;
}

bool IsActiveHire(ReferralStatus status) {
  return status == S::kHired || status == S::kRetained3m;
}

const std::vector<std::string_view>& RefusalReasons() {
  static const std::vector<std::string_view> kReasons = {
      "skills_mismatch", "wage_too_low",    "working_conditions",    "distance_or_transport",
      "family_or_care",  "health",          "found_other_work",      "migrated",
      "no_show",         "position_filled", "employer_unresponsive", "safety_concern",
      "other",           kConsentWithdrawn,
  };
  return kReasons;
}

bool IsRefusalReason(std::string_view reason) {
  const auto& reasons = RefusalReasons();
  return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
}

bool NeedsReason(ReferralStatus to) {
  return to == S::kRejected || to == S::kWithdrawn || to == S::kLeft;
}

bool ActorMaySee(const Actor& actor, const model::Referral& referral) {
  if (actor.role != Role::kEmployer) return true;
  return actor.employer_id && referral.kind == model::OpportunityKind::kJob &&
         referral.employer_id == *actor.employer_id && EmployerMaySee(referral);
}

bool EmployerMaySee(const model::Referral& referral) {
  if (referral.status == S::kProposed) return false;
  if (referral.status == S::kWithdrawn && !referral.history.empty() &&
      referral.history.back().reason == kConsentWithdrawn) {
    return false;
  }
  return true;
}

void StartLifecycle(model::Referral& referral, const Actor& actor, std::string note,
                    std::string_view now) {
  referral.status = S::kProposed;
  referral.follow_up_on.reset();
  referral.history.clear();
  model::ReferralChange created;
  created.to = S::kProposed;
  created.by = actor.id;
  created.at = std::string(now);
  created.note = std::move(note);
  referral.history.push_back(std::move(created));
}

Status ApplyTransition(model::Referral& referral, const Transition& change, const Actor& actor,
                       std::string_view now) {
  if (!ActorMaySee(actor, referral)) return Status::NotFound("no such referral");
  const S from = referral.status;
  if (!IsLegalTransition(referral.kind, from, change.to)) {
    return Status::FailedPrecondition("a referral cannot go from " + model::ToString(from) +
                                      " to " + model::ToString(change.to));
  }
  if (!RoleMayTransition(actor.role, from, change.to)) {
    return Status::PermissionDenied("the " + model::ToString(actor.role) + " role may not move " +
                                    "a referral from " + model::ToString(from) + " to " +
                                    model::ToString(change.to));
  }
  HW_RETURN_IF_ERROR(CheckReason(change));
  const std::optional<Date> today = DateOf(now);
  if (!today) return Status::InvalidArgument("malformed timestamp for the change");
  HW_RETURN_IF_ERROR(CheckRetentionDue(referral, change.to, *today));
  HW_RETURN_IF_ERROR(CheckIncomeVerificationDue(referral, change.to, *today));

  // Filled field by field, alike in shape only to the JobPair in MatchIndex::TopCandidates
  // (matching/match_index.cc).
  model::ReferralChange entry;
  entry.from = from;
  entry.to = change.to;
  entry.by = actor.id;
  entry.at = std::string(now);
  entry.note = change.note;
  entry.reason = change.reason;
  referral.history.push_back(std::move(entry));
  referral.status = change.to;
  referral.follow_up_on = NextFollowUp(referral);
  return Status::Ok();
}

std::optional<Date> NextFollowUp(const model::Referral& referral) {
  if (!IsActiveHire(referral.status)) return std::nullopt;
  const std::optional<Date> hired_on = HireDate(referral);
  if (!hired_on) return std::nullopt;
  // The last contact with the person: a check-in, or an officer verifying retention.
  std::optional<Date> contact;
  const auto saw = [&contact](const Date& day) {
    if (!contact || *contact < day) contact = day;
  };
  for (const model::CheckIn& check_in : referral.check_ins) saw(check_in.date);
  for (const model::ReferralChange& change : referral.history) {
    if (change.to == S::kRetained3m || change.to == S::kRetained6m) {
      if (const std::optional<Date> day = DateOf(change.at)) saw(*day);
    }
  }
  std::vector<Date> schedule = {Date::FromDays(hired_on->DaysSinceEpoch() + kFollowUpDays)};
  for (const int months : kFollowUpMonths) schedule.push_back(hired_on->AddMonths(months));
  for (const Date& due : schedule) {
    const bool done =
        contact && due.DaysSinceEpoch() - kFollowUpWindowDays <= contact->DaysSinceEpoch();
    if (!done) return due;
  }
  return std::nullopt;
}

}  // namespace homeward::referral
