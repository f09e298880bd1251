// Phnom Penh (KH-12): the capital's garment and construction labour market, where living costs
// (rent, transport) are the highest in the country. Sources: README.md.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "homeward/plugin.hpp"
#include "homeward/plugin_rules.hpp"

namespace {

using homeward::sdk::Flag;
using homeward::sdk::Json;
using homeward::sdk::RuleHit;
using homeward::sdk::Severity;
namespace sdk = homeward::sdk;

bool IsGarmentJob(const Json& vacancy) {
  return vacancy.value("sector", "") == "garment" ||
         sdk::IscoIn(vacancy.value("occupation", ""), {"8153", "7531", "7533", "8155", "8156"});
}

bool IsConstructionJob(const Json& vacancy) {
  return vacancy.value("sector", "") == "construction" ||
         sdk::IscoIn(vacancy.value("occupation", ""), {"711", "712", "713", "9312", "9313"});
}

// Each rule's points, named once: the rules and the range they add up to (RulePointsFor) read
// the same numbers.
constexpr double kGarmentLegalMinimum = 5;
constexpr double kGarmentBelowMinimum = -10;
constexpr double kHousingOrTransport = 4;
constexpr double kDailyConstruction = -5;
constexpr double kChildcare = 3;
constexpr double kSkilledTradePathway = 4;
constexpr double kTrainingStipend = 3;

// Childcare counts for a parent of at least this many dependents.
constexpr int kDependentsForChildcare = 2;

bool HasYoungFamily(const Json& person) {
  return person.at("household").value("dependents", 0) >= kDependentsForChildcare;
}

class PhnomPenh final : public sdk::Plugin {
 public:
  PhnomPenh() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    // Wages weigh more where rent and transport eat a larger share of pay; commuting within
    // the city is the norm, so distance weighs less. Household debt (microfinance) is a driver
    // of unsafe migration from the city's poorer districts.
    return {{"match", {{"wage", 0.20}, {"distance", 0.10}}}, {"vulnerability", {{"debt", 20}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int) const override {
    std::vector<RuleHit> hits;
    const double wage = sdk::MonthlyWage(vacancy);
    const double minimum = market_.at("minimum_wage").get<double>();
    if (IsGarmentJob(vacancy)) {
      if (wage >= minimum) {
        hits.push_back({"garment-legal-minimum", kGarmentLegalMinimum,
                        "pays at least the legal garment minimum wage (USD " +
                            std::to_string(static_cast<int>(minimum)) + " a month)",
                        "ផ្តល់ប្រាក់ឈ្នួលយ៉ាងហោចណាស់ស្មើនឹងប្រាក់ឈ្នួលអប្បបរមាតាមច្បាប់សម្រាប់វិស័យកាត់ដេរ (" +
                            std::to_string(static_cast<int>(minimum)) + " ដុល្លារក្នុងមួយខែ)"});
      } else {
        hits.push_back({"garment-legal-minimum", kGarmentBelowMinimum,
                        "pays less than the legal garment minimum wage (USD " +
                            std::to_string(static_cast<int>(minimum)) + " a month)",
                        "ផ្តល់ប្រាក់ឈ្នួលទាបជាងប្រាក់ឈ្នួលអប្បបរមាតាមច្បាប់សម្រាប់វិស័យកាត់ដេរ (" +
                            std::to_string(static_cast<int>(minimum)) + " ដុល្លារក្នុងមួយខែ)"});
      }
    }
    const Json& benefits = vacancy.value("benefits", Json::array());
    if (sdk::Has(benefits, "housing") || sdk::Has(benefits, "transport")) {
      hits.push_back({"housing-or-transport", kHousingOrTransport,
                      "housing or transport is provided: rent and travel are a Phnom Penh "
                      "worker's largest costs",
                      "មានផ្តល់កន្លែងស្នាក់នៅ ឬមធ្យោបាយធ្វើដំណើរ៖ ថ្លៃជួលផ្ទះ និងថ្លៃធ្វើដំណើរ "
                      "គឺជាចំណាយធំបំផុតរបស់កម្មករនៅភ្នំពេញ"});
    }
    if (IsConstructionJob(vacancy) && vacancy.value("contract", "") == "daily") {
      hits.push_back({"daily-construction", kDailyConstruction,
                      "day-labour construction work has no accident cover and no steady "
                      "income",
                      "ការងារសំណង់ស៊ីឈ្នួលប្រចាំថ្ងៃ គ្មានការធានារ៉ាប់រងគ្រោះថ្នាក់ និងគ្មានប្រាក់ចំណូលទៀងទាត់"});
    }
    if (HasYoungFamily(person) && sdk::Has(benefits, "childcare")) {
      hits.push_back({"childcare", kChildcare,
                      "childcare is provided for a parent of young children",
                      "មានសេវាថែទាំកុមារសម្រាប់ឪពុកម្តាយដែលមានកូនតូច"});
    }
    return hits;
  }

  // A garment job below the minimum on day-labour construction terms at the least; at the most a
  // garment job at the minimum with housing, and childcare for a parent who needs it.
  std::optional<sdk::RulePoints> RulePointsFor(const Json& person, int) const override {
    const double jobs_most =
        kGarmentLegalMinimum + kHousingOrTransport + (HasYoungFamily(person) ? kChildcare : 0);
    return sdk::RulePoints{kGarmentBelowMinimum + kDailyConstruction,
                           std::max(jobs_most, kSkilledTradePathway + kTrainingStipend)};
  }

  // What JobRules can add for anyone with `vacancy`: a garment job either side of the minimum
  // (its wage reaches us in US dollars at exchange rates that change), and childcare as if for
  // a parent. Most of the city's vacancies are neither garment nor day-labour construction work
  // and offer no housing, transport or childcare: their pairs are ranked on their scores alone.
  std::optional<sdk::RulePoints> VacancyRulePoints(const Json& vacancy) const override {
    sdk::RulePoints points;
    if (IsGarmentJob(vacancy)) {
      points.least += kGarmentBelowMinimum;
      points.most += kGarmentLegalMinimum;
    }
    const Json& benefits = vacancy.value("benefits", Json::array());
    if (sdk::Has(benefits, "housing") || sdk::Has(benefits, "transport")) {
      points.most += kHousingOrTransport;
    }
    if (IsConstructionJob(vacancy) && vacancy.value("contract", "") == "daily") {
      points.least += kDailyConstruction;
    }
    if (sdk::Has(benefits, "childcare")) points.most += kChildcare;
    return points;
  }

  std::vector<RuleHit> TrainingRules(const Json&, const Json& training, int) const override {
    std::vector<RuleHit> hits;
    for (const auto& isco : training.value("leads_to", Json::array())) {
      if (sdk::IscoIn(isco.get<std::string>(), {"7411", "7126", "7231", "7115"})) {
        hits.push_back({"skilled-trade-pathway", kSkilledTradePathway,
                        "leads to a skilled construction trade, paid well above labouring in "
                        "the city",
                        "នាំទៅរកមុខរបរសំណង់ដែលមានជំនាញ "
                        "ដែលទទួលបានប្រាក់ឈ្នួលខ្ពស់ជាងការងារកម្មករធម្មតានៅក្នុងទីក្រុងច្រើន"});
        break;
      }
    }
    if (training.value("stipend", Json::object()).value("amount", 0.0) > 0) {
      hits.push_back({"training-stipend", kTrainingStipend,
                      "the stipend helps cover city living costs while training",
                      "ប្រាក់ឧបត្ថម្ភជួយចំណាយលើការរស់នៅក្នុងទីក្រុង ក្នុងពេលចូលរៀនវគ្គបណ្តុះបណ្តាល"});
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    const std::string text = sdk::AdvertText(vacancy);
    // Kilns, not bricklayers: ជាងឥដ្ឋ (a mason) and "bricklayer" are ordinary building trades.
    if (sdk::ContainsAny(text, {"brick kiln", "brick factory", "brickworks", "brick-making", "kiln",
                                "ឡឥដ្ឋ", "រោងចក្រឥដ្ឋ", "ផលិតឥដ្ឋ"})) {
      const bool debt = sdk::ContainsAny(text, {"advance", "loan", "debt", "repay", "បំណុល"});
      flags.push_back({"brick-kiln", debt ? "brick_kiln_debt_bondage" : "brick_kiln",
                       debt ? Severity::kBlock : Severity::kReview,
                       debt ? "brick-kiln work tied to a wage advance or debt: brick kilns "
                              "around Phnom Penh are documented sites of debt bondage"
                            : "brick-kiln work: check for debt bondage and child labour, "
                              "documented in the kilns around Phnom Penh",
                       debt ? "ការងារឡឥដ្ឋដែលភ្ជាប់នឹងប្រាក់ឈ្នួលបើកមុន ឬបំណុល៖ ឡឥដ្ឋនៅជុំវិញភ្នំពេញ "
                              "ត្រូវបានកត់ត្រាថាជាកន្លែងនៃការជាប់បំណុល"
                            : "ការងារឡឥដ្ឋ៖ សូមពិនិត្យរកការជាប់បំណុល និងពលកម្មកុមារ "
                              "ដែលត្រូវបានកត់ត្រាថាមាននៅតាមឡឥដ្ឋជុំវិញភ្នំពេញ"});
    }
    if (IsGarmentJob(vacancy) &&
        sdk::MonthlyWage(vacancy) < market_.at("minimum_wage").get<double>()) {
      flags.push_back({"garment-below-minimum", "below_legal_minimum_wage", Severity::kReview,
                       "a garment job paying below the legal minimum wage for the sector",
                       "ការងារកាត់ដេរដែលផ្តល់ប្រាក់ឈ្នួលទាបជាងប្រាក់ឈ្នួលអប្បបរមាតាមច្បាប់សម្រាប់វិស័យនេះ"});
    }
    return flags;
  }

  void ValidateMarket(const Json& market) const override {
    // The garment minimum wage is set nationally by the Labour Advisory Committee; a provincial
    // replacement must not go below the figure in force when this plugin was built.
    if (market.at("minimum_wage").get<double>() < 208) {
      throw sdk::InvalidInput("minimum_wage is below the 2025 legal garment minimum (USD 208)");
    }
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(PhnomPenh)
