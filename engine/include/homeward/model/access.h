// Callers and what they did: API keys and audit entries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

enum class Role { kAdmin, kOfficer, kEmployer, kAnalyst };

struct ApiKey {
  RecordMeta meta;
  Role role = Role::kOfficer;
  std::vector<std::string> provinces;  // officer and analyst scope
  std::optional<std::string> employer_id;
  std::string label;
  std::string key_hash;  // SHA-256 hex of the key; the key itself is never stored
  std::optional<std::string> revoked_at;
};

struct AuditEntry {
  std::string id;
  std::string at;       // RFC 3339
  std::string actor;    // API key id, or "system"
  std::string action;   // e.g. "individual.read", "vacancy.review"
  std::string subject;  // record id
  std::string outcome;  // "allowed" | "denied" | "not_found" | "error"
  std::string detail;   // what the row needs beyond these, e.g. a break-glass read's reason
};

}  // namespace homeward::model
