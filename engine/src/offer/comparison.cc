#include "homeward/offer/comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "homeward/base/clock.h"
#include "homeward/base/mutex.h"
#include "homeward/offer/embedded_costs.h"
#include "homeward/reference/messages.h"

namespace homeward::offer {
namespace {

using model::Json;
using model::Money;

constexpr double kWeeksPerMonth = 52.0 / 12.0;

// --- Reference data ------------------------------------------------------------------------------

Figure ParseFigure(const Json& j) {
  Figure f;
  if (j.contains("amount")) {
    f.value = j.at("amount").get<double>();
    f.currency = j.at("currency").get<std::string>();
  } else {
    f.value = j.at("value").get<double>();
  }
  f.as_of = j.at("as_of").get<std::string>();
  f.source = j.at("source").get<std::string>();
  f.source_url = j.value("source_url", "");
  f.estimate = j.at("estimate").get<bool>();
  f.note = j.value("note", "");
  return f;
}

ByChannel ParseByChannel(const Json& j) {
  return {ParseFigure(j.at("regular")), ParseFigure(j.at("irregular"))};
}

Bilingual ParseName(const Json& j) {
  return {j.at("en").get<std::string>(), j.at("km").get<std::string>()};
}

CostData ParseCostDataShape(const Json& doc) {
  CostData data;
  const Json& home = doc.at("home");
  data.home.commute_cost_per_km = ParseFigure(home.at("commute_cost_per_km"));
  data.home.unmeasured_commute_km = ParseFigure(home.at("unmeasured_commute_km"));
  data.home.childcare_per_month = ParseFigure(home.at("childcare_per_month"));
  data.home.default_debt_interest_rate_month =
      ParseFigure(home.at("default_debt_interest_rate_month"));
  for (const Json& c : doc.at("countries")) {
    Country country;
    country.code = c.at("country").get<std::string>();
    country.name = ParseName(c.at("name"));
    country.remittance_cost_share = ParseByChannel(c.at("remittance_cost_share"));
    country.income_lost_share = ParseByChannel(c.at("income_lost_share"));
    country.contract_months = ParseByChannel(c.at("contract_months"));
    for (const Json& p : c.at("places")) {
      country.places.push_back({p.at("place").get<std::string>(), ParseName(p.at("name")),
                                ParseFigure(p.at("living")), ParseFigure(p.at("accommodation"))});
    }
    data.countries.push_back(std::move(country));
  }
  return data;
}

// The rules of the cost data that its schema cannot state, each problem named by its pointer.
class CostDataChecker {
 public:
  explicit CostDataChecker(std::optional<Date> today) : today_(today) {}

  void Check(const CostData& data) {
    const HomeCosts& home = data.home;
    Sourced(home.commute_cost_per_km, "/home/commute_cost_per_km");
    Within(home.unmeasured_commute_km, "/home/unmeasured_commute_km", 0, 200);
    Sourced(home.childcare_per_month, "/home/childcare_per_month");
    Share(home.default_debt_interest_rate_month, "/home/default_debt_interest_rate_month");
    for (size_t i = 0; i < data.countries.size(); ++i) {
      const Country& country = data.countries[i];
      const std::string at = "/countries/" + std::to_string(i);
      for (size_t k = 0; k < i; ++k) {
        if (data.countries[k].code == country.code) {
          errors_.push_back(
              {at + "/country", "given twice (also at /countries/" + std::to_string(k) + ")"});
        }
      }
      Shares(country.remittance_cost_share, at + "/remittance_cost_share");
      Shares(country.income_lost_share, at + "/income_lost_share");
      Within(country.contract_months.regular, at + "/contract_months/regular", 1, 120);
      Within(country.contract_months.irregular, at + "/contract_months/irregular", 1, 120);
      for (size_t p = 0; p < country.places.size(); ++p) {
        const Place& place = country.places[p];
        const std::string place_at = at + "/places/" + std::to_string(p);
        for (size_t k = 0; k < p; ++k) {
          if (country.places[k].id == place.id) {
            errors_.push_back({place_at + "/place", "given twice in this country (also at " + at +
                                                        "/places/" + std::to_string(k) + ")"});
          }
        }
        Sourced(place.living, place_at + "/living");
        Sourced(place.accommodation, place_at + "/accommodation");
      }
    }
  }

  std::vector<FieldError> Take() { return std::move(errors_); }

 private:
  // Every figure: a real date not after today, and an estimate says how it was derived.
  void Sourced(const Figure& figure, const std::string& at) {
    const std::optional<Date> as_of = Date::Parse(figure.as_of);
    if (!as_of) {
      errors_.push_back({at + "/as_of", "not a calendar date (YYYY-MM-DD)"});
    } else if (today_ && *today_ < *as_of) {
      errors_.push_back({at + "/as_of", "after today (" + today_->ToString() + ")"});
    }
    if (figure.estimate && figure.note.empty()) {
      errors_.push_back({at + "/note", "an estimate needs a note saying how it was derived"});
    }
    if (figure.value < 0) errors_.push_back({at, "below zero"});
  }
  void Within(const Figure& figure, const std::string& at, double low, double high) {
    Sourced(figure, at);
    if (!(figure.value > low && figure.value <= high)) {
      char range[64];
      std::snprintf(range, sizeof range, "must be above %g and at most %g", low, high);
      errors_.push_back({at + "/value", range});
    }
  }
  void Share(const Figure& figure, const std::string& at) {
    Sourced(figure, at);
    if (!(figure.value >= 0 && figure.value < 1)) {
      errors_.push_back({at + "/value", "a share: at least 0 and below 1"});
    }
  }
  void Shares(const ByChannel& figures, const std::string& at) {
    Share(figures.regular, at + "/regular");
    Share(figures.irregular, at + "/irregular");
  }

  std::optional<Date> today_;
  std::vector<FieldError> errors_;
};

// --- Amounts -------------------------------------------------------------------------------------

// `amount` of `from` in `to`, unrounded.
StatusOr<double> Convert(double amount, const std::string& from, std::string_view to,
                         const model::ExchangeRates& rates) {
  if (from == to) return amount;
  HW_ASSIGN_OR_RETURN(double usd, rates.ToUsd(amount, from));
  return rates.FromUsd(usd, to);
}

StatusOr<double> Shown(double amount, const std::string& from, std::string_view to,
                       const model::ExchangeRates& rates) {
  HW_ASSIGN_OR_RETURN(double converted, Convert(amount, from, to, rates));
  return model::RoundForDisplay(converted, to);
}

// 1234567.5 -> "1,234,567.50"; whole amounts without decimals.
std::string Grouped(double amount, std::string_view currency) {
  const double shown = model::RoundForDisplay(std::fabs(amount), currency);
  const auto whole = static_cast<long long>(std::floor(shown));
  const int cents = static_cast<int>(std::lround((shown - static_cast<double>(whole)) * 100));
  std::string digits = std::to_string(whole);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  if (cents > 0) {
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
  }
  return out;
}

// "12,000 THB"
std::string Amount(double amount, std::string_view currency) {
  return Grouped(amount, currency) + " " + std::string(currency);
}

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", std::round(share * 10000) / 100);
  return buf;
}

// The params of a wage's words: "wage" (the amount), "period" (money_period.<period>) and, for
// a wage not by the month, "hours" a week; and the code: `code`, or `code` + "_hours".
std::string WageWords(const Money& wage, double hours_per_week, std::string code, Json& params) {
  params["wage"] = Amount(wage.amount, wage.currency);
  params["period"] = model::ToString(wage.period);
  if (wage.period == model::MoneyPeriod::kMonth) return code;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", hours_per_week);
  params["hours"] = buf;
  return code + "_hours";
}

// The place in English ("Bangkok, Thailand") and in Khmer; the country alone when the place is
// the whole country.
Bilingual PlaceName(const Country& country, const Place& place) {
  return {
      place.name.en == country.name.en ? country.name.en : place.name.en + ", " + country.name.en,
      place.name.km == country.name.km ? country.name.km : place.name.km + " " + country.name.km};
}

// The params of a line about the place: "where", and its Khmer as "where_km".
Json PlaceWords(const Country& country, const Place& place) {
  const Bilingual name = PlaceName(country, place);
  return {{"where", name.en}, {"where_km", name.km}};
}

constexpr char kOfferSource[] = "The offer, as the person received it";

// Builds a NetIncome line by line: each amount is rounded before it is added.
class Lines {
 public:
  explicit Lines(std::string_view currency) : currency_(currency) {}
  // The line of the catalogue's sentence `code` with `params`.
  double Add(std::string code, Json params, double amount, std::string source) {
    const double shown = model::RoundForDisplay(amount, currency_) + 0.0;  // no "-0"
    std::string label = reference::RenderMessage(code, params);
    income_.lines.push_back(
        {std::move(label), std::move(code), std::move(params), shown, std::move(source)});
    income_.net_monthly = model::RoundForDisplay(income_.net_monthly + shown, currency_);
    return shown;
  }
  double net() const { return income_.net_monthly; }
  NetIncome Take() { return std::move(income_); }

 private:
  std::string currency_;
  NetIncome income_;
};

const char* ChannelName(Channel channel) {
  return channel == Channel::kRegular ? "regular" : "irregular";
}

}  // namespace

std::string Figure::Cite() const {
  std::string cite = source + " (" + as_of;
  if (estimate) cite += "; estimate, derivation in docs/offer-comparison.md";
  return cite + ")";
}

const Country* CostData::FindCountry(std::string_view code) const {
  for (const Country& country : countries) {
    if (country.code == code) return &country;
  }
  return nullptr;
}

const Place* CostData::FindPlace(std::string_view country, std::string_view place) const {
  const Country* found = FindCountry(country);
  if (found == nullptr) return nullptr;
  for (const Place& p : found->places) {
    if (p.id == place) return &p;
  }
  return nullptr;
}

StatusOr<CostData> ParseCostData(const Json& doc, std::optional<Date> today) {
  CostData data;
  try {
    data = ParseCostDataShape(doc);
  } catch (const Json::exception& e) {
    // The API checks the shape with destination-costs.replace.schema.json first; this is a
    // backstop for callers that did not.
    return Status::InvalidArgument(std::string("cost data of the wrong shape: ") + e.what());
  }
  CostDataChecker checker(today);
  checker.Check(data);
  std::vector<FieldError> errors = checker.Take();
  if (!errors.empty()) {
    return Status::InvalidArgument("the cost data cannot be used", std::move(errors));
  }
  return data;
}

const CostDataVersion& BuiltinCostData() {
  // The data is part of the build: malformed data is a build defect and aborts at first use.
  static const CostDataVersion* const builtin = [] {
    auto* version = new CostDataVersion;
    version->document = Json::parse(embedded::find("destination-costs.json"), nullptr, false);
    version->created_by = "builtin";
    version->created_at = version->document.value("published", "");
    // Checked once per process, against the system's date (a figure dated after it is a defect
    // of the build's data).
    StatusOr<CostData> data = version->document.is_discarded()
                                  ? Status::InvalidArgument("not JSON")
                                  : ParseCostData(version->document, Clock::System().Today());
    if (!data.ok()) {
      std::cerr << "homeward: embedded destination costs are malformed: " << data.status() << '\n';
      std::abort();
    }
    version->data = std::move(data).value();
    return version;
  }();
  return *builtin;
}

namespace {

// The table in force and the lock that guards it, made on first use.
struct InForceTable {
  Mutex mu;
  std::shared_ptr<const CostDataVersion> version HW_GUARDED_BY(mu);
};

InForceTable& InForce() {
  static InForceTable table;
  return table;
}

}  // namespace

std::shared_ptr<const CostDataVersion> CostDataInForce() {
  InForceTable& in_force = InForce();
  MutexLock lock(&in_force.mu);
  if (!in_force.version)
    in_force.version = std::make_shared<const CostDataVersion>(BuiltinCostData());
  return in_force.version;
}

void PutCostDataInForce(CostDataVersion version) {
  auto next = std::make_shared<const CostDataVersion>(std::move(version));
  InForceTable& in_force = InForce();
  MutexLock lock(&in_force.mu);
  in_force.version = std::move(next);
}

Status Validate(const Offer& offer, const CostData& data) {
  std::vector<FieldError> errors;
  if (const Country* country = data.FindCountry(offer.country); country == nullptr) {
    std::string known;
    for (const Country& c : data.countries) known += (known.empty() ? "" : ", ") + c.code;
    errors.push_back({"/destination/country", "no cost data for this country; known: " + known});
  } else if (data.FindPlace(offer.country, offer.place) == nullptr) {
    std::string known;
    for (const Place& p : country->places) known += (known.empty() ? "" : ", ") + p.id;
    errors.push_back({"/destination/place",
                      "no cost data for this place in " + offer.country + "; known: " + known});
  }
  if (!(offer.wage.amount > 0)) errors.push_back({"/wage/amount", "must be above zero"});
  if (offer.debt_interest_rate_month && !offer.fees_financed_by_debt) {
    errors.push_back({"/debt_interest_rate_month",
                      "given, but fees_financed_by_debt is false: no loan pays interest"});
  }
  if (offer.accommodation_cost && offer.accommodation_cost->period != model::MoneyPeriod::kMonth) {
    errors.push_back({"/accommodation_cost/period", "give the cost per month"});
  }
  if (errors.empty()) return Status::Ok();
  return Status::InvalidArgument("the offer cannot be compared", std::move(errors));
}

StatusOr<NetIncome> OfferNet(const Offer& offer, const CostData& data,
                             const model::ExchangeRates& rates, std::string_view currency) {
  const Country* country = data.FindCountry(offer.country);
  const Place* place = data.FindPlace(offer.country, offer.place);
  if (country == nullptr || place == nullptr) {
    return Status::InvalidArgument("no cost data for this destination");
  }
  const Json where = PlaceWords(*country, *place);
  Lines lines(currency);

  HW_ASSIGN_OR_RETURN(double wage, Shown(offer.wage.Monthly(offer.hours_per_week),
                                         offer.wage.currency, currency, rates));
  Json wage_words = where;
  std::string wage_code =
      WageWords(offer.wage, offer.hours_per_week, "offer.line.wage", wage_words);
  lines.Add(std::move(wage_code), std::move(wage_words), wage, kOfferSource);

  const Figure& usual_contract = country->contract_months.For(offer.channel);
  const int months = offer.contract_months.value_or(static_cast<int>(usual_contract.value));
  const std::string months_source =
      offer.contract_months ? std::string(kOfferSource) : usual_contract.Cite();
  HW_ASSIGN_OR_RETURN(double fees, Convert(offer.recruitment_fees.amount,
                                           offer.recruitment_fees.currency, currency, rates));
  const std::string fees_text =
      Amount(offer.recruitment_fees.amount, offer.recruitment_fees.currency);
  const double fee_share =
      lines.Add("offer.line.recruitment_fees", {{"fees", fees_text}, {"months", months}},
                -fees / months, std::string(kOfferSource) + "; months: " + months_source);

  double interest = 0;
  if (offer.fees_financed_by_debt && fees > 0) {
    const Figure& usual_rate = data.home.default_debt_interest_rate_month;
    const double rate = offer.debt_interest_rate_month.value_or(usual_rate.value);
    // A loan of the fees repaid in equal parts over the contract: the interest on what is
    // still owed, averaged over the months.
    interest =
        lines.Add("offer.line.debt_interest",
                  {{"rate", Percent(rate)}, {"fees", fees_text}, {"months", months}},
                  -rate * fees * (months + 1) / (2.0 * months),
                  offer.debt_interest_rate_month ? "The rate the person gave" : usual_rate.Cite());
  }

  HW_ASSIGN_OR_RETURN(double living,
                      Convert(place->living.value, place->living.currency, currency, rates));
  living = lines.Add("offer.line.living", where, -living, place->living.Cite());

  double accommodation = 0;
  if (offer.accommodation_cost) {
    HW_ASSIGN_OR_RETURN(
        accommodation, Convert(offer.accommodation_cost->amount, offer.accommodation_cost->currency,
                               currency, rates));
    accommodation =
        lines.Add("offer.line.accommodation_stated", Json::object(), -accommodation, kOfferSource);
  } else {
    HW_ASSIGN_OR_RETURN(accommodation, Convert(place->accommodation.value,
                                               place->accommodation.currency, currency, rates));
    accommodation =
        lines.Add("offer.line.accommodation", where, -accommodation, place->accommodation.Cite());
  }

  const Figure& lost_share = country->income_lost_share.For(offer.channel);
  const double lost =
      lines.Add("offer.line.income_lost",
                {{"channel", ChannelName(offer.channel)}, {"share", Percent(lost_share.value)}},
                -lost_share.value * wage, lost_share.Cite());

  const Figure& remittance_share = country->remittance_cost_share.For(offer.channel);
  const double sent = std::max(0.0, wage + fee_share + interest + living + accommodation + lost);
  lines.Add("offer.line.remittance",
            {{"amount", Amount(sent, currency)}, {"share", Percent(remittance_share.value)}},
            -remittance_share.value * sent, remittance_share.Cite());
  return lines.Take();
}

StatusOr<NetIncome> LocalNet(const LocalJob& job, int dependents, const HomeCosts& home,
                             const model::ExchangeRates& rates, std::string_view currency) {
  Lines lines(currency);
  HW_ASSIGN_OR_RETURN(
      double wage, Shown(job.wage.Monthly(job.hours_per_week), job.wage.currency, currency, rates));
  Json wage_words = {{"title", job.title}};
  std::string wage_code =
      WageWords(job.wage, job.hours_per_week, "offer.line.local_wage", wage_words);
  lines.Add(std::move(wage_code), std::move(wage_words), wage,
            "The vacancy " + job.opportunity_id + ", as its employer posted it");

  if (job.transport_provided) {
    lines.Add("offer.line.commute_provided", Json::object(), 0,
              "The vacancy " + job.opportunity_id + ", its benefits");
  } else {
    const double days = std::min(6.0, job.hours_per_week / 8.0) * kWeeksPerMonth;
    const double km = job.commute_km.value_or(home.unmeasured_commute_km.value);
    HW_ASSIGN_OR_RETURN(double per_km, Convert(home.commute_cost_per_km.value,
                                               home.commute_cost_per_km.currency, currency, rates));
    std::string source = home.commute_cost_per_km.Cite();
    if (!job.commute_km) source += "; distance: " + home.unmeasured_commute_km.Cite();
    lines.Add("offer.line.commute", {{"km", km}, {"days", days}}, -2 * km * per_km * days,
              std::move(source));
  }

  if (dependents > 0) {
    if (job.childcare_provided) {
      lines.Add("offer.line.childcare_provided", Json::object(), 0,
                "The vacancy " + job.opportunity_id + ", its benefits");
    } else {
      HW_ASSIGN_OR_RETURN(double childcare,
                          Convert(home.childcare_per_month.value, home.childcare_per_month.currency,
                                  currency, rates));
      lines.Add("offer.line.childcare", {{"dependents", dependents}}, -childcare,
                home.childcare_per_month.Cite());
    }
  }
  return lines.Take();
}

std::string ComparisonCurrency(const Money& household_income, const Money& household_debt) {
  for (const Money* money : {&household_income, &household_debt}) {
    if (money->currency == "KHR" || money->currency == "THB") return money->currency;
  }
  return std::string(model::kBaseCurrency);
}

model::Vacancy OfferAsVacancy(const Offer& offer, const CostData& data,
                              const std::string& province) {
  model::Vacancy v;
  const Country* country = data.FindCountry(offer.country);
  const Place* place = data.FindPlace(offer.country, offer.place);
  v.title = "Work in " + (country && place ? PlaceName(*country, *place).en : offer.country);
  v.description = offer.description;
  v.province = province;  // the person's: their province's rules screen what they are offered
  v.wage = offer.wage;
  v.hours_per_week = offer.hours_per_week;
  v.worker_fees = offer.recruitment_fees;
  v.employer_holds_documents = offer.employer_holds_documents;
  v.work_abroad = true;
  return v;
}

model::Employer OfferRecruiter(const Offer& offer, const Date& today) {
  model::Employer e;
  e.name = "the recruiter of the offer";
  if (offer.channel == Channel::kRegular) {
    // The person says a licensed agency recruits; no admin has checked which one.
    e.recruitment_licence = model::RecruitmentLicence{"stated by the person",
                                                      Date::FromDays(today.DaysSinceEpoch() + 1),
                                                      /*verified=*/false};
  }
  return e;
}

bool AppliesToOffers(const model::ScreeningFlag& flag) {
  static const char* const kNotForOffers[] = {"unverified_employer", "vague_workplace",
                                              "wage_far_above_market", "far_below_market",
                                              "below_legal_minimum"};
  return std::none_of(std::begin(kNotForOffers), std::end(kNotForOffers),
                      [&](const char* code) { return flag.code == code; });
}

namespace {

std::string CurrencyWord(const std::string& currency, bool khmer) {
  if (currency == "KHR") return khmer ? "រៀល" : "riel";
  if (currency == "THB") return khmer ? "បាត" : "baht";
  return khmer ? "ដុល្លារ" : "US dollars";
}

std::string Spoken(double amount, const std::string& currency, bool khmer) {
  return Grouped(amount, currency) + " " + CurrencyWord(currency, khmer);
}

}  // namespace

void Conclude(Comparison& c, const CostData& data) {
  const Country* country = data.FindCountry(c.offer.country);
  const Place* place = data.FindPlace(c.offer.country, c.offer.place);
  const Bilingual where =
      country && place ? PlaceName(*country, *place) : Bilingual{c.offer.country, c.offer.country};
  const std::string& cur = c.currency;
  const double net = c.offer_income.net_monthly;

  const LocalOption* best = nullptr;
  for (const LocalOption& option : c.local) {
    if (best == nullptr || option.income.net_monthly > best->income.net_monthly) best = &option;
  }
  c.difference = best ? model::RoundForDisplay(net - best->income.net_monthly, cur) + 0.0 : 0.0;

  std::string en;
  std::string km;
  if (net >= 0) {
    en = "In " + where.en + ", this offer would leave about " + Spoken(net, cur, false) +
         " a month after fees, debt, living and remittance costs and the income expected to be "
         "lost on the " +
         ChannelName(c.offer.channel) + " channel.";
    km = "នៅ" + where.km + " ការងារនេះនឹងនៅសល់ប្រហែល " + Spoken(net, cur, true) +
         " ក្នុងមួយខែ ក្រោយពីដកថ្លៃជ្រើសរើស ការប្រាក់បំណុល ថ្លៃរស់នៅ ថ្លៃផ្ញើប្រាក់ "
         "និងប្រាក់ចំណូលដែលអាចបាត់បង់។";
  } else {
    en = "In " + where.en +
         ", this offer would leave nothing: fees, debt, living and remittance "
         "costs and the income expected to be lost on the " +
         std::string(ChannelName(c.offer.channel)) + " channel exceed the wage by about " +
         Spoken(net, cur, false) + " a month.";
    km = "នៅ" + where.km +
         " ការងារនេះនឹងមិននៅសល់អ្វីទេ ព្រោះថ្លៃជ្រើសរើស ការប្រាក់បំណុល "
         "ថ្លៃរស់នៅ ថ្លៃផ្ញើប្រាក់ និងប្រាក់ចំណូលដែលអាចបាត់បង់ លើសប្រាក់ឈ្នួលប្រហែល " +
         Spoken(net, cur, true) + " ក្នុងមួយខែ។";
  }
  if (best == nullptr) {
    en += " No local job matched this person yet, so there is no local income to set beside it.";
    km +=
        " មិនទាន់មានការងារក្នុងស្រុកដែលស័ក្តិសមនឹងបុគ្គលនេះនៅឡើយទេ "
        "ដូច្នេះគ្មានប្រាក់ចំណូលក្នុងស្រុកសម្រាប់ប្រៀបធៀបទេ។";
  } else {
    const double local = best->income.net_monthly;
    en += " The best local job found (" + best->title + ") would leave about " +
          Spoken(local, cur, false) + " a month";
    km += " ការងារក្នុងស្រុកល្អបំផុតដែលរកឃើញ (" + best->title + ") នឹងនៅសល់ប្រហែល " +
          Spoken(local, cur, true) + " ក្នុងមួយខែ";
    if (c.difference > 0) {
      en += ", so the offer keeps " + Spoken(c.difference, cur, false) + " more each month.";
      km += " ដូច្នេះការងារនៅបរទេសនៅសល់ច្រើនជាង " + Spoken(c.difference, cur, true) + " ក្នុងមួយខែ។";
    } else if (c.difference < 0) {
      en += ", so staying home keeps " + Spoken(c.difference, cur, false) + " more each month.";
      km += " ដូច្នេះការនៅស្រុកនៅសល់ច្រើនជាង " + Spoken(c.difference, cur, true) + " ក្នុងមួយខែ។";
    } else {
      en += ", the same as the offer.";
      km += " ស្មើនឹងការងារនៅបរទេស។";
    }
  }
  c.summary = {std::move(en), std::move(km)};
}

// --- JSON ----------------------------------------------------------------------------------------

namespace {

Json MoneyJson(double amount, const std::string& currency) {
  return {{"amount", amount}, {"currency", currency}, {"period", "month"}};
}

Json LinesJson(const NetIncome& income, const std::string& currency) {
  Json lines = Json::array();
  for (const Line& line : income.lines) {
    Json json = {{"label", line.label},
                 {"amount", MoneyJson(line.amount, currency)},
                 {"source", line.source}};
    if (!line.code.empty()) {
      json["code"] = line.code;
      json["params"] = line.params;
    }
    lines.push_back(std::move(json));
  }
  return lines;
}

NetIncome IncomeFrom(const Json& j) {
  NetIncome income;
  income.net_monthly = j.at("net_monthly_income").at("amount").get<double>();
  for (const Json& line : j.at("lines")) {
    // A comparison saved before the lines had codes has none.
    income.lines.push_back({line.at("label").get<std::string>(), line.value("code", ""),
                            line.value("params", Json::object()),
                            line.at("amount").at("amount").get<double>(),
                            line.at("source").get<std::string>()});
  }
  return income;
}

}  // namespace

void to_json(Json& j, const Offer& v) {
  j = Json{{"destination", {{"country", v.country}, {"place", v.place}}},
           {"wage", v.wage},
           {"hours_per_week", v.hours_per_week},
           {"recruitment_fees", v.recruitment_fees},
           {"fees_financed_by_debt", v.fees_financed_by_debt},
           {"channel", ChannelName(v.channel)},
           {"employer_holds_documents", v.employer_holds_documents},
           {"description", v.description}};
  if (v.debt_interest_rate_month) j["debt_interest_rate_month"] = *v.debt_interest_rate_month;
  if (v.accommodation_cost) j["accommodation_cost"] = *v.accommodation_cost;
  if (v.contract_months) j["contract_months"] = *v.contract_months;
}

void from_json(const Json& j, Offer& v) {
  v.country = j.at("destination").at("country").get<std::string>();
  v.place = j.at("destination").at("place").get<std::string>();
  v.wage = j.at("wage").get<Money>();
  v.hours_per_week = j.at("hours_per_week").get<double>();
  v.recruitment_fees = j.at("recruitment_fees").get<Money>();
  v.fees_financed_by_debt = j.value("fees_financed_by_debt", false);
  const std::string channel = j.at("channel").get<std::string>();
  if (channel != "regular" && channel != "irregular") {
    throw Json::other_error::create(501, "channel must be regular or irregular", &j);
  }
  v.channel = channel == "regular" ? Channel::kRegular : Channel::kIrregular;
  v.employer_holds_documents = j.value("employer_holds_documents", false);
  v.description = j.value("description", "");
  v.debt_interest_rate_month.reset();
  if (j.contains("debt_interest_rate_month")) {
    v.debt_interest_rate_month = j.at("debt_interest_rate_month").get<double>();
  }
  v.accommodation_cost.reset();
  if (j.contains("accommodation_cost"))
    v.accommodation_cost = j.at("accommodation_cost").get<Money>();
  v.contract_months.reset();
  if (j.contains("contract_months")) v.contract_months = j.at("contract_months").get<int>();
}

void to_json(Json& j, const Comparison& v) {
  Json offer = v.offer;
  offer["net_monthly_income"] = MoneyJson(v.offer_income.net_monthly, v.currency);
  offer["lines"] = LinesJson(v.offer_income, v.currency);
  Json local = Json::array();
  for (const LocalOption& option : v.local) {
    local.push_back({{"opportunity_id", option.opportunity_id},
                     {"title", option.title},
                     {"net_monthly_income", MoneyJson(option.income.net_monthly, v.currency)},
                     {"lines", LinesJson(option.income, v.currency)}});
  }
  j = Json{{"id", v.meta.id},
           {"individual_id", v.individual_id},
           {"created_at", v.meta.created_at},
           {"updated_at", v.meta.updated_at},
           {"currency", v.currency},
           {"exchange_rates_version", v.exchange_rates_version},
           {"destination_costs_version", v.destination_costs_version},
           {"offer", std::move(offer)},
           {"local", std::move(local)},
           {"difference", MoneyJson(v.difference, v.currency)},
           {"screening", v.screening},
           {"summary", {{"en", v.summary.en}, {"km", v.summary.km}}}};
}

void from_json(const Json& j, Comparison& v) {
  v.meta.id = j.value("id", "");
  v.meta.created_at = j.value("created_at", "");
  v.meta.updated_at = j.value("updated_at", "");
  v.individual_id = j.at("individual_id").get<std::string>();
  v.currency = j.at("currency").get<std::string>();
  v.exchange_rates_version = j.at("exchange_rates_version").get<int>();
  // Comparisons saved before the cost data could be replaced were made with the shipped data.
  v.destination_costs_version = j.value("destination_costs_version", 0);
  v.offer = j.at("offer").get<Offer>();
  v.offer_income = IncomeFrom(j.at("offer"));
  v.local.clear();
  for (const Json& option : j.at("local")) {
    v.local.push_back({option.at("opportunity_id").get<std::string>(),
                       option.at("title").get<std::string>(), IncomeFrom(option)});
  }
  v.difference = j.at("difference").at("amount").get<double>();
  v.screening = j.at("screening").get<model::Screening>();
  v.summary = {j.at("summary").at("en").get<std::string>(),
               j.at("summary").at("km").get<std::string>()};
}

}  // namespace homeward::offer
