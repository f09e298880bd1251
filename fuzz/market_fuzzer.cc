// libFuzzer target: market data as PUT /v1/provinces/{code}/market and plugins supply it,
// through validation into a province's policy, which then screens and scores a vacancy.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "homeward/json/json.h"
#include "homeward/model/json.h"
#include "homeward/policy/national.h"
#include "homeward/screening/screening.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = homeward::json::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!doc.ok()) return 0;
  if (!homeward::json::SchemaSet::Builtin().Validate("market-data.schema.json", *doc).ok()) {
    return 0;
  }
  auto market = homeward::model::ParseModel<homeward::model::MarketData>(*doc);
  if (!market.ok()) return 0;
  static const homeward::model::Vacancy vacancy = [] {
    nlohmann::json v = {{"employer_id", "emp_00000000000000000000000000000000"},
                        {"title", "Sewing machine operator"},
                        {"description", "Day shift, $150 per month, 12 hours per day"},
                        {"occupation", "8153"},
                        {"sector", "garment"},
                        {"province", "KH-14"},
                        {"wage", {{"amount", 150}, {"currency", "USD"}, {"period", "month"}}},
                        {"hours_per_week", 72},
                        {"slots", 2},
                        {"contract", "permanent"}};
    auto parsed = homeward::model::ParseModel<homeward::model::Vacancy>(v);
    if (!parsed.ok()) __builtin_trap();
    return *parsed;
  }();
  homeward::model::Employer employer;
  employer.province = "KH-14";
  auto policy = homeward::policy::NationalDefaults("KH-14", *market);
  homeward::screening::Screen(vacancy, employer, *policy, homeward::Date{2026, 6, 1});
  return 0;
}
