// Each core screening rule, positive and negative, in English and Khmer; province rules; the
// review state machine; what an employer is shown; determinism.
#include "homeward/screening/screening.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shipped_policy.h"
#include "status_matchers.h"

namespace homeward::screening {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using model::FlagSeverity;
using model::ScreeningStatus;
using model::VacancyStatus;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A plain legitimate garment vacancy in Phnom Penh (shipped market: median 235 USD for 8153,
// living wage 324 USD; the 2026 statutory minimum is 210 USD).
model::Vacancy CleanVacancy() {
  model::Vacancy v;
  v.employer_id = "emp_1";
  v.title = "Sewing machine operator";
  v.description = "Export garment factory. Basic wage 220 USD a month, 8 hours a day, Sunday off.";
  v.occupation = "8153";
  v.sector = "garment";
  v.province = "KH-12";
  v.district = "Por Sen Chey";
  v.wage = {220, "USD", model::MoneyPeriod::kMonth};
  v.hours_per_week = 48;
  v.required_skills = {{"sewing_machine_operation", 2}};
  return v;
}

model::Employer VerifiedEmployer() {
  model::Employer e;
  e.name = "Mekong Thread Apparel Co., Ltd.";
  e.registration_number = "00017342";
  e.province = "KH-12";
  e.sector = "garment";
  e.contact.phone = "+855 23 000 142";
  e.verified = true;
  return e;
}

std::vector<std::string> Codes(const model::Screening& s) {
  std::vector<std::string> codes;
  for (const auto& f : s.flags) codes.push_back(f.code);
  return codes;
}

// The tests screen as on one day, so that the statutory minimum and licence expiry are fixed.
constexpr Date kDay{2026, 12, 1};

model::Screening ScreenIn(const model::Vacancy& v, const model::Employer& e = VerifiedEmployer()) {
  const testing::FakePolicy policy = testing::ShippedMarketPolicy(v.province);
  return Screen(v, e, policy, kDay);
}

model::Screening WithText(const std::string& description) {
  model::Vacancy v = CleanVacancy();
  v.description = description;
  return ScreenIn(v);
}

TEST(ScreenTest, PlainLegitimateVacancyIsClear) {
  const auto s = ScreenIn(CleanVacancy());
  EXPECT_EQ(s.status, ScreeningStatus::kClear);
  EXPECT_THAT(s.flags, IsEmpty());
}

TEST(ScreenTest, FeeChargedToWorkerBlocks) {
  model::Vacancy v = CleanVacancy();
  v.worker_fees.amount = 30;
  const auto s = ScreenIn(v);
  EXPECT_EQ(s.status, ScreeningStatus::kBlocked);
  ASSERT_THAT(Codes(s), ElementsAre("fee_charged_to_worker"));
  EXPECT_EQ(s.flags[0].severity, FlagSeverity::kBlock);
  EXPECT_THAT(s.flags[0].source, HasSubstr("Fair Recruitment"));
  EXPECT_FALSE(s.flags[0].reason.empty());

  EXPECT_THAT(Codes(WithText("A deposit of 50 USD is paid before you start.")),
              Contains("fee_charged_to_worker"));
  EXPECT_THAT(Codes(WithText("You pay a fee of 20 USD for the medical check.")),
              Contains("fee_charged_to_worker"));
  EXPECT_THAT(Codes(WithText("ត្រូវបង់ប្រាក់កក់ ៥០ ដុល្លារ មុនចូលធ្វើការ។")),
              Contains("fee_charged_to_worker"));
}

TEST(ScreenTest, FeeWordsThatAreNotFeesDoNotFlag) {
  EXPECT_EQ(WithText("Wages are deposited into your own bank account.").status,
            ScreeningStatus::kClear);
  EXPECT_EQ(WithText("You pay no recruitment fee: the employer pays all costs.").status,
            ScreeningStatus::kClear);
  EXPECT_EQ(WithText("The fee for the bus is free.").status, ScreeningStatus::kClear);
  EXPECT_EQ(WithText("កម្មករមិនបង់ថ្លៃសេវាទេ។").status, ScreeningStatus::kClear);
}

TEST(ScreenTest, DocumentsKeptByTheEmployerBlock) {
  model::Vacancy v = CleanVacancy();
  v.employer_holds_documents = true;
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("documents_retained"));
  EXPECT_THAT(Codes(WithText("The company keeps your passport for safety.")),
              Contains("documents_retained"));
  EXPECT_THAT(Codes(WithText("ក្រុមហ៊ុនរក្សាទុកលិខិតឆ្លងដែនរបស់អ្នក។")), Contains("documents_retained"));
  // Naming a document, or asking to bring one, is not retention.
  EXPECT_THAT(Codes(WithText("Bring your ID card on the first day. We keep a clean workshop.")),
              Not(Contains("documents_retained")));
  EXPECT_THAT(Codes(WithText("Bring your passport.")),
              AllOf(Not(Contains("documents_retained")), Contains("deceptive_wording")));
}

TEST(ScreenTest, WorkAbroadAndBorderCrossingNeedReview) {
  model::Vacancy v = CleanVacancy();
  v.work_abroad = true;
  model::Employer agency = VerifiedEmployer();
  agency.recruitment_licence = model::RecruitmentLicence{"MLVT-RA-0457", Date{2027, 12, 31}, true};
  const auto s = ScreenIn(v, agency);
  EXPECT_EQ(s.status, ScreeningStatus::kReview);
  EXPECT_THAT(Codes(s), ElementsAre("work_abroad"));

  EXPECT_THAT(Codes(WithText("Fruit picking in Chanthaburi, Thailand.")),
              ElementsAre("cross_border_travel"));
  EXPECT_THAT(Codes(WithText("យើងនាំអ្នកឆ្លងព្រំដែនទៅធ្វើការ។")), ElementsAre("cross_border_travel"));
  // លិខិតឆ្លងដែន (passport) contains ឆ្លងដែន; ភាសាចិន (Chinese language) contains ចិន.
  EXPECT_EQ(WithText("ត្រូវការអ្នកចេះភាសាចិន។ មានលិខិតឆ្លងដែនក៏បាន។").status, ScreeningStatus::kClear);
  EXPECT_EQ(WithText("Thaiger Sportswear line").status, ScreeningStatus::kClear);
}

TEST(ScreenTest, WageFarAboveMarketWithoutSkillsNeedsReview) {
  model::Vacancy v = CleanVacancy();
  v.wage.amount = 600;  // more than 2 x 235, but skills are required
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.required_skills.clear();
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("wage_far_above_market"));
  v.wage.amount = 450;
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  // A daily wage is compared per month: 25 USD x 6 days x 52/12 = 650 USD.
  v.wage = {25, "USD", model::MoneyPeriod::kDay};
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("wage_far_above_market"));
}

TEST(ScreenTest, UnverifiedEmployerAndVagueWorkplaceNeedReview) {
  model::Employer e = VerifiedEmployer();
  e.verified = false;
  EXPECT_THAT(Codes(ScreenIn(CleanVacancy(), e)), ElementsAre("unverified_employer"));

  model::Vacancy v = CleanVacancy();
  v.district.clear();
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("vague_workplace"));
  v.location = model::GeoPoint{11.5, 104.9};
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);

  // An unregistered employer is vague unless an admin verified it (a family farm, a stall).
  e = VerifiedEmployer();
  e.registration_number.reset();
  EXPECT_EQ(ScreenIn(CleanVacancy(), e).status, ScreeningStatus::kClear);
  e.verified = false;
  EXPECT_THAT(Codes(ScreenIn(CleanVacancy(), e)),
              ElementsAre("unverified_employer", "vague_workplace"));
}

TEST(ScreenTest, ExcessiveHoursNeedReview) {
  model::Vacancy v = CleanVacancy();
  v.hours_per_week = 72;
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("excessive_hours"));
  EXPECT_THAT(Codes(WithText("Work 12 hours a day.")), ElementsAre("excessive_hours"));
  EXPECT_THAT(Codes(WithText("Guards work 12-hour shifts.")), ElementsAre("excessive_hours"));
  EXPECT_THAT(Codes(WithText("Open 7 days a week, no day off.")), ElementsAre("excessive_hours"));
  EXPECT_THAT(Codes(WithText("ធ្វើការ ១២ ម៉ោងក្នុងមួយថ្ងៃ។")), ElementsAre("excessive_hours"));
  EXPECT_THAT(Codes(WithText("គ្មានថ្ងៃឈប់សម្រាក។")), ElementsAre("excessive_hours"));
  EXPECT_EQ(WithText("ធ្វើការ ៨ ម៉ោងក្នុងមួយថ្ងៃ។").status, ScreeningStatus::kClear);
  EXPECT_EQ(WithText("Work 8 hours a day; 112 hours of training a year.").status,
            ScreeningStatus::kClear);
}

TEST(ScreenTest, WageFarAboveMarketInTheTextNeedsReview) {
  model::Vacancy v = CleanVacancy();
  v.required_skills.clear();
  v.description = "Salary $1,500 per month for sewing!";
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("wage_far_above_market"));
  v.description = "ប្រាក់ខែ ១,៥០០ ដុល្លារ ក្នុងមួយខែ។";
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("wage_far_above_market"));
  v.description = "Bonus up to $20 a month for attendance.";
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
}

TEST(ScreenTest, GarmentWageBelowTheStatutoryMinimumNeedsReview) {
  model::Vacancy v = CleanVacancy();
  v.description = "Export garment factory.";
  v.wage.amount = 210;  // the 2026 minimum: legal, though below the living wage (324)
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.wage.amount = 205;
  const auto s = ScreenIn(v);
  EXPECT_THAT(Codes(s), ElementsAre("below_legal_minimum"));
  EXPECT_THAT(s.flags[0].reason, HasSubstr("210 USD in force from 2026-01-01"));
  // In 2025 the minimum was 208, so 208 was legal then.
  v.wage.amount = 208;
  const testing::FakePolicy policy = testing::ShippedMarketPolicy(v.province);
  EXPECT_EQ(Screen(v, VerifiedEmployer(), policy, Date{2025, 6, 1}).status,
            ScreeningStatus::kClear);
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("below_legal_minimum"));
  // Pay for a probation period is held to the probation rate (2 USD less in 2026).
  v.description = "Export garment factory. 208 USD during probation, then 210 USD.";
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.wage.amount = 206;
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("below_legal_minimum"));
  v.wage.amount = 208;
  v.description = "Export garment factory.";
  // The sector decides: a sewing-machine operator in "manufacturing" is covered, a tailor's shop
  // in retail is not (no statutory minimum there; the market is the yardstick).
  v.sector = "manufacturing";
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("below_legal_minimum"));
  v.sector = "retail";
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
}

TEST(ScreenTest, LegalMinimumWageIsDataWithEffectiveDates) {
  model::Vacancy v = CleanVacancy();
  EXPECT_EQ(LegalMinimumWageFor(v, Date{2024, 3, 1})->monthly_usd, 204);
  EXPECT_EQ(LegalMinimumWageFor(v, Date{2025, 12, 31})->monthly_usd, 208);
  EXPECT_EQ(LegalMinimumWageFor(v, Date{2026, 1, 1})->monthly_usd, 210);
  EXPECT_FALSE(LegalMinimumWageFor(v, Date{2023, 12, 31}).has_value());
  EXPECT_THAT(LegalMinimumWageFor(v, kDay)->source, HasSubstr("Ministry of Labour"));
  v.sector = "construction";
  EXPECT_FALSE(LegalMinimumWageFor(v, kDay).has_value());
}

TEST(ScreenTest, WageFarBelowTheProvincialMedianNeedsReviewOutsideGarments) {
  // A shop assistant (5223) in Prey Veng: median 180 USD.
  model::Vacancy v = CleanVacancy();
  v.title = "Shop assistant";
  v.description = "Shop in the market, 8 hours a day.";
  v.occupation = "5223";
  v.sector = "retail";
  v.province = "KH-14";
  v.district = "Kamchay Mear";
  v.wage.amount = 170;  // below the living wage (264), a normal local wage: clear
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.wage.amount = 80;  // 44% of the median
  const auto s = ScreenIn(v);
  EXPECT_THAT(Codes(s), ElementsAre("far_below_market"));
  EXPECT_THAT(s.flags[0].reason, HasSubstr("44% of the provincial median of 180 USD"));
  // A day rate converts with the hours: 4 USD x 6 days x 52/12 = 104 USD, 58%: clear.
  v.wage = {4, "USD", model::MoneyPeriod::kDay};
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.wage = {3, "USD", model::MoneyPeriod::kDay};  // 78 USD a month
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("far_below_market"));
}

TEST(ScreenTest, RestrictionOfMovementBlocks) {
  EXPECT_THAT(Codes(WithText("Workers may not leave the compound after work.")),
              Contains("restricted_movement"));
  EXPECT_THAT(Codes(WithText("កម្មករមិនអនុញ្ញាតឱ្យចេញក្រៅរោងចក្រទេ។")), Contains("restricted_movement"));
  EXPECT_THAT(Codes(WithText("Live on the farm, no day off.")), Contains("restricted_movement"));
  EXPECT_THAT(Codes(WithText("ស្នាក់នៅលើទូក គ្មានថ្ងៃឈប់សម្រាក។")), Contains("restricted_movement"));
  EXPECT_EQ(WithText("Free accommodation near the factory; Sunday off.").status,
            ScreeningStatus::kClear);
}

TEST(ScreenTest, IsolationBlocks) {
  EXPECT_THAT(Codes(WithText("You must hand over your phone on arrival.")), Contains("isolation"));
  EXPECT_THAT(Codes(WithText("ហាមប្រើទូរស័ព្ទពេលស្នាក់នៅ។")), Contains("isolation"));
  EXPECT_EQ(WithText("Phone allowance 5 USD a month.").status, ScreeningStatus::kClear);
}

TEST(ScreenTest, ThreatsAndPenaltiesForLeavingBlock) {
  EXPECT_THAT(Codes(WithText("If you quit before one year you pay a penalty of 300 USD.")),
              Contains("threats_and_penalties"));
  EXPECT_THAT(Codes(WithText("Deposit returned after 1 year of work.")),
              AllOf(Contains("threats_and_penalties"), Contains("fee_charged_to_worker")));
  EXPECT_THAT(Codes(WithText("បើឈប់មុនកិច្ចសន្យា ត្រូវពិន័យ ២០០ ដុល្លារ។")),
              Contains("threats_and_penalties"));
  // Giving notice is not a threat.
  EXPECT_EQ(WithText("If you leave, please give 7 days notice.").status, ScreeningStatus::kClear);
}

TEST(ScreenTest, AbuseOfVulnerabilityBlocks) {
  EXPECT_THAT(Codes(WithText("Have a microfinance debt? We pay off your loan.")),
              Contains("abuse_of_vulnerability"));
  EXPECT_THAT(Codes(WithText("មានបំណុលមែនទេ? យើងសងបំណុលជូន។")), Contains("abuse_of_vulnerability"));
  EXPECT_THAT(Codes(WithText("No ID needed, any age.")), Contains("abuse_of_vulnerability"));
}

TEST(ScreenTest, ChildLabourBlocks) {
  model::Vacancy v = CleanVacancy();
  v.min_age = 14;
  EXPECT_THAT(Codes(ScreenIn(v)), ElementsAre("child_labour"));
  v.min_age = 16;  // non-hazardous work from 16 is legal
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  // Construction is hazardous: 18 and over only, whatever the field or the text says.
  model::Vacancy site = CleanVacancy();
  site.title = "Construction helper";
  site.occupation = "9313";
  site.sector = "construction";
  site.description = "Building site helper.";
  site.required_skills.clear();
  site.wage.amount = 240;
  site.min_age = 18;
  EXPECT_EQ(ScreenIn(site).status, ScreeningStatus::kClear);
  site.min_age = 16;
  EXPECT_THAT(Codes(ScreenIn(site)), ElementsAre("child_labour"));
  site.min_age = 18;
  site.description = "Building site helper, age 16+ welcome.";
  EXPECT_THAT(Codes(ScreenIn(site)), ElementsAre("child_labour"));
  site.description = "ជំនួយការការដ្ឋាន អាយុ ១៦ ឆ្នាំឡើង។";
  EXPECT_THAT(Codes(ScreenIn(site)), ElementsAre("child_labour"));
  site.description = "Helpers aged 18-35, 48 hours a week.";
  EXPECT_EQ(ScreenIn(site).status, ScreeningStatus::kClear);
  site.description = "Helpers from 16 years and over.";
  EXPECT_THAT(Codes(ScreenIn(site)), ElementsAre("child_labour"));
  // The ages of the children a creche worker cares for are not the worker's.
  model::Vacancy creche = CleanVacancy();
  creche.description = "Care for children aged 6 months to 5 years in the factory creche.";
  EXPECT_EQ(ScreenIn(creche).status, ScreeningStatus::kClear);
  // A brick kiln named in the text is hazardous whatever the occupation code.
  v = CleanVacancy();
  v.description = "Packing at the brick kiln, from 16 years and over.";
  EXPECT_THAT(Codes(ScreenIn(v)), Contains("child_labour"));
  EXPECT_TRUE(IsHazardousWork(site));
  EXPECT_FALSE(IsHazardousWork(CleanVacancy()));
}

TEST(ScreenTest, WorkAbroadNeedsAVerifiedRecruitmentLicence) {
  model::Vacancy v = CleanVacancy();
  v.work_abroad = true;
  v.description = "Garment work in Thailand under the MoU.";
  model::Employer agency = VerifiedEmployer();
  EXPECT_THAT(Codes(ScreenIn(v, agency)), Contains("unlicensed_recruitment"));
  EXPECT_EQ(ScreenIn(v, agency).status, ScreeningStatus::kBlocked);
  agency.recruitment_licence = model::RecruitmentLicence{"MLVT-RA-0457", Date{2027, 12, 31}, false};
  EXPECT_THAT(Codes(ScreenIn(v, agency)),
              ElementsAre("work_abroad", "recruitment_licence_unverified", "cross_border_travel"));
  agency.recruitment_licence->verified = true;
  EXPECT_THAT(Codes(ScreenIn(v, agency)), ElementsAre("work_abroad", "cross_border_travel"));
  EXPECT_EQ(ScreenIn(v, agency).status, ScreeningStatus::kReview);
  agency.recruitment_licence->expires_on = Date{2026, 11, 30};  // expired the day before kDay
  EXPECT_THAT(Codes(ScreenIn(v, agency)), Contains("unlicensed_recruitment"));
  // A licence does not matter at home.
  v.work_abroad = false;
  v.description = "Garment work in Phnom Penh.";
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
}

TEST(ScreenTest, MarriageBrokeringBlocksAndHostessWorkNeedsReview) {
  EXPECT_THAT(Codes(WithText("Marry a Chinese husband, family receives a dowry.")),
              Contains("marriage_brokering"));
  EXPECT_THAT(Codes(WithText("រកប្តីចិន គ្រួសារទទួលបាន ៥០០០ ដុល្លារ។")), Contains("marriage_brokering"));
  EXPECT_THAT(Codes(WithText("KTV hostess, sit with customers, tips.")),
              Contains("hostess_or_escort_work"));
  EXPECT_THAT(Codes(WithText("បម្រើការនៅខារ៉ាអូខេ ផឹកជាមួយភ្ញៀវ។")), Contains("hostess_or_escort_work"));
}

TEST(ScreenTest, CuisineAndMassageNamesAreNotWorkAbroad) {
  model::Vacancy v = CleanVacancy();
  v.province = "KH-17";
  v.district = "Siem Reap";
  v.occupation = "5120";
  v.sector = "hospitality";
  v.title = "Cook, Thai restaurant";
  v.description = "Thai restaurant on Pub Street needs a cook. Thai massage spa next door.";
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.description = "ភោជនីយដ្ឋានថៃ ត្រូវការចុងភៅ។";
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);
  v.description = "Cook for a restaurant in Thailand.";
  EXPECT_THAT(Codes(ScreenIn(v)), Contains("cross_border_travel"));
}

TEST(ScreenTest, DeductionsForHousingOrTransportNeedReview) {
  EXPECT_THAT(Codes(WithText("Housing and food are deducted from your wages.")),
              ElementsAre("wage_deductions"));
  EXPECT_THAT(Codes(WithText("កាត់ប្រាក់ខែសម្រាប់ស្នាក់នៅ និងអាហារ។")), ElementsAre("wage_deductions"));
  EXPECT_EQ(WithText("Free housing and meals. Tax is deducted as the law requires.").status,
            ScreeningStatus::kClear);
  EXPECT_EQ(WithText("រោងចក្រកាត់ដេរ មានបន្ទប់ស្នាក់នៅ។").status, ScreeningStatus::kClear);
}

TEST(ScreenTest, DebtRepaidFromWagesOrWithheldWagesBlock) {
  EXPECT_THAT(Codes(WithText("Your travel cost is advanced and repaid from your wages.")),
              Contains("debt_bondage"));
  EXPECT_THAT(Codes(WithText("Wages are paid at the end of the season.")),
              ElementsAre("debt_bondage"));
  EXPECT_THAT(Codes(WithText("ប្រាក់ខែបើកមុន ២០០ ដុល្លារ ត្រូវសងវិញដោយការងារ។")),
              ElementsAre("debt_bondage"));
  EXPECT_EQ(WithText("Salary advances are not offered. Wages are paid monthly.").status,
            ScreeningStatus::kClear);
}

TEST(ScreenTest, ChatOnlyContactNeedsReview) {
  model::Employer e = VerifiedEmployer();
  e.contact = {};
  e.contact.chat = "Telegram @jobs000";
  EXPECT_THAT(Codes(ScreenIn(CleanVacancy(), e)), ElementsAre("chat_app_only_contact"));
  e.contact.email = "hr@factory.example";
  EXPECT_EQ(ScreenIn(CleanVacancy(), e).status, ScreeningStatus::kClear);
  EXPECT_THAT(Codes(WithText("Apply on Telegram only.")), ElementsAre("chat_app_only_contact"));
}

TEST(ScreenTest, LureWordingNeedsReview) {
  EXPECT_THAT(Codes(WithText("High salary, easy job, free ticket!")),
              ElementsAre("deceptive_wording"));
  EXPECT_THAT(Codes(WithText("ប្រាក់ខែខ្ពស់ ការងារស្រួល។")), ElementsAre("deceptive_wording"));
  // A free staff bus is a commuting benefit, not free travel.
  EXPECT_EQ(WithText("Free transport to the factory by staff bus.").status,
            ScreeningStatus::kClear);
}

TEST(ScreenTest, CasinoNeedsReview) {
  EXPECT_THAT(Codes(WithText("Baccarat dealers wanted.")),
              ElementsAre("casino_or_online_gambling"));
  model::Employer e = VerifiedEmployer();
  e.name = "Golden Sands Casino Resort";
  EXPECT_THAT(Codes(ScreenIn(CleanVacancy(), e)), ElementsAre("casino_or_online_gambling"));
  EXPECT_THAT(Codes(WithText("ធ្វើការនៅកាស៊ីណូ។")), ElementsAre("casino_or_online_gambling"));
}

TEST(ScreenTest, NoExperienceIsOnlyInformation) {
  const auto s = WithText("No experience needed: we train you.");
  EXPECT_EQ(s.status, ScreeningStatus::kClear);
  ASSERT_THAT(Codes(s), ElementsAre("no_experience_required"));
  EXPECT_EQ(s.flags[0].severity, FlagSeverity::kInfo);
  EXPECT_THAT(Codes(WithText("មិនត្រូវការបទពិសោធន៍។")), ElementsAre("no_experience_required"));
}

TEST(ScreenTest, ScamCompoundPatternBlocks) {
  model::Vacancy v = CleanVacancy();
  v.title = "Typing job";
  v.description = "Typing work in an office, 300 USD a month.";
  v.province = "KH-18";
  v.district = "Sihanoukville";
  model::Employer e = VerifiedEmployer();
  e.verified = false;
  EXPECT_THAT(Codes(ScreenIn(v, e)), Contains("scam_compound_pattern"));
  EXPECT_EQ(ScreenIn(v, e).status, ScreeningStatus::kBlocked);
  // The same job from a verified, registered employer is not the pattern.
  EXPECT_EQ(ScreenIn(v).status, ScreeningStatus::kClear);

  // Phnom Penh is not a hub: a customer-service job there at a market wage is clear.
  model::Vacancy desk = CleanVacancy();
  desk.title = "Customer service agent";
  desk.description = "Call centre customer service, 300 USD a month.";
  desk.occupation = "4222";
  desk.required_skills = {{"customer_service", 2}};
  EXPECT_EQ(ScreenIn(desk).status, ScreeningStatus::kClear);
  // Far above the market with no skills, it is.
  desk.required_skills.clear();
  desk.wage.amount = 1500;
  EXPECT_THAT(Codes(ScreenIn(desk)), Contains("scam_compound_pattern"));

  // វាយអក្សរ (typing) in Poipet (ប៉ោយប៉ែត) by an unverified employer.
  model::Vacancy km = CleanVacancy();
  km.title = "ការងារវាយអក្សរ";
  km.description = "ធ្វើការនៅប៉ោយប៉ែត។";
  km.province = "KH-1";
  km.district = "";
  km.location = model::GeoPoint{13.66, 102.56};
  EXPECT_THAT(Codes(ScreenIn(km, e)), Contains("scam_compound_pattern"));

  // A known foreign scam destination blocks whatever the job.
  EXPECT_THAT(Codes(WithText("Cook for a company in Shwe Kokko.")),
              AllOf(Contains("scam_compound_pattern"), Contains("cross_border_travel")));
}

TEST(ScreenTest, FlagsComeBlockFirstThenReviewThenInfo) {
  model::Vacancy v = CleanVacancy();
  v.description = "No experience needed. High salary. A deposit of 20 USD is required.";
  v.hours_per_week = 70;
  const auto s = ScreenIn(v);
  EXPECT_THAT(Codes(s), ElementsAre("fee_charged_to_worker", "excessive_hours", "deceptive_wording",
                                    "no_experience_required"));
}

TEST(ScreenTest, IsDeterministic) {
  model::Vacancy v = CleanVacancy();
  v.description = "High salary in Thailand, 12 hours a day, pay the broker. ប្រាក់ខែខ្ពស់។";
  model::Employer e = VerifiedEmployer();
  e.verified = false;
  const auto first = ScreenIn(v, e);
  for (int i = 0; i < 5; ++i) {
    const auto again = ScreenIn(v, e);
    EXPECT_EQ(again.status, first.status);
    ASSERT_EQ(again.flags.size(), first.flags.size());
    for (size_t k = 0; k < first.flags.size(); ++k) {
      EXPECT_EQ(again.flags[k].code, first.flags[k].code);
      EXPECT_EQ(again.flags[k].reason, first.flags[k].reason);
      EXPECT_EQ(again.flags[k].source, first.flags[k].source);
    }
  }
}

TEST(ScreenTest, ProvinceRulesAppearWithTheirPluginSource) {
  const testing::FakePolicy policy = testing::ShippedMarketPolicy(
      "KH-17", "siem-reap", [](const model::Vacancy& v, const model::Employer&) {
        std::vector<model::ScreeningFlag> flags;
        if (v.sector == "tourism") {
          flags.push_back({"tour_guide_licence", FlagSeverity::kReview, "Licence needed",
                           "plugin:siem-reap/guide_licence"});
          flags.push_back({"angkor_zone", FlagSeverity::kInfo, "In the Angkor zone", ""});
        }
        return flags;
      });
  model::Vacancy v = CleanVacancy();
  v.province = "KH-17";
  v.district = "Siem Reap";
  EXPECT_EQ(Screen(v, VerifiedEmployer(), policy, kDay).status, ScreeningStatus::kClear);

  v.sector = "tourism";
  v.description = "No experience needed.";
  const auto s = Screen(v, VerifiedEmployer(), policy, kDay);
  EXPECT_EQ(s.status, ScreeningStatus::kReview);
  ASSERT_THAT(Codes(s), ElementsAre("tour_guide_licence", "no_experience_required", "angkor_zone"));
  EXPECT_EQ(s.flags[0].source, "plugin:siem-reap/guide_licence");
  EXPECT_EQ(s.flags[2].source, "plugin:siem-reap/angkor_zone");

  const testing::FakePolicy blocking = testing::ShippedMarketPolicy(
      "KH-17", "siem-reap", [](const model::Vacancy&, const model::Employer&) {
        return std::vector<model::ScreeningFlag>{
            {"child_work", FlagSeverity::kBlock, "Under 18", "plugin:siem-reap/min_age"}};
      });
  EXPECT_EQ(Screen(v, VerifiedEmployer(), blocking, kDay).status, ScreeningStatus::kBlocked);
}

// --- Status and review -------------------------------------------------------------------------

model::Vacancy Screened(model::Vacancy v, const model::Employer& e = VerifiedEmployer()) {
  ApplyScreening(v, ScreenIn(v, e));
  return v;
}

model::Employer Unverified() {
  model::Employer e = VerifiedEmployer();
  e.verified = false;
  return e;
}

TEST(StatusTest, ScreeningDecidesTheStatus) {
  EXPECT_EQ(Screened(CleanVacancy()).status, VacancyStatus::kOpen);
  EXPECT_EQ(Screened(CleanVacancy(), Unverified()).status, VacancyStatus::kPendingReview);
  model::Vacancy v = CleanVacancy();
  v.worker_fees.amount = 10;
  EXPECT_EQ(Screened(v).status, VacancyStatus::kBlocked);
  EXPECT_EQ(Screened(v).screening.status, ScreeningStatus::kBlocked);
}

TEST(StatusTest, StatusAfterScreeningHonoursTheDecisionInForce) {
  model::Screening review{ScreeningStatus::kReview, {}};
  model::Screening block{ScreeningStatus::kBlocked, {}};
  model::Screening clear{ScreeningStatus::kClear, {}};
  const model::ReviewDecision approve{"approve", "checked", "key_1", "2026-11-28T10:00:00Z"};
  const model::ReviewDecision blocked{"block", "fake", "key_1", "2026-11-28T10:00:00Z"};
  EXPECT_EQ(StatusAfterScreening(review, std::nullopt), VacancyStatus::kPendingReview);
  EXPECT_EQ(StatusAfterScreening(review, approve), VacancyStatus::kOpen);
  EXPECT_EQ(StatusAfterScreening(block, approve), VacancyStatus::kBlocked);
  EXPECT_EQ(StatusAfterScreening(clear, blocked), VacancyStatus::kBlocked);
  EXPECT_EQ(StatusAfterScreening(clear, std::nullopt), VacancyStatus::kOpen);
}

TEST(ReviewTest, OfficerApprovesOrBlocksAPendingVacancyWithANote) {
  model::Vacancy v = Screened(CleanVacancy(), Unverified());
  ASSERT_EQ(v.status, VacancyStatus::kPendingReview);
  EXPECT_THAT(ApplyReview(v, "approve", "", "key_1", "2026-11-28T10:00:00Z"),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ApplyReview(v, "maybe", "looks fine", "key_1", "2026-11-28T10:00:00Z"),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(v.status, VacancyStatus::kPendingReview);
  EXPECT_FALSE(v.review.has_value());

  ASSERT_THAT(ApplyReview(v, "approve", "Visited the factory", "key_1", "2026-11-28T10:00:00Z"),
              IsOk());
  EXPECT_EQ(v.status, VacancyStatus::kOpen);
  ASSERT_TRUE(v.review.has_value());
  EXPECT_EQ(v.review->decision, "approve");
  EXPECT_EQ(v.review->note, "Visited the factory");
  EXPECT_EQ(v.review->by, "key_1");
  EXPECT_EQ(v.review->at, "2026-11-28T10:00:00Z");
  // Only a pending vacancy can be reviewed.
  EXPECT_THAT(ApplyReview(v, "block", "changed my mind", "key_1", "2026-11-28T11:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));

  model::Vacancy w = Screened(CleanVacancy(), Unverified());
  ASSERT_THAT(
      ApplyReview(w, "block", "Employer unknown at the address", "key_2", "2026-11-28T10:00:00Z"),
      IsOk());
  EXPECT_EQ(w.status, VacancyStatus::kBlocked);
  EXPECT_THAT(ApplyReview(w, "approve", "x", "key_2", "2026-11-28T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST(ReviewTest, OpenOrBlockedVacanciesCannotBeReviewed) {
  model::Vacancy open = Screened(CleanVacancy());
  EXPECT_THAT(ApplyReview(open, "approve", "ok", "key_1", "2026-11-28T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));
  model::Vacancy fee = CleanVacancy();
  fee.worker_fees.amount = 5;
  fee = Screened(fee);
  EXPECT_THAT(ApplyReview(fee, "approve", "ok", "key_1", "2026-11-28T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(fee.status, VacancyStatus::kBlocked);
}

TEST(ReviewTest, ChangesToAnApprovedVacancyAreScreenedAgain) {
  const model::Employer e = Unverified();
  model::Vacancy v = Screened(CleanVacancy(), e);
  ASSERT_THAT(ApplyReview(v, "approve", "checked", "key_1", "2026-11-28T10:00:00Z"), IsOk());

  // A change that raises no new review flag keeps the approval.
  v.slots = 5;
  ApplyScreening(v, ScreenIn(v, e));
  EXPECT_EQ(v.status, VacancyStatus::kOpen);
  ASSERT_TRUE(v.review.has_value());

  // A new review flag sends it back to review.
  v.hours_per_week = 70;
  ApplyScreening(v, ScreenIn(v, e));
  EXPECT_EQ(v.status, VacancyStatus::kPendingReview);
  EXPECT_FALSE(v.review.has_value());
  ASSERT_THAT(ApplyReview(v, "approve", "seasonal peak", "key_1", "2026-11-28T12:00:00Z"), IsOk());
  EXPECT_EQ(v.status, VacancyStatus::kOpen);

  // A block flag blocks it at once: it leaves every match list.
  v.description += " Bring a deposit of 30 USD.";
  ApplyScreening(v, ScreenIn(v, e));
  EXPECT_EQ(v.status, VacancyStatus::kBlocked);
}

TEST(ReviewTest, AnOfficersBlockStaysAndFinishedVacanciesKeepTheirStatus) {
  model::Vacancy v = Screened(CleanVacancy(), Unverified());
  ASSERT_THAT(ApplyReview(v, "block", "fake employer", "key_1", "2026-11-28T10:00:00Z"), IsOk());
  ApplyScreening(v, ScreenIn(v));  // even a now-clear change does not reopen it
  EXPECT_EQ(v.status, VacancyStatus::kBlocked);

  model::Vacancy filled = Screened(CleanVacancy());
  filled.status = VacancyStatus::kFilled;
  ApplyScreening(filled, ScreenIn(filled, Unverified()));
  EXPECT_EQ(filled.status, VacancyStatus::kFilled);
  filled.worker_fees.amount = 10;
  ApplyScreening(filled, ScreenIn(filled));
  EXPECT_EQ(filled.status, VacancyStatus::kBlocked);
}

// --- Employer view ----------------------------------------------------------------------------

TEST(EmployerViewTest, ShowsSafeReasonsButNoDetectionDetails) {
  model::Vacancy v = CleanVacancy();
  v.description = "No experience needed. A deposit of 20 USD. High salary. Pay the broker.";
  const testing::FakePolicy policy = testing::ShippedMarketPolicy(
      "KH-12", "phnom-penh", [](const model::Vacancy&, const model::Employer&) {
        return std::vector<model::ScreeningFlag>{{"night_shift_women", FlagSeverity::kReview,
                                                  "matched 'night' in description",
                                                  "plugin:phnom-penh/night_rule"}};
      });
  const auto full = Screen(v, VerifiedEmployer(), policy, kDay);
  const auto shown = EmployerView(full);

  EXPECT_EQ(shown.status, full.status);
  EXPECT_THAT(Codes(shown),
              ElementsAre("fee_charged_to_worker", "deceptive_wording", "night_shift_women"));
  EXPECT_EQ(shown.flags[0].reason,
            "Fees or deposits charged to workers are not allowed: the employer pays all "
            "recruitment costs.");
  for (const auto& f : shown.flags) {
    EXPECT_FALSE(f.reason.empty()) << f.code;
    for (const char* detail : {"deposit of", "broker", "high salary", "night", "matched",
                               "night_rule", "255", "twice"}) {
      EXPECT_THAT(f.reason, Not(HasSubstr(detail))) << f.code;
      EXPECT_THAT(f.source, Not(HasSubstr(detail))) << f.code;
    }
  }
}

TEST(EmployerViewTest, EveryCoreRuleHasAPublicReason) {
  model::Vacancy v = CleanVacancy();
  v.title = "Typing job";
  v.description =
      "High salary, 12 hours a day, in Thailand via Myawaddy. Deposit required. We keep your "
      "passport. Travel cost is repaid from your wages. Housing is deducted from wages. Casino "
      "bonus. Telegram only. You cannot leave the compound and must hand over your phone. If you "
      "quit early you pay a penalty. In debt? We pay your debt. Age 14+. Or marry a Chinese "
      "husband. KTV hostess wanted.";
  v.work_abroad = true;
  v.required_skills.clear();
  v.wage.amount = 3000;
  v.district.clear();
  model::Employer e = Unverified();
  e.registration_number.reset();
  const auto full = ScreenIn(v, e);
  const auto shown = EmployerView(full);
  EXPECT_EQ(shown.flags.size(), 22u) << ::testing::PrintToString(Codes(full));
  for (const auto& f : shown.flags) {
    EXPECT_FALSE(f.reason.empty()) << f.code;
    EXPECT_FALSE(f.source.empty()) << f.code;
  }
}

}  // namespace
}  // namespace homeward::screening
