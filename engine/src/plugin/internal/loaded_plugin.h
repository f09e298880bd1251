// One plugin library loaded and initialised: its function table, its instance, the data it gave
// at load time, and its health. Every call goes through Call(), which turns an error code, an
// exception that crossed the boundary, or a blown time budget into the plugin's `failed` state.
//
// Thread-safe: calls may run concurrently. Holds the library (shared_ptr) so that neither the
// instance nor any function pointer outlives it.
#pragma once

#include <atomic>
#include <boost/dll/shared_library.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/base/status.h"
#include "homeward/model/market.h"
#include "homeward/plugin_abi.h"
#include "internal/call_monitor.h"
#include "internal/documents.h"

namespace homeward::plugin::internal {

struct Budgets {
  CallLimits call{std::chrono::milliseconds(50), std::chrono::milliseconds(1000)};
  CallLimits load{std::chrono::milliseconds(2000), std::chrono::milliseconds(2000)};
};

class LoadedPlugin : public std::enable_shared_from_this<LoadedPlugin> {
 public:
  // Initialises the plugin whose table `api` came from `library`, then fetches and checks its
  // market data and weights. Any failure is returned with its reason.
  static StatusOr<std::shared_ptr<LoadedPlugin>> Open(
      Manifest manifest, std::shared_ptr<boost::dll::shared_library> library,
      const hw_plugin_api* api, std::shared_ptr<CallMonitor> monitor, Budgets budgets);
  ~LoadedPlugin();
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const Manifest& manifest() const { return manifest_; }
  // The plugin's own market data (national figures when it provides none).
  const model::MarketData& market() const { return market_; }
  const WeightOverrides& weights() const { return weights_; }

  bool failed() const { return failed_.load(std::memory_order_acquire); }
  // Why the plugin failed; empty while it works.
  std::string error() const;
  // Marks the plugin failed (the first reason is kept).
  void MarkFailed(std::string reason);

  // The plugin's scoring rules for `input` ({"person", "vacancy"|"training", "month"}).
  StatusOr<std::vector<RuleHit>> JobRules(const std::string& input);
  StatusOr<std::vector<RuleHit>> TrainingRules(const std::string& input);
  // None from a plugin built before ABI minor 2 (its table has no programme_rules).
  StatusOr<std::vector<RuleHit>> ProgrammeRules(const std::string& input);
  // The plugin's screening flags for `input` ({"vacancy", "employer"}).
  StatusOr<std::vector<PluginFlag>> ScreenVacancy(const std::string& input);
  // OK, or INVALID_ARGUMENT with the plugin's reason for rejecting `market`. A plugin that
  // does not validate accepts everything.
  Status ValidateMarket(const std::string& market);

 private:
  using Invoke = std::function<hw_result(const hw_output*, hw_error*)>;

  LoadedPlugin(Manifest manifest, std::shared_ptr<boost::dll::shared_library> library,
               const hw_plugin_api* api, std::shared_ptr<CallMonitor> monitor, Budgets budgets);
  Status Init();
  Status FetchMarket();
  Status FetchWeights();
  // Runs one plugin function within `limits`; returns its output, or marks the plugin failed
  // (except for HW_ERROR_INVALID_INPUT when `input_may_be_rejected`) and returns why.
  StatusOr<std::string> Call(std::string_view function, CallLimits limits, const Invoke& invoke,
                             bool input_may_be_rejected = false);
  StatusOr<nlohmann::json> CallForJson(std::string_view function, const Invoke& invoke,
                                       CallLimits limits);
  static void Log(void* context, int32_t level, hw_string message);

  // Declared first so that it is released last, after the instance is destroyed.
  std::shared_ptr<boost::dll::shared_library> library_;
  const hw_plugin_api* api_;
  Manifest manifest_;
  std::shared_ptr<CallMonitor> monitor_;
  Budgets budgets_;
  hw_host_api host_api_{};
  void* instance_ = nullptr;
  model::MarketData market_;
  WeightOverrides weights_;

  std::atomic<bool> opened_{false};  // Open() succeeded
  std::atomic<bool> failed_{false};
  mutable Mutex mu_;
  std::string error_ HW_GUARDED_BY(mu_);
};

}  // namespace homeward::plugin::internal
