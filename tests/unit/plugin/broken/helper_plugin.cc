// A plugin written with the C++ helper, broken on purpose in one way chosen at compile time:
//   BROKEN_THROWS_IN_INIT  its constructor throws
//   BROKEN_THROWS_IN_CALL  its job rules throw
//   BROKEN_SLOW            its job rules sleep far longer than any call may take by the clock
//   BROKEN_SPINS           its job rules keep the CPU busy far longer than any CPU budget
//   BROKEN_WAITS           (not broken) its job rules wait 150 ms by the clock using no CPU, as
//                          a call on a busy machine does
#include <time.h>

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
#ifdef BROKEN_SPINS
    auto cpu_ms = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    };
    const auto until = cpu_ms() + 600;
    while (cpu_ms() < until) {
    }
#endif
#ifdef BROKEN_WAITS
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
#endif
    return {{"steady", 1, "a steady rule"}};
  }
};

}  // namespace

HOMEWARD_PLUGIN(Broken)
