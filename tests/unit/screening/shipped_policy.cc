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

std::filesystem::path CorpusDir() {
  return homeward::testing::SourceDir() / "tests" / "data" / "screening";
}

FakePolicy ShippedMarketPolicy(std::string_view province, std::string source,
                               FakePolicy::ScreeningRule rules) {
  FakePolicy shipped(PluginMarket(province).value_or(policy::NationalMarket(province)),
                     std::string(province), std::move(source));
  shipped.set_screening_rule(std::move(rules));
  return shipped;
}

}  // namespace homeward::screening::testing
