// The shared FakePolicy (tests/support/fake_policy.h) built on the market data the product ships:
// the market.json of the province's bundled plugin (plugins/<name>/market.json, the file the plugin
// compiles in), or the national defaults for a province without one. Province screening rules are
// given as a function, standing in for a plugin's own rules; the corpus test loads the real
// plugins instead.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "fake_policy.h"

namespace homeward::screening::testing {

using ::homeward::testing::FakePolicy;

FakePolicy ShippedMarketPolicy(std::string_view province, std::string source = "test",
                               FakePolicy::ScreeningRule rules = {});

// The directory of the screening corpus (tests/data/screening).
std::filesystem::path CorpusDir();

}  // namespace homeward::screening::testing
