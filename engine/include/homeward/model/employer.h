#pragma once

#include <optional>
#include <string>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

struct EmployerContact {
  std::optional<std::string> person;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> address;
  std::optional<std::string> chat;  // a chat-app handle (Telegram, WhatsApp, ...)
};

// A licence to recruit Cambodian workers for jobs abroad (Sub-Decree No. 190 of 2011): only a
// licensed private recruitment agency may do it. An admin checks the licence with the Ministry of
// Labour and Vocational Training and sets `verified`; a changed number or expiry date clears it.
struct RecruitmentLicence {
  std::string number;
  Date expires_on;
  bool verified = false;  // set by an admin only

  // True when an admin verified it and it has not expired by `day`.
  bool ValidOn(const Date& day) const { return verified && !(expires_on < day); }
};

// A safety review of an employer, opened by a worker's report (a check-in answer that shows an
// ILO indicator of forced labour, or a worker leaving for a safety concern) and closed by an
// admin: cleared (the employer receives people again) or confirmed (its vacancies stay blocked).
enum class SafetyReviewStatus { kOpen, kCleared, kConfirmed };

struct SafetyReview {
  SafetyReviewStatus status = SafetyReviewStatus::kOpen;
  std::string since;                 // RFC 3339: when it was opened
  std::vector<std::string> reasons;  // ILO indicators and "safety_concern", each once
  // The referrals whose reports opened or extended the review. Never shown to the employer: it
  // would name the worker who spoke.
  std::vector<std::string> referral_ids;
  std::optional<std::string> closed_at;
  std::optional<std::string> closed_by;  // the admin's API key id
  std::string note;
};

struct Employer {
  RecordMeta meta;
  std::string name;
  std::optional<std::string> registration_number;
  std::string province;
  std::string sector;
  EmployerContact contact;
  bool verified = false;  // set by an admin only
  std::optional<RecruitmentLicence> recruitment_licence;
  std::optional<SafetyReview> safety_review;  // set by the engine and admins only

  // True while a review is open or confirmed: the employer receives no new referrals.
  bool UnderSafetyReview() const {
    return safety_review && safety_review->status != SafetyReviewStatus::kCleared;
  }
};

}  // namespace homeward::model
