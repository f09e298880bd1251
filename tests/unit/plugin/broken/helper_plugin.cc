// A plugin written with the C++ helper, broken on purpose in one way chosen at compile time:
//   BROKEN_THROWS_IN_INIT  its constructor throws
//   BROKEN_THROWS_IN_CALL  its job rules throw
//   BROKEN_SLOW            its job rules sleep far longer than any call may take by the clock
//   BROKEN_SPINS           its job rules keep the CPU busy far longer than any CPU budget
//   BROKEN_WAITS           (not broken) its job rules wait 150 ms by the clock using no CPU, as
//                          a call on a busy machine does
//   BROKEN_BUSY            (not broken) its job rules keep the CPU busy for 3 ms, then wait
//                          20 ms by the clock, as a call on a busy machine does
//   BROKEN_SEGFAULTS       its job rules write through a null pointer
//   BROKEN_ABORTS          its job rules call abort()
//   BROKEN_HANGS           its job rules never return
//   BROKEN_LEAKS           its job rules keep 32 MiB more of memory at every call
//   BROKEN_GATED_SCREENING (not broken) its screening, once the folder named by the environment
//                          variable HOMEWARD_TEST_SCREENING_GATE exists, creates "entered" in it
//                          and waits (up to 800 ms) for the test to create "release"; it flags
//                          (gate_keyword) a vacancy whose description names "Mr Gate"
//   BROKEN_PRINTS          (not broken, but rude) its job rules write to stdout and stderr, and
//                          log the person's district
//   BROKEN_WIDE_RULE_POINTS its range for a person (rule_points) and for a vacancy
//                           (vacancy_rule_points) is wider than its manifest's
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
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

#ifdef BROKEN_WIDE_RULE_POINTS
  std::optional<homeward::sdk::RulePoints> RulePointsFor(const Json&, int) const override {
    return homeward::sdk::RulePoints{-20, 20};
  }
  std::optional<homeward::sdk::RulePoints> VacancyRulePoints(const Json&) const override {
    return homeward::sdk::RulePoints{-20, 20};
  }
#endif

  std::vector<RuleHit> JobRules([[maybe_unused]] const Json& person, const Json&,
                                int) const override {
#ifdef BROKEN_THROWS_IN_CALL
    throw std::out_of_range("rule table index 12 out of range");
#endif
#ifdef BROKEN_SLOW
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
#endif
#if defined(BROKEN_SPINS) || defined(BROKEN_BUSY)
    auto cpu_us = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    };
#ifdef BROKEN_SPINS
    const auto until = cpu_us() + 600000;
#else
    const auto until = cpu_us() + 3000;
#endif
    while (cpu_us() < until) {
    }
#endif
#ifdef BROKEN_WAITS
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
#endif
#ifdef BROKEN_BUSY
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
#endif
#ifdef BROKEN_SEGFAULTS
    volatile int* nowhere = nullptr;
    *nowhere = 1;
#endif
#ifdef BROKEN_ABORTS
    std::abort();
#endif
#ifdef BROKEN_HANGS
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
#endif
#ifdef BROKEN_LEAKS
    // Allocated on a thread of its own, so that the page faults are not the call's CPU time: what
    // is tested is the memory, not the CPU budget.
    static std::vector<std::unique_ptr<char[]>> kept;
    std::thread([] {
      constexpr size_t kChunk = 32u << 20;
      kept.emplace_back(new char[kChunk]);
      for (size_t at = 0; at < kChunk; at += 4096) kept.back()[at] = 1;  // resident, not reserved
    }).join();
#endif
#ifdef BROKEN_PRINTS
    std::printf("job rules for a person of %s\n", person.value("district", "").c_str());
    std::cout << "more noise on stdout" << std::endl;
    std::fprintf(stderr, "plugin broken-prints: noise on stderr\n");
    Log(HW_LOG_INFO, "scoring a person of " + person.value("district", "") + "\nforged: log line");
#endif
    return {{"steady", 1, "a steady rule"}};
  }

#ifdef BROKEN_GATED_SCREENING
  std::vector<homeward::sdk::Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<homeward::sdk::Flag> flags;
    if (vacancy.value("description", "").find("Mr Gate") != std::string::npos) {
      flags.push_back({"keyword", "gate_keyword", homeward::sdk::Severity::kReview,
                       "the description names Mr Gate"});
    }
    const char* gate = std::getenv("HOMEWARD_TEST_SCREENING_GATE");
    if (gate == nullptr || !std::filesystem::is_directory(gate)) return flags;
    std::ofstream(std::filesystem::path(gate) / "entered").put('1');
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
    while (!std::filesystem::exists(std::filesystem::path(gate) / "release") &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return flags;
  }
#endif
};

}  // namespace

HOMEWARD_PLUGIN(Broken)
