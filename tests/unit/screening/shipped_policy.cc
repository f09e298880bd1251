#include "shipped_policy.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "homeward/model/json.h"
#include "homeward/policy/national.h"
#include "temp_dir.h"

namespace homeward::screening::testing {
namespace {

// The market.json of the bundled plugin for `province`, if one ships.
std::optional<model::MarketData> PluginMarket(std::string_view province) {
  for (const auto& entry :
       std::filesystem::directory_iterator(homeward::testing::SourceDir() / "plugins")) {
    std::ifstream in(entry.path() / "market.json");
    if (!in || entry.path().filename() == "template") continue;
    const auto doc = nlohmann::json::parse(in);
    if (doc.at("province").get<std::string>() != province) continue;
    return doc.get<model::MarketData>();
  }
  return std::nullopt;
}

}  // namespace

std::filesystem::path ShippedMarketPolicy::CorpusDir() {
  return homeward::testing::SourceDir() / "tests" / "data" / "screening";
}

ShippedMarketPolicy::ShippedMarketPolicy(std::string_view province, std::string source, Rules rules)
    : province_(province),
      source_(std::move(source)),
      market_(PluginMarket(province).value_or(policy::NationalMarket(province))),
      rules_(std::move(rules)) {}

}  // namespace homeward::screening::testing
