// A referral of a person to a vacancy or a training, and its lifecycle:
//   proposed -> referred -> interviewing -> hired | rejected | withdrawn
//   hired -> retained_3m -> retained_6m | left
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
};

inline constexpr ReferralStatus kAllReferralStatuses[] = {
    ReferralStatus::kProposed,   ReferralStatus::kReferred,   ReferralStatus::kInterviewing,
    ReferralStatus::kHired,      ReferralStatus::kRejected,   ReferralStatus::kWithdrawn,
    ReferralStatus::kRetained3m, ReferralStatus::kRetained6m, ReferralStatus::kLeft,
};

enum class OpportunityKind { kJob, kTraining };

struct ReferralChange {
  std::optional<ReferralStatus> from;  // absent for the creation
  ReferralStatus to = ReferralStatus::kProposed;
  std::string by;  // API key id
  std::string at;  // RFC 3339
  std::string note;
  std::optional<std::string> reason;  // refusal reason, from a fixed list
};

struct Referral {
  RecordMeta meta;
  std::string individual_id;
  std::string opportunity_id;  // vac_... or trn_...
  OpportunityKind kind = OpportunityKind::kJob;
  std::string province;     // the opportunity's province (scope)
  std::string employer_id;  // the vacancy's employer, empty for a training (scope)
  ReferralStatus status = ReferralStatus::kProposed;
  std::vector<ReferralChange> history;
  std::optional<Date> follow_up_on;
  std::optional<std::string> allocation_id;
};

}  // namespace homeward::model
