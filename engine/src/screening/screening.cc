#include "homeward/screening/screening.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "homeward/model/json.h"
#include "homeward/policy/national.h"
#include "homeward/reference/exchange_rates.h"
#include "homeward/reference/messages.h"
#include "homeward/reference/reference.h"
#include "homeward/screening/embedded_rules.h"
#include "internal/text.h"

namespace homeward::screening {
namespace {

using internal::ContainsAny;
using internal::FindPhrase;
using internal::Normalise;
using internal::Sentences;
using Phrases = std::vector<std::string>;

// Hours a day above which a stated figure is not read as hours ("25 hours" is not a day).
constexpr int kMaxLongDayHours = 24;
// Amounts up to this many USD a month are read as a monthly wage when the text gives no period.
constexpr double kSmallestMonthlyAmount = 100;
// How far before a fee term (bytes) an English negation still negates it.
constexpr size_t kNegationWindow = 25;
// How far before a fee term (bytes: six Khmer characters) a Khmer negation still negates it.
constexpr size_t kKhmerNegationWindow = 18;

struct FlagText {
  model::FlagSeverity severity = model::FlagSeverity::kInfo;
  std::string source;
  std::string reason;
  std::string public_reason;
};

// The rule data of engine/data/screening/rules.json, parsed once.
struct RuleData {
  std::map<std::string, FlagText, std::less<>> flags;
  std::string plugin_public_reason;
  Phrases fee, fee_bare, fee_bare_verb, fee_negation, fee_negation_km;
  Phrases identity_document, retention_verb;
  Phrases debt, repayment, withholding;
  Phrases deduction, cost_item;
  Phrases hours_text, chat_only, abroad;
  Phrases scam_job, scam_occupations, hub_provinces, hub_places, foreign_hubs;
  Phrases lure, no_experience, casino;
  Phrases no_day_off, restricted_movement, live_on_site, isolation, threats, leave_early, penalty;
  Phrases vulnerability, age_words, hazardous_sectors, hazardous_text, marriage, hostess;
  Phrases local_foreign, probation, benign;
  // Thresholds (engine/data/screening/rules.json "thresholds", each with its basis).
  double far_above_market_ratio = 0, far_below_market_ratio = 0, max_hours_per_week = 0;
  int long_day_hours = 0, minimum_working_age = 0, hazardous_work_age = 0;
  // The statutory minimum wage (engine/data/screening/legal-minimum-wage.json).
  Phrases minimum_wage_sectors, minimum_wage_occupations;
  std::string minimum_wage_occupation_sector;
  std::vector<LegalMinimumWage> minimum_wages;  // by effective date
};

double Threshold(const nlohmann::json& rules, const char* name) {
  return rules.at("thresholds").at(name).at("value").get<double>();
}

void ParseMinimumWage(const nlohmann::json& j, RuleData& d) {
  for (const auto& sector : j.at("sectors")) d.minimum_wage_sectors.push_back(sector);
  const auto& occupations = j.at("occupations");
  d.minimum_wage_occupation_sector = occupations.at("sector").get<std::string>();
  for (const auto& code : occupations.at("codes")) d.minimum_wage_occupations.push_back(code);
  for (const auto& rate : j.at("rates")) {
    const auto from = Date::Parse(rate.at("effective_from").get<std::string>());
    if (!from) throw std::invalid_argument("legal-minimum-wage.json: bad effective_from");
    d.minimum_wages.push_back({*from, rate.at("monthly_usd").get<double>(),
                               rate.at("probation_monthly_usd").get<double>(),
                               rate.at("source").get<std::string>()});
  }
  std::sort(d.minimum_wages.begin(), d.minimum_wages.end(),
            [](const LegalMinimumWage& a, const LegalMinimumWage& b) {
              return a.effective_from < b.effective_from;
            });
}

model::FlagSeverity SeverityFromString(const std::string& s) {
  if (s == "block") return model::FlagSeverity::kBlock;
  if (s == "review") return model::FlagSeverity::kReview;
  return model::FlagSeverity::kInfo;
}

RuleData ParseRuleData() {
  RuleData d;
  try {
    const auto j = nlohmann::json::parse(embedded::find("rules.json"));
    for (const auto& [code, f] : j.at("flags").items()) {
      d.flags[code] = FlagText{SeverityFromString(f.at("severity").get<std::string>()),
                               f.at("source").get<std::string>(), f.at("reason").get<std::string>(),
                               f.at("public_reason").get<std::string>()};
    }
    d.plugin_public_reason = j.at("plugin_public_reason").get<std::string>();
    const auto& p = j.at("phrases");
    auto list = [&](const char* name, Phrases& out) {
      for (const auto& phrase : p.at(name)) out.push_back(Normalise(phrase.get<std::string>()));
    };
    // A line per phrase list of the dictionary, all alike: each list is its own field of `d`.
    list("fee", d.fee);
    list("fee_bare", d.fee_bare);
    list("fee_bare_verb", d.fee_bare_verb);
    list("fee_negation", d.fee_negation);
    list("fee_negation_km", d.fee_negation_km);
    list("identity_document", d.identity_document);
    list("retention_verb", d.retention_verb);
    list("debt", d.debt);
    list("repayment", d.repayment);
    list("withholding", d.withholding);
    list("deduction", d.deduction);
    list("cost_item", d.cost_item);
    list("hours_text", d.hours_text);
    list("chat_only", d.chat_only);
    list("abroad", d.abroad);
    list("scam_job", d.scam_job);
    // Occupation codes and province ids are compared verbatim, not as text.
    for (const auto& code : p.at("scam_occupations")) d.scam_occupations.push_back(code);
    for (const auto& code : p.at("hub_provinces")) d.hub_provinces.push_back(code);
    list("hub_places", d.hub_places);
    list("foreign_hubs", d.foreign_hubs);
    list("lure", d.lure);
    list("no_experience", d.no_experience);
    list("casino", d.casino);
    list("no_day_off", d.no_day_off);
    list("restricted_movement", d.restricted_movement);
    list("live_on_site", d.live_on_site);
    list("isolation", d.isolation);
    list("threats", d.threats);
    list("leave_early", d.leave_early);
    list("penalty", d.penalty);
    list("vulnerability", d.vulnerability);
    list("age_words", d.age_words);
    for (const auto& sector : p.at("hazardous_sectors")) d.hazardous_sectors.push_back(sector);
    list("hazardous_text", d.hazardous_text);
    list("marriage", d.marriage);
    list("hostess", d.hostess);
    list("local_foreign", d.local_foreign);
    list("probation", d.probation);
    list("benign", d.benign);
    d.far_above_market_ratio = Threshold(j, "far_above_market_ratio");
    d.far_below_market_ratio = Threshold(j, "far_below_market_ratio");
    d.max_hours_per_week = Threshold(j, "max_hours_per_week");
    d.long_day_hours = static_cast<int>(Threshold(j, "long_day_hours"));
    d.minimum_working_age = static_cast<int>(Threshold(j, "minimum_working_age"));
    d.hazardous_work_age = static_cast<int>(Threshold(j, "hazardous_work_age"));
    ParseMinimumWage(nlohmann::json::parse(embedded::find("legal-minimum-wage.json")), d);
  } catch (const std::exception& e) {
    // The file is part of the build: malformed data is a build defect, caught by the tests.
    std::cerr << "homeward: embedded screening rules are malformed: " << e.what() << '\n';
    std::abort();
  }
  return d;
}

const RuleData& Rules() {
  static const RuleData* const data = new RuleData(ParseRuleData());
  return *data;
}

bool Contains(const Phrases& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// True when some sentence has a phrase of `first` and a phrase of `second`.
bool SentenceHasBoth(const std::vector<std::string_view>& sentences, const Phrases& first,
                     const Phrases& second) {
  return std::any_of(sentences.begin(), sentences.end(), [&](std::string_view s) {
    return ContainsAny(s, first) && ContainsAny(s, second);
  });
}

// True when the fee term at `pos` of `sentence` is negated ("no recruitment fee", "មិនបង់ប្រាក់").
bool Negated(std::string_view sentence, size_t pos, const RuleData& r) {
  const size_t from = pos > kNegationWindow ? pos - kNegationWindow : 0;
  if (ContainsAny(sentence.substr(from, pos - from), r.fee_negation)) return true;
  const size_t km_from = pos > kKhmerNegationWindow ? pos - kKhmerNegationWindow : 0;
  return ContainsAny(sentence.substr(km_from, pos - km_from), r.fee_negation_km);
}

bool HasUnnegated(std::string_view sentence, const Phrases& phrases, const RuleData& r) {
  for (const auto& phrase : phrases) {
    for (size_t pos : FindPhrase(sentence, phrase)) {
      if (!Negated(sentence, pos, r)) return true;
    }
  }
  return false;
}

bool AsksForFee(const std::vector<std::string_view>& sentences, const RuleData& r) {
  return std::any_of(sentences.begin(), sentences.end(), [&](std::string_view s) {
    if (HasUnnegated(s, r.fee, r)) return true;
    return ContainsAny(s, r.fee_bare_verb) && HasUnnegated(s, r.fee_bare, r);
  });
}

// True when the text states 11-24 hours a day or a shift ("12 hours per day" once normalised).
bool StatesLongDays(std::string_view text, int long_day_hours) {
  const std::vector<int> hours = internal::StatedDailyHours(text);
  return std::any_of(hours.begin(), hours.end(),
                     [&](int h) { return h >= long_day_hours && h <= kMaxLongDayHours; });
}

// True when `before` (the text just before a number) ends with an age word, allowing "age: 16",
// "aged from 16", "អាយុ ១៦", "minimum age of 16".
bool EndsWithAgeWord(std::string_view before, const RuleData& r) {
  auto trim = [&] {
    while (!before.empty() && (before.back() == ' ' || before.back() == ':')) {
      before.remove_suffix(1);
    }
  };
  trim();
  for (std::string_view joiner : {"ចាប់ពី", "from", "of", "ពី"}) {
    if (before.size() >= joiner.size() && before.substr(before.size() - joiner.size()) == joiner) {
      before.remove_suffix(joiner.size());
      trim();
      break;
    }
  }
  for (const auto& word : r.age_words) {
    if (before.size() < word.size() || before.substr(before.size() - word.size()) != word) continue;
    const size_t at = before.size() - word.size();
    if (at == 0 || !std::isalnum(static_cast<unsigned char>(before[at - 1]))) return true;
  }
  return false;
}

// The lowest age the text opens the job to ("age 16+", "aged 16-30", "from 16 years and over",
// "អាយុ ១៦ ឆ្នាំឡើង"): a number below 18 right after an age word, or right before "+" or "years
// and over". Ages in months ("children aged 6 months to 5 years") are not the worker's.
std::optional<int> StatedMinimumAge(std::string_view text, const RuleData& r) {
  std::optional<int> lowest;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) ||
        (i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])))) {
      continue;
    }
    size_t end = i;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end - i > 2) continue;
    const int age = std::atoi(std::string(text.substr(i, end - i)).c_str());
    if (age < 5 || age >= 18) continue;
    const std::string_view after = text.substr(end);
    auto starts = [&](std::string_view prefix) { return after.rfind(prefix, 0) == 0; };
    if (starts(" month") || starts("-month") || starts(" ខែ") || starts("ខែ")) continue;
    const bool open_ended = starts("+") || starts(" years and") || starts(" years old and") ||
                            starts(" ឆ្នាំឡើង") || starts("ឆ្នាំឡើង");
    if (open_ended || EndsWithAgeWord(text.substr(0, i), r)) {
      lowest = std::min(lowest.value_or(age), age);
    }
  }
  return lowest;
}

// The highest monthly pay in USD the text states ("1500 usd per month", "salary 1200 usd",
// "15,000 baht a month"), riel and baht converted with the exchange rates in force.
std::optional<double> StatedMonthlyUsd(std::string_view text, double hours_per_week,
                                       const model::ExchangeRates& rates) {
  std::optional<double> highest;
  for (const internal::StatedAmount& a : internal::StatedAmounts(text)) {
    std::string currency = a.currency;
    for (char& c : currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const StatusOr<double> usd = rates.ToUsd(a.amount, currency);
    if (!usd.ok()) continue;
    double monthly = 0;
    if (a.period == "month" || (a.period.empty() && *usd >= kSmallestMonthlyAmount)) {
      monthly = *usd;
    } else if (a.period == "day" || a.period == "hour") {
      const model::MoneyPeriod period =
          a.period == "day" ? model::MoneyPeriod::kDay : model::MoneyPeriod::kHour;
      monthly = model::Money{*usd, "USD", period}.Monthly(hours_per_week);
    }
    if (monthly > 0) highest = std::max(highest.value_or(0), monthly);
  }
  return highest;
}

bool Blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

class FlagList {
 public:
  explicit FlagList(const RuleData& rules) : rules_(rules) {}

  // Raises `code` once, with its reason from the rule data (the catalogue's "screening.<code>"),
  // or with the catalogue's `message_code` when the sentence quotes figures (`params`): the rule
  // data's reason followed by them.
  void Raise(std::string_view code, const char* message_code = nullptr,
             model::Json params = model::Json::object()) {
    if (Has(code)) return;
    const auto it = rules_.flags.find(code);
    if (it == rules_.flags.end()) return;
    std::string reason_code = message_code ? message_code : "screening." + std::string(code);
    std::string reason =
        message_code ? reference::RenderMessage(reason_code, params) : it->second.reason;
    flags_.push_back({std::string(code), it->second.severity, std::move(reason), it->second.source,
                      std::move(reason_code), std::move(params)});
  }
  bool Has(std::string_view code) const {
    return std::any_of(flags_.begin(), flags_.end(),
                       [&](const model::ScreeningFlag& f) { return f.code == code; });
  }
  std::vector<model::ScreeningFlag> Take() { return std::move(flags_); }

 private:
  const RuleData& rules_;
  std::vector<model::ScreeningFlag> flags_;
};

bool IsHazardous(const model::Vacancy& v, std::string_view text, const RuleData& r) {
  return reference::ReferenceData::Builtin().IsHazardous(v.occupation) ||
         Contains(r.hazardous_sectors, v.sector) || ContainsAny(text, r.hazardous_text);
}

std::optional<LegalMinimumWage> MinimumWageFor(const model::Vacancy& v, const Date& day,
                                               const RuleData& r) {
  const bool covered = Contains(r.minimum_wage_sectors, v.sector) ||
                       (v.sector == r.minimum_wage_occupation_sector &&
                        Contains(r.minimum_wage_occupations, v.occupation));
  if (!covered) return std::nullopt;
  std::optional<LegalMinimumWage> in_force;
  for (const auto& rate : r.minimum_wages) {
    if (rate.effective_from <= day) in_force = rate;
  }
  return in_force;
}

// The wage rules: the statutory minimum where the law sets one, the provincial market elsewhere,
// and pay far above the market for work that needs no skills (the lure). Being below the living
// wage is not a flag: it lowers the match's wage component instead.
struct Pay {
  double monthly = 0;            // the wage field, per month
  double highest = 0;            // the most the wage field or the text promises per month
  std::optional<double> median;  // the province's median for the occupation
  // The median the lure is measured against: the province's, or the national one when the
  // province publishes none for the occupation.
  std::optional<double> lure_median;
  bool far_above_market = false;  // the lure: far above that median for work needing no skills
};

Pay PayOf(const model::Vacancy& v, std::string_view text, const model::MarketData& market,
          const RuleData& r) {
  Pay pay;
  // Thresholds are in US dollars: the wage and the amounts in the text are converted with the
  // exchange rates in force.
  const auto rates = reference::RatesInForce();
  pay.monthly = rates->MonthlyUsd(v.wage, v.hours_per_week).value_or(0);
  pay.highest = std::max(pay.monthly, StatedMonthlyUsd(text, v.hours_per_week, *rates).value_or(0));
  pay.median = market.MedianWageFor(v.occupation);
  pay.lure_median =
      pay.median ? pay.median : policy::NationalMarket(v.province).MedianWageFor(v.occupation);
  pay.far_above_market = v.required_skills.empty() && pay.lure_median &&
                         pay.highest > r.far_above_market_ratio * *pay.lure_median;
  return pay;
}

void WageFlags(const model::Vacancy& v, std::string_view text, const Pay& pay, const Date& day,
               const RuleData& r, FlagList& flags) {
  const double monthly = pay.monthly;
  const std::optional<double> median = pay.median;
  if (pay.far_above_market) {
    flags.Raise("wage_far_above_market", "screening.wage_far_above_market.figures",
                {{"monthly_usd", pay.highest}, {"median_usd", *pay.lure_median}});
  }
  if (const auto minimum = MinimumWageFor(v, day, r)) {
    // Pay stated for a probation period is held to the probation rate the prakas sets.
    const bool probation = ContainsAny(text, r.probation);
    const double floor = probation ? minimum->probation_monthly_usd : minimum->monthly_usd;
    if (monthly < floor) {
      flags.Raise("below_legal_minimum",
                  probation ? "screening.below_legal_minimum.probation_figures"
                            : "screening.below_legal_minimum.figures",
                  {{"monthly_usd", monthly},
                   {"minimum_usd", floor},
                   {"in_force_from", minimum->effective_from.ToString()}});
    }
  } else if (median && *median > 0 && monthly < r.far_below_market_ratio * *median) {
    flags.Raise("far_below_market", "screening.far_below_market.figures",
                {{"monthly_usd", monthly},
                 {"percent", std::round(100 * monthly / *median)},
                 {"median_usd", *median}});
  }
}

// Work abroad must go through a private recruitment agency licensed under Sub-Decree 190.
void RecruitmentFlags(const model::Vacancy& v, const model::Employer& e, const Date& day,
                      FlagList& flags) {
  if (!v.work_abroad) return;
  const auto& licence = e.recruitment_licence;
  if (!licence || licence->expires_on < day) {
    if (licence) {
      flags.Raise("unlicensed_recruitment", "screening.unlicensed_recruitment.expired",
                  {{"licence", licence->number}, {"expired_on", licence->expires_on.ToString()}});
    } else {
      flags.Raise("unlicensed_recruitment");
    }
  } else if (!licence->verified) {
    flags.Raise("recruitment_licence_unverified");
  }
}

// Restriction of movement, isolation, intimidation and threats, abuse of vulnerability and child
// labour: the ILO indicators of forced labour that an advertisement can show.
void ForcedLabourFlags(const model::Vacancy& v, std::string_view text,
                       const std::vector<std::string_view>& sentences, const RuleData& r,
                       FlagList& flags) {
  if (ContainsAny(text, r.restricted_movement) ||
      (ContainsAny(text, r.live_on_site) && ContainsAny(text, r.no_day_off))) {
    flags.Raise("restricted_movement");
  }
  if (ContainsAny(text, r.isolation)) flags.Raise("isolation");
  if (ContainsAny(text, r.threats) || SentenceHasBoth(sentences, r.leave_early, r.penalty)) {
    flags.Raise("threats_and_penalties");
  }
  if (ContainsAny(text, r.vulnerability)) flags.Raise("abuse_of_vulnerability");
  const int stated = StatedMinimumAge(text, r).value_or(v.min_age);
  const int youngest = std::min(v.min_age, stated);
  if (youngest < r.minimum_working_age) {
    flags.Raise("child_labour", "screening.child_labour.open_from_age", {{"age", youngest}});
  } else if (youngest < r.hazardous_work_age && IsHazardous(v, text, r)) {
    flags.Raise("child_labour", "screening.child_labour.hazardous_open_from_age",
                {{"age", youngest}});
  }
  if (ContainsAny(text, r.marriage)) flags.Raise("marriage_brokering");
}

std::vector<model::ScreeningFlag> CoreFlags(const model::Vacancy& v, const model::Employer& e,
                                            const model::MarketData& market, const Date& day) {
  const RuleData& r = Rules();
  // Phrases that look like a rule's but are harmless ("deposit-taking microfinance", "you keep
  // your passport") are blanked out first.
  const std::string text = internal::BlankOut(Normalise(v.title + "\n" + v.description), r.benign);
  const std::vector<std::string_view> sentences = Sentences(text);
  // "Thai restaurant" or "Korean BBQ" in Siem Reap names a cuisine, not a country to go to.
  const std::string places = internal::BlankOut(text, r.local_foreign);
  const std::string district = Normalise(v.district);
  const std::string employer_name = Normalise(e.name);
  const Pay pay = PayOf(v, text, market, r);

  FlagList flags(r);
  // Block rules.
  if (v.worker_fees.amount > 0 || AsksForFee(sentences, r)) flags.Raise("fee_charged_to_worker");
  if (v.employer_holds_documents ||
      SentenceHasBoth(sentences, r.identity_document, r.retention_verb)) {
    flags.Raise("documents_retained");
  }
  const bool unverified = !e.verified;
  // Many small local employers (a family farm, a market stall) have no registration number; an
  // admin's verification stands in for it.
  const bool vague_workplace =
      (Blank(v.district) && !v.location) || (Blank(e.registration_number) && unverified);
  const bool scam_job = Contains(r.scam_occupations, v.occupation) || ContainsAny(text, r.scam_job);
  const bool at_hub = Contains(r.hub_provinces, v.province) ||
                      ContainsAny(district, r.hub_places) || ContainsAny(text, r.hub_places);
  if ((scam_job && pay.far_above_market) ||
      (scam_job && at_hub && (unverified || vague_workplace)) ||
      ContainsAny(text, r.foreign_hubs)) {
    flags.Raise("scam_compound_pattern");
  }
  if (SentenceHasBoth(sentences, r.debt, r.repayment) || ContainsAny(text, r.withholding)) {
    flags.Raise("debt_bondage");
  }
  ForcedLabourFlags(v, text, sentences, r, flags);
  // Review rules (and the block of an unlicensed recruiter, sorted first later).
  if (v.work_abroad) flags.Raise("work_abroad");
  RecruitmentFlags(v, e, day, flags);
  if (ContainsAny(places, r.abroad) || ContainsAny(text, r.foreign_hubs)) {
    flags.Raise("cross_border_travel");
  }
  WageFlags(v, text, pay, day, r, flags);
  if (e.UnderSafetyReview()) {
    flags.Raise("worker_report");
    if (e.safety_review->status == model::SafetyReviewStatus::kConfirmed) {
      flags.Raise("safety_review_confirmed");
    }
  }
  if (unverified) flags.Raise("unverified_employer");
  if (vague_workplace) flags.Raise("vague_workplace");
  if (v.hours_per_week > r.max_hours_per_week || ContainsAny(text, r.hours_text) ||
      ContainsAny(text, r.no_day_off) || StatesLongDays(text, r.long_day_hours)) {
    flags.Raise("excessive_hours");
  }
  if (SentenceHasBoth(sentences, r.deduction, r.cost_item)) flags.Raise("wage_deductions");
  const auto& c = e.contact;
  if ((!Blank(c.chat) && Blank(c.phone) && Blank(c.email) && Blank(c.address)) ||
      ContainsAny(text, r.chat_only)) {
    flags.Raise("chat_app_only_contact");
  }
  if (ContainsAny(text, r.lure)) flags.Raise("deceptive_wording");
  if (ContainsAny(text, r.casino) || ContainsAny(employer_name, r.casino)) {
    flags.Raise("casino_or_online_gambling");
  }
  if (ContainsAny(text, r.hostess)) flags.Raise("hostess_or_escort_work");
  // Info.
  if (ContainsAny(text, r.no_experience)) flags.Raise("no_experience_required");
  return flags.Take();
}

int Rank(model::FlagSeverity s) {
  switch (s) {
    case model::FlagSeverity::kBlock:
      return 0;
    case model::FlagSeverity::kReview:
      return 1;
    case model::FlagSeverity::kInfo:
      return 2;
  }
  return 2;
}

model::ScreeningStatus StatusOf(const std::vector<model::ScreeningFlag>& flags) {
  auto status = model::ScreeningStatus::kClear;
  for (const auto& f : flags) {
    if (f.severity == model::FlagSeverity::kBlock) return model::ScreeningStatus::kBlocked;
    if (f.severity == model::FlagSeverity::kReview) status = model::ScreeningStatus::kReview;
  }
  return status;
}

std::set<std::string> ReviewCodes(const model::Screening& s) {
  std::set<std::string> codes;
  for (const auto& f : s.flags) {
    if (f.severity == model::FlagSeverity::kReview) codes.insert(f.code + "\n" + f.source);
  }
  return codes;
}

constexpr std::string_view kPluginPrefix = "plugin:";

}  // namespace

std::optional<LegalMinimumWage> LegalMinimumWageFor(const model::Vacancy& vacancy,
                                                    const Date& day) {
  return MinimumWageFor(vacancy, day, Rules());
}

bool IsHazardousWork(const model::Vacancy& vacancy) {
  return IsHazardous(vacancy, Normalise(vacancy.title + "\n" + vacancy.description), Rules());
}

double MaxHoursPerWeek() {
  return Rules().max_hours_per_week;
}

std::string NormaliseText(std::string_view text) {
  return Normalise(text);
}

model::Screening Screen(const model::Vacancy& vacancy, const model::Employer& employer,
                        const policy::ProvincePolicy& policy, const Date& day) {
  std::vector<model::ScreeningFlag> flags = CoreFlags(vacancy, employer, policy.Market(), day);
  for (auto& flag : policy.ScreenVacancy(vacancy, employer)) {
    if (flag.source.rfind(kPluginPrefix, 0) != 0) {
      flag.source = std::string(kPluginPrefix) + policy.Source() + "/" + flag.code;
    }
    flags.push_back(std::move(flag));
  }
  std::stable_sort(flags.begin(), flags.end(),
                   [](const model::ScreeningFlag& a, const model::ScreeningFlag& b) {
                     return Rank(a.severity) < Rank(b.severity);
                   });
  model::Screening out;
  out.status = StatusOf(flags);
  out.flags = std::move(flags);
  return out;
}

void ScreenAndApply(model::Vacancy& vacancy, const model::Employer& employer,
                    const policy::PolicyProvider& policies, const Date& day) {
  ApplyScreening(vacancy, Screen(vacancy, employer, *policies.ForProvince(vacancy.province), day));
}

model::VacancyStatus StatusAfterScreening(const model::Screening& screening,
                                          const std::optional<model::ReviewDecision>& prior) {
  if (screening.status == model::ScreeningStatus::kBlocked) return model::VacancyStatus::kBlocked;
  if (prior && prior->decision == "block") return model::VacancyStatus::kBlocked;
  if (screening.status == model::ScreeningStatus::kClear) return model::VacancyStatus::kOpen;
  return prior && prior->decision == "approve" ? model::VacancyStatus::kOpen
                                               : model::VacancyStatus::kPendingReview;
}

void ApplyScreening(model::Vacancy& vacancy, model::Screening screening) {
  if (vacancy.review && vacancy.review->decision == "approve") {
    const auto approved = ReviewCodes(vacancy.screening);
    const auto now = ReviewCodes(screening);
    if (!std::includes(approved.begin(), approved.end(), now.begin(), now.end())) {
      vacancy.review.reset();  // the approval covered other flags: review again
    }
  }
  const model::VacancyStatus status = StatusAfterScreening(screening, vacancy.review);
  const bool finished = vacancy.status == model::VacancyStatus::kFilled ||
                        vacancy.status == model::VacancyStatus::kClosed;
  if (!finished || status == model::VacancyStatus::kBlocked) vacancy.status = status;
  vacancy.screening = std::move(screening);
}

Status ApplyReview(model::Vacancy& vacancy, std::string_view decision, std::string_view note,
                   std::string_view actor, std::string_view now) {
  if (vacancy.status != model::VacancyStatus::kPendingReview) {
    return Status::FailedPrecondition(
        "only a vacancy pending review can be reviewed; this one is " +
        model::ToString(vacancy.status));
  }
  if (decision != "approve" && decision != "block") {
    return Status::InvalidArgument("decision must be \"approve\" or \"block\"",
                                   {{"/decision", "must be \"approve\" or \"block\""}});
  }
  const auto& flags = vacancy.screening.flags;
  if (decision == "approve" &&
      std::any_of(flags.begin(), flags.end(),
                  [](const model::ScreeningFlag& f) { return f.code == "worker_report"; })) {
    return Status::FailedPrecondition(
        "the employer is under a safety review: its vacancies open again once an admin clears it");
  }
  if (note.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::InvalidArgument("a review needs a note", {{"/note", "is required"}});
  }
  vacancy.review = model::ReviewDecision{std::string(decision), std::string(note),
                                         std::string(actor), std::string(now)};
  vacancy.status =
      decision == "approve" ? model::VacancyStatus::kOpen : model::VacancyStatus::kBlocked;
  return Status::Ok();
}

model::Screening EmployerView(const model::Screening& screening) {
  const RuleData& r = Rules();
  model::Screening out;
  out.status = screening.status;
  std::set<std::string> shown;
  for (const auto& f : screening.flags) {
    if (f.severity == model::FlagSeverity::kInfo || !shown.insert(f.code).second) continue;
    model::ScreeningFlag view{f.code,
                              f.severity,
                              r.plugin_public_reason,
                              "provincial rule",
                              "screening.plugin_public",
                              model::Json::object()};
    if (f.source.rfind(kPluginPrefix, 0) != 0) {
      const auto it = r.flags.find(f.code);
      if (it == r.flags.end()) continue;
      view.reason = it->second.public_reason;
      view.source = it->second.source;
      view.reason_code = "screening." + f.code + ".public";
    }
    out.flags.push_back(std::move(view));
  }
  return out;
}

}  // namespace homeward::screening
