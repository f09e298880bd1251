#include "internal/generator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/reference/exchange_rates.h"
#include "homeward/screening/screening.h"
#include "internal/names.h"

namespace homeward::demo {
namespace internal {
namespace {

// What sets the eight programme provinces apart in the demo: where people come from (origin
// provinces of migration are heavier), where employers are, wage level against the national
// average, and which sectors hire there.
struct ProvinceProfile {
  std::string_view code;
  int people_weight;
  int employer_weight;
  double wage_factor;
  std::vector<std::pair<std::string_view, int>> sectors;
  double thai_speakers;    // share of people who speak Thai (border provinces)
  double prior_migration;  // share of people who have migrated for work before
};

const std::vector<ProvinceProfile>& Profiles() {
  static const std::vector<ProvinceProfile> kProfiles = {
      {"KH-12",
       10,
       30,
       1.12,
       {{"garment", 22},
        {"manufacturing", 12},
        {"services", 12},
        {"retail", 12},
        {"hospitality", 12},
        {"construction", 10},
        {"transport", 6},
        {"ict", 4},
        {"security", 4},
        {"domestic", 3},
        {"care", 3}},
       0.04,
       0.10},
      {"KH-14",
       18,
       8,
       0.90,
       {{"agriculture", 40},
        {"garment", 20},
        {"retail", 15},
        {"construction", 10},
        {"trades", 8},
        {"services", 7}},
       0.06,
       0.30},
      {"KH-3",
       17,
       10,
       0.93,
       {{"agriculture", 32},
        {"garment", 20},
        {"manufacturing", 15},
        {"retail", 13},
        {"construction", 10},
        {"trades", 10}},
       0.05,
       0.25},
      {"KH-9",
       7,
       8,
       0.98,
       {{"aquaculture", 30},
        {"agriculture", 20},
        {"hospitality", 18},
        {"tourism", 14},
        {"construction", 10},
        {"transport", 8}},
       0.20,
       0.20},
      {"KH-18",
       7,
       12,
       1.08,
       {{"hospitality", 25},
        {"construction", 20},
        {"tourism", 15},
        {"aquaculture", 12},
        {"transport", 12},
        {"manufacturing", 10},
        {"security", 6}},
       0.05,
       0.12},
      {"KH-2",
       14,
       10,
       0.95,
       {{"agriculture", 38},
        {"manufacturing", 15},
        {"retail", 15},
        {"trades", 12},
        {"transport", 10},
        {"hospitality", 10}},
       0.25,
       0.35},
      {"KH-17",
       13,
       12,
       1.00,
       {{"tourism", 22},
        {"hospitality", 28},
        {"retail", 15},
        {"agriculture", 15},
        {"trades", 12},
        {"care", 8}},
       0.08,
       0.20},
      {"KH-1",
       14,
       10,
       0.97,
       {{"transport", 18},
        {"retail", 18},
        {"agriculture", 20},
        {"hospitality", 12},
        {"garment", 14},
        {"services", 10},
        {"trades", 8}},
       0.35,
       0.40},
  };
  return kProfiles;
}

const ProvinceProfile& ProfileOf(std::string_view code) {
  for (const auto& profile : Profiles()) {
    if (profile.code == code) return profile;
  }
  return Profiles().front();
}

const ProvinceProfile& PickProfile(Random& random, int ProvinceProfile::*weight) {
  std::vector<int> weights;
  for (const auto& profile : Profiles()) weights.push_back(profile.*weight);
  return Profiles()[random.Weighted(weights)];
}

std::string_view PickSector(Random& random, const ProvinceProfile& profile) {
  std::vector<int> weights;
  for (const auto& [sector, weight] : profile.sectors) weights.push_back(weight);
  return profile.sectors[random.Weighted(weights)].first;
}

// Typical monthly pay for a plain worker of each sector, USD (the garment minimum wage is the
// national anchor: 208 USD in 2025).
std::pair<double, double> SectorPay(std::string_view sector) {
  static const std::vector<std::pair<std::string_view, std::pair<double, double>>> kPay = {
      {"garment", {208, 270}},     {"manufacturing", {200, 280}}, {"construction", {230, 340}},
      {"agriculture", {140, 220}}, {"aquaculture", {160, 250}},   {"hospitality", {170, 270}},
      {"tourism", {190, 330}},     {"retail", {150, 240}},        {"services", {170, 300}},
      {"transport", {220, 360}},   {"trades", {220, 360}},        {"care", {170, 260}},
      {"domestic", {120, 200}},    {"security", {170, 240}},      {"ict", {280, 460}},
  };
  for (const auto& [name, pay] : kPay) {
    if (name == sector) return pay;
  }
  return {180, 260};
}

// Pay relative to a plain worker by ISCO-08 major group (1 managers ... 9 elementary).
double SkillFactor(int major) {
  static constexpr double kFactors[] = {1.0, 2.2, 1.8, 1.5, 1.15, 1.0, 0.95, 1.1, 1.05, 0.92};
  return major >= 0 && major <= 9 ? kFactors[major] : 1.0;
}

// `value` to the nearest multiple of `step`; for steps below one, the result is the double
// nearest to the decimal (10.6817, not 10.681700000000001).
double RoundTo(double value, double step) {
  if (step >= 1) return std::floor(value / step + 0.5) * step;
  const double per_unit = std::floor(1 / step + 0.5);
  return std::floor(value * per_unit + 0.5) / per_unit;
}

model::GeoPoint Near(const model::GeoPoint& centre, double spread, Random& random) {
  return {RoundTo(centre.lat + random.Uniform(-spread, spread), 0.0001),
          RoundTo(centre.lon + random.Uniform(-spread, spread), 0.0001)};
}

const reference::District& PickDistrict(const reference::Province& province, Random& random) {
  return random.Pick(province.districts);
}

std::string PhoneNumber(Random& random) {
  static const std::vector<std::string_view> kPrefixes = {"12", "15", "16", "17", "77", "78",
                                                          "85", "89", "92", "96", "97", "98"};
  std::string phone = "+855 " + std::string(random.Pick(kPrefixes)) + " ";
  phone += std::to_string(random.Between(100, 999)) + " ";
  phone += std::to_string(random.Between(100, 999));
  return phone;
}

// A list of names of any length, so that lists can be chosen between.
struct Names {
  const Name* first;
  size_t size;
};

template <size_t N>
constexpr Names All(const Name (&names)[N]) {
  return {names, N};
}

const Name& PickName(Random& random, Names names) {
  return names.first[random.Between(0, static_cast<int64_t>(names.size) - 1)];
}

std::string Lowercase(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

std::string Singular(std::string word) {
  if (word.size() > 3 && word.compare(word.size() - 3, 3, "ies") == 0) {
    word.replace(word.size() - 3, 3, "y");
  } else if (word.size() > 1 && word.back() == 's' && word[word.size() - 2] != 's') {
    word.pop_back();
  }
  return word;
}

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "launderers", "operators", "beauticians": the plural nouns ISCO titles join with "and".
bool IsPluralNoun(const std::string& word) {
  for (std::string_view suffix : {"ers", "ors", "ians", "ants", "ists"}) {
    if (EndsWith(word, suffix)) return true;
  }
  return false;
}

// ISCO titles name groups of people, a vacancy names one post: "Sewing machine operators" ->
// "Sewing machine operator", "Tailors, dressmakers, furriers and hatters" -> "Tailor",
// "Hand launderers and pressers" -> "Hand launderer and presser".
std::string PostTitle(const std::string& group_title) {
  std::string title = group_title;
  const size_t comma = title.find(',');
  if (comma != std::string::npos && title[comma - 1] == 's') title.resize(comma);
  title = title.substr(0, title.find(" in "));
  title = title.substr(0, title.find(" ("));
  std::string out;
  size_t start = 0;
  while (start <= title.size()) {
    size_t end = title.find(' ', start);
    if (end == std::string::npos) end = title.size();
    std::string word = title.substr(start, end - start);
    const bool last = end == title.size();
    const bool before_and = !last && title.compare(end, 5, " and ") == 0;
    if (last || (before_and && IsPluralNoun(word))) {
      word = Singular(word);
    }
    out += (out.empty() ? "" : " ") + word;
    start = end + 1;
  }
  return out;
}

// "fixed_term" -> "Fixed term".
std::string Readable(std::string code) {
  std::replace(code.begin(), code.end(), '_', ' ');
  if (!code.empty() && code[0] >= 'a' && code[0] <= 'z') code[0] = static_cast<char>(code[0] - 32);
  return code;
}

std::vector<std::string> SectorBenefits(std::string_view sector, Random& random) {
  std::vector<std::string> benefits;
  if (random.Chance(0.6)) benefits.push_back("nssf");  // National Social Security Fund
  if (sector == "hospitality" || sector == "tourism" || random.Chance(0.25)) {
    benefits.push_back("meals");
  }
  if (sector == "garment" || sector == "manufacturing" || random.Chance(0.15)) {
    benefits.push_back("transport");
  }
  if (sector == "garment" && random.Chance(0.3)) benefits.push_back("childcare");
  if ((sector == "agriculture" || sector == "aquaculture" || sector == "construction") &&
      random.Chance(0.4)) {
    benefits.push_back("housing");
  }
  if (random.Chance(0.2)) benefits.push_back("attendance_bonus");
  return benefits;
}

model::Contract SectorContract(std::string_view sector, Random& random) {
  if (sector == "agriculture" || sector == "aquaculture") {
    return random.Chance(0.6) ? model::Contract::kSeasonal : model::Contract::kDaily;
  }
  if (sector == "construction") {
    return random.Chance(0.5) ? model::Contract::kDaily : model::Contract::kFixedTerm;
  }
  if (sector == "tourism" && random.Chance(0.3)) return model::Contract::kSeasonal;
  return random.Chance(0.65) ? model::Contract::kPermanent : model::Contract::kFixedTerm;
}

// An amount in `currency` at the shipped default rate (the demo must not depend on the rates an
// admin has put in force), rounded to `step` of that currency.
double FromUsd(double usd, std::string_view currency, double step) {
  return RoundTo(reference::DefaultExchangeRates().FromUsd(usd, currency).value_or(0), step);
}

// "36,500 riel a day", "15,000 baht a month", "7.25 USD a day".
std::string DescribePay(const model::Money& pay) {
  const int64_t whole = static_cast<int64_t>(pay.amount);
  std::string text = std::to_string(whole);
  if (pay.currency != "USD") {
    for (int at = static_cast<int>(text.size()) - 3; at > 0; at -= 3) {
      text.insert(static_cast<size_t>(at), ",");
    }
    return text + (pay.currency == "KHR" ? " riel a " : " baht a ") + model::ToString(pay.period);
  }
  const int64_t cents =
      static_cast<int64_t>(RoundTo((pay.amount - std::floor(pay.amount)) * 100, 1));
  if (cents != 0) text += "." + std::string(cents < 10 ? "0" : "") + std::to_string(cents);
  return text + " USD a " + model::ToString(pay.period);
}

// Adds a skill, or raises its level when the person already has it.
void AddSkill(model::Individual& person, const std::string& code, int level) {
  for (model::SkillLevel& held : person.skills) {
    if (held.code == code) {
      held.level = std::max(held.level, level);
      return;
    }
  }
  person.skills.push_back({code, level});
}

// A day of the history, the first draw of a past record's stream: between `latest` and
// kHistoryDays days before `today`.
Date PastDay(Random& random, const Date& today, int latest) {
  return Date::FromDays(today.DaysSinceEpoch() - random.Between(latest, kHistoryDays));
}

}  // namespace

model::Employer RecordMaker::MakeEmployer(int64_t index, bool* front) const {
  Random random = StreamFor(Stream::kEmployer, index);
  model::Employer employer;
  // About one employer in forty is a front for traffickers: no registration, a chat handle for
  // a contact, recruiting for "easy jobs" in the casino and scam-compound towns.
  *front = random.Chance(0.025);
  const Name& word = PickName(random, All(kBusinessWords));
  if (*front) {
    static const std::vector<std::string_view> kTowns = {"KH-18", "KH-1", "KH-9", "KH-12"};
    employer.province = std::string(random.Pick(kTowns));
    static const std::vector<std::string_view> kFronts = {"Recruitment Agency", "Online Services",
                                                          "International Jobs", "Easy Work Co."};
    employer.name = std::string(word.latin) + " " + std::string(random.Pick(kFronts));
    employer.sector = "services";
    employer.contact.chat =
        "@" + Lowercase(word.latin) + "_jobs" + std::to_string(random.Between(10, 999));
    if (random.Chance(0.5)) employer.contact.phone = PhoneNumber(random);
    return employer;
  }

  const ProvinceProfile& profile = PickProfile(random, &ProvinceProfile::employer_weight);
  employer.province = std::string(profile.code);
  employer.sector = std::string(PickSector(random, profile));
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kKinds = {
      {"garment", {"Garment Co., Ltd.", "Apparel Factory", "Textile Co., Ltd."}},
      {"manufacturing", {"Food Processing", "Packaging Co., Ltd.", "Rice Mill", "Industries"}},
      {"construction", {"Construction Co., Ltd.", "Builders", "Engineering & Construction"}},
      {"agriculture", {"Agricultural Cooperative", "Cassava Farm", "Pepper Farm", "Rice Farm"}},
      {"aquaculture", {"Fish Farm", "Seafood Co., Ltd.", "Fishing Cooperative"}},
      {"hospitality", {"Hotel", "Guesthouse", "Restaurant", "Resort"}},
      {"tourism", {"Travel & Tours", "Boat Tours", "Heritage Tours"}},
      {"retail", {"Mart", "Minimart", "Trading", "Phone Shop"}},
      {"services", {"Services", "Laundry", "Beauty Salon", "Microfinance"}},
      {"transport", {"Logistics", "Transport Co., Ltd.", "Express Delivery"}},
      {"trades", {"Motor Repair", "Furniture Workshop", "Electrical Services"}},
      {"care", {"Care Centre", "Clinic", "Kindergarten"}},
      {"domestic", {"Household Services", "Cleaning Services"}},
      {"security", {"Security Services", "Guard Services"}},
      {"ict", {"IT Solutions", "Digital Services"}},
  };
  std::string kind = "Enterprise";
  for (const auto& [sector, kinds] : kKinds) {
    if (sector == employer.sector) kind = std::string(random.Pick(kinds));
  }
  // Small local businesses often go by a Khmer name.
  if (random.Chance(0.2)) {
    employer.name = "ហាង " + std::string(word.khmer) + " " + std::to_string(random.Between(1, 99));
  } else {
    employer.name = std::string(word.latin) + " " + kind;
  }
  if (random.Chance(0.85)) {
    employer.registration_number = "MOC-" + std::to_string(random.Between(10000000, 99999999));
  }
  const Name& person =
      PickName(random, random.Chance(0.5) ? All(kFemaleGivenNames) : All(kMaleGivenNames));
  const Name& family = PickName(random, All(kFamilyNames));
  employer.contact.person = std::string(family.latin) + " " + std::string(person.latin);
  employer.contact.phone = PhoneNumber(random);
  if (random.Chance(0.5)) {
    employer.contact.email =
        "hr" + std::to_string(random.Between(1, 999)) + "@" + Lowercase(word.latin) + ".com.kh";
  }
  const reference::Province* province = catalogue_.FindProvince(employer.province);
  if (province != nullptr && !province->districts.empty()) {
    employer.contact.address = PickDistrict(*province, random).name_en + ", " + province->name_en;
  }
  // In a running programme an admin verifies an employer before most of its vacancies are
  // posted; the few not yet verified are held for review with all their vacancies.
  employer.verified = random.Chance(0.95);
  return employer;
}

std::vector<int> RecordMaker::VacancyCounts(int64_t employers, int64_t vacancies,
                                            Stream stream) const {
  std::vector<int> counts;
  counts.reserve(static_cast<size_t>(employers));
  int64_t left = vacancies;
  for (int64_t i = 0; i < employers; ++i) {
    const int64_t employers_left = employers - i;
    if (employers_left == 1) {
      counts.push_back(static_cast<int>(left));
      break;
    }
    Random random = StreamFor(stream, i);
    const int64_t mean = left / employers_left;
    // Most employers post a few vacancies, some many; the sum stays exact.
    int64_t count = random.Between(std::max<int64_t>(0, mean / 3), mean + mean / 2 + 1);
    count = std::clamp<int64_t>(count, 0, left);
    counts.push_back(static_cast<int>(count));
    left -= count;
  }
  return counts;
}

double RecordMaker::MonthlyWage(const std::string& sector, const std::string& province, int major,
                                Random& random) const {
  const auto [low, high] = SectorPay(sector);
  return random.Uniform(low, high) * SkillFactor(major) * ProfileOf(province).wage_factor;
}

model::Vacancy RecordMaker::MakeVacancy(const model::Employer& employer, bool front,
                                        int64_t index) const {
  Random random = StreamFor(Stream::kVacancy, index);
  return MakeVacancy(employer, front, random, options_.today);
}

model::Vacancy RecordMaker::MakePastVacancy(const model::Employer& employer, bool front,
                                            int64_t index) const {
  Random random = StreamFor(Stream::kPastVacancy, index);
  const Date posted = PastDay(random, options_.today, 20);
  return MakeVacancy(employer, front, random, posted);
}

model::Vacancy RecordMaker::MakeVacancy(const model::Employer& employer, bool front, Random& random,
                                        const Date& as_of) const {
  if (front) return MakeLure(employer, random, as_of);

  model::Vacancy vacancy;
  vacancy.sector = employer.sector;
  const std::vector<Occupation>& occupations = catalogue_.OccupationsIn(employer.sector);
  const Occupation& occupation =
      occupations.empty() ? *catalogue_.FindOccupation("9329") : random.Pick(occupations);
  vacancy.occupation = occupation.group->code;
  const bool khmer_title = random.Chance(0.3) && !occupation.group->title_km.empty();
  vacancy.title = khmer_title ? occupation.group->title_km : PostTitle(occupation.group->title_en);
  vacancy.province = random.Chance(0.9)
                         ? employer.province
                         : std::string(PickProfile(random, &ProvinceProfile::employer_weight).code);
  if (const reference::Province* province = catalogue_.FindProvince(vacancy.province)) {
    const reference::District& district = PickDistrict(*province, random);
    vacancy.district = district.name_en;
    vacancy.location = Near(district.centroid, 0.03, random);
  }
  vacancy.slots =
      static_cast<int>(random.Chance(0.7) ? random.Between(1, 5) : random.Between(6, 60));
  vacancy.contract = SectorContract(vacancy.sector, random);

  double monthly = MonthlyWage(vacancy.sector, vacancy.province, occupation.major(), random);
  // Employers in the garment, footwear and travel-goods sector pay at least the legal minimum.
  if (const auto minimum = screening::LegalMinimumWageFor(vacancy, as_of)) {
    monthly = std::max(monthly, minimum->monthly_usd);
  }
  if (vacancy.contract == model::Contract::kDaily &&
      (vacancy.sector == "agriculture" || vacancy.sector == "construction")) {
    // Day labour on farms and building sites is agreed and paid in riel, to the 500.
    vacancy.wage = {FromUsd(monthly / 26.0, "KHR", 500), "KHR", model::MoneyPeriod::kDay};
  } else if (vacancy.contract == model::Contract::kDaily) {
    vacancy.wage = {RoundTo(monthly / 26.0, 0.25), "USD", model::MoneyPeriod::kDay};
  } else {
    vacancy.wage = {RoundTo(monthly, 5), "USD", model::MoneyPeriod::kMonth};
  }
  vacancy.hours_per_week =
      static_cast<double>(random.Pick(std::vector<int>{40, 44, 48, 48, 48, 54}));

  std::vector<const reference::Skill*> skills = occupation.skills;
  const int wanted = static_cast<int>(random.Between(0, 3));
  for (int i = 0; i < wanted && !skills.empty(); ++i) {
    const size_t pick =
        static_cast<size_t>(random.Between(0, static_cast<int64_t>(skills.size()) - 1));
    vacancy.required_skills.push_back(
        {skills[pick]->id, static_cast<int>(random.Between(1, occupation.major() <= 3 ? 4 : 3))});
    skills.erase(skills.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  const int min_age = static_cast<int>(random.Pick(std::vector<int>{16, 18, 18, 18}));
  vacancy.languages = {"km"};
  if ((vacancy.sector == "tourism" || vacancy.sector == "hospitality") && random.Chance(0.5)) {
    vacancy.languages.push_back("en");
  }
  if (vacancy.province == "KH-18" && random.Chance(0.25)) vacancy.languages.push_back("zh");
  vacancy.benefits = SectorBenefits(vacancy.sector, random);

  // A few honest-looking vacancies sit in the grey zone that screening should hold for a person
  // to look at: a "uniform fee" charged to the worker, or papers kept "for safekeeping".
  if (random.Chance(0.02)) {
    vacancy.worker_fees = {static_cast<double>(random.Between(5, 40)), "USD",
                           model::MoneyPeriod::kMonth};
  } else if (random.Chance(0.01)) {
    vacancy.employer_holds_documents = true;
  }
  const int64_t today = as_of.DaysSinceEpoch();
  vacancy.starts_on = Date::FromDays(today + random.Between(0, 60));
  vacancy.closes_on = Date::FromDays(today + random.Between(14, 90));

  const std::string place = vacancy.district.empty() ? vacancy.province : vacancy.district;
  vacancy.description = employer.name + " is hiring: " + PostTitle(occupation.group->title_en) +
                        " (" + std::to_string(vacancy.slots) +
                        (vacancy.slots > 1 ? " places" : " place") + ") in " + place + ". " +
                        Readable(model::ToString(vacancy.contract)) + " contract, " +
                        DescribePay(vacancy.wage) + ", " +
                        std::to_string(static_cast<int>(vacancy.hours_per_week)) + " hours a week.";
  // Hazardous work (by occupation, sector or workplace) is for adults only, as the law says.
  vacancy.min_age = screening::IsHazardousWork(vacancy) ? 18 : min_age;
  return vacancy;
}

model::Vacancy RecordMaker::MakeLure(const model::Employer& employer, Random& random,
                                     const Date& as_of) const {
  // Modelled on the lures counter-trafficking workers describe: high pay for no experience,
  // free travel, typing or customer-service work in a casino town or across the border, bring
  // your passport, a fee "for the visa" taken from the first wages.
  static const std::vector<std::pair<std::string_view, std::string_view>> kJobs = {
      {"4222", "Customer service staff, online"}, {"4132", "Typing job, no experience"},
      {"5244", "Online sales, high commission"},  {"5131", "Waitress, casino restaurant"},
      {"9112", "Hotel cleaner, abroad"},
  };
  static const std::vector<std::string_view> kPlaces = {
      "Sihanoukville", "Bavet", "Poipet", "Bangkok", "Kuala Lumpur", "Myawaddy"};
  const auto& [occupation, title] = random.Pick(kJobs);
  const std::string_view place = random.Pick(kPlaces);
  model::Vacancy lure;
  lure.title = std::string(title);
  lure.occupation = std::string(occupation);
  lure.sector = "services";
  lure.province = employer.province;
  lure.slots = static_cast<int>(random.Between(10, 100));
  lure.wage = {RoundTo(random.Uniform(800, 1500), 50), "USD", model::MoneyPeriod::kMonth};
  // Brokers for Thailand quote the pay in baht.
  if (place == "Bangkok") {
    lure.wage = {FromUsd(lure.wage.amount, "THB", 1000), "THB", model::MoneyPeriod::kMonth};
  }
  lure.hours_per_week = 48;
  lure.contract = model::Contract::kFixedTerm;
  lure.min_age = 16;
  lure.languages = {"km"};
  lure.benefits = {"housing", "meals", "transport"};
  lure.worker_fees = {RoundTo(random.Uniform(150, 600), 10), "USD", model::MoneyPeriod::kMonth};
  lure.employer_holds_documents = random.Chance(0.7);
  lure.work_abroad = place == "Bangkok" || place == "Kuala Lumpur" || place == "Myawaddy";
  const int64_t today = as_of.DaysSinceEpoch();
  lure.starts_on = Date::FromDays(today + random.Between(1, 10));
  lure.closes_on = Date::FromDays(today + random.Between(5, 20));
  lure.description = "High salary " + DescribePay(lure.wage) +
                     ", no experience needed! Free travel and accommodation. Easy "
                     "work in " +
                     std::string(place) + ". Bring your passport and ID card. " +
                     "Visa and processing fee " +
                     std::to_string(static_cast<int>(lure.worker_fees.amount)) +
                     "$, deducted from your first salary. Contact us on Telegram " +
                     employer.contact.chat.value_or("") + ".";
  return lure;
}

std::vector<model::Programme> RecordMaker::MakeProgrammes(const reference::Province& province,
                                                          int64_t index) const {
  Random random = StreamFor(Stream::kProgramme, index);
  return MakeProgrammes(province, random, options_.today);
}

std::vector<model::Programme> RecordMaker::MakePastProgrammes(const reference::Province& province,
                                                              int64_t index, int round) const {
  Random random = StreamFor(Stream::kPastProgramme, index * kProgrammeRounds + round - 1);
  const Date announced =
      Date::FromDays(options_.today.DaysSinceEpoch() - int64_t{round} * kProgrammeRoundDays);
  return MakeProgrammes(province, random, announced);
}

std::vector<model::Programme> RecordMaker::MakeProgrammes(const reference::Province& province,
                                                          Random& random, const Date& as_of) const {
  using K = model::ProgrammeKind;
  const auto khr = [](double amount, model::MoneyPeriod period = model::MoneyPeriod::kMonth) {
    return model::Money{amount, "KHR", period};
  };
  // Every figure below is an illustration for the demo, and says so where it is shown.
  const std::string source =
      "Homeward demo data: an illustrative figure, not a measured result (docs/demo-data.md)";
  struct Spec {
    K kind;
    const char* provider;
    const char* title;
    const char* description;
    model::Money support;
    model::Money gain;
  };
  const std::vector<Spec> specs = {
      {K::kSelfEmploymentGrant, "Provincial Women's Enterprise Fund",
       "Start-up grant for a small "
       "business",
       "A grant in kind (tools, stock) with six coaching visits.", model::UsdPerMonth(300),
       model::UsdPerMonth(45)},
      {K::kSelfEmploymentGrant, "Survivor Reintegration Partnership",
       "Reintegration grant for "
       "survivors",
       "A start-up grant, business coaching and case follow-up for survivors.",
       model::UsdPerMonth(400), model::UsdPerMonth(50)},
      {K::kAgriculturalInputs, "Provincial Department of Agriculture, Forestry and Fisheries",
       "Seeds, fertiliser and drip irrigation for the dry season",
       "Inputs for a quarter hectare with extension visits.", khr(600000), khr(120000)},
      {K::kSavingsGroup, "Community Savings Network", "Women's savings group",
       "Weekly savings and small loans among 15-25 members, with financial literacy sessions.",
       model::UsdPerMonth(0), model::UsdPerMonth(10)},
      {K::kCashForWork, "Provincial Department of Rural Development",
       "Cash-for-work: rural road and canal repair",
       "Paid days on community works in the lean "
       "season.",
       khr(40000, model::MoneyPeriod::kDay), khr(600000)},
      {K::kApprenticeship, "Provincial Apprenticeship Scheme",
       "Apprenticeship with a local "
       "workshop",
       "Six months with a mechanic, tailor or hairdresser, with a monthly stipend.",
       model::UsdPerMonth(40), model::UsdPerMonth(80)},
  };
  static_assert(kProgrammesPerProvince == 6, "one programme per spec below");
  std::vector<model::Programme> out;
  for (const Spec& spec : specs) {
    model::Programme p;
    p.kind = spec.kind;
    p.provider = std::string(spec.provider) + " " + province.name_en;
    p.title = spec.title;
    p.description = spec.description;
    p.province = province.code;
    if (!province.districts.empty() && spec.kind != K::kSavingsGroup) {
      const reference::District& district = PickDistrict(province, random);
      p.districts = {district.name_en};
      p.location = Near(district.centroid, 0.02, random);
    }
    p.seats = static_cast<int>(random.Between(10, 60));
    const int64_t start = as_of.DaysSinceEpoch() + random.Between(7, 60);
    p.starts_on = Date::FromDays(start);
    p.ends_on = Date::FromDays(start + random.Between(90, 365));
    p.support = spec.support;
    p.expected_income_gain = model::SourcedMoney{spec.gain, source};
    model::ProgrammeEligibility& e = p.eligibility;
    switch (spec.kind) {
      case K::kSelfEmploymentGrant:
        e.min_age = 18;
        e.max_age = 55;
        e.idpoor_levels = {1, 2};
        e.survivors_only = out.size() == 1;
        if (e.survivors_only) e.idpoor_levels.clear();
        break;
      case K::kAgriculturalInputs:
        e.idpoor_levels = {1, 2};
        e.min_age = 18;
        break;
      case K::kSavingsGroup:
        e.sexes = {model::Sex::kFemale};
        e.min_age = 18;
        break;
      case K::kCashForWork:
        e.min_age = 18;
        e.max_age = 60;
        e.max_monthly_income_per_head = khr(300000);
        break;
      case K::kApprenticeship:
        e.min_age = 15;
        e.max_age = 30;
        break;
      default:
        break;
    }
    out.push_back(std::move(p));
  }
  return out;
}

model::Training RecordMaker::MakeTraining(int64_t index) const {
  Random random = StreamFor(Stream::kTraining, index);
  return MakeTraining(random, options_.today);
}

model::Training RecordMaker::MakePastTraining(int64_t index) const {
  Random random = StreamFor(Stream::kPastTraining, index);
  const Date announced = PastDay(random, options_.today, 30);
  return MakeTraining(random, announced);
}

model::Training RecordMaker::MakeTraining(Random& random, const Date& as_of) const {
  model::Training training;
  const ProvinceProfile& profile = PickProfile(random, &ProvinceProfile::employer_weight);
  const reference::Province* province = catalogue_.FindProvince(profile.code);
  training.province = std::string(profile.code);
  const std::string sector(PickSector(random, profile));

  static const std::vector<std::string_view> kProviders = {
      "Provincial Training Centre",   "Women's Vocational Centre",
      "Community Skills Centre",      "Technical and Vocational Institute",
      "Youth Livelihood Programme",   "Hospitality Training School",
      "Agricultural Extension Office"};
  const std::string_view provider = random.Pick(kProviders);
  training.provider = std::string(provider) + (province ? " " + province->name_en : "");

  std::vector<const reference::Skill*> skills = catalogue_.SkillsIn(sector);
  if (skills.empty()) skills = catalogue_.SkillsIn("core");
  const int64_t taught = random.Between(1, 3);
  for (int64_t i = 0; i < taught && !skills.empty(); ++i) {
    const size_t pick =
        static_cast<size_t>(random.Between(0, static_cast<int64_t>(skills.size()) - 1));
    const reference::Skill* skill = skills[pick];
    skills.erase(skills.begin() + static_cast<std::ptrdiff_t>(pick));
    training.skills_taught.push_back({skill->id, static_cast<int>(random.Between(2, 3))});
    for (const std::string& code : skill->isco) {
      if (training.leads_to.size() < 4 &&
          std::find(training.leads_to.begin(), training.leads_to.end(), code) ==
              training.leads_to.end()) {
        training.leads_to.push_back(code);
      }
    }
    if (i == 0) {
      const bool khmer = random.Chance(0.3) && !skill->label_km.empty();
      training.title = khmer ? "វគ្គបណ្ដុះបណ្ដាល " + skill->label_km : skill->label_en + " course";
    }
  }
  if (training.title.empty()) training.title = "Work readiness course";
  if (province != nullptr && !province->districts.empty()) {
    const reference::District& district = PickDistrict(*province, random);
    training.district = district.name_en;
    training.location = Near(district.centroid, 0.02, random);
  }
  training.seats = static_cast<int>(random.Between(10, 40));
  const int64_t start = as_of.DaysSinceEpoch() + random.Between(7, 90);
  training.starts_on = Date::FromDays(start);
  training.ends_on = Date::FromDays(start + random.Between(14, 180));
  // Most courses for this population are free; some pay a stipend so that people can afford
  // to attend instead of migrating for work.
  if (random.Chance(0.3))
    training.cost = {RoundTo(random.Uniform(20, 200), 5), "USD", model::MoneyPeriod::kMonth};
  if (random.Chance(0.4))
    training.stipend = {RoundTo(random.Uniform(30, 80), 5), "USD", model::MoneyPeriod::kMonth};
  return training;
}

model::Individual RecordMaker::MakeIndividual(int64_t index) const {
  Random random = StreamFor(Stream::kIndividual, index);
  model::Individual person;
  const ProvinceProfile& profile = PickProfile(random, &ProvinceProfile::people_weight);
  person.province = std::string(profile.code);

  const size_t sex = random.Weighted({62, 36, 2});
  person.sex = sex == 0 ? model::Sex::kFemale : sex == 1 ? model::Sex::kMale : model::Sex::kOther;
  // People of another sex get a name from either list.
  const bool female_name =
      person.sex == model::Sex::kFemale || (person.sex == model::Sex::kOther && random.Chance(0.5));
  const Name& given = PickName(random, female_name ? All(kFemaleGivenNames) : All(kMaleGivenNames));
  const Name& family = PickName(random, All(kFamilyNames));
  const bool khmer = random.Chance(0.6);
  person.given_name = std::string(khmer ? given.khmer : given.latin);
  person.family_name = std::string(khmer ? family.khmer : family.latin);

  // Ages 16 to 45, most of them young adults.
  const int age =
      static_cast<int>(random.Chance(0.7) ? random.Between(18, 30) : random.Between(16, 45));
  const int64_t birthday = options_.today.DaysSinceEpoch() - age * 365 - random.Between(0, 364);
  person.birth_date = Date::FromDays(birthday);

  if (const reference::Province* province = catalogue_.FindProvince(person.province)) {
    const reference::District& district = PickDistrict(*province, random);
    person.district = district.name_en;
    person.location = Near(district.centroid, 0.04, random);
  }
  person.languages = {"km"};
  if (random.Chance(0.15)) person.languages.push_back("en");
  if (random.Chance(profile.thai_speakers)) person.languages.push_back("th");
  if (person.province == "KH-14" && random.Chance(0.08)) person.languages.push_back("vi");

  const size_t education = random.Weighted({12, 35, 28, 15, 6, 4});
  person.education = static_cast<model::Education>(education);

  // What they would like to do: mostly what their province offers.
  const int64_t wishes = random.Between(1, 3);
  for (int64_t i = 0; i < wishes; ++i) {
    const std::vector<Occupation>& occupations =
        catalogue_.OccupationsIn(PickSector(random, profile));
    if (occupations.empty()) continue;
    const Occupation& occupation = random.Pick(occupations);
    if (occupation.major() <= 3 && education < 3) continue;  // managers and technicians study
    auto& desired = person.desired_occupations;
    if (std::find(desired.begin(), desired.end(), occupation.group->code) != desired.end()) {
      continue;
    }
    desired.push_back(occupation.group->code);
    for (const reference::Skill* skill : occupation.skills) {
      if (random.Chance(0.4)) AddSkill(person, skill->id, static_cast<int>(random.Between(1, 4)));
    }
  }
  if (education >= 1) {
    AddSkill(person, "khmer_literacy", static_cast<int>(std::min<size_t>(5, education + 1)));
  }
  if (education >= 2 || random.Chance(0.5)) {
    AddSkill(person, "numeracy", static_cast<int>(random.Between(1, 3)));
  }
  for (const std::string& language : person.languages) {
    const char* skill = language == "en"   ? "english_basic"
                        : language == "th" ? "thai_basic"
                        : language == "vi" ? "vietnamese_basic"
                                           : nullptr;
    if (skill != nullptr) AddSkill(person, skill, static_cast<int>(random.Between(1, 3)));
  }
  person.max_commute_km =
      static_cast<double>(random.Pick(std::vector<int>{5, 10, 10, 15, 20, 30, 40}));

  // Household circumstances spread widely, so that vulnerability scores do too: large
  // households on little income, microfinance debt (a known push towards risky migration).
  person.household.size = static_cast<int>(random.Between(1, 9));
  person.household.dependents = static_cast<int>(random.Between(0, person.household.size - 1));
  person.household.monthly_income.amount = RoundTo(
      random.Uniform(40, 200) * (1 + 0.25 * (person.household.size - person.household.dependents)),
      5);
  if (random.Chance(0.45)) {
    person.household.debt.amount =
        RoundTo(random.Chance(0.7) ? random.Uniform(100, 2000) : random.Uniform(2000, 9000), 50);
  }
  person.prior_migration = random.Chance(profile.prior_migration);
  person.survivor = random.Chance(person.prior_migration ? 0.2 : 0.04);

  // Consent is recorded for most; without it the person is registered but never matched.
  if (random.Chance(0.92)) {
    person.consent.given = true;
    // Registered (consent recorded at intake) over the two years of history.
    person.consent.date = PastDay(random, options_.today, 0);
    person.consent.scope = {"matching", "referral"};
    if (random.Chance(0.6)) person.consent.scope.push_back("data_sharing_employer");
    // Aged 15-17, a parent agreed too (no random draw, so the rest of the data stays as it was).
    if (person.birth_date.YearsUntil(options_.today) < 18) {
      person.consent.guardian = model::Guardian{person.family_name, "parent", person.consent.date};
    }
  }
  // A few files are closed (the person moved on); everyone else is active. Who is placed comes
  // from the history, as a hire places a person (the draw stays, so the rest of the data does).
  const size_t status = random.Weighted({90, 7, 3});
  person.status = status == 2 ? model::IndividualStatus::kClosed : model::IndividualStatus::kActive;
  return person;
}

}  // namespace internal

Counts DemoOptions::Total() const {
  return {per_scale.individuals * scale, per_scale.employers * scale, per_scale.vacancies * scale,
          per_scale.trainings * scale};
}

Counts DemoOptions::Past() const {
  if (!history) return {0, 0, 0, 0};
  const Counts total = Total();
  return {0, 0, total.vacancies * 2 / 3, total.trainings / 2};
}

int64_t DemoOptions::PastProgrammes() const {
  if (!history) return 0;
  return kProgrammeRounds * kProgrammesPerProvince *
         static_cast<int64_t>(reference::ReferenceData::Builtin().provinces().size());
}

Status Generate(const DemoOptions& options, DemoSink& sink) {
  if (options.scale < 1) return Status::InvalidArgument("scale must be at least 1");
  const Counts total = options.Total();
  if (total.individuals < 0 || total.employers < 0 || total.vacancies < 0 || total.trainings < 0) {
    return Status::InvalidArgument("counts cannot be negative");
  }
  if (total.vacancies > 0 && total.employers == 0) {
    return Status::InvalidArgument("vacancies need at least one employer");
  }
  const internal::RecordMaker maker(options, internal::Catalogue::Get());

  const Counts past = options.Past();
  const std::vector<int> counts = maker.VacancyCounts(total.employers, total.vacancies);
  const std::vector<int> past_counts =
      total.employers == 0 ? std::vector<int>()
                           : maker.VacancyCounts(total.employers, past.vacancies,
                                                 internal::Stream::kPastVacancyCount);
  int64_t vacancy_index = 0;
  int64_t past_index = 0;
  for (int64_t e = 0; e < total.employers; ++e) {
    bool front = false;
    model::Employer employer = maker.MakeEmployer(e, &front);
    std::vector<model::Vacancy> vacancies;
    for (int v = 0; v < counts[static_cast<size_t>(e)]; ++v) {
      vacancies.push_back(maker.MakeVacancy(employer, front, vacancy_index++));
    }
    for (int v = 0; v < past_counts[static_cast<size_t>(e)]; ++v) {
      vacancies.push_back(maker.MakePastVacancy(employer, front, past_index++));
    }
    HW_RETURN_IF_ERROR(sink.OnEmployer(std::move(employer), std::move(vacancies), front));
  }
  for (int64_t t = 0; t < total.trainings; ++t) {
    HW_RETURN_IF_ERROR(sink.OnTraining(maker.MakeTraining(t)));
  }
  for (int64_t t = 0; t < past.trainings; ++t) {
    HW_RETURN_IF_ERROR(sink.OnTraining(maker.MakePastTraining(t)));
  }
  const std::vector<reference::Province>& provinces =
      reference::ReferenceData::Builtin().provinces();
  for (size_t p = 0; p < provinces.size(); ++p) {
    for (model::Programme& programme :
         maker.MakeProgrammes(provinces[p], static_cast<int64_t>(p))) {
      HW_RETURN_IF_ERROR(sink.OnProgramme(std::move(programme)));
    }
  }
  for (int round = 1; options.history && round <= kProgrammeRounds; ++round) {
    for (size_t p = 0; p < provinces.size(); ++p) {
      for (model::Programme& programme :
           maker.MakePastProgrammes(provinces[p], static_cast<int64_t>(p), round)) {
        HW_RETURN_IF_ERROR(sink.OnProgramme(std::move(programme)));
      }
    }
  }
  for (int64_t i = 0; i < total.individuals; ++i) {
    HW_RETURN_IF_ERROR(sink.OnIndividual(maker.MakeIndividual(i)));
  }
  return Status::Ok();
}

}  // namespace homeward::demo
