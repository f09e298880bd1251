// The stay-home comparison (docs/offer-comparison.md): what a person would keep each month from a
// migration offer after recruitment fees, the interest on debt taken for them, living and
// accommodation costs at the destination, remittance costs and the income expected to be lost to
// the channel's risks, set beside what they would keep from their best local jobs after
// commuting and childcare costs. Every line carries its source.
//
// The costs come from reference data, each figure with its source, date and whether it is an
// estimate: the shipped engine/data/reference/destination-costs.json until an admin replaces it
// (PUT /v1/destination-costs), then the version in force (CostDataInForce). Amounts are computed in
// double precision, converted with the exchange rates given, and every line is rounded for display
// (model::RoundForDisplay) before it is added up, so that the lines shown add up to the net.
//
// Everything here but the cost data in force is a pure function of its arguments (the embedded
// data is parsed once, on first use, and never changed): thread-safe and deterministic. The cost
// data in force may be read and replaced from any thread; a reader keeps the version it got.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/base/time.h"
#include "homeward/model/common.h"
#include "homeward/model/employer.h"
#include "homeward/model/exchange_rates.h"
#include "homeward/model/json.h"
#include "homeward/model/vacancy.h"

namespace homeward::offer {

// How the person would go: through the licensed channel (an MoU agency, the EPS) or not.
enum class Channel { kRegular, kIrregular };

// A figure of the reference data: an amount of money or a plain value (a share, a number of
// months or kilometres), with where it comes from.
struct Figure {
  double value = 0;      // the amount, or the plain value
  std::string currency;  // for an amount: "USD", "KHR" or "THB"; empty for a plain value
  std::string as_of;     // YYYY-MM-DD
  std::string source;
  std::string source_url;
  bool estimate = false;
  std::string note;  // for an estimate: how it was derived

  // "source (estimate, as of YYYY-MM-DD)", as a line's source reads.
  std::string Cite() const;
};

// A figure that differs by channel.
struct ByChannel {
  Figure regular;
  Figure irregular;
  const Figure& For(Channel channel) const {
    return channel == Channel::kRegular ? regular : irregular;
  }
};

// Text in English and Khmer.
struct Bilingual {
  std::string en;
  std::string km;
};

struct Place {
  std::string id;  // "bangkok", "border_provinces", ...
  Bilingual name;
  Figure living;         // money a month
  Figure accommodation;  // money a month
};

struct Country {
  std::string code;  // ISO 3166-1 alpha-2: "TH", "MY", "KR"
  Bilingual name;
  ByChannel remittance_cost_share;  // of the amount sent home
  ByChannel income_lost_share;      // of the monthly wage
  ByChannel contract_months;
  std::vector<Place> places;
};

// Costs at home, for the local options.
struct HomeCosts {
  Figure commute_cost_per_km;    // money per km travelled
  Figure unmeasured_commute_km;  // one way, when a place has no coordinates
  Figure childcare_per_month;    // money a month
  Figure default_debt_interest_rate_month;
};

struct CostData {
  std::vector<Country> countries;
  HomeCosts home;

  const Country* FindCountry(std::string_view code) const;
  // The place `place` of country `country`, or nullptr.
  const Place* FindPlace(std::string_view country, std::string_view place) const;
};

// Reads a cost data document (its shape as destination-costs.replace.schema.json states it).
// INVALID_ARGUMENT naming, by JSON pointer, each problem the schema cannot see: a country or a
// place given twice, a share outside [0, 1), contract months outside (0, 120], a date that is
// not a date or is after `today` (when given), an estimate without a note saying how it was
// derived.
StatusOr<CostData> ParseCostData(const model::Json& doc, std::optional<Date> today);

// A version of the cost data: the shipped one (version 0) or one an admin stored.
struct CostDataVersion {
  CostData data;
  model::Json document;    // as given: the shipped file or the admin's body
  int version = 0;         // 0: shipped; 1, 2, ...: replaced through the API
  std::string created_by;  // "builtin" for the shipped data, else the admin's API key id
  std::string created_at;  // RFC 3339 UTC (the shipped data: when it was published)
};

// The shipped cost data (engine/data/reference/destination-costs.json), parsed once.
const CostDataVersion& BuiltinCostData();

// The cost data in force: the last version given to PutCostDataInForce, else the shipped one.
std::shared_ptr<const CostDataVersion> CostDataInForce();
void PutCostDataInForce(CostDataVersion version);

// The offer a person received, as POSTed.
struct Offer {
  std::string country;  // ISO 3166-1 alpha-2
  std::string place;    // a place id of the cost data
  model::Money wage;
  double hours_per_week = 48;
  model::Money recruitment_fees;  // the total paid; the period is not used
  bool fees_financed_by_debt = false;
  std::optional<double> debt_interest_rate_month;  // e.g. 0.03 for 3% a month
  Channel channel = Channel::kIrregular;
  bool employer_holds_documents = false;
  std::optional<model::Money> accommodation_cost;  // a month; the destination's figure when absent
  std::optional<int> contract_months;              // the channel's usual contract when absent
  std::string description;
};

// Every problem of an offer that its schema cannot see, each named by its JSON pointer (a
// destination without cost data, a wage of zero); INVALID_ARGUMENT, or OK.
Status Validate(const Offer& offer, const CostData& data);

// One line of a net income: an amount a month in the comparison's currency, positive for what
// comes in and negative for what goes out, rounded for display.
struct Line {
  std::string label;   // in English, from the catalogue's `code` with `params`
  std::string code;    // "offer.line.living" (reference/messages.h)
  model::Json params;  // what the sentence is made with
  double amount = 0;
  std::string source;
};

struct NetIncome {
  double net_monthly = 0;  // the sum of the lines
  std::vector<Line> lines;
};

// The offer's net monthly income in `currency` (NOT_FOUND when a rate is missing).
//   wage W, fees F, contract n months, monthly interest r (0 unless financed by debt):
//   net = W - F/n - r*F*(n+1)/(2n) - living - accommodation - lost - remittance
//   lost = share(channel) * W
//   remittance = share(channel) * max(0, W - F/n - interest - living - accommodation - lost)
// (each term rounded for display before the next uses it).
StatusOr<NetIncome> OfferNet(const Offer& offer, const CostData& data,
                             const model::ExchangeRates& rates, std::string_view currency);

// A local job the person matched, as the comparison needs it.
struct LocalJob {
  std::string opportunity_id;
  std::string title;
  model::Money wage;
  double hours_per_week = 48;
  std::optional<double> commute_km;  // one way; nullopt when a place has no coordinates
  bool transport_provided = false;   // "transport" among the benefits
  bool childcare_provided = false;   // "childcare" among the benefits
};

// The job's net monthly income in `currency` for a household with `dependents`:
//   days = min(6, hours_per_week / 8) * 52/12 working days a month
//   net = W - 2 * km * cost_per_km * days (none when transport is provided)
//           - childcare (when dependents > 0 and childcare is not provided)
StatusOr<NetIncome> LocalNet(const LocalJob& job, int dependents, const HomeCosts& home,
                             const model::ExchangeRates& rates, std::string_view currency);

// The currency a household counts in: the household income's currency when it is riel or baht,
// else the debt's when it is, else US dollars.
std::string ComparisonCurrency(const model::Money& household_income,
                               const model::Money& household_debt);

// The offer as a vacancy, for the vacancy screening rules (a work-abroad job whose worker fees
// are the recruitment fees), and the recruiter behind it as an employer: licensed but not
// verified for the regular channel, unlicensed for the irregular one.
model::Vacancy OfferAsVacancy(const Offer& offer, const CostData& data,
                              const std::string& province);
model::Employer OfferRecruiter(const Offer& offer, const Date& today);

// Flags of the vacancy rules that say nothing about an offer abroad and are left out: the ones
// about the employer's record in Homeward and the Cambodian market and minimum wage.
bool AppliesToOffers(const model::ScreeningFlag& flag);

// One local option of a comparison.
struct LocalOption {
  std::string opportunity_id;
  std::string title;
  NetIncome income;
};

// A stored comparison (the API's resource).
struct Comparison {
  model::RecordMeta meta;
  std::string individual_id;
  std::string currency;  // of every amount below
  int exchange_rates_version = 0;
  int destination_costs_version = 0;
  Offer offer;
  NetIncome offer_income;
  std::vector<LocalOption> local;
  double difference = 0;  // offer net - the best local net (0 without local options)
  model::Screening screening;
  Bilingual summary;
};

// The difference and the two-sentence summary, in English and Khmer, once the rest is filled.
void Conclude(Comparison& comparison, const CostData& data);

// The API body (docs/offer-comparison.md) and back.
void to_json(model::Json& j, const Offer& v);
void from_json(const model::Json& j, Offer& v);
void to_json(model::Json& j, const Comparison& v);
void from_json(const model::Json& j, Comparison& v);

}  // namespace homeward::offer
