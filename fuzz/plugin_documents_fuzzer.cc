// libFuzzer target: what a plugin hands the host, read the way the host reads it: a manifest file
// (nlohmann's parser, as PluginHost reads `<id>.plugin.json`) and the documents a plugin returns
// through the ABI (market data, weights, scoring-rule hits, screening flags). A plugin is written
// by a data steward, not by us: every reader must refuse what is malformed with a Status, never
// crash, and a weight table it accepts must apply to the defaults.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "internal/documents.h"

namespace plugin = homeward::plugin::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  if (auto manifest = plugin::ParseManifest(j); manifest.ok()) {
    (void)manifest->Provides("scoring_rules");
  }
  (void)plugin::CheckMarketData(j).ok();
  (void)plugin::ParseRuleHits(j).ok();
  (void)plugin::ParseFlags(j).ok();
  if (auto weights = plugin::ParseWeights(j); weights.ok()) {
    (void)weights->Apply(homeward::policy::MatchWeights{});
    (void)weights->Apply(homeward::policy::VulnerabilityWeights{});
  }
  return 0;
}
