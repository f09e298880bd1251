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

struct Employer {
  RecordMeta meta;
  std::string name;
  std::optional<std::string> registration_number;
  std::string province;
  std::string sector;
  EmployerContact contact;
  bool verified = false;  // set by an admin only
};

}  // namespace homeward::model
