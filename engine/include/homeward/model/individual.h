// An at-risk person or survivor registered by an officer. The most sensitive record in Homeward:
// employers see only MinimalView(); logs never carry any field of it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

enum class Sex { kFemale, kMale, kOther };
enum class Education { kNone, kPrimary, kLowerSecondary, kUpperSecondary, kVocational, kTertiary };
enum class IndividualStatus { kActive, kPlaced, kClosed };

struct Household {
  int size = 1;
  int dependents = 0;
  Money monthly_income;    // whole household, in the currency given (docs/money.md)
  Money debt;              // outstanding, in the currency given; the period is not used
  int members_abroad = 0;  // household members working abroad now
};

// Who agreed for a person aged 15-17 (needed before any matching).
struct Guardian {
  std::string name;
  std::string relation;
  std::optional<Date> date;
};

// The consent scopes (docs/api.md, "Safeguards along the referral path").
inline constexpr char kScopeMatching[] = "matching";
inline constexpr char kScopeReferral[] = "referral";
inline constexpr char kScopeEmployerSharing[] = "data_sharing_employer";

struct Consent {
  bool given = false;
  std::optional<Date> date;
  std::vector<std::string> scope;  // "matching", "referral", "data_sharing_employer"
  std::optional<Guardian> guardian;

  // True when consent is given and covers `what` (an empty scope, recorded before scopes
  // existed, covers everything).
  bool Covers(std::string_view what) const;
};

// Employers and districts a person must never be matched or referred to (e.g. a former
// trafficker's business, the village the person escaped from).
struct DoNotMatch {
  std::vector<std::string> employer_ids;
  std::vector<std::string> districts;
  std::string note;

  bool empty() const { return employer_ids.empty() && districts.empty(); }
  // True when a vacancy of `employer_id` in `district` is excluded.
  bool Excludes(std::string_view employer_id, std::string_view district) const;
};

// One named contribution to the vulnerability score, with a reason a person can read: the
// English sentence of the message catalogue's `code` with `params` (reference/messages.h). A
// record stored before codes existed has an empty code.
struct VulnerabilityFactor {
  std::string name;
  double points = 0;
  std::string reason;
  std::string code = {};
  nlohmann::json params = nlohmann::json::object();
};

struct Vulnerability {
  double score = 0;  // 0..100
  std::vector<VulnerabilityFactor> factors;
};

struct Individual {
  RecordMeta meta;
  std::string given_name;
  std::string family_name;
  Sex sex = Sex::kOther;
  Date birth_date;
  std::string province;  // ISO 3166-2:KH, e.g. "KH-14"
  std::string district;
  std::string commune;
  std::optional<GeoPoint> location;
  std::vector<std::string> languages;  // ISO 639-1
  Education education = Education::kNone;
  std::vector<SkillLevel> skills;
  std::vector<std::string> desired_occupations;  // ISCO-08 codes
  double max_commute_km = 10;
  Household household;
  bool prior_migration = false;
  bool survivor = false;
  // The household's IDPoor level (Ministry of Planning): 1 (very poor) or 2 (poor); none when it
  // holds no Equity Card.
  std::optional<int> idpoor_level;
  bool disability = false;
  bool female_headed_household = false;
  Consent consent;
  IndividualStatus status = IndividualStatus::kActive;
  Vulnerability vulnerability;  // read-only; computed by the engine
  // API key ids of the officers in charge of the case (need to know: only they and admins see
  // the sensitive fields; the creating officer's key is added by the service).
  std::vector<std::string> case_officers;
  DoNotMatch do_not_match;

  // True when the person agreed to be matched (consent given, and "matching" in scope when a
  // scope is recorded).
  bool ConsentsToMatching() const;
};

}  // namespace homeward::model
