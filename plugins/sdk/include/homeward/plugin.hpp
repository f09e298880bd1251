// The C++ side of the Homeward plugin SDK: write a plugin as an ordinary C++ class and let
// HOMEWARD_PLUGIN() turn it into the C ABI of homeward/plugin_abi.h.
//
//   class KohKong final : public homeward::sdk::Plugin {
//    public:
//     Json MarketData() const override { return Json::parse(homeward::sdk::EmbeddedMarketData()); }
//     std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json& employer) const override;
//   };
//   HOMEWARD_PLUGIN(KohKong)
//
// Every exception thrown by the plugin's code is caught here, on the plugin's side of the
// boundary, and becomes an error code with its message: InvalidInput becomes
// HW_ERROR_INVALID_INPUT, anything else HW_ERROR_INTERNAL. A Plugin's const methods are called
// from several threads at once: keep them free of shared mutable state.
#pragma once

#include <algorithm>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/plugin_abi.h"

namespace homeward::sdk {

using Json = nlohmann::json;

// A scoring rule that fired: it moves the match score by `points` (the host clamps them to
// +-15) and says why, in words an officer can repeat to the person: `reason` in English and,
// for officers reading in Khmer, `reason_km` (left empty, the English is shown to them).
struct RuleHit {
  std::string rule;
  double points = 0;
  std::string reason;
  std::string reason_km = {};
};

// How far the points of one call of JobRules, TrainingRules or ProgrammeRules can add up to for
// one person in one month (Plugin::RulePointsFor).
struct RulePoints {
  double least = 0;
  double most = 0;
};

enum class Severity { kInfo, kReview, kBlock };

// A screening red flag raised by one of the plugin's rules; the host records its source as
// "plugin:<id>/<rule>". kReview holds the vacancy for a person to review; kBlock blocks it.
struct Flag {
  std::string rule;
  std::string code;
  Severity severity = Severity::kReview;
  std::string reason;
  std::string reason_km = {};  // the reason in Khmer; empty: the English is shown
};

// Thrown by a plugin to reject its input (e.g. replacement market data) with a reason.
class InvalidInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The market data file named by homeward_add_plugin(MARKET_DATA ...), compiled into the library.
// Defined by the generated source; calling it without MARKET_DATA fails to link.
std::string_view EmbeddedMarketData();

// Base class of a plugin. One instance is created per load and used from many threads.
class Plugin {
 public:
  virtual ~Plugin() = default;

  // The province's market data as JSON (schemas/market-data.schema.json).
  virtual Json MarketData() const = 0;
  // Weight overrides {"match": {"wage": 0.2, ...}, "vulnerability": {...}}; empty for none.
  virtual Json Weights() const { return Json::object(); }
  // Scoring rules for a person and a vacancy in `month` (1..12).
  virtual std::vector<RuleHit> JobRules(const Json& /*person*/, const Json& /*vacancy*/,
                                        int /*month*/) const {
    return {};
  }
  // Scoring rules for a person and a training place in `month` (1..12).
  virtual std::vector<RuleHit> TrainingRules(const Json& /*person*/, const Json& /*training*/,
                                             int /*month*/) const {
    return {};
  }
  // Scoring rules for a person and a livelihood programme in `month` (1..12): the province's
  // priorities among programmes (ABI minor 2).
  virtual std::vector<RuleHit> ProgrammeRules(const Json& /*person*/, const Json& /*programme*/,
                                              int /*month*/) const {
    return {};
  }
  // The least and the most the points of one call of the three functions above can add up to
  // for `person` in `month`, within the range homeward_add_plugin(RULE_POINTS) declares, least at
  // most 0 and most at least 0 (a call may fire no rule); nullopt for the declared range (ABI
  // minor 4). An answer outside these fails the plugin. The host cuts every answer to it, and
  // asks the rules of only those of the person's opportunities that could still rank among the
  // best with it: the narrower, the fewer calls. Read only what the rules read of the person.
  virtual std::optional<RulePoints> RulePointsFor(const Json& /*person*/, int /*month*/) const {
    return std::nullopt;
  }
  // The least and the most the points of one call of JobRules with `vacancy` can add up to for
  // any person, in any month and at any exchange rates (its money arrives in US dollars at the
  // rates in force, which change), within the declared range, least at most 0 and most at least
  // 0; nullopt for the declared range (ABI minor 5). An answer outside these fails the plugin.
  // The host keeps the answer beside the vacancy, cuts every answer of JobRules for it to it,
  // and asks JobRules about a vacancy only when it could still rank among a person's best with
  // it: a vacancy no rule can lift or lower is ranked on its score alone. Read only what the
  // rules read of the vacancy.
  virtual std::optional<RulePoints> VacancyRulePoints(const Json& /*vacancy*/) const {
    return std::nullopt;
  }
  // The province's own screening red flags for a vacancy and its employer.
  virtual std::vector<Flag> ScreenVacancy(const Json& /*vacancy*/, const Json& /*employer*/) const {
    return {};
  }
  // Throws InvalidInput when replacement market data is not acceptable for this province.
  virtual void ValidateMarket(const Json& /*market*/) const {}

  // Logs through the host (never a person's data). The host is attached right after the
  // constructor returns, so a message logged from the constructor is dropped: throw instead.
  void Log(int32_t level, std::string_view message) const {
    if (host_ != nullptr && host_->log != nullptr) {
      host_->log(host_->context, level, hw_string{message.data(), message.size()});
    }
  }

 private:
  template <typename P>
  friend struct Adapter;
  const hw_host_api* host_ = nullptr;
};

inline const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kReview:
      return "review";
    case Severity::kBlock:
      return "block";
  }
  return "review";
}

// The C trampolines for plugin class P. Not for direct use: see HOMEWARD_PLUGIN().
template <typename P>
struct Adapter {
  static void SetError(hw_error* error, std::string_view message) noexcept {
    if (error == nullptr || error->message == nullptr || error->capacity == 0) return;
    const size_t n = std::min(message.size(), error->capacity - 1);
    std::memcpy(error->message, message.data(), n);
    error->message[n] = '\0';
  }

  // Runs `body`, turning every exception into an error code and message.
  template <typename Body>
  static hw_result Guard(hw_error* error, Body&& body) noexcept {
    try {
      body();
      return HW_OK;
    } catch (const InvalidInput& e) {
      SetError(error, e.what());
      return HW_ERROR_INVALID_INPUT;
    } catch (const Json::exception& e) {
      SetError(error, std::string("JSON error in plugin: ") + e.what());
      return HW_ERROR_INTERNAL;
    } catch (const std::exception& e) {
      SetError(error, e.what());
      return HW_ERROR_INTERNAL;
    } catch (...) {
      SetError(error, "unknown exception in plugin");
      return HW_ERROR_INTERNAL;
    }
  }

  static void Write(const hw_output* out, const std::string& text) {
    if (out != nullptr && out->write != nullptr) out->write(out->context, text.data(), text.size());
  }

  static Json Hits(const std::vector<RuleHit>& hits) {
    Json j = Json::array();
    for (const auto& h : hits) {
      j.push_back({{"rule", h.rule}, {"points", h.points}, {"reason", h.reason}});
      if (!h.reason_km.empty()) j.back()["reason_km"] = h.reason_km;
    }
    return j;
  }

  static Json ParseInput(hw_string input) {
    try {
      return Json::parse(std::string_view(input.data, input.size));
    } catch (const Json::exception& e) {
      throw InvalidInput(std::string("input is not JSON: ") + e.what());
    }
  }

  static const P& Self(void* instance) { return *static_cast<const P*>(instance); }

  static hw_result Init(const hw_host_api* host, void** instance, hw_error* error) noexcept {
    return Guard(error, [&] {
      auto plugin = new P();
      plugin->host_ = host;
      *instance = plugin;
    });
  }
  static void Destroy(void* instance) noexcept {
    // A destructor that throws has nowhere to report; swallow rather than terminate the host.
    try {
      delete static_cast<P*>(instance);
    } catch (...) {
    }
  }
  static hw_result MarketData(void* instance, const hw_output* out, hw_error* error) noexcept {
    return Guard(error, [&] { Write(out, Self(instance).MarketData().dump()); });
  }
  static hw_result Weights(void* instance, const hw_output* out, hw_error* error) noexcept {
    return Guard(error, [&] { Write(out, Self(instance).Weights().dump()); });
  }
  static hw_result JobRules(void* instance, hw_string input, const hw_output* out,
                            hw_error* error) noexcept {
    return Guard(error, [&] {
      const Json in = ParseInput(input);
      Write(out, Hits(Self(instance).JobRules(in.at("person"), in.at("vacancy"),
                                              in.at("month").get<int>()))
                     .dump());
    });
  }
  static hw_result TrainingRules(void* instance, hw_string input, const hw_output* out,
                                 hw_error* error) noexcept {
    return Guard(error, [&] {
      const Json in = ParseInput(input);
      Write(out, Hits(Self(instance).TrainingRules(in.at("person"), in.at("training"),
                                                   in.at("month").get<int>()))
                     .dump());
    });
  }
  static hw_result ProgrammeRules(void* instance, hw_string input, const hw_output* out,
                                  hw_error* error) noexcept {
    return Guard(error, [&] {
      const Json in = ParseInput(input);
      Write(out, Hits(Self(instance).ProgrammeRules(in.at("person"), in.at("programme"),
                                                    in.at("month").get<int>()))
                     .dump());
    });
  }
  static hw_result ScreenVacancy(void* instance, hw_string input, const hw_output* out,
                                 hw_error* error) noexcept {
    return Guard(error, [&] {
      const Json in = ParseInput(input);
      Json flags = Json::array();
      for (const auto& f : Self(instance).ScreenVacancy(in.at("vacancy"), in.at("employer"))) {
        flags.push_back({{"rule", f.rule},
                         {"code", f.code},
                         {"severity", SeverityName(f.severity)},
                         {"reason", f.reason}});
        if (!f.reason_km.empty()) flags.back()["reason_km"] = f.reason_km;
      }
      Write(out, flags.dump());
    });
  }
  static hw_result RulePointsFn(void* instance, hw_string input, const hw_output* out,
                                hw_error* error) noexcept {
    return Guard(error, [&] {
      const Json in = ParseInput(input);
      const std::optional<RulePoints> points =
          Self(instance).RulePointsFor(in.at("person"), in.at("month").get<int>());
      Write(out, points ? Json{{"least", points->least}, {"most", points->most}}.dump() : "null");
    });
  }
  static hw_result VacancyRulePointsFn(void* instance, hw_string input, const hw_output* out,
                                       hw_error* error) noexcept {
    return Guard(error, [&] {
      const std::optional<RulePoints> points =
          Self(instance).VacancyRulePoints(ParseInput(input).at("vacancy"));
      Write(out, points ? Json{{"least", points->least}, {"most", points->most}}.dump() : "null");
    });
  }
  static hw_result ValidateMarket(void* instance, hw_string market, hw_error* error) noexcept {
    return Guard(error, [&] { Self(instance).ValidateMarket(ParseInput(market)); });
  }

  static constexpr hw_string Str(std::string_view s) { return hw_string{s.data(), s.size()}; }

  static const hw_plugin_api* Table(std::string_view id, std::string_view province,
                                    std::string_view version) noexcept {
    static const hw_plugin_api api = {
        sizeof(hw_plugin_api),
        HOMEWARD_PLUGIN_ABI_MAJOR,
        HOMEWARD_PLUGIN_ABI_MINOR,
        Str(id),
        Str(province),
        Str(version),
        Str(HOMEWARD_PLUGIN_SDK_VERSION),
        &Init,
        &Destroy,
        &MarketData,
        &Weights,
        &JobRules,
        &TrainingRules,
        &ScreenVacancy,
        &ValidateMarket,
        &ProgrammeRules,
        &RulePointsFn,
        &VacancyRulePointsFn,
    };
    return &api;
  }
};

}  // namespace homeward::sdk

// homeward_add_plugin() defines these from its ID, PROVINCE and VERSION arguments, so that the
// library and its manifest cannot disagree.
#ifndef HOMEWARD_PLUGIN_ID
#error "HOMEWARD_PLUGIN_ID is not defined: build the plugin with homeward_add_plugin()"
#endif

// Defines the plugin's exported entry function for plugin class `PluginClass` (default
// constructible; its constructor may throw to fail init()).
#define HOMEWARD_PLUGIN(PluginClass)                                                   \
  extern "C" HOMEWARD_PLUGIN_EXPORT const hw_plugin_api* homeward_plugin_entry(void) { \
    return ::homeward::sdk::Adapter<PluginClass>::Table(                               \
        HOMEWARD_PLUGIN_ID, HOMEWARD_PLUGIN_PROVINCE, HOMEWARD_PLUGIN_VERSION);        \
  }
