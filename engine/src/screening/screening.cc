#include "homeward/screening/screening.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "homeward/model/json.h"
#include "homeward/screening/embedded_rules.h"
#include "internal/text.h"

namespace homeward::screening {
namespace {

using internal::ContainsAny;
using internal::FindPhrase;
using internal::Normalise;
using internal::Sentences;
using Phrases = std::vector<std::string>;

constexpr double kFarAboveMarketRatio = 2.0;
constexpr double kBelowLivingWageRatio = 0.8;
constexpr double kMaxHoursPerWeek = 60;
constexpr int kMinLongDayHours = 11;
constexpr int kMaxLongDayHours = 24;
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
};

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
  } catch (const nlohmann::json::exception& e) {
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

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// True when `rest` (the text right after a number) says the number is hours in a day or a shift:
// " hours a day", "-hour shifts", " ម៉ោងក្នុងមួយថ្ងៃ".
bool IsHoursPerDay(std::string_view rest) {
  if (StartsWith(rest, " ") || StartsWith(rest, "-")) rest.remove_prefix(1);
  if (StartsWith(rest, "ម៉ោងក្នុងមួយថ្ងៃ")) return true;
  if (!StartsWith(rest, "hour")) return false;
  rest.remove_prefix(4);
  if (StartsWith(rest, "s")) rest.remove_prefix(1);
  for (std::string_view unit : {" a day", " per day", " each day", " shift"}) {
    if (StartsWith(rest, unit)) return true;
  }
  return false;
}

// "12 hours a day", "12-hour shifts", "១២ ម៉ោងក្នុងមួយថ្ងៃ" with 11..24 hours.
bool StatesLongDays(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1]))) continue;
    size_t end = i;
    while (end < text.size() && IsDigit(text[end])) ++end;
    if (end - i > 2) continue;
    const int hours = std::atoi(std::string(text.substr(i, end - i)).c_str());
    if (hours >= kMinLongDayHours && hours <= kMaxLongDayHours && IsHoursPerDay(text.substr(end))) {
      return true;
    }
  }
  return false;
}

bool Blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

class FlagList {
 public:
  explicit FlagList(const RuleData& rules) : rules_(rules) {}

  void Raise(std::string_view code) {
    if (Has(code)) return;
    const auto it = rules_.flags.find(code);
    if (it == rules_.flags.end()) return;
    flags_.push_back(
        {std::string(code), it->second.severity, it->second.reason, it->second.source});
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

std::vector<model::ScreeningFlag> CoreFlags(const model::Vacancy& v, const model::Employer& e,
                                            const model::MarketData& market) {
  const RuleData& r = Rules();
  const std::string text = Normalise(v.title + "\n" + v.description);
  const std::vector<std::string_view> sentences = Sentences(text);
  const std::string district = Normalise(v.district);
  const std::string employer_name = Normalise(e.name);
  const double monthly = v.wage.Monthly(v.hours_per_week);
  const std::optional<double> median = market.MedianWageFor(v.occupation);
  const bool no_skills = v.required_skills.empty();

  FlagList flags(r);
  // Block rules.
  if (v.worker_fees.amount > 0 || AsksForFee(sentences, r)) flags.Raise("fee_charged_to_worker");
  if (v.employer_holds_documents ||
      SentenceHasBoth(sentences, r.identity_document, r.retention_verb)) {
    flags.Raise("documents_retained");
  }
  const bool far_above_market = no_skills && median && monthly > kFarAboveMarketRatio * *median;
  const bool unverified = !e.verified;
  const bool vague_workplace = (Blank(v.district) && !v.location) || Blank(e.registration_number);
  const bool scam_job = Contains(r.scam_occupations, v.occupation) || ContainsAny(text, r.scam_job);
  const bool at_hub = Contains(r.hub_provinces, v.province) ||
                      ContainsAny(district, r.hub_places) || ContainsAny(text, r.hub_places);
  if ((scam_job && far_above_market) || (scam_job && at_hub && (unverified || vague_workplace)) ||
      ContainsAny(text, r.foreign_hubs)) {
    flags.Raise("scam_compound_pattern");
  }
  if (SentenceHasBoth(sentences, r.debt, r.repayment) || ContainsAny(text, r.withholding)) {
    flags.Raise("debt_bondage");
  }
  // Review rules.
  if (v.work_abroad) flags.Raise("work_abroad");
  if (ContainsAny(text, r.abroad) || ContainsAny(text, r.foreign_hubs)) {
    flags.Raise("cross_border_travel");
  }
  if (far_above_market) flags.Raise("wage_far_above_market");
  if (unverified) flags.Raise("unverified_employer");
  if (vague_workplace) flags.Raise("vague_workplace");
  if (v.hours_per_week > kMaxHoursPerWeek || ContainsAny(text, r.hours_text) ||
      StatesLongDays(text)) {
    flags.Raise("excessive_hours");
  }
  if (market.living_wage > 0 && monthly < kBelowLivingWageRatio * market.living_wage) {
    flags.Raise("wage_below_minimum");
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

model::Screening Screen(const model::Vacancy& vacancy, const model::Employer& employer,
                        const policy::ProvincePolicy& policy) {
  std::vector<model::ScreeningFlag> flags = CoreFlags(vacancy, employer, policy.Market());
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
    model::ScreeningFlag view{f.code, f.severity, r.plugin_public_reason, "provincial rule"};
    if (f.source.rfind(kPluginPrefix, 0) != 0) {
      const auto it = r.flags.find(f.code);
      if (it == r.flags.end()) continue;
      view.reason = it->second.public_reason;
      view.source = it->second.source;
    }
    out.flags.push_back(std::move(view));
  }
  return out;
}

}  // namespace homeward::screening
