// One record of each resource with every field it has set (Khmer text among them) and fixed ids:
// what the contract tests of the stored doc and the API's bodies write and compare, and the
// golden files they compare with.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "homeward/model/access.h"
#include "homeward/model/allocation.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/programme.h"
#include "homeward/model/referral.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "temp_dir.h"

namespace homeward::testing::full {

inline constexpr char kEmployer[] = "emp_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
inline constexpr char kVacancy[] = "vac_1b2c3d4e5f60718293a4b5c6d7e8f90a";
inline constexpr char kTraining[] = "trn_2c3d4e5f60718293a4b5c6d7e8f90a1b";
inline constexpr char kProgramme[] = "prg_3d4e5f60718293a4b5c6d7e8f90a1b2c";
inline constexpr char kIndividual[] = "ind_4e5f60718293a4b5c6d7e8f90a1b2c3d";
inline constexpr char kAllocation[] = "alc_5f60718293a4b5c6d7e8f90a1b2c3d4e";
inline constexpr char kReferral[] = "ref_60718293a4b5c6d7e8f90a1b2c3d4e5f";
inline constexpr char kApiKey[] = "key_718293a4b5c6d7e8f90a1b2c3d4e5f60";

inline model::Employer Employer() {
  model::Employer e;
  e.meta.id = kEmployer;
  e.name = "Kampong Speu Sugar";
  e.registration_number = "MOC-00031415";
  e.province = "KH-5";
  e.sector = "agriculture";
  e.contact = {"Sok Dara", "+855 12 345 678", "hr@example.com.kh", "National Road 4, Kong Pisei",
               "@kssugar"};
  e.verified = true;
  e.recruitment_licence = model::RecruitmentLicence{"MLVT-RA-0457", Date{2027, 12, 31}, true};
  e.safety_review = model::SafetyReview{model::SafetyReviewStatus::kCleared,
                                        "2026-10-02T08:00:00Z",
                                        {"withheld_wages"},
                                        {kReferral},
                                        "2026-10-20T09:30:00Z",
                                        "key_admin",
                                        "Wages paid after the visit."};
  return e;
}

inline model::Vacancy Vacancy() {
  model::Vacancy v;
  v.meta.id = kVacancy;
  v.employer_id = kEmployer;
  v.title = "ប្រតិបត្តិករម៉ាស៊ីនដេរ";  // sewing machine operator, in Khmer
  v.description = "Day shift; training on the job.";
  v.occupation = "8153";
  v.sector = "garment";
  v.province = "KH-5";
  v.district = "Kong Pisei";
  v.location = model::GeoPoint{11.3105, 104.6391};
  v.slots = 4;
  v.wage = {48000, "KHR", model::MoneyPeriod::kDay};
  v.hours_per_week = 44;
  v.contract = model::Contract::kFixedTerm;
  v.required_skills = {{"sewing_machine_operation", 2}};
  v.min_age = 18;
  v.languages = {"km"};
  v.benefits = {"meals", "transport"};
  v.worker_fees = {0, "USD", model::MoneyPeriod::kMonth};
  v.starts_on = Date{2027, 1, 4};
  v.closes_on = Date{2026, 12, 20};
  v.status = model::VacancyStatus::kOpen;
  v.screening.status = model::ScreeningStatus::kReview;
  v.screening.flags = {{"wage_below_minimum",
                        model::FlagSeverity::kReview,
                        "The wage is below the sector's minimum.",
                        "core",
                        "screening.wage_below_minimum",
                        {{"monthly_usd", 201.5}}}};
  v.slots_filled = 1;
  v.review = model::ReviewDecision{"approve", "Piece rate tops it up.", "key_admin",
                                   "2026-11-30T10:00:00Z"};
  return v;
}

inline model::Training Training() {
  model::Training t;
  t.meta.id = kTraining;
  t.provider = "Provincial Training Centre";
  t.title = "Industrial sewing";
  t.skills_taught = {{"sewing_machine_operation", 3}};
  t.leads_to = {"8153"};
  t.province = "KH-5";
  t.district = "Chbar Mon";
  t.location = model::GeoPoint{11.4536, 104.5202};
  t.seats = 20;
  t.starts_on = Date{2027, 1, 11};
  t.ends_on = Date{2027, 3, 12};
  t.cost = {0, "USD", model::MoneyPeriod::kMonth};
  t.stipend = {60, "USD", model::MoneyPeriod::kMonth};
  t.seats_filled = 2;
  return t;
}

inline model::Programme Programme() {
  model::Programme p;
  p.meta.id = kProgramme;
  p.kind = model::ProgrammeKind::kSelfEmploymentGrant;
  p.provider = "Commune council";
  p.title = "Start-up grant for home businesses";
  p.description = "A grant and six months of coaching.";
  p.province = "KH-5";
  p.districts = {"Kong Pisei", "Chbar Mon"};
  p.location = model::GeoPoint{11.4536, 104.5202};
  p.seats = 30;
  p.starts_on = Date{2027, 2, 1};
  p.ends_on = Date{2027, 7, 31};
  p.eligibility.min_age = 18;
  p.eligibility.max_age = 45;
  p.eligibility.sexes = {model::Sex::kFemale};
  p.eligibility.idpoor_levels = {1, 2};
  p.eligibility.max_monthly_income_per_head =
      model::Money{200000, "KHR", model::MoneyPeriod::kMonth};
  p.eligibility.survivors_only = false;
  p.support = {300, "USD", model::MoneyPeriod::kMonth};
  p.expected_income_gain =
      model::SourcedMoney{{40, "USD", model::MoneyPeriod::kMonth}, "programme evaluation 2025"};
  p.seats_filled = 3;
  return p;
}

inline model::Individual Individual() {
  model::Individual i;
  i.meta.id = kIndividual;
  i.given_name = "ស្រីមុំ";  // Sreymom
  i.family_name = "Chan";
  i.sex = model::Sex::kFemale;
  i.birth_date = Date{2001, 4, 12};
  i.province = "KH-5";
  i.district = "Kong Pisei";
  i.commune = "Angk Popel";
  i.location = model::GeoPoint{11.3, 104.65};
  i.languages = {"km", "th"};
  i.education = model::Education::kLowerSecondary;
  i.skills = {{"sewing_machine_operation", 3}};
  i.desired_occupations = {"8153", "7531"};
  i.max_commute_km = 25;
  i.household = {5,
                 2,
                 {180, "USD", model::MoneyPeriod::kMonth},
                 {3600000, "KHR", model::MoneyPeriod::kMonth},
                 1};
  i.prior_migration = true;
  i.survivor = true;
  i.idpoor_level = 2;
  i.disability = false;
  i.female_headed_household = true;
  i.consent = {true,
               Date{2026, 11, 1},
               {"matching", "referral"},
               model::Guardian{"Chan Sophal", "mother", Date{2026, 11, 1}}};
  i.status = model::IndividualStatus::kActive;
  i.vulnerability.score = 61.5;
  i.vulnerability.factors = {
      {"debt", 20, "Household debt is 5 months of income.", "vulnerability.debt", {{"months", 5}}}};
  i.case_officers = {"key_officer"};
  i.do_not_match = {{kEmployer}, {"Poipet"}, "Was recruited from there before."};
  return i;
}

inline model::Allocation Allocation() {
  model::Allocation a;
  a.meta.id = kAllocation;
  a.province = "KH-5";
  a.kind = model::AllocationKind::kJob;
  a.individuals = {kIndividual};
  a.assignments = {{kIndividual, kVacancy, 71.25}};
  a.unassigned = {{"ind_8293a4b5c6d7e8f90a1b2c3d4e5f6071", "no eligible opportunity"}};
  a.objective = 71.25;
  a.stats = {2, 1, 1, 1, 71.25, 3.5, 1, 71.25, 71.25};
  a.created_by = "key_officer";
  return a;
}

inline model::Referral Referral() {
  model::Referral r;
  r.meta.id = kReferral;
  r.individual_id = kIndividual;
  r.opportunity_id = kVacancy;
  r.kind = model::OpportunityKind::kJob;
  r.province = "KH-5";
  r.employer_id = kEmployer;
  r.status = model::ReferralStatus::kReferred;
  r.history = {{std::nullopt, model::ReferralStatus::kProposed, "key_officer",
                "2026-12-01T08:00:00Z", "", std::nullopt},
               {model::ReferralStatus::kProposed, model::ReferralStatus::kReferred, "key_officer",
                "2026-12-02T08:00:00Z", "Interview on Monday.", std::nullopt}};
  r.follow_up_on = Date{2026, 12, 16};
  r.allocation_id = kAllocation;
  r.check_ins = {{"chk_1",
                  Date{2026, 12, 16},
                  model::CheckInAnswers{true, true, false, true, false, 46.0, false},
                  "All well.",
                  {},
                  "key_officer",
                  "2026-12-16T09:00:00Z"}};
  return r;
}

inline model::ApiKey ApiKey() {
  model::ApiKey k;
  k.meta.id = kApiKey;
  k.role = model::Role::kEmployer;
  k.employer_id = kEmployer;
  k.label = "Kampong Speu Sugar HR";
  k.key_hash = std::string(64, 'a');
  k.revoked_at = "2026-12-03T12:00:00Z";
  return k;
}

// The contents of tests/data/`relative`, without the newline the file ends with (a golden body
// or doc has none).
inline std::string Golden(const std::filesystem::path& relative) {
  std::ifstream in(SourceDir() / "tests" / "data" / relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace homeward::testing::full
