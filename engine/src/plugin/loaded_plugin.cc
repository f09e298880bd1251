#include "internal/loaded_plugin.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/plugin_abi.h"
#include "homeward/policy/national.h"

namespace homeward::plugin::internal {
namespace {

constexpr size_t kMaxOwnWordsBytes = 300;
// Strings of the input shorter than this ("KH-1", "male") are words any plugin may use.
constexpr size_t kShortestInputString = 5;

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

void CollectStrings(const nlohmann::json& j, std::vector<std::string>& out) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s.size() >= kShortestInputString) out.push_back(s);
  } else if (j.is_structured()) {
    for (const auto& item : j) CollectStrings(item, out);
  }
}

std::string Ms(std::chrono::nanoseconds duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
}

}  // namespace

std::string LoadedPlugin::OwnWords(std::string_view text, std::string_view input) {
  std::string words(text);
  if (!input.empty()) {
    std::vector<std::string> strings;
    CollectStrings(nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false), strings);
    // Longest first, so that a name is not left half replaced by a shorter string inside it.
    std::sort(strings.begin(), strings.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& s : strings) {
      for (size_t at = words.find(s); at != std::string::npos; at = words.find(s, at + 7)) {
        words.replace(at, s.size(), "[input]");
      }
    }
  }
  for (char& c : words) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (words.size() > kMaxOwnWordsBytes) {
    size_t cut = kMaxOwnWordsBytes;
    while (cut > 0 && (static_cast<unsigned char>(words[cut]) & 0xc0) == 0x80) --cut;
    words.resize(cut);
    words += "...";
  }
  return words;
}

LoadedPlugin::LoadedPlugin(Manifest manifest, std::unique_ptr<PluginProcess> process,
                           Budgets budgets)
    : manifest_(std::move(manifest)), process_(std::move(process)), budgets_(budgets) {}

StatusOr<std::shared_ptr<LoadedPlugin>> LoadedPlugin::Open(Manifest manifest,
                                                           std::unique_ptr<PluginProcess> process,
                                                           Budgets budgets) {
  std::shared_ptr<LoadedPlugin> plugin(
      new LoadedPlugin(std::move(manifest), std::move(process), budgets));
  HW_RETURN_IF_ERROR(plugin->Init());
  HW_RETURN_IF_ERROR(plugin->FetchMarket());
  HW_RETURN_IF_ERROR(plugin->FetchWeights());
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

void LoadedPlugin::Log(const wire::Log& line, std::string_view input) const {
  const auto level = line.level >= HW_LOG_ERROR     ? spdlog::level::err
                     : line.level == HW_LOG_WARNING ? spdlog::level::warn
                     : line.level == HW_LOG_INFO    ? spdlog::level::info
                                                    : spdlog::level::debug;
  spdlog::log(level, "plugin {}: {}", manifest_.id, OwnWords(line.text, input));
}

std::vector<StatusOr<std::string>> LoadedPlugin::Call(const wire::Call& call, CallLimits limits,
                                                      bool input_may_be_rejected) {
  std::vector<StatusOr<std::string>> outputs;
  outputs.reserve(call.items.size());
  if (failed()) {
    outputs.resize(call.items.size(), HasFailed());
    return outputs;
  }
  std::vector<wire::Reply> replies;
  replies.reserve(call.items.size());
  const Status done = process_->Call(
      call, limits.wall, [&](size_t i, const wire::Log& line) { Log(line, call.Input(i)); },
      replies);
  for (size_t i = 0; i < replies.size(); ++i) {
    outputs.push_back(Check(call.function, std::move(replies[i]), limits, input_may_be_rejected,
                            [&] { return call.Input(i); }));
  }
  if (!done.ok()) {
    MarkFailed(done.message());
    outputs.resize(call.items.size(), HasFailed());  // the calls no reply came for
  }
  return outputs;
}

Status LoadedPlugin::HasFailed() const {
  return Status::Unavailable("plugin " + manifest_.id + " has failed: " + error());
}

StatusOr<std::string> LoadedPlugin::Call(wire::Function function, std::string_view input,
                                         CallLimits limits, bool input_may_be_rejected) {
  return std::move(
      Call(wire::Call::One(function, std::string(input)), limits, input_may_be_rejected).front());
}

StatusOr<std::string> LoadedPlugin::Check(wire::Function function, wire::Reply reply,
                                          CallLimits limits, bool input_may_be_rejected,
                                          const std::function<std::string()>& input) {
  const std::string name(wire::Name(function));
  // The plugin's message is scrubbed of the input only when there is one (most replies have none).
  const std::string detail = reply.error.empty() ? std::string() : OwnWords(reply.error, input());
  if (reply.threw) {
    MarkFailed(name + " let an exception cross the ABI boundary");
    return Status::Internal("plugin " + manifest_.id + " failed");
  }
  if (reply.result == HW_ERROR_INVALID_INPUT && input_may_be_rejected) {
    return Status::InvalidArgument("rejected by plugin " + manifest_.id + ": " + detail);
  }
  if (reply.result != HW_OK) {
    MarkFailed(name + " returned " + ResultName(reply.result) +
               (detail.empty() ? "" : ": " + detail));
    return Status::Internal("plugin " + manifest_.id + " failed: " + error());
  }
  const std::chrono::nanoseconds cpu_used(reply.cpu_ns);
  if (cpu_used > limits.cpu) {
    MarkFailed(name + " used " + Ms(cpu_used) + " ms of CPU, over its budget of " + Ms(limits.cpu) +
               " ms");
    return Status::DeadlineExceeded("plugin " + manifest_.id + " is too slow");
  }
  if (reply.overflow) {
    MarkFailed(name + " wrote more than " + std::to_string(wire::kMaxOutputBytes) + " bytes");
    return Status::Internal("plugin " + manifest_.id + " failed");
  }
  if (failed()) return HasFailed();
  return std::move(reply.output);
}

StatusOr<nlohmann::json> LoadedPlugin::CallForJson(wire::Function function, std::string_view input,
                                                   CallLimits limits) {
  HW_ASSIGN_OR_RETURN(std::string text, Call(function, input, limits));
  return ParseOutput(function, text);
}

StatusOr<nlohmann::json> LoadedPlugin::ParseOutput(wire::Function function,
                                                   std::string_view output) {
  nlohmann::json j = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    MarkFailed(std::string(wire::Name(function)) + " returned invalid output: not JSON");
    return Status::Internal("plugin " + manifest_.id + " failed: " + error());
  }
  return j;
}

Status LoadedPlugin::Init() {
  auto result = Call(wire::Function::kInit, {}, budgets_.load);
  if (!result.ok()) return Status::FailedPrecondition(error());
  return Status::Ok();
}

Status LoadedPlugin::FetchMarket() {
  if (!manifest_.Provides(kProvidesMarketData)) {
    market_ = policy::NationalMarket(manifest_.province);
    return Status::Ok();
  }
  auto j = CallForJson(wire::Function::kMarketData, {}, budgets_.load);
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
  if (!process_->hello().Has(wire::Function::kWeights)) return Status::Ok();
  auto j = CallForJson(wire::Function::kWeights, {}, budgets_.load);
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
StatusOr<T> ParseOrFail(LoadedPlugin& plugin, wire::Function function, const nlohmann::json& j,
                        Parse parse) {
  auto parsed = parse(j);
  if (!parsed.ok()) {
    plugin.MarkFailed(std::string(wire::Name(function)) +
                      " returned invalid output: " + parsed.status().message());
    return Status::Internal("plugin " + plugin.manifest().id + " failed: " + plugin.error());
  }
  return parsed;
}

}  // namespace

template <typename T, typename Parse>
std::vector<StatusOr<T>> LoadedPlugin::Outputs(const wire::Call& call, Parse parse) {
  std::vector<StatusOr<T>> parsed;
  parsed.reserve(call.items.size());
  bool invalid = false;  // an output before this one was not valid: the plugin has failed
  for (StatusOr<std::string>& output : Call(call, budgets_.call)) {
    if (!output.ok() || invalid) {
      parsed.push_back(output.ok() ? HasFailed() : output.status());
      continue;
    }
    StatusOr<nlohmann::json> j = ParseOutput(call.function, *output);
    parsed.push_back(j.ok() ? ParseOrFail<T>(*this, call.function, *j, parse)
                            : StatusOr<T>(j.status()));
    invalid = !parsed.back().ok();
  }
  return parsed;
}

std::vector<StatusOr<std::vector<RuleHit>>> LoadedPlugin::Rules(const wire::Call& call) {
  if (!process_->hello().Has(call.function)) {
    return std::vector<StatusOr<std::vector<RuleHit>>>(call.items.size(), std::vector<RuleHit>{});
  }
  return Outputs<std::vector<RuleHit>>(call, ParseRuleHits);
}

StatusOr<std::vector<RuleHit>> LoadedPlugin::Rules(wire::Function function,
                                                   const std::string& input) {
  return std::move(Rules(wire::Call::One(function, input)).front());
}

std::vector<StatusOr<std::vector<RuleHit>>> LoadedPlugin::JobRules(
    std::string head, std::vector<std::string> vacancies, std::string tail) {
  wire::Call call;
  call.function = wire::Function::kJobRules;
  call.head = std::move(head);
  call.items = std::move(vacancies);
  call.tail = std::move(tail);
  return Rules(call);
}

StatusOr<std::vector<RuleHit>> LoadedPlugin::TrainingRules(const std::string& input) {
  return Rules(wire::Function::kTrainingRules, input);
}

StatusOr<std::vector<RuleHit>> LoadedPlugin::ProgrammeRules(const std::string& input) {
  return Rules(wire::Function::kProgrammeRules, input);
}

StatusOr<std::vector<PluginFlag>> LoadedPlugin::ScreenVacancy(const std::string& input) {
  constexpr wire::Function kScreen = wire::Function::kScreenVacancy;
  if (!process_->hello().Has(kScreen)) return std::vector<PluginFlag>{};
  HW_ASSIGN_OR_RETURN(nlohmann::json j, CallForJson(kScreen, input, budgets_.call));
  return ParseOrFail<std::vector<PluginFlag>>(*this, kScreen, j, ParseFlags);
}

StatusOr<std::optional<policy::RuleRange>> LoadedPlugin::RulePoints(const std::string& input,
                                                                    bool remember) {
  constexpr wire::Function kPoints = wire::Function::kRulePoints;
  if (!process_->hello().Has(kPoints)) return std::optional<policy::RuleRange>();
  if (remember) {
    MutexLock lock(&rule_points_mu_);
    if (auto it = rule_points_.find(input); it != rule_points_.end()) return it->second;
  }
  HW_ASSIGN_OR_RETURN(nlohmann::json j, CallForJson(kPoints, input, budgets_.call));
  HW_ASSIGN_OR_RETURN(std::optional<policy::RuleRange> points,
                      ParseOrFail<std::optional<policy::RuleRange>>(
                          *this, kPoints, j, [this](const nlohmann::json& output) {
                            return ParseRulePoints(output, manifest_.rule_points);
                          }));
  if (!remember) return points;
  MutexLock lock(&rule_points_mu_);
  if (rule_points_.size() >= kRulePointsKept) rule_points_.clear();
  rule_points_.emplace(input, points);
  return points;
}

std::vector<StatusOr<std::optional<policy::RuleRange>>> LoadedPlugin::VacancyRulePoints(
    std::vector<std::string> vacancies) {
  using Points = std::optional<policy::RuleRange>;
  wire::Call call;
  call.function = wire::Function::kVacancyRulePoints;
  if (!Provides(call.function)) return std::vector<StatusOr<Points>>(vacancies.size(), Points());
  call.head = "{\"vacancy\":";
  call.items = std::move(vacancies);
  call.tail = "}";
  return Outputs<Points>(call, [this](const nlohmann::json& answer) {
    return ParseRulePoints(answer, manifest_.rule_points);
  });
}

Status LoadedPlugin::ValidateMarket(const std::string& market) {
  if (!process_->hello().Has(wire::Function::kValidateMarket)) return Status::Ok();
  auto result = Call(wire::Function::kValidateMarket, market, budgets_.call,
                     /*input_may_be_rejected=*/true);
  return result.ok() ? Status::Ok() : result.status();
}

}  // namespace homeward::plugin::internal
