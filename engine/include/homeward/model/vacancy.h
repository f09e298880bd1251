// A job offered by an employer. Every vacancy is screened for forced-labour and trafficking red
// flags (engine/screening) and only an `open` one is ever matched or allocated.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

enum class Contract { kPermanent, kFixedTerm, kSeasonal, kDaily };
enum class VacancyStatus { kPendingReview, kOpen, kBlocked, kFilled, kClosed };
enum class ScreeningStatus { kClear, kReview, kBlocked };
enum class FlagSeverity { kInfo, kReview, kBlock };

struct RequiredSkill {
  std::string code;
  int min_level = 1;
};

struct ScreeningFlag {
  std::string code;
  FlagSeverity severity = FlagSeverity::kInfo;
  std::string reason;
  std::string source;  // an ILO indicator, a fair-recruitment principle, or "plugin:<id>/<rule>"
  // The message catalogue's code of `reason` and its params (reference/messages.h); `code` names
  // the flag, this the sentence. Empty for a flag stored before sentences had codes.
  std::string reason_code = {};
  nlohmann::json params = nlohmann::json::object();
};

struct Screening {
  ScreeningStatus status = ScreeningStatus::kClear;
  std::vector<ScreeningFlag> flags;
};

// The human decision on a vacancy held for review.
struct ReviewDecision {
  std::string decision;  // "approve" | "block"
  std::string note;
  std::string by;  // API key id
  std::string at;  // RFC 3339
};

struct Vacancy {
  RecordMeta meta;
  std::string employer_id;
  std::string title;
  std::string description;
  std::string occupation;  // ISCO-08 unit group
  std::string sector;
  std::string province;
  std::string district;
  std::optional<GeoPoint> location;
  int slots = 1;
  Money wage;
  double hours_per_week = 48;
  Contract contract = Contract::kPermanent;
  std::vector<RequiredSkill> required_skills;
  int min_age = 18;
  std::vector<std::string> languages;
  std::vector<std::string> benefits;
  Money worker_fees;  // amount 0 when the employer pays, as it should
  bool employer_holds_documents = false;
  bool work_abroad = false;
  std::optional<Date> starts_on;
  std::optional<Date> closes_on;
  // Read-only.
  VacancyStatus status = VacancyStatus::kPendingReview;
  Screening screening;
  int slots_filled = 0;
  std::optional<ReviewDecision> review;

  int SlotsLeft() const { return slots > slots_filled ? slots - slots_filled : 0; }
  // Screening found nothing, or found what needs a review and an officer approved it.
  bool ScreeningCleared() const {
    return screening.status == ScreeningStatus::kClear ||
           (screening.status == ScreeningStatus::kReview && review &&
            review->decision == "approve");
  }
};

}  // namespace homeward::model
