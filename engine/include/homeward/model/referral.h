// A referral of a person to a vacancy, a training or a programme, and its lifecycle:
//   proposed -> referred -> interviewing -> hired | rejected | withdrawn
//   hired -> retained_3m -> retained_6m | left
// and for a programme (referral/lifecycle.h):
//   proposed -> referred -> enrolled -> completed -> income_verified_6m | left
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

enum class ReferralStatus {
  kProposed,
  kReferred,
  kInterviewing,
  kHired,
  kRejected,
  kWithdrawn,
  kRetained3m,
  kRetained6m,
  kLeft,
  // Programmes only.
  kEnrolled,
  kCompleted,
  kIncomeVerified6m,
};

inline constexpr ReferralStatus kAllReferralStatuses[] = {
    ReferralStatus::kProposed,   ReferralStatus::kReferred,   ReferralStatus::kInterviewing,
    ReferralStatus::kHired,      ReferralStatus::kRejected,   ReferralStatus::kWithdrawn,
    ReferralStatus::kRetained3m, ReferralStatus::kRetained6m, ReferralStatus::kLeft,
    ReferralStatus::kEnrolled,   ReferralStatus::kCompleted,  ReferralStatus::kIncomeVerified6m,
};

enum class OpportunityKind { kJob, kTraining, kProgramme };

struct ReferralChange {
  std::optional<ReferralStatus> from;  // absent for the creation
  ReferralStatus to = ReferralStatus::kProposed;
  std::string by;  // API key id
  std::string at;  // RFC 3339
  std::string note;
  std::optional<std::string> reason;  // refusal reason, from a fixed list
};

// A worker's answers at a post-placement check-in (docs/referrals.md, "Check-ins"); an answer
// absent was not given. Each one that shows an ILO indicator of forced labour opens a safety
// review of the employer.
struct CheckInAnswers {
  std::optional<bool> paid_on_time;
  std::optional<bool> paid_in_full;
  std::optional<bool> documents_held_by_employer;
  std::optional<bool> free_to_leave;
  std::optional<bool> threatened_or_punished;
  std::optional<double> hours_per_week;
  std::optional<bool> owes_employer;
};

// A follow-up with a placed person, recorded by an officer. Never shown to the employer.
struct CheckIn {
  std::string id;  // chk_...
  Date date;       // the day of the conversation
  CheckInAnswers answers;
  std::string note;
  std::vector<std::string> indicators;  // the ILO indicators the answers show, computed
  std::string by;                       // the officer's API key id
  std::string at;                       // RFC 3339: when it was recorded
};

struct Referral {
  RecordMeta meta;
  std::string individual_id;
  std::string opportunity_id;  // vac_..., trn_... or prg_...
  OpportunityKind kind = OpportunityKind::kJob;
  std::string province;     // the opportunity's province (scope)
  std::string employer_id;  // the vacancy's employer, empty for a training (scope)
  ReferralStatus status = ReferralStatus::kProposed;
  std::vector<ReferralChange> history;
  std::optional<Date> follow_up_on;
  std::optional<std::string> allocation_id;
  std::vector<CheckIn> check_ins;  // oldest first
};

// True for hired and every status after it: the referral counts as a placement.
inline bool IsPlacement(ReferralStatus status) {
  return status == ReferralStatus::kHired || status == ReferralStatus::kRetained3m ||
         status == ReferralStatus::kRetained6m || status == ReferralStatus::kLeft;
}

// The day (UTC) of the referral's last change to hired; none when it was never hired.
inline std::optional<Date> HireDate(const Referral& referral) {
  for (auto it = referral.history.rbegin(); it != referral.history.rend(); ++it) {
    if (it->to == ReferralStatus::kHired)
      return Date::Parse(std::string_view(it->at).substr(0, 10));
  }
  return std::nullopt;
}

}  // namespace homeward::model
