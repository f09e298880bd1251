#include "internal/loaded_plugin.h"

#include <spdlog/spdlog.h>

#include <cstring>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/policy/national.h"

namespace homeward::plugin::internal {
namespace {

constexpr size_t kErrorCapacity = 1024;
// Plugin outputs are small documents; a larger one is a fault, not data.
constexpr size_t kMaxOutputBytes = 4 * 1024 * 1024;

struct Sink {
  std::string text;
  bool overflow = false;
};

void AppendToSink(void* context, const char* data, size_t size) {
  auto* sink = static_cast<Sink*>(context);
  if (sink->overflow || data == nullptr) return;
  if (sink->text.size() + size > kMaxOutputBytes) {
    sink->overflow = true;
    return;
  }
  sink->text.append(data, size);
}

std::string ResultName(hw_result r) {
  switch (r) {
    case HW_ERROR_INVALID_INPUT:
      return "HW_ERROR_INVALID_INPUT";
    case HW_ERROR_INTERNAL:
      return "HW_ERROR_INTERNAL";
    case HW_ERROR_UNSUPPORTED:
      return "HW_ERROR_UNSUPPORTED";
    default:
      return "error code " + std::to_string(r);
  }
}

}  // namespace

LoadedPlugin::LoadedPlugin(Manifest manifest, std::shared_ptr<boost::dll::shared_library> library,
                           const hw_plugin_api* api, std::shared_ptr<CallMonitor> monitor,
                           Budgets budgets)
    : library_(std::move(library)),
      api_(api),
      manifest_(std::move(manifest)),
      monitor_(std::move(monitor)),
      budgets_(budgets) {
  host_api_.struct_size = sizeof(hw_host_api);
  host_api_.abi_major = HOMEWARD_PLUGIN_ABI_MAJOR;
  host_api_.abi_minor = HOMEWARD_PLUGIN_ABI_MINOR;
  host_api_.context = this;
  host_api_.log = &LoadedPlugin::Log;
}

LoadedPlugin::~LoadedPlugin() {
  if (instance_ != nullptr && api_->destroy != nullptr) api_->destroy(instance_);
}

StatusOr<std::shared_ptr<LoadedPlugin>> LoadedPlugin::Open(
    Manifest manifest, std::shared_ptr<boost::dll::shared_library> library,
    const hw_plugin_api* api, std::shared_ptr<CallMonitor> monitor, Budgets budgets) {
  std::shared_ptr<LoadedPlugin> plugin(
      new LoadedPlugin(std::move(manifest), std::move(library), api, std::move(monitor), budgets));
  RETURN_IF_ERROR(plugin->Init());
  RETURN_IF_ERROR(plugin->FetchMarket());
  RETURN_IF_ERROR(plugin->FetchWeights());
  plugin->opened_.store(true, std::memory_order_release);
  return plugin;
}

std::string LoadedPlugin::error() const {
  MutexLock lock(&mu_);
  return error_;
}

void LoadedPlugin::MarkFailed(std::string reason) {
  {
    MutexLock lock(&mu_);
    if (failed_.load(std::memory_order_relaxed)) return;
    error_ = std::move(reason);
    failed_.store(true, std::memory_order_release);
  }
  // While loading, the host reports the refusal itself; afterwards a failure is news.
  if (opened_.load(std::memory_order_acquire)) {
    spdlog::error("plugin {} failed; province {} falls back to national defaults: {}", manifest_.id,
                  manifest_.province, error());
  }
}

void LoadedPlugin::Log(void* context, int32_t level, hw_string message) {
  const auto* self = static_cast<const LoadedPlugin*>(context);
  const std::string_view text(message.data, message.data ? message.size : 0);
  const auto spd_level = level >= HW_LOG_ERROR     ? spdlog::level::err
                         : level == HW_LOG_WARNING ? spdlog::level::warn
                         : level == HW_LOG_INFO    ? spdlog::level::info
                                                   : spdlog::level::debug;
  spdlog::log(spd_level, "plugin {}: {}", self->manifest_.id, text);
}

StatusOr<std::string> LoadedPlugin::Call(std::string_view function, CallLimits limits,
                                         const Invoke& invoke, bool input_may_be_rejected) {
  if (failed()) return Status::Unavailable("plugin " + manifest_.id + " has failed: " + error());
  Sink sink;
  const hw_output out{&sink, &AppendToSink};
  char message[kErrorCapacity] = {0};
  hw_error err{message, sizeof message};

  const std::string name(function);
  std::weak_ptr<LoadedPlugin> weak = weak_from_this();
  const uint64_t token = monitor_->Begin(name, limits, [weak](std::string reason) {
    if (auto self = weak.lock()) self->MarkFailed(std::move(reason));
  });
  const auto start = CallMonitor::Clock::now();
  const auto cpu_start = CpuTime(CLOCK_THREAD_CPUTIME_ID);
  hw_result result = HW_ERROR_INTERNAL;
  bool threw = false;
  try {
    result = invoke(&out, &err);
  } catch (...) {
    // Only reachable for a plugin not built with the SDK helper: an exception must never cross.
    threw = true;
  }
  const auto elapsed = CallMonitor::Clock::now() - start;
  const auto cpu_used = CpuTime(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  monitor_->End(token);

  const std::string detail(message, strnlen(message, sizeof message));
  if (threw) {
    MarkFailed(name + " let an exception cross the ABI boundary");
    return Status::Internal("plugin " + manifest_.id + " failed");
  }
  if (result == HW_ERROR_INVALID_INPUT && input_may_be_rejected) {
    return Status::InvalidArgument("rejected by plugin " + manifest_.id + ": " + detail);
  }
  if (result != HW_OK) {
    MarkFailed(name + " returned " + ResultName(result) + (detail.empty() ? "" : ": " + detail));
    return Status::Internal("plugin " + manifest_.id + " failed: " + error());
  }
  auto ms = [](auto duration) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
  };
  if (cpu_used > limits.cpu || elapsed > limits.wall) {
    MarkFailed(cpu_used > limits.cpu
                   ? name + " used " + ms(cpu_used) + " ms of CPU, over its budget of " +
                         ms(limits.cpu) + " ms"
                   : name + " took " + ms(elapsed) + " ms, over its limit of " + ms(limits.wall) +
                         " ms");
    return Status::DeadlineExceeded("plugin " + manifest_.id + " is too slow");
  }
  if (sink.overflow) {
    MarkFailed(name + " wrote more than " + std::to_string(kMaxOutputBytes) + " bytes");
    return Status::Internal("plugin " + manifest_.id + " failed");
  }
  // The watchdog may have seen the call overdue even though it finished in time by our clock.
  if (failed()) return Status::Unavailable("plugin " + manifest_.id + " has failed: " + error());
  return std::move(sink.text);
}

StatusOr<nlohmann::json> LoadedPlugin::CallForJson(std::string_view function, const Invoke& invoke,
                                                   CallLimits limits) {
  ASSIGN_OR_RETURN(std::string text, Call(function, limits, invoke));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    MarkFailed(std::string(function) + " returned invalid output: not JSON");
    return Status::Internal("plugin " + manifest_.id + " failed: " + error());
  }
  return j;
}

Status LoadedPlugin::Init() {
  const hw_host_api* host = &host_api_;
  void** instance = &instance_;
  auto result = Call("init", budgets_.load, [&](const hw_output*, hw_error* err) {
    return api_->init(host, instance, err);
  });
  if (!result.ok()) return Status::FailedPrecondition(error());
  return Status::Ok();
}

Status LoadedPlugin::FetchMarket() {
  if (!manifest_.Provides(kProvidesMarketData)) {
    market_ = policy::NationalMarket(manifest_.province);
    return Status::Ok();
  }
  auto j = CallForJson(
      "market_data",
      [&](const hw_output* out, hw_error* err) { return api_->market_data(instance_, out, err); },
      budgets_.load);
  if (!j.ok()) return Status::FailedPrecondition(error());
  Status valid = CheckMarketData(*j);
  if (valid.ok() && j->value("province", manifest_.province) != manifest_.province) {
    valid = Status::InvalidArgument("market data is for province " + j->value("province", "") +
                                    ", not " + manifest_.province);
  }
  if (!valid.ok()) {
    MarkFailed("market_data returned invalid output: " + valid.message());
    return Status::FailedPrecondition(error());
  }
  auto market = model::ParseModel<model::MarketData>(*j);
  if (!market.ok()) {
    MarkFailed("market_data returned invalid output: " + market.status().message());
    return Status::FailedPrecondition(error());
  }
  market_ = std::move(market).value();
  market_.province = manifest_.province;
  return Status::Ok();
}

Status LoadedPlugin::FetchWeights() {
  if (api_->weights == nullptr) return Status::Ok();
  auto j = CallForJson(
      "weights",
      [&](const hw_output* out, hw_error* err) { return api_->weights(instance_, out, err); },
      budgets_.load);
  if (!j.ok()) return Status::FailedPrecondition(error());
  auto weights = ParseWeights(*j);
  if (!weights.ok()) {
    MarkFailed("weights returned invalid output: " + weights.status().message());
    return Status::FailedPrecondition(error());
  }
  weights_ = std::move(weights).value();
  return Status::Ok();
}

namespace {

template <typename T, typename Parse>
StatusOr<T> ParseOrFail(LoadedPlugin& plugin, std::string_view function, const nlohmann::json& j,
                        Parse parse) {
  auto parsed = parse(j);
  if (!parsed.ok()) {
    plugin.MarkFailed(std::string(function) +
                      " returned invalid output: " + parsed.status().message());
    return Status::Internal("plugin " + plugin.manifest().id + " failed: " + plugin.error());
  }
  return parsed;
}

}  // namespace

StatusOr<std::vector<RuleHit>> LoadedPlugin::JobRules(const std::string& input) {
  if (api_->job_rules == nullptr) return std::vector<RuleHit>{};
  ASSIGN_OR_RETURN(
      nlohmann::json j,
      CallForJson(
          "job_rules",
          [&](const hw_output* out, hw_error* err) {
            return api_->job_rules(instance_, hw_string{input.data(), input.size()}, out, err);
          },
          budgets_.call));
  return ParseOrFail<std::vector<RuleHit>>(*this, "job_rules", j, ParseRuleHits);
}

StatusOr<std::vector<RuleHit>> LoadedPlugin::TrainingRules(const std::string& input) {
  if (api_->training_rules == nullptr) return std::vector<RuleHit>{};
  ASSIGN_OR_RETURN(
      nlohmann::json j,
      CallForJson(
          "training_rules",
          [&](const hw_output* out, hw_error* err) {
            return api_->training_rules(instance_, hw_string{input.data(), input.size()}, out, err);
          },
          budgets_.call));
  return ParseOrFail<std::vector<RuleHit>>(*this, "training_rules", j, ParseRuleHits);
}

StatusOr<std::vector<RuleHit>> LoadedPlugin::ProgrammeRules(const std::string& input) {
  if (!HW_ABI_HAS_FIELD(api_->struct_size, hw_plugin_api, programme_rules) ||
      api_->programme_rules == nullptr) {
    return std::vector<RuleHit>{};
  }
  ASSIGN_OR_RETURN(nlohmann::json j, CallForJson(
                                         "programme_rules",
                                         [&](const hw_output* out, hw_error* err) {
                                           return api_->programme_rules(
                                               instance_, hw_string{input.data(), input.size()},
                                               out, err);
                                         },
                                         budgets_.call));
  return ParseOrFail<std::vector<RuleHit>>(*this, "programme_rules", j, ParseRuleHits);
}

StatusOr<std::vector<PluginFlag>> LoadedPlugin::ScreenVacancy(const std::string& input) {
  if (api_->screen_vacancy == nullptr) return std::vector<PluginFlag>{};
  ASSIGN_OR_RETURN(
      nlohmann::json j,
      CallForJson(
          "screen_vacancy",
          [&](const hw_output* out, hw_error* err) {
            return api_->screen_vacancy(instance_, hw_string{input.data(), input.size()}, out, err);
          },
          budgets_.call));
  return ParseOrFail<std::vector<PluginFlag>>(*this, "screen_vacancy", j, ParseFlags);
}

Status LoadedPlugin::ValidateMarket(const std::string& market) {
  if (api_->validate_market == nullptr) return Status::Ok();
  auto result = Call(
      "validate_market", budgets_.call,
      [&](const hw_output*, hw_error* err) {
        return api_->validate_market(instance_, hw_string{market.data(), market.size()}, err);
      },
      /*input_may_be_rejected=*/true);
  return result.ok() ? Status::Ok() : result.status();
}

}  // namespace homeward::plugin::internal
