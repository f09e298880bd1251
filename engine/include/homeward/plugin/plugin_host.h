// The plugin host: finds, checks, loads and supervises provincial plugins (shared libraries built
// against plugins/sdk), and serves each province's policy from its plugin or national defaults.
// Each plugin runs in a process of its own (homeward-plugin-host), so that a plugin that crashes,
// hangs or eats memory costs its province its rules, never the server.
//
// Loading refuses, with a reason, any plugin whose manifest is invalid or not signed by a trusted
// key (unless unsigned plugins are allowed and it has no signature), whose ABI major differs from
// the host's or whose minor is higher, whose library does not match the manifest's SHA-256, lacks
// the entry symbol, defines sqlite3_* symbols of its own, or reports an id or province other than
// its manifest's. A loaded plugin whose call fails (an error code, an exception, an invalid
// output, a blown time budget, the death of its process, memory over its limit) is marked failed
// with the reason, its process is killed, and its province falls back to national defaults until
// the next reload; the host keeps serving. See docs/plugin-guide.md.
//
// Thread-safety: every method may be called from any thread. Policies handed out are immutable
// snapshots that keep their plugin's library loaded for as long as they are held, across reloads.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/crypto/signature.h"
#include "homeward/model/market.h"
#include "homeward/policy/province_policy.h"

namespace homeward::plugin {

struct HostOptions {
  // Folders searched (not recursively) for "*.plugin.json" manifests.
  std::vector<std::filesystem::path> folders;
  // The CPU time a rule call (scoring, screening, market validation) may use: the plugin's own
  // work, which a busy machine does not lengthen.
  std::chrono::milliseconds call_budget{50};
  // The longest a rule call may take by the clock whatever its CPU time: past it the call is cut
  // off and the plugin's process killed (it is stuck on a lock, a file, a sleep, a loop).
  std::chrono::milliseconds call_wall_limit{1000};
  // The longest loading calls (init, market data, weights) may take, in CPU time and by the clock.
  std::chrono::milliseconds load_budget{2000};
  // Resident memory a plugin's process may use, checked after calls (at most every ms); 0: none.
  size_t memory_limit = size_t{512} << 20;
  // The plugin host program; empty: homeward-plugin-host beside the running program, else the
  // one built with the server.
  std::filesystem::path host_program;
  // Plugin ids listed but not loaded (state "disabled").
  std::set<std::string, std::less<>> disabled;
  // Where libraries are copied under content-addressed names before loading, emptied when the
  // host is created and made readable by the owner only; empty: a fresh folder under the
  // system's temporary directory, removed with the host (a killed process leaves it behind).
  std::filesystem::path cache_dir;
  // The Ed25519 public keys trusted to sign plugin manifests. A plugin loads only when the
  // signature beside its manifest (<id>.plugin.sig, over the manifest's exact bytes, which carry
  // the library's SHA-256) verifies with one of them; checked before any byte of the library is
  // read, at every (re)load.
  std::vector<crypto::VerifyKey> trusted_keys;
  // Load plugins that have no signature file, with a warning. A signature that is present but
  // does not verify with a trusted key still refuses the plugin.
  bool allow_unsigned = false;
};

enum class PluginState { kLoaded, kFailed, kDisabled };
std::string_view ToString(PluginState state);

// What GET /v1/plugins shows of one plugin.
struct PluginView {
  std::string id;
  std::string name;
  std::string province;
  std::string version;
  std::string sdk_version;
  std::vector<std::string> provides;
  PluginState state = PluginState::kFailed;
  std::string error;  // why it failed; empty otherwise
  std::string manifest_path;
};

// What GET /v1/provinces shows of one province (schemas/province.schema.json).
struct ProvinceView {
  struct Plugin {
    std::string id;
    std::string version;
    PluginState state = PluginState::kLoaded;
  };
  std::string code;
  std::string name_en;
  std::string name_km;
  std::optional<Plugin> plugin;  // the plugin found for it, whatever its state
  std::string source;            // who serves it now: the plugin id, or "national"
  int market_version = 0;
};

// The outcome of a (re)load: how many plugins loaded, failed, were disabled.
struct LoadSummary {
  int loaded = 0;
  int failed = 0;
  int disabled = 0;
};

class PluginHost final : public policy::PolicyProvider {
 public:
  // Loads every plugin found in options.folders. Fails only when the host itself cannot work
  // (e.g. the cache folder cannot be created); a broken plugin is listed as failed instead.
  static StatusOr<std::unique_ptr<PluginHost>> Create(HostOptions options);
  ~PluginHost() override;
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // The policy in force for `province`; national defaults when it has no loaded plugin.
  std::shared_ptr<const policy::ProvincePolicy> ForProvince(
      std::string_view province) const override;

  // Loads the plugin folders afresh and swaps the new set in atomically; calls in flight finish
  // on the old set. Market data set through SetMarketData() stays in force.
  StatusOr<LoadSummary> Reload();

  // Every plugin found, in id order (failed and disabled ones included).
  std::vector<PluginView> Plugins() const;
  // One plugin by id; NOT_FOUND when there is none.
  StatusOr<PluginView> Plugin(std::string_view id) const;
  // The 25 provinces, with the plugin serving each.
  std::vector<ProvinceView> Provinces() const;

  // The market data in force for `province`; NOT_FOUND for an unknown province code.
  StatusOr<model::MarketData> Market(std::string_view province) const;
  // Checks replacement market data for `province` (JSON as received): the market-data schema,
  // the province code, then the province's plugin's own validation. Returns the parsed data.
  StatusOr<model::MarketData> ValidateMarket(std::string_view province,
                                             const nlohmann::json& market) const;
  // Validates `market` as ValidateMarket() does and puts it in force for `province` at once, in
  // place of the plugin's (or the national) figures, until replaced again.
  Status SetMarketData(std::string_view province, model::MarketData market);
  // Puts in force market data that ValidateMarket() accepted, without asking the plugin again:
  // what the store's writer thread calls once the replacement is on disk (no plugin call may
  // make it wait).
  void ApplyValidatedMarket(std::string_view province, model::MarketData market);

 private:
  struct Impl;
  explicit PluginHost(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace homeward::plugin
