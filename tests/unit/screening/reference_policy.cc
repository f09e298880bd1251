#include "reference_policy.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "temp_dir.h"

namespace homeward::screening::testing {

std::filesystem::path ReferencePolicy::CorpusDir() {
  return homeward::testing::SourceDir() / "tests" / "data" / "screening";
}

ReferencePolicy::ReferencePolicy(std::string_view province, std::string source, Rules rules)
    : province_(province), source_(std::move(source)), rules_(std::move(rules)) {
  std::ifstream in(CorpusDir() / "market-reference.json");
  if (!in) throw std::runtime_error("market-reference.json not found");
  const auto doc = nlohmann::json::parse(in);
  const auto& provinces = doc.at("provinces");
  const auto& entry = provinces.contains(province_) ? provinces.at(province_) : doc.at("national");
  market_.province = province_;
  market_.living_wage = entry.at("living_wage").get<double>();
  market_.minimum_wage = entry.at("minimum_wage").get<double>();
  market_.poverty_line = entry.at("poverty_line").get<double>();
  for (const auto& [isco, median] : entry.at("median_wages").items()) {
    market_.median_wages[isco] = median.get<double>();
  }
  market_.source = "tests/data/screening/market-reference.json";
  market_.as_of = doc.at("as_of").get<std::string>();
}

}  // namespace homeward::screening::testing
