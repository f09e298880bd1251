#include "homeward/model/json.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

namespace homeward {

void to_json(nlohmann::json& j, const Date& v) {
  j = v.ToString();
}
void from_json(const nlohmann::json& j, Date& v) {
  auto d = Date::Parse(j.get<std::string>());
  if (!d) throw nlohmann::json::other_error::create(501, "not a calendar date (YYYY-MM-DD)", &j);
  v = *d;
}

}  // namespace homeward

namespace homeward::model {
namespace {

// A table of (enum value, wire name) for one enum type.
template <typename E>
using Names = std::initializer_list<std::pair<E, const char*>>;

template <typename E>
std::string NameOf(E v, Names<E> names) {
  for (const auto& [value, name] : names) {
    if (value == v) return name;
  }
  return "unknown";
}

template <typename E>
bool ValueOf(const std::string& text, E& out, Names<E> names) {
  for (const auto& [value, name] : names) {
    if (text == name) {
      out = value;
      return true;
    }
  }
  return false;
}

template <typename E>
E ParseEnum(const Json& j, Names<E> names) {
  E out{};
  if (!ValueOf(j.get<std::string>(), out, names)) {
    throw Json::other_error::create(501, "unknown value '" + j.get<std::string>() + "'", &j);
  }
  return out;
}

// One table per enum, all of the same shape: ToString, FromString and ParseEnum read them.
const Names<MoneyPeriod> kPeriods = {
    {MoneyPeriod::kMonth, "month"}, {MoneyPeriod::kDay, "day"}, {MoneyPeriod::kHour, "hour"}};
const Names<Sex> kSexes = {{Sex::kFemale, "female"}, {Sex::kMale, "male"}, {Sex::kOther, "other"}};
const Names<Education> kEducation = {{Education::kNone, "none"},
                                     {Education::kPrimary, "primary"},
                                     {Education::kLowerSecondary, "lower_secondary"},
                                     {Education::kUpperSecondary, "upper_secondary"},
                                     {Education::kVocational, "vocational"},
                                     {Education::kTertiary, "tertiary"}};
const Names<IndividualStatus> kIndividualStatuses = {{IndividualStatus::kActive, "active"},
                                                     {IndividualStatus::kPlaced, "placed"},
                                                     {IndividualStatus::kClosed, "closed"}};
const Names<Contract> kContracts = {{Contract::kPermanent, "permanent"},
                                    {Contract::kFixedTerm, "fixed_term"},
                                    {Contract::kSeasonal, "seasonal"},
                                    {Contract::kDaily, "daily"}};
const Names<VacancyStatus> kVacancyStatuses = {{VacancyStatus::kPendingReview, "pending_review"},
                                               {VacancyStatus::kOpen, "open"},
                                               {VacancyStatus::kBlocked, "blocked"},
                                               {VacancyStatus::kFilled, "filled"},
                                               {VacancyStatus::kClosed, "closed"}};
const Names<ScreeningStatus> kScreeningStatuses = {{ScreeningStatus::kClear, "clear"},
                                                   {ScreeningStatus::kReview, "review"},
                                                   {ScreeningStatus::kBlocked, "blocked"}};
const Names<FlagSeverity> kSeverities = {{FlagSeverity::kInfo, "info"},
                                         {FlagSeverity::kReview, "review"},
                                         {FlagSeverity::kBlock, "block"}};
const Names<ReferralStatus> kReferralStatuses = {
    {ReferralStatus::kProposed, "proposed"},
    {ReferralStatus::kReferred, "referred"},
    {ReferralStatus::kInterviewing, "interviewing"},
    {ReferralStatus::kHired, "hired"},
    {ReferralStatus::kRejected, "rejected"},
    {ReferralStatus::kWithdrawn, "withdrawn"},
    {ReferralStatus::kRetained3m, "retained_3m"},
    {ReferralStatus::kRetained6m, "retained_6m"},
    {ReferralStatus::kLeft, "left"},
    {ReferralStatus::kEnrolled, "enrolled"},
    {ReferralStatus::kCompleted, "completed"},
    {ReferralStatus::kIncomeVerified6m, "income_verified_6m"}};
const Names<OpportunityKind> kOpportunityKinds = {{OpportunityKind::kJob, "job"},
                                                  {OpportunityKind::kTraining, "training"},
                                                  {OpportunityKind::kProgramme, "programme"}};
const Names<ProgrammeKind> kProgrammeKinds = {
    {ProgrammeKind::kSelfEmploymentGrant, "self_employment_grant"},
    {ProgrammeKind::kAgriculturalInputs, "agricultural_inputs"},
    {ProgrammeKind::kHomeGardenFoodSecurity, "home_garden_food_security"},
    {ProgrammeKind::kSavingsGroup, "savings_group"},
    {ProgrammeKind::kCashForWork, "cash_for_work"},
    {ProgrammeKind::kApprenticeship, "apprenticeship"},
    {ProgrammeKind::kOther, "other"}};
const Names<AllocationKind> kAllocationKinds = {{AllocationKind::kJob, "job"},
                                                {AllocationKind::kTraining, "training"},
                                                {AllocationKind::kAll, "all"},
                                                {AllocationKind::kProgramme, "programme"}};
const Names<SafetyReviewStatus> kSafetyReviewStatuses = {
    {SafetyReviewStatus::kOpen, "open"},
    {SafetyReviewStatus::kCleared, "cleared"},
    {SafetyReviewStatus::kConfirmed, "confirmed"}};
const Names<Role> kRoles = {{Role::kAdmin, "admin"},
                            {Role::kOfficer, "officer"},
                            {Role::kEmployer, "employer"},
                            {Role::kAnalyst, "analyst"}};

template <typename T>
void PutOptional(Json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

template <typename T>
void GetOptional(const Json& j, const char* key, std::optional<T>& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) {
    out = it->template get<T>();
  } else {
    out.reset();
  }
}

// Reads `key` into `out` when present; leaves the default otherwise.
template <typename T>
void GetIfPresent(const Json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->template get<T>();
}

void PutMeta(Json& j, const RecordMeta& m) {
  j["id"] = m.id;
  j["created_at"] = m.created_at;
  j["updated_at"] = m.updated_at;
}

void GetMeta(const Json& j, RecordMeta& m) {
  GetIfPresent(j, "id", m.id);
  GetIfPresent(j, "created_at", m.created_at);
  GetIfPresent(j, "updated_at", m.updated_at);
}

}  // namespace

double Money::Monthly(double hours_per_week) const {
  constexpr double kWeeksPerMonth = 52.0 / 12.0;
  switch (period) {
    case MoneyPeriod::kMonth:
      return amount;
    case MoneyPeriod::kDay:
      return amount * (hours_per_week / 8.0) * kWeeksPerMonth;
    case MoneyPeriod::kHour:
      return amount * hours_per_week * kWeeksPerMonth;
  }
  return amount;
}

bool Consent::Covers(std::string_view what) const {
  if (!given) return false;
  if (scope.empty()) return true;
  return std::find(scope.begin(), scope.end(), what) != scope.end();
}

bool DoNotMatch::Excludes(std::string_view employer_id, std::string_view district) const {
  return std::find(employer_ids.begin(), employer_ids.end(), employer_id) != employer_ids.end() ||
         (!district.empty() &&
          std::find(districts.begin(), districts.end(), district) != districts.end());
}

bool Individual::ConsentsToMatching() const {
  return consent.Covers(kScopeMatching);
}

std::optional<double> MarketData::MedianWageFor(const std::string& isco) const {
  for (std::string code = isco; !code.empty(); code.pop_back()) {
    auto it = median_wages.find(code);
    if (it != median_wages.end()) return it->second;
  }
  return std::nullopt;
}

double MarketData::DemandFor(const std::string& sector, int month) const {
  auto it = sector_demand.find(sector);
  if (it == sector_demand.end() || month < 1 || month > 12) return 1.0;
  return it->second[static_cast<size_t>(month - 1)];
}

// Each ToString and FromString below is the same call on its enum's table above.
std::string ToString(MoneyPeriod v) {
  return NameOf(v, kPeriods);
}
std::string ToString(Sex v) {
  return NameOf(v, kSexes);
}
std::string ToString(Education v) {
  return NameOf(v, kEducation);
}
std::string ToString(IndividualStatus v) {
  return NameOf(v, kIndividualStatuses);
}
std::string ToString(Contract v) {
  return NameOf(v, kContracts);
}
std::string ToString(VacancyStatus v) {
  return NameOf(v, kVacancyStatuses);
}
std::string ToString(ScreeningStatus v) {
  return NameOf(v, kScreeningStatuses);
}
std::string ToString(FlagSeverity v) {
  return NameOf(v, kSeverities);
}
std::string ToString(ReferralStatus v) {
  return NameOf(v, kReferralStatuses);
}
std::string ToString(OpportunityKind v) {
  return NameOf(v, kOpportunityKinds);
}
std::string ToString(ProgrammeKind v) {
  return NameOf(v, kProgrammeKinds);
}
std::string ToString(AllocationKind v) {
  return NameOf(v, kAllocationKinds);
}
std::string ToString(Role v) {
  return NameOf(v, kRoles);
}
std::string ToString(SafetyReviewStatus v) {
  return NameOf(v, kSafetyReviewStatuses);
}
bool FromString(const std::string& t, ReferralStatus& o) {
  return ValueOf(t, o, kReferralStatuses);
}
bool FromString(const std::string& t, VacancyStatus& o) {
  return ValueOf(t, o, kVacancyStatuses);
}
bool FromString(const std::string& t, IndividualStatus& o) {
  return ValueOf(t, o, kIndividualStatuses);
}
bool FromString(const std::string& t, Role& o) {
  return ValueOf(t, o, kRoles);
}
bool FromString(const std::string& t, AllocationKind& o) {
  return ValueOf(t, o, kAllocationKinds);
}

// Each record's to_json/from_json below follows the same shape: a key per field, written and read
// in the same order, with PutOptional/GetOptional and GetIfPresent where a field may be absent.
void to_json(Json& j, const GeoPoint& v) {
  j = Json{{"lat", v.lat}, {"lon", v.lon}};
}
void from_json(const Json& j, GeoPoint& v) {
  v.lat = j.at("lat").get<double>();
  v.lon = j.at("lon").get<double>();
}

void to_json(Json& j, const Money& v) {
  j = Json{{"amount", v.amount}, {"currency", v.currency}, {"period", ToString(v.period)}};
}
void from_json(const Json& j, Money& v) {
  v.amount = j.at("amount").get<double>();
  GetIfPresent(j, "currency", v.currency);
  v.period = j.contains("period") ? ParseEnum(j.at("period"), kPeriods) : MoneyPeriod::kMonth;
}

void HouseholdAmountToJson(Json& j, const Money& v) {
  if (v.currency == kBaseCurrency && v.period == MoneyPeriod::kMonth) {
    j = v.amount;
  } else {
    j = v;
  }
}
void HouseholdAmountFromJson(const Json& j, Money& v) {
  if (j.is_number()) {
    v = Money{j.get<double>(), std::string(kBaseCurrency), MoneyPeriod::kMonth};
  } else {
    v = j.get<Money>();
  }
}

void to_json(Json& j, const ExchangeRate& v) {
  j = Json{
      {"currency", v.currency}, {"per_usd", v.per_usd}, {"as_of", v.as_of}, {"source", v.source}};
  if (!v.source_url.empty()) j["source_url"] = v.source_url;
  if (!v.note.empty()) j["note"] = v.note;
}
void from_json(const Json& j, ExchangeRate& v) {
  v.currency = j.at("currency").get<std::string>();
  v.per_usd = j.at("per_usd").get<double>();
  v.as_of = j.at("as_of").get<Date>();
  v.source = j.at("source").get<std::string>();
  v.source_url = j.value("source_url", std::string());
  v.note = j.value("note", std::string());
}

void to_json(Json& j, const ExchangeRates& v) {
  j = Json{{"base", kBaseCurrency},
           {"version", v.version},
           {"created_by", v.created_by},
           {"created_at", v.created_at},
           {"rates", v.rates}};
}
void from_json(const Json& j, ExchangeRates& v) {
  v.rates = j.at("rates").get<std::vector<ExchangeRate>>();
  GetIfPresent(j, "version", v.version);
  GetIfPresent(j, "created_by", v.created_by);
  GetIfPresent(j, "created_at", v.created_at);
}

void to_json(Json& j, const SkillLevel& v) {
  j = Json{{"code", v.code}, {"level", v.level}};
}
void from_json(const Json& j, SkillLevel& v) {
  v.code = j.at("code").get<std::string>();
  v.level = j.at("level").get<int>();
}

void to_json(Json& j, const Vulnerability& v) {
  j = Json{{"score", v.score}, {"factors", Json::array()}};
  for (const auto& f : v.factors) {
    Json factor = {{"name", f.name}, {"points", f.points}, {"reason", f.reason}};
    if (!f.code.empty()) {
      factor["code"] = f.code;
      factor["params"] = f.params;
    }
    j["factors"].push_back(std::move(factor));
  }
}
void from_json(const Json& j, Vulnerability& v) {
  v.score = j.value("score", 0.0);
  v.factors.clear();
  for (const auto& f : j.value("factors", Json::array())) {
    v.factors.push_back({f.at("name").get<std::string>(), f.at("points").get<double>(),
                         f.at("reason").get<std::string>(), f.value("code", std::string()),
                         f.value("params", Json::object())});
  }
}

void to_json(Json& j, const Individual& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["given_name"] = v.given_name;
  j["family_name"] = v.family_name;
  j["sex"] = ToString(v.sex);
  j["birth_date"] = v.birth_date;
  j["province"] = v.province;
  j["district"] = v.district;
  j["commune"] = v.commune;
  PutOptional(j, "location", v.location);
  j["languages"] = v.languages;
  j["education"] = ToString(v.education);
  j["skills"] = v.skills;
  j["desired_occupations"] = v.desired_occupations;
  j["max_commute_km"] = v.max_commute_km;
  j["household"] = {{"size", v.household.size},
                    {"dependents", v.household.dependents},
                    {"members_abroad", v.household.members_abroad}};
  HouseholdAmountToJson(j["household"]["monthly_income"], v.household.monthly_income);
  HouseholdAmountToJson(j["household"]["debt"], v.household.debt);
  j["prior_migration"] = v.prior_migration;
  j["survivor"] = v.survivor;
  j["idpoor_level"] = v.idpoor_level ? Json(*v.idpoor_level) : Json();
  j["disability"] = v.disability;
  j["female_headed_household"] = v.female_headed_household;
  j["consent"] = {{"given", v.consent.given}, {"scope", v.consent.scope}};
  if (v.consent.date) j["consent"]["date"] = *v.consent.date;
  if (const auto& g = v.consent.guardian) {
    j["consent"]["guardian"] = {{"name", g->name}, {"relation", g->relation}};
    if (g->date) j["consent"]["guardian"]["date"] = *g->date;
  }
  j["status"] = ToString(v.status);
  j["vulnerability"] = v.vulnerability;
  j["case_officers"] = v.case_officers;
  j["do_not_match"] = {{"employer_ids", v.do_not_match.employer_ids},
                       {"districts", v.do_not_match.districts},
                       {"note", v.do_not_match.note}};
}
void from_json(const Json& j, Individual& v) {
  GetMeta(j, v.meta);
  v.given_name = j.at("given_name").get<std::string>();
  GetIfPresent(j, "family_name", v.family_name);
  if (j.contains("sex")) v.sex = ParseEnum(j.at("sex"), kSexes);
  v.birth_date = j.at("birth_date").get<Date>();
  v.province = j.at("province").get<std::string>();
  GetIfPresent(j, "district", v.district);
  GetIfPresent(j, "commune", v.commune);
  GetOptional(j, "location", v.location);
  GetIfPresent(j, "languages", v.languages);
  if (j.contains("education")) v.education = ParseEnum(j.at("education"), kEducation);
  GetIfPresent(j, "skills", v.skills);
  GetIfPresent(j, "desired_occupations", v.desired_occupations);
  GetIfPresent(j, "max_commute_km", v.max_commute_km);
  if (auto it = j.find("household"); it != j.end()) {
    GetIfPresent(*it, "size", v.household.size);
    GetIfPresent(*it, "dependents", v.household.dependents);
    GetIfPresent(*it, "members_abroad", v.household.members_abroad);
    if (auto m = it->find("monthly_income"); m != it->end()) {
      HouseholdAmountFromJson(*m, v.household.monthly_income);
    }
    if (auto d = it->find("debt"); d != it->end()) HouseholdAmountFromJson(*d, v.household.debt);
  }
  GetIfPresent(j, "prior_migration", v.prior_migration);
  GetIfPresent(j, "survivor", v.survivor);
  GetOptional(j, "idpoor_level", v.idpoor_level);
  GetIfPresent(j, "disability", v.disability);
  GetIfPresent(j, "female_headed_household", v.female_headed_household);
  if (auto it = j.find("consent"); it != j.end()) {
    v.consent.given = it->at("given").get<bool>();
    GetOptional(*it, "date", v.consent.date);
    GetIfPresent(*it, "scope", v.consent.scope);
    if (auto g = it->find("guardian"); g != it->end() && !g->is_null()) {
      Guardian guardian;
      GetIfPresent(*g, "name", guardian.name);
      GetIfPresent(*g, "relation", guardian.relation);
      GetOptional(*g, "date", guardian.date);
      v.consent.guardian = std::move(guardian);
    }
  }
  if (j.contains("status")) v.status = ParseEnum(j.at("status"), kIndividualStatuses);
  GetIfPresent(j, "vulnerability", v.vulnerability);
  GetIfPresent(j, "case_officers", v.case_officers);
  if (auto it = j.find("do_not_match"); it != j.end() && !it->is_null()) {
    GetIfPresent(*it, "employer_ids", v.do_not_match.employer_ids);
    GetIfPresent(*it, "districts", v.do_not_match.districts);
    GetIfPresent(*it, "note", v.do_not_match.note);
  }
}

Json ReducedView(const Individual& v) {
  Json j = v;
  j.erase("survivor");
  j.erase("prior_migration");
  j["household"].erase("debt");
  j["vulnerability"].erase("factors");
  // The case note on the do-not-match list (why: a former recruiter, the village left behind).
  if (auto it = j.find("do_not_match"); it != j.end() && it->is_object()) it->erase("note");
  return j;
}

Json MinimalView(const Individual& v) {
  return Json{{"id", v.meta.id},
              {"given_name", v.given_name},
              {"skills", v.skills},
              {"languages", v.languages}};
}

void to_json(Json& j, const Employer& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["name"] = v.name;
  j["registration_number"] = v.registration_number ? Json(*v.registration_number) : Json();
  j["province"] = v.province;
  j["sector"] = v.sector;
  Json c = Json::object();
  PutOptional(c, "person", v.contact.person);
  PutOptional(c, "phone", v.contact.phone);
  PutOptional(c, "email", v.contact.email);
  PutOptional(c, "address", v.contact.address);
  PutOptional(c, "chat", v.contact.chat);
  j["contact"] = c;
  j["verified"] = v.verified;
  if (v.recruitment_licence) {
    j["recruitment_licence"] = {{"number", v.recruitment_licence->number},
                                {"expires_on", v.recruitment_licence->expires_on},
                                {"verified", v.recruitment_licence->verified}};
  }
  if (const auto& r = v.safety_review) {
    j["safety_review"] = {{"status", ToString(r->status)},
                          {"since", r->since},
                          {"reasons", r->reasons},
                          {"note", r->note}};
    if (!r->referral_ids.empty()) j["safety_review"]["referral_ids"] = r->referral_ids;
    PutOptional(j["safety_review"], "closed_at", r->closed_at);
    PutOptional(j["safety_review"], "closed_by", r->closed_by);
  }
}
void from_json(const Json& j, Employer& v) {
  GetMeta(j, v.meta);
  v.name = j.at("name").get<std::string>();
  GetOptional(j, "registration_number", v.registration_number);
  v.province = j.at("province").get<std::string>();
  GetIfPresent(j, "sector", v.sector);
  if (auto it = j.find("contact"); it != j.end()) {
    GetOptional(*it, "person", v.contact.person);
    GetOptional(*it, "phone", v.contact.phone);
    GetOptional(*it, "email", v.contact.email);
    GetOptional(*it, "address", v.contact.address);
    GetOptional(*it, "chat", v.contact.chat);
  }
  GetIfPresent(j, "verified", v.verified);
  if (auto it = j.find("recruitment_licence"); it != j.end()) {
    if (it->is_null()) {
      v.recruitment_licence.reset();
    } else {
      RecruitmentLicence licence;
      licence.number = it->at("number").get<std::string>();
      licence.expires_on = it->at("expires_on").get<Date>();
      GetIfPresent(*it, "verified", licence.verified);
      v.recruitment_licence = std::move(licence);
    }
  }
  if (auto it = j.find("safety_review"); it != j.end() && !it->is_null()) {
    SafetyReview review;
    review.status = ParseEnum(it->at("status"), kSafetyReviewStatuses);
    GetIfPresent(*it, "since", review.since);
    GetIfPresent(*it, "reasons", review.reasons);
    GetIfPresent(*it, "note", review.note);
    GetIfPresent(*it, "referral_ids", review.referral_ids);
    GetOptional(*it, "closed_at", review.closed_at);
    GetOptional(*it, "closed_by", review.closed_by);
    v.safety_review = std::move(review);
  }
}

void to_json(Json& j, const Screening& v) {
  j = Json{{"status", ToString(v.status)}, {"flags", Json::array()}};
  for (const auto& f : v.flags) {
    Json flag = {{"code", f.code},
                 {"severity", ToString(f.severity)},
                 {"reason", f.reason},
                 {"source", f.source}};
    if (!f.reason_code.empty()) {
      flag["reason_code"] = f.reason_code;
      flag["params"] = f.params;
    }
    j["flags"].push_back(std::move(flag));
  }
}
void from_json(const Json& j, Screening& v) {
  v.status = ParseEnum(j.at("status"), kScreeningStatuses);
  v.flags.clear();
  for (const auto& f : j.value("flags", Json::array())) {
    v.flags.push_back({f.at("code").get<std::string>(), ParseEnum(f.at("severity"), kSeverities),
                       f.at("reason").get<std::string>(), f.value("source", std::string()),
                       f.value("reason_code", std::string()), f.value("params", Json::object())});
  }
}

namespace {

// Each member of a vacancy's JSON and how it is written, in the order to_json writes them: one
// table for the whole document and for the members a plugin's rules read.
struct VacancyMember {
  const char* name;
  void (*put)(Json& j, const Vacancy& v);
};

const VacancyMember kVacancyMembers[] = {
    {"id", [](Json& j, const Vacancy& v) { j["id"] = v.meta.id; }},
    {"created_at", [](Json& j, const Vacancy& v) { j["created_at"] = v.meta.created_at; }},
    {"updated_at", [](Json& j, const Vacancy& v) { j["updated_at"] = v.meta.updated_at; }},
    {"employer_id", [](Json& j, const Vacancy& v) { j["employer_id"] = v.employer_id; }},
    {"title", [](Json& j, const Vacancy& v) { j["title"] = v.title; }},
    {"description", [](Json& j, const Vacancy& v) { j["description"] = v.description; }},
    {"occupation", [](Json& j, const Vacancy& v) { j["occupation"] = v.occupation; }},
    {"sector", [](Json& j, const Vacancy& v) { j["sector"] = v.sector; }},
    {"province", [](Json& j, const Vacancy& v) { j["province"] = v.province; }},
    {"district", [](Json& j, const Vacancy& v) { j["district"] = v.district; }},
    {"location", [](Json& j, const Vacancy& v) { PutOptional(j, "location", v.location); }},
    {"slots", [](Json& j, const Vacancy& v) { j["slots"] = v.slots; }},
    {"wage", [](Json& j, const Vacancy& v) { j["wage"] = v.wage; }},
    {"hours_per_week", [](Json& j, const Vacancy& v) { j["hours_per_week"] = v.hours_per_week; }},
    {"contract", [](Json& j, const Vacancy& v) { j["contract"] = ToString(v.contract); }},
    {"required_skills",
     [](Json& j, const Vacancy& v) {
       Json& skills = j["required_skills"] = Json::array();
       for (const auto& s : v.required_skills) {
         skills.push_back({{"code", s.code}, {"min_level", s.min_level}});
       }
     }},
    {"min_age", [](Json& j, const Vacancy& v) { j["min_age"] = v.min_age; }},
    {"languages", [](Json& j, const Vacancy& v) { j["languages"] = v.languages; }},
    {"benefits", [](Json& j, const Vacancy& v) { j["benefits"] = v.benefits; }},
    {"worker_fees", [](Json& j, const Vacancy& v) { j["worker_fees"] = v.worker_fees; }},
    {"employer_holds_documents",
     [](Json& j, const Vacancy& v) { j["employer_holds_documents"] = v.employer_holds_documents; }},
    {"work_abroad", [](Json& j, const Vacancy& v) { j["work_abroad"] = v.work_abroad; }},
    {"starts_on", [](Json& j, const Vacancy& v) { PutOptional(j, "starts_on", v.starts_on); }},
    {"closes_on", [](Json& j, const Vacancy& v) { PutOptional(j, "closes_on", v.closes_on); }},
    {"status", [](Json& j, const Vacancy& v) { j["status"] = ToString(v.status); }},
    {"screening", [](Json& j, const Vacancy& v) { j["screening"] = v.screening; }},
    {"slots_filled", [](Json& j, const Vacancy& v) { j["slots_filled"] = v.slots_filled; }},
    {"review",
     [](Json& j, const Vacancy& v) {
       if (!v.review) return;
       j["review"] = {{"decision", v.review->decision},
                      {"note", v.review->note},
                      {"by", v.review->by},
                      {"at", v.review->at}};
     }},
};

}  // namespace

void to_json(Json& j, const Vacancy& v) {
  j = Json::object();
  for (const VacancyMember& member : kVacancyMembers) member.put(j, v);
}

void VacancyMembersToJson(Json& j, const Vacancy& v, const std::vector<std::string>& members) {
  j = Json::object();
  for (const VacancyMember& member : kVacancyMembers) {
    const std::string_view name = member.name;
    const bool named = std::any_of(members.begin(), members.end(), [name](std::string_view m) {
      return m.substr(0, m.find('.')) == name;
    });
    if (named) member.put(j, v);
  }
}
void from_json(const Json& j, Vacancy& v) {
  GetMeta(j, v.meta);
  GetIfPresent(j, "employer_id", v.employer_id);
  v.title = j.at("title").get<std::string>();
  GetIfPresent(j, "description", v.description);
  v.occupation = j.at("occupation").get<std::string>();
  GetIfPresent(j, "sector", v.sector);
  v.province = j.at("province").get<std::string>();
  GetIfPresent(j, "district", v.district);
  GetOptional(j, "location", v.location);
  GetIfPresent(j, "slots", v.slots);
  v.wage = j.at("wage").get<Money>();
  GetIfPresent(j, "hours_per_week", v.hours_per_week);
  if (j.contains("contract")) v.contract = ParseEnum(j.at("contract"), kContracts);
  v.required_skills.clear();
  for (const auto& s : j.value("required_skills", Json::array())) {
    v.required_skills.push_back({s.at("code").get<std::string>(), s.value("min_level", 1)});
  }
  GetIfPresent(j, "min_age", v.min_age);
  GetIfPresent(j, "languages", v.languages);
  GetIfPresent(j, "benefits", v.benefits);
  GetIfPresent(j, "worker_fees", v.worker_fees);
  GetIfPresent(j, "employer_holds_documents", v.employer_holds_documents);
  GetIfPresent(j, "work_abroad", v.work_abroad);
  GetOptional(j, "starts_on", v.starts_on);
  GetOptional(j, "closes_on", v.closes_on);
  if (j.contains("status")) v.status = ParseEnum(j.at("status"), kVacancyStatuses);
  GetIfPresent(j, "screening", v.screening);
  GetIfPresent(j, "slots_filled", v.slots_filled);
  if (auto it = j.find("review"); it != j.end() && it->is_object()) {
    v.review = ReviewDecision{it->value("decision", ""), it->value("note", ""), it->value("by", ""),
                              it->value("at", "")};
  }
}

void to_json(Json& j, const Training& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["provider"] = v.provider;
  j["title"] = v.title;
  j["skills_taught"] = v.skills_taught;
  j["leads_to"] = v.leads_to;
  j["province"] = v.province;
  j["district"] = v.district;
  PutOptional(j, "location", v.location);
  j["seats"] = v.seats;
  PutOptional(j, "starts_on", v.starts_on);
  PutOptional(j, "ends_on", v.ends_on);
  j["cost"] = v.cost;
  j["stipend"] = v.stipend;
  j["seats_filled"] = v.seats_filled;
}
void from_json(const Json& j, Training& v) {
  GetMeta(j, v.meta);
  v.provider = j.at("provider").get<std::string>();
  v.title = j.at("title").get<std::string>();
  GetIfPresent(j, "skills_taught", v.skills_taught);
  GetIfPresent(j, "leads_to", v.leads_to);
  v.province = j.at("province").get<std::string>();
  GetIfPresent(j, "district", v.district);
  GetOptional(j, "location", v.location);
  GetIfPresent(j, "seats", v.seats);
  GetOptional(j, "starts_on", v.starts_on);
  GetOptional(j, "ends_on", v.ends_on);
  GetIfPresent(j, "cost", v.cost);
  GetIfPresent(j, "stipend", v.stipend);
  GetIfPresent(j, "seats_filled", v.seats_filled);
}

void to_json(Json& j, const Programme& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["kind"] = ToString(v.kind);
  j["provider"] = v.provider;
  j["title"] = v.title;
  j["description"] = v.description;
  j["province"] = v.province;
  j["districts"] = v.districts;
  PutOptional(j, "location", v.location);
  j["seats"] = v.seats;
  PutOptional(j, "starts_on", v.starts_on);
  PutOptional(j, "ends_on", v.ends_on);
  const ProgrammeEligibility& e = v.eligibility;
  Json eligibility = Json::object();
  PutOptional(eligibility, "min_age", e.min_age);
  PutOptional(eligibility, "max_age", e.max_age);
  Json sexes = Json::array();
  for (Sex sex : e.sexes) sexes.push_back(ToString(sex));
  eligibility["sexes"] = std::move(sexes);
  eligibility["idpoor_levels"] = e.idpoor_levels;
  PutOptional(eligibility, "max_monthly_income_per_head", e.max_monthly_income_per_head);
  eligibility["survivors_only"] = e.survivors_only;
  j["eligibility"] = std::move(eligibility);
  j["support"] = v.support;
  if (v.expected_income_gain) {
    Json gain = v.expected_income_gain->money;
    gain["source"] = v.expected_income_gain->source;
    j["expected_income_gain"] = std::move(gain);
  }
  j["seats_filled"] = v.seats_filled;
}
void from_json(const Json& j, Programme& v) {
  GetMeta(j, v.meta);
  if (j.contains("kind")) v.kind = ParseEnum(j.at("kind"), kProgrammeKinds);
  v.provider = j.at("provider").get<std::string>();
  v.title = j.at("title").get<std::string>();
  GetIfPresent(j, "description", v.description);
  v.province = j.at("province").get<std::string>();
  GetIfPresent(j, "districts", v.districts);
  GetOptional(j, "location", v.location);
  GetIfPresent(j, "seats", v.seats);
  GetOptional(j, "starts_on", v.starts_on);
  GetOptional(j, "ends_on", v.ends_on);
  v.eligibility = ProgrammeEligibility{};
  if (auto it = j.find("eligibility"); it != j.end() && it->is_object()) {
    ProgrammeEligibility& e = v.eligibility;
    GetOptional(*it, "min_age", e.min_age);
    GetOptional(*it, "max_age", e.max_age);
    if (auto sexes = it->find("sexes"); sexes != it->end()) {
      for (const Json& sex : *sexes) e.sexes.push_back(ParseEnum(sex, kSexes));
    }
    GetIfPresent(*it, "idpoor_levels", e.idpoor_levels);
    GetOptional(*it, "max_monthly_income_per_head", e.max_monthly_income_per_head);
    GetIfPresent(*it, "survivors_only", e.survivors_only);
  }
  GetIfPresent(j, "support", v.support);
  v.expected_income_gain.reset();
  if (auto it = j.find("expected_income_gain"); it != j.end() && it->is_object()) {
    SourcedMoney gain;
    gain.money = it->get<Money>();
    gain.source = it->value("source", "");
    v.expected_income_gain = std::move(gain);
  }
  GetIfPresent(j, "seats_filled", v.seats_filled);
}

void to_json(Json& j, const Referral& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["individual_id"] = v.individual_id;
  j["opportunity_id"] = v.opportunity_id;
  j["kind"] = ToString(v.kind);
  j["province"] = v.province;
  if (!v.employer_id.empty()) j["employer_id"] = v.employer_id;
  j["status"] = ToString(v.status);
  j["history"] = Json::array();
  for (const auto& h : v.history) {
    Json e = {{"to", ToString(h.to)}, {"by", h.by}, {"at", h.at}, {"note", h.note}};
    e["from"] = h.from ? Json(ToString(*h.from)) : Json();
    if (h.reason) e["reason"] = *h.reason;
    j["history"].push_back(std::move(e));
  }
  j["follow_up_on"] = v.follow_up_on ? Json(v.follow_up_on->ToString()) : Json();
  PutOptional(j, "allocation_id", v.allocation_id);
  if (!v.check_ins.empty()) j["check_ins"] = v.check_ins;
}
void from_json(const Json& j, Referral& v) {
  GetMeta(j, v.meta);
  v.individual_id = j.at("individual_id").get<std::string>();
  v.opportunity_id = j.at("opportunity_id").get<std::string>();
  if (j.contains("kind")) v.kind = ParseEnum(j.at("kind"), kOpportunityKinds);
  GetIfPresent(j, "province", v.province);
  GetIfPresent(j, "employer_id", v.employer_id);
  if (j.contains("status")) v.status = ParseEnum(j.at("status"), kReferralStatuses);
  v.history.clear();
  for (const auto& h : j.value("history", Json::array())) {
    ReferralChange c;
    if (h.contains("from") && !h["from"].is_null())
      c.from = ParseEnum(h["from"], kReferralStatuses);
    c.to = ParseEnum(h.at("to"), kReferralStatuses);
    c.by = h.value("by", "");
    c.at = h.value("at", "");
    c.note = h.value("note", "");
    GetOptional(h, "reason", c.reason);
    v.history.push_back(std::move(c));
  }
  GetOptional(j, "follow_up_on", v.follow_up_on);
  GetOptional(j, "allocation_id", v.allocation_id);
  GetIfPresent(j, "check_ins", v.check_ins);
}

void to_json(Json& j, const CheckInAnswers& v) {
  j = Json::object();
  PutOptional(j, "paid_on_time", v.paid_on_time);
  PutOptional(j, "paid_in_full", v.paid_in_full);
  PutOptional(j, "documents_held_by_employer", v.documents_held_by_employer);
  PutOptional(j, "free_to_leave", v.free_to_leave);
  PutOptional(j, "threatened_or_punished", v.threatened_or_punished);
  PutOptional(j, "hours_per_week", v.hours_per_week);
  PutOptional(j, "owes_employer", v.owes_employer);
}
void from_json(const Json& j, CheckInAnswers& v) {
  GetOptional(j, "paid_on_time", v.paid_on_time);
  GetOptional(j, "paid_in_full", v.paid_in_full);
  GetOptional(j, "documents_held_by_employer", v.documents_held_by_employer);
  GetOptional(j, "free_to_leave", v.free_to_leave);
  GetOptional(j, "threatened_or_punished", v.threatened_or_punished);
  GetOptional(j, "hours_per_week", v.hours_per_week);
  GetOptional(j, "owes_employer", v.owes_employer);
}

void to_json(Json& j, const CheckIn& v) {
  j = Json{{"id", v.id},
           {"date", v.date},
           {"answers", v.answers},
           {"note", v.note},
           {"indicators", v.indicators},
           {"by", v.by},
           {"at", v.at}};
}
void from_json(const Json& j, CheckIn& v) {
  GetIfPresent(j, "id", v.id);
  v.date = j.at("date").get<Date>();
  GetIfPresent(j, "answers", v.answers);
  GetIfPresent(j, "note", v.note);
  GetIfPresent(j, "indicators", v.indicators);
  GetIfPresent(j, "by", v.by);
  GetIfPresent(j, "at", v.at);
}

void to_json(Json& j, const Allocation& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["province"] = v.province;
  j["kind"] = ToString(v.kind);
  j["individuals"] = v.individuals;
  j["assignments"] = Json::array();
  for (const auto& a : v.assignments) {
    j["assignments"].push_back({{"individual_id", a.individual_id},
                                {"opportunity_id", a.opportunity_id},
                                {"score", a.score}});
  }
  j["unassigned"] = Json::array();
  for (const auto& u : v.unassigned) {
    j["unassigned"].push_back({{"individual_id", u.individual_id}, {"reason", u.reason}});
  }
  j["objective"] = v.objective;
  const auto& s = v.stats;
  j["stats"] = {
      {"people", s.people},
      {"opportunities", s.opportunities},
      {"edges", s.edges},
      {"components", s.components},
      {"objective", s.objective},
      {"elapsed_ms", s.elapsed_ms},
      {"total_score", s.total_score},
      {"greedy", {{"assigned", s.greedy_assigned}, {"total_score", s.greedy_total_score}}}};
  j["created_by"] = v.created_by;
}
void from_json(const Json& j, Allocation& v) {
  GetMeta(j, v.meta);
  v.province = j.at("province").get<std::string>();
  if (j.contains("kind")) v.kind = ParseEnum(j.at("kind"), kAllocationKinds);
  GetIfPresent(j, "individuals", v.individuals);
  v.assignments.clear();
  for (const auto& a : j.value("assignments", Json::array())) {
    v.assignments.push_back({a.at("individual_id").get<std::string>(),
                             a.at("opportunity_id").get<std::string>(), a.value("score", 0.0)});
  }
  v.unassigned.clear();
  for (const auto& u : j.value("unassigned", Json::array())) {
    v.unassigned.push_back({u.at("individual_id").get<std::string>(), u.value("reason", "")});
  }
  GetIfPresent(j, "objective", v.objective);
  if (auto it = j.find("stats"); it != j.end()) {
    auto& s = v.stats;
    GetIfPresent(*it, "people", s.people);
    GetIfPresent(*it, "opportunities", s.opportunities);
    GetIfPresent(*it, "edges", s.edges);
    GetIfPresent(*it, "components", s.components);
    GetIfPresent(*it, "objective", s.objective);
    GetIfPresent(*it, "elapsed_ms", s.elapsed_ms);
    GetIfPresent(*it, "total_score", s.total_score);
    if (auto g = it->find("greedy"); g != it->end()) {
      GetIfPresent(*g, "assigned", s.greedy_assigned);
      GetIfPresent(*g, "total_score", s.greedy_total_score);
    }
  }
  GetIfPresent(j, "created_by", v.created_by);
}

void to_json(Json& j, const ApiKey& v) {
  j = Json::object();
  PutMeta(j, v.meta);
  j["role"] = ToString(v.role);
  j["provinces"] = v.provinces;
  j["employer_id"] = v.employer_id ? Json(*v.employer_id) : Json();
  j["label"] = v.label;
  j["revoked_at"] = v.revoked_at ? Json(*v.revoked_at) : Json();
}
void from_json(const Json& j, ApiKey& v) {
  GetMeta(j, v.meta);
  v.role = ParseEnum(j.at("role"), kRoles);
  GetIfPresent(j, "provinces", v.provinces);
  GetOptional(j, "employer_id", v.employer_id);
  GetIfPresent(j, "label", v.label);
  GetIfPresent(j, "key_hash", v.key_hash);
  GetOptional(j, "revoked_at", v.revoked_at);
}

void to_json(Json& j, const AuditEntry& v) {
  j = Json{{"id", v.id},         {"at", v.at},           {"actor", v.actor},
           {"action", v.action}, {"subject", v.subject}, {"outcome", v.outcome}};
  if (!v.detail.empty()) j["detail"] = v.detail;
}
void from_json(const Json& j, AuditEntry& v) {
  v.id = j.at("id").get<std::string>();
  v.at = j.at("at").get<std::string>();
  v.actor = j.at("actor").get<std::string>();
  v.action = j.at("action").get<std::string>();
  v.subject = j.at("subject").get<std::string>();
  v.outcome = j.at("outcome").get<std::string>();
  GetIfPresent(j, "detail", v.detail);
}

void to_json(Json& j, const MarketData& v) {
  j = Json::object();
  j["province"] = v.province;
  j["living_wage"] = v.living_wage;
  j["poverty_line"] = v.poverty_line;
  j["minimum_wage"] = v.minimum_wage;
  j["median_wages"] = v.median_wages;
  j["sector_demand"] = v.sector_demand;
  j["seasons"] = Json::array();
  for (const auto& s : v.seasons) {
    j["seasons"].push_back({{"name", s.name},
                            {"sector", s.sector},
                            {"from_month", s.from_month},
                            {"to_month", s.to_month},
                            {"labour_demand", s.labour_demand}});
  }
  j["source"] = v.source;
  j["as_of"] = v.as_of;
  j["version"] = v.version;
}
void from_json(const Json& j, MarketData& v) {
  GetIfPresent(j, "province", v.province);
  v.living_wage = j.at("living_wage").get<double>();
  GetIfPresent(j, "poverty_line", v.poverty_line);
  GetIfPresent(j, "minimum_wage", v.minimum_wage);
  GetIfPresent(j, "median_wages", v.median_wages);
  v.sector_demand.clear();
  if (auto it = j.find("sector_demand"); it != j.end()) {
    for (const auto& [sector, months] : it->items()) {
      std::array<double, 12> demand{};
      if (months.size() != 12) {
        throw Json::other_error::create(501, "sector_demand needs 12 monthly values", &months);
      }
      for (size_t m = 0; m < 12; ++m) demand[m] = months[m].get<double>();
      v.sector_demand[sector] = demand;
    }
  }
  v.seasons.clear();
  for (const auto& s : j.value("seasons", Json::array())) {
    v.seasons.push_back({s.at("name").get<std::string>(), s.value("sector", ""),
                         s.at("from_month").get<int>(), s.at("to_month").get<int>(),
                         s.value("labour_demand", 1.0)});
  }
  GetIfPresent(j, "source", v.source);
  GetIfPresent(j, "as_of", v.as_of);
  GetIfPresent(j, "version", v.version);
}

}  // namespace homeward::model
