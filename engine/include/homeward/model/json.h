// JSON <-> model conversions (nlohmann::json, found by ADL). The JSON shape is the one of
// docs/api.md and schemas/. from_json assumes its input already passed the resource's
// schema; on a type mismatch it throws nlohmann::json::exception, which callers inside the
// engine turn into Status::InvalidArgument via ParseModel().
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/access.h"
#include "homeward/model/allocation.h"
#include "homeward/model/employer.h"
#include "homeward/model/exchange_rates.h"
#include "homeward/model/individual.h"
#include "homeward/model/market.h"
#include "homeward/model/programme.h"
#include "homeward/model/referral.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"

namespace homeward {
// Dates live in homeward::, so their conversions must too (ADL).
void to_json(nlohmann::json& j, const Date& v);
void from_json(const nlohmann::json& j, Date& v);
}  // namespace homeward

namespace homeward::model {

using Json = nlohmann::json;

// Enum names as they appear on the wire ("female", "lower_secondary", "pending_review", ...).
std::string ToString(MoneyPeriod v);
std::string ToString(Sex v);
std::string ToString(Education v);
std::string ToString(IndividualStatus v);
std::string ToString(Contract v);
std::string ToString(VacancyStatus v);
std::string ToString(ScreeningStatus v);
std::string ToString(FlagSeverity v);
std::string ToString(ReferralStatus v);
std::string ToString(OpportunityKind v);
std::string ToString(ProgrammeKind v);
std::string ToString(AllocationKind v);
std::string ToString(Role v);
std::string ToString(SafetyReviewStatus v);
// The inverse; false when `text` names no value.
bool FromString(const std::string& text, ReferralStatus& out);
bool FromString(const std::string& text, VacancyStatus& out);
bool FromString(const std::string& text, IndividualStatus& out);
bool FromString(const std::string& text, Role& out);
bool FromString(const std::string& text, AllocationKind& out);

void to_json(Json& j, const GeoPoint& v);
void from_json(const Json& j, GeoPoint& v);
void to_json(Json& j, const Money& v);
void from_json(const Json& j, Money& v);
// A household amount (monthly income, debt): a plain number is US dollars, as before money had
// currencies, and a USD amount is written back as a plain number so that clients written then
// read what they always read; riel and baht are written as money.
void HouseholdAmountToJson(Json& j, const Money& v);
void HouseholdAmountFromJson(const Json& j, Money& v);
void to_json(Json& j, const ExchangeRate& v);
void from_json(const Json& j, ExchangeRate& v);
// {"base":"USD","version","created_by","created_at","rates":[...]}
void to_json(Json& j, const ExchangeRates& v);
void from_json(const Json& j, ExchangeRates& v);
void to_json(Json& j, const SkillLevel& v);
void from_json(const Json& j, SkillLevel& v);
void to_json(Json& j, const Individual& v);
void from_json(const Json& j, Individual& v);
void to_json(Json& j, const Employer& v);
void from_json(const Json& j, Employer& v);
void to_json(Json& j, const Vacancy& v);
// Only the members of to_json(Vacancy) that `members` names (a dotted name, "wage.amount", names
// its outer member), written as to_json writes them.
void VacancyMembersToJson(Json& j, const Vacancy& v, const std::vector<std::string>& members);
void from_json(const Json& j, Vacancy& v);
void to_json(Json& j, const Training& v);
void from_json(const Json& j, Training& v);
void to_json(Json& j, const Programme& v);
void from_json(const Json& j, Programme& v);
void to_json(Json& j, const Referral& v);
void from_json(const Json& j, Referral& v);
void to_json(Json& j, const CheckInAnswers& v);
void from_json(const Json& j, CheckInAnswers& v);
void to_json(Json& j, const CheckIn& v);
void from_json(const Json& j, CheckIn& v);
void to_json(Json& j, const Allocation& v);
void from_json(const Json& j, Allocation& v);
void to_json(Json& j, const ApiKey& v);
void from_json(const Json& j, ApiKey& v);
void to_json(Json& j, const AuditEntry& v);
void from_json(const Json& j, AuditEntry& v);
void to_json(Json& j, const MarketData& v);
void from_json(const Json& j, MarketData& v);
void to_json(Json& j, const Screening& v);
void from_json(const Json& j, Screening& v);
void to_json(Json& j, const Vulnerability& v);
void from_json(const Json& j, Vulnerability& v);

// What an employer may see of a person referred to it: id, given_name, skills, languages.
Json MinimalView(const Individual& v);

// The record without the fields only a person's case officers and admins need to know
// (survivor, prior_migration, household.debt, vulnerability.factors, and the case note
// do_not_match.note): those fields are absent.
Json ReducedView(const Individual& v);

// Converts `j` to T, turning a conversion exception into INVALID_ARGUMENT.
template <typename T>
StatusOr<T> ParseModel(const Json& j) {
  try {
    return j.get<T>();
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("malformed record: ") + e.what());
  }
}

}  // namespace homeward::model
