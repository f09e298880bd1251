// One plugin loaded and initialised in its own process: the data it gave at load time, and its
// health. Every call goes through Call(), which turns an error code, an exception that crossed
// the boundary, an invalid output, a blown budget or the death of its process into the plugin's
// `failed` state.
//
// Thread-safe: calls may come from several threads; its process answers them one at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/base/status.h"
#include "homeward/model/market.h"
#include "internal/documents.h"
#include "internal/plugin_process.h"
#include "internal/rule_memo.h"

namespace homeward::plugin::internal {

// What a call may cost: the CPU time the plugin's own work may use (a busy machine does not
// lengthen it), and the time by the clock past which the call is cut off and its process killed.
struct CallLimits {
  std::chrono::milliseconds cpu;
  std::chrono::milliseconds wall;
};

struct Budgets {
  CallLimits call{std::chrono::milliseconds(50), std::chrono::milliseconds(1000)};
  CallLimits load{std::chrono::milliseconds(2000), std::chrono::milliseconds(2000)};
};

class LoadedPlugin {
 public:
  // Initialises the plugin running in `process`, then fetches and checks its market data and
  // weights. Any failure is returned with its reason.
  static StatusOr<std::shared_ptr<LoadedPlugin>> Open(Manifest manifest,
                                                      std::unique_ptr<PluginProcess> process,
                                                      Budgets budgets);
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const Manifest& manifest() const { return manifest_; }
  // The plugin's own market data (national figures when it provides none).
  const model::MarketData& market() const { return market_; }
  const WeightOverrides& weights() const { return weights_; }

  // What its job rules answered before, for as long as this load of it lives.
  JobRuleMemo& job_rule_memo() const { return job_rule_memo_; }

  bool failed() const { return failed_.load(std::memory_order_acquire); }
  // Whether the plugin's table has `function` (a plugin built for an earlier minor may not).
  bool Provides(wire::Function function) const { return process_->hello().Has(function); }
  // Why the plugin failed; empty while it works.
  std::string error() const;
  // Marks the plugin failed (the first reason is kept).
  void MarkFailed(std::string reason);
  // A plugin's own text (a log line, an error message) as the server may keep it: one line of at
  // most 300 bytes, without control characters, and with every string of `input` the call was
  // given (a person's district, an employer's name) replaced by "[input]", so that no input data
  // reaches a log or an admin's screen through it.
  static std::string OwnWords(std::string_view text, std::string_view input);

  // The plugin's scoring rules for `input` ({"person", "vacancy"|"training", "month"}).
  // Job rules are asked for several vacancies in one exchange with the plugin's process: the
  // input of each is head + vacancies[i] + tail; one result per vacancy, in order.
  std::vector<StatusOr<std::vector<RuleHit>>> JobRules(std::string head,
                                                       std::vector<std::string> vacancies,
                                                       std::string tail);
  StatusOr<std::vector<RuleHit>> TrainingRules(const std::string& input);
  // None from a plugin built before ABI minor 2 (its table has no programme_rules).
  StatusOr<std::vector<RuleHit>> ProgrammeRules(const std::string& input);
  // What the plugin's rules can move a score by for the person of `input` ({"person", "month"}):
  // its answer, within the manifest's rule_points; nullopt when it does not narrow them (null, or
  // a plugin built before ABI minor 4). When `remember`, kept per input (a plugin answers from
  // its input alone), so that each person part costs one exchange.
  StatusOr<std::optional<policy::RuleRange>> RulePoints(const std::string& input, bool remember);
  // What the plugin's job rules can move a score by for anyone with each vacancy, asked in one
  // exchange (the input of each is {"vacancy": vacancies[i]}): its answers, each within the
  // manifest's rule_points; nullopt for a vacancy it does not narrow them for (null, or every
  // vacancy of a plugin built before ABI minor 5).
  std::vector<StatusOr<std::optional<policy::RuleRange>>> VacancyRulePoints(
      std::vector<std::string> vacancies);
  // The plugin's screening flags for `input` ({"vacancy", "employer"}).
  StatusOr<std::vector<PluginFlag>> ScreenVacancy(const std::string& input);
  // OK, or INVALID_ARGUMENT with the plugin's reason for rejecting `market`. A plugin that
  // does not validate accepts everything.
  Status ValidateMarket(const std::string& market);

 private:
  LoadedPlugin(Manifest manifest, std::unique_ptr<PluginProcess> process, Budgets budgets);
  Status Init();
  Status FetchMarket();
  Status FetchWeights();
  // UNAVAILABLE: the plugin has failed, and why.
  Status HasFailed() const;
  // Makes the calls of `call` within `limits` each; one output per call, or why there is none:
  // any failure but HW_ERROR_INVALID_INPUT when `input_may_be_rejected` marks the plugin failed,
  // and the calls after it fail too.
  std::vector<StatusOr<std::string>> Call(const wire::Call& call, CallLimits limits,
                                          bool input_may_be_rejected = false);
  // One call of `function` on `input`.
  StatusOr<std::string> Call(wire::Function function, std::string_view input, CallLimits limits,
                             bool input_may_be_rejected = false);
  // A reply's output, or why it cannot be used (marking the plugin failed when it is broken).
  // `input()` gives the call's input, asked for only to scrub a message of the plugin's.
  StatusOr<std::string> Check(wire::Function function, wire::Reply reply, CallLimits limits,
                              bool input_may_be_rejected,
                              const std::function<std::string()>& input);
  StatusOr<nlohmann::json> CallForJson(wire::Function function, std::string_view input,
                                       CallLimits limits);
  // An output read as JSON; marks the plugin failed when it is not.
  StatusOr<nlohmann::json> ParseOutput(wire::Function function, std::string_view output);
  // Logs a line the plugin logged during a call on `input`, in its own words only.
  void Log(const wire::Log& line, std::string_view input) const;
  // Each call's output parsed by `parse` (its StatusOr<T>), or why there is none: an invalid
  // output fails the plugin, and the calls after it fail too.
  template <typename T, typename Parse>
  std::vector<StatusOr<T>> Outputs(const wire::Call& call, Parse parse);
  // A rule function's hits for each call: none when the plugin does not provide it.
  std::vector<StatusOr<std::vector<RuleHit>>> Rules(const wire::Call& call);
  StatusOr<std::vector<RuleHit>> Rules(wire::Function function, const std::string& input);

  Manifest manifest_;
  std::unique_ptr<PluginProcess> process_;
  Budgets budgets_;
  model::MarketData market_;
  WeightOverrides weights_;
  mutable JobRuleMemo job_rule_memo_;
  // RulePoints' answers by input; forgotten all at once past kRulePointsKept.
  static constexpr size_t kRulePointsKept = 1 << 16;
  Mutex rule_points_mu_;
  std::unordered_map<std::string, std::optional<policy::RuleRange>> rule_points_
      HW_GUARDED_BY(rule_points_mu_);

  std::atomic<bool> opened_{false};  // Open() succeeded
  std::atomic<bool> failed_{false};
  mutable Mutex mu_;
  std::string error_ HW_GUARDED_BY(mu_);
};

}  // namespace homeward::plugin::internal
