#pragma once

#include <optional>
#include <string>

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

struct Employer {
  RecordMeta meta;
  std::string name;
  std::optional<std::string> registration_number;
  std::string province;
  std::string sector;
  EmployerContact contact;
  bool verified = false;  // set by an admin only
  std::optional<RecruitmentLicence> recruitment_licence;
};

}  // namespace homeward::model
