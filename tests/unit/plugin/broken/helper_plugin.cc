// A plugin written with the C++ helper, broken on purpose in one way chosen at compile time:
//   BROKEN_THROWS_IN_INIT  its constructor throws
//   BROKEN_THROWS_IN_CALL  its job rules throw
//   BROKEN_SLOW            its job rules take far longer than any call budget
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "homeward/plugin.hpp"

namespace {

using homeward::sdk::Json;
using homeward::sdk::RuleHit;

class Broken final : public homeward::sdk::Plugin {
 public:
  Broken() {
#ifdef BROKEN_THROWS_IN_INIT
    throw std::runtime_error("cannot open the province's data file");
#endif
  }

  Json MarketData() const override {
    return {{"province", HOMEWARD_PLUGIN_PROVINCE},
            {"living_wage", 250},
            {"poverty_line", 66},
            {"minimum_wage", 208},
            {"median_wages", {{"9", 180}}},
            {"sector_demand", Json::object()},
            {"source", "test"},
            {"as_of", "2025-01-01"}};
  }

  std::vector<RuleHit> JobRules(const Json&, const Json&, int) const override {
#ifdef BROKEN_THROWS_IN_CALL
    throw std::out_of_range("rule table index 12 out of range");
#endif
#ifdef BROKEN_SLOW
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
#endif
    return {{"steady", 1, "a steady rule"}};
  }
};

}  // namespace

HOMEWARD_PLUGIN(Broken)
