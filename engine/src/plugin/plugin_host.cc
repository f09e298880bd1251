#include "homeward/plugin/plugin_host.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/base/mutex.h"
#include "homeward/crypto/digest.h"
#include "homeward/model/json.h"
#include "homeward/plugin_abi.h"
#include "homeward/policy/national.h"
#include "internal/documents.h"
#include "internal/library_file.h"
#include "internal/loaded_plugin.h"
#include "internal/manifest_signature.h"
#include "internal/plugin_policy.h"
#include "internal/plugin_process.h"
#include "internal/wire.h"

namespace homeward::plugin {

using internal::LoadedPlugin;
using internal::Manifest;
namespace fs = std::filesystem;

// A switch like ResourceKindName (store/repository.cc) and CountedName (store/kept_counts.cc):
// the compiler warns of a state left out.
std::string_view ToString(PluginState state) {
  switch (state) {
    case PluginState::kLoaded:
      return "loaded";
    case PluginState::kFailed:
      return "failed";
    case PluginState::kDisabled:
      return "disabled";
  }
  return "failed";
}

namespace {

constexpr size_t kMaxManifestBytes = 64 * 1024;
constexpr std::string_view kHostProgramName = "homeward-plugin-host";
constexpr std::string_view kManifestSuffix = ".plugin.json";
// Every SQLite build carries its file header string; finding it means a static copy of SQLite,
// even one whose symbols are hidden.
constexpr std::string_view kSqliteHeader = "SQLite format 3";

// One manifest found in a plugin folder, and what came of loading it.
struct Entry {
  PluginView view;
  std::shared_ptr<LoadedPlugin> plugin;  // set when loaded
};

// An immutable set of plugins and the policies built from it; swapped whole.
struct PluginSet {
  std::vector<Entry> entries;  // in id order
  std::map<std::string, std::shared_ptr<LoadedPlugin>, std::less<>> by_province;
  std::map<std::string, std::shared_ptr<const policy::ProvincePolicy>, std::less<>> plugin_policy;
  std::map<std::string, std::shared_ptr<const policy::ProvincePolicy>, std::less<>> national;
};

StatusOr<std::string> ReadManifestText(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::NotFound("cannot read manifest: " + ec.message());
  if (size > kMaxManifestBytes) return Status::InvalidArgument("manifest is larger than 64 KiB");
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The manifest at `path`, checked against schemas/plugin-manifest.schema.json; `text` receives
// its bytes as read, which its signature is checked over.
StatusOr<Manifest> ReadManifest(const fs::path& path, std::string& text) {
  HW_ASSIGN_OR_RETURN(text, ReadManifestText(path));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("manifest is not valid JSON");
  return internal::ParseManifest(j);
}

Status CheckAbi(int major, int minor, std::string_view who) {
  if (major != HOMEWARD_PLUGIN_ABI_MAJOR) {
    return Status::FailedPrecondition(std::string(who) + " ABI major version " +
                                      std::to_string(major) + " is not the host's " +
                                      std::to_string(HOMEWARD_PLUGIN_ABI_MAJOR));
  }
  if (minor > HOMEWARD_PLUGIN_ABI_MINOR) {
    return Status::FailedPrecondition(std::string(who) + " ABI " + std::to_string(major) + "." +
                                      std::to_string(minor) + " is newer than the host's " +
                                      std::to_string(HOMEWARD_PLUGIN_ABI_MAJOR) + "." +
                                      std::to_string(HOMEWARD_PLUGIN_ABI_MINOR));
  }
  return Status::Ok();
}

// Checks the library's bytes before any of its code runs.
Status CheckLibraryFile(const Manifest& m, const std::string& bytes) {
  const std::string digest = crypto::Sha256Hex(bytes);
  if (digest != m.sha256) {
    return Status::FailedPrecondition("library SHA-256 " + digest +
                                      " does not match the manifest's " + m.sha256);
  }
  HW_ASSIGN_OR_RETURN(std::vector<std::string> symbols, internal::DefinedDynamicSymbols(bytes));
  for (const auto& s : symbols) {
    if (s.rfind("sqlite3_", 0) == 0) {
      return Status::FailedPrecondition("library defines its own SQLite symbol " + s +
                                        "; a second SQLite in one process corrupts databases");
    }
  }
  if (bytes.find(kSqliteHeader) != std::string::npos) {
    return Status::FailedPrecondition(
        "library contains a copy of SQLite; a second SQLite in one process corrupts databases");
  }
  if (std::find(symbols.begin(), symbols.end(), HOMEWARD_PLUGIN_ENTRY_SYMBOL) == symbols.end()) {
    return Status::FailedPrecondition(std::string("library does not export ") +
                                      HOMEWARD_PLUGIN_ENTRY_SYMBOL);
  }
  return Status::Ok();
}

// Copies the library to <cache>/<sha256>.so so that a rebuilt plugin is loaded as a new library
// instead of the one the dynamic linker already has under the old name. A copy already there is
// used only when it still holds exactly the verified bytes: the cache outlives a reload, and a
// file changed in it since is written again.
StatusOr<fs::path> CacheLibrary(const fs::path& cache_dir, const Manifest& m,
                                const std::string& bytes) {
  const fs::path target = cache_dir / (m.sha256 + ".so");
  std::error_code ec;
  if (const auto size = fs::file_size(target, ec); !ec && size == bytes.size()) {
    if (StatusOr<std::string> cached = internal::ReadLibrary(target);
        cached.ok() && *cached == bytes) {
      return target;
    }
  }
  const fs::path temp = cache_dir / (m.sha256 + "." + RandomSecret().substr(0, 8) + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Status::Unavailable("cannot write " + temp.string());
  }
  fs::rename(temp, target, ec);
  if (ec) return Status::Unavailable("cannot rename into " + target.string() + ": " + ec.message());
  return target;
}

// Checks the plugin's own table, as its process found it, against the host and its manifest.
Status CheckTable(const internal::wire::Hello& table, const Manifest& m) {
  using internal::wire::Function;
  if (!HW_ABI_HAS_FIELD(table.struct_size, hw_plugin_api, validate_market)) {
    return Status::FailedPrecondition("plugin table is smaller than ABI 1.0's");
  }
  HW_RETURN_IF_ERROR(CheckAbi(table.abi_major, table.abi_minor, "plugin reports"));
  if (table.abi_major != m.abi_major || table.abi_minor != m.abi_minor) {
    return Status::FailedPrecondition("plugin reports ABI " + std::to_string(table.abi_major) +
                                      "." + std::to_string(table.abi_minor) +
                                      " but its manifest says " + std::to_string(m.abi_major) +
                                      "." + std::to_string(m.abi_minor));
  }
  if (table.id != m.id || table.province != m.province) {
    return Status::FailedPrecondition("plugin reports id '" + table.id + "' for " + table.province +
                                      " but its manifest says '" + m.id + "' for " + m.province);
  }
  if (table.version != m.version) {
    return Status::FailedPrecondition("plugin reports version " + table.version +
                                      " but its manifest says " + m.version);
  }
  if (!table.Has(Function::kInit) || !table.Has(Function::kDestroy)) {
    return Status::FailedPrecondition("plugin table lacks init or destroy");
  }
  const std::pair<std::string_view, bool> needs[] = {
      {internal::kProvidesMarketData, table.Has(Function::kMarketData)},
      {internal::kProvidesScoringRules,
       table.Has(Function::kJobRules) && table.Has(Function::kTrainingRules)},
      {internal::kProvidesScreeningRules, table.Has(Function::kScreenVacancy)}};
  for (const auto& [what, present] : needs) {
    if (m.Provides(what) && !present) {
      return Status::FailedPrecondition("manifest says the plugin provides " + std::string(what) +
                                        " but its table has no function for it");
    }
  }
  return Status::Ok();
}

struct LoadContext {
  fs::path cache_dir;
  fs::path program;
  size_t memory_limit = 0;
  internal::Budgets budgets;
};

// Checks the plugin described by `m` (found at `manifest_path`) and starts it in its process.
StatusOr<std::shared_ptr<LoadedPlugin>> LoadPlugin(const Manifest& m, const fs::path& manifest_path,
                                                   const LoadContext& context) {
  HW_RETURN_IF_ERROR(CheckAbi(m.abi_major, m.abi_minor, "manifest's"));
  const fs::path library_path = manifest_path.parent_path() / m.library;
  HW_ASSIGN_OR_RETURN(std::string bytes, internal::ReadLibrary(library_path));
  HW_RETURN_IF_ERROR(CheckLibraryFile(m, bytes));
  HW_ASSIGN_OR_RETURN(fs::path cached, CacheLibrary(context.cache_dir, m, bytes));
  HW_ASSIGN_OR_RETURN(
      std::unique_ptr<internal::PluginProcess> process,
      internal::PluginProcess::Start({context.program, cached, context.memory_limit},
                                     context.budgets.load.wall));
  HW_RETURN_IF_ERROR(CheckTable(process->hello(), m));
  auto plugin = LoadedPlugin::Open(m, std::move(process), context.budgets);
  if (!plugin.ok()) return Status::FailedPrecondition(plugin.status().message());
  return plugin;
}

std::vector<fs::path> FindManifests(const std::vector<fs::path>& folders) {
  std::vector<fs::path> found;
  for (const auto& folder : folders) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() > kManifestSuffix.size() &&
          name.compare(name.size() - kManifestSuffix.size(), kManifestSuffix.size(),
                       kManifestSuffix) == 0) {
        found.push_back(it->path());
      }
    }
    if (ec) spdlog::warn("plugin folder {} cannot be read: {}", folder.string(), ec.message());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// Loads every manifest in the folders; a refused plugin becomes a failed entry with its reason.
std::vector<Entry> LoadAll(const HostOptions& options, const LoadContext& context) {
  std::vector<Entry> entries;
  std::map<std::string, std::string> provinces_taken;  // province -> plugin id
  for (const fs::path& path : FindManifests(options.folders)) {
    Entry e;
    e.view.manifest_path = path.string();
    const std::string file = path.filename().string();
    e.view.id = file.substr(0, file.size() - kManifestSuffix.size());
    std::string text;
    auto manifest = ReadManifest(path, text);
    if (!manifest.ok()) {
      e.view.error = manifest.status().message();
      entries.push_back(std::move(e));
      continue;
    }
    const Manifest& m = *manifest;
    e.view = {m.id,          m.name,     m.province,           m.version,
              m.sdk_version, m.provides, PluginState::kFailed, "",
              path.string()};
    const bool duplicate_id = std::any_of(
        entries.begin(), entries.end(), [&](const Entry& other) { return other.view.id == m.id; });
    if (options.disabled.count(m.id) != 0) {
      e.view.state = PluginState::kDisabled;
    } else if (Status signed_by = internal::CheckManifestSignature(path, text, options.trusted_keys,
                                                                   options.allow_unsigned);
               !signed_by.ok()) {
      e.view.error = signed_by.message();
    } else if (duplicate_id) {
      e.view.error = "another plugin has the id " + m.id;
    } else if (auto taken = provinces_taken.find(m.province); taken != provinces_taken.end()) {
      e.view.error = "province " + m.province + " is already served by plugin " + taken->second;
    } else if (auto plugin = LoadPlugin(m, path, context); !plugin.ok()) {
      e.view.error = plugin.status().message();
    } else {
      e.plugin = std::move(plugin).value();
      e.view.state = PluginState::kLoaded;
      provinces_taken[m.province] = m.id;
    }
    if (!e.view.error.empty()) spdlog::warn("plugin {} refused: {}", e.view.id, e.view.error);
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.view.id < b.view.id; });
  return entries;
}

// Builds the policies of a plugin set from its entries and the market data set through the API.
std::shared_ptr<const PluginSet> BuildSet(
    std::vector<Entry> entries, const std::map<std::string, model::MarketData>& overlays) {
  auto set = std::make_shared<PluginSet>();
  set->entries = std::move(entries);
  auto overlay_for = [&](const std::string& code) -> std::optional<model::MarketData> {
    auto it = overlays.find(code);
    if (it == overlays.end()) return std::nullopt;
    return it->second;
  };
  for (const auto& p : policy::AllProvinces()) {
    set->national[p.code] = policy::NationalDefaults(p.code, overlay_for(p.code));
  }
  for (const auto& e : set->entries) {
    if (!e.plugin) continue;
    const std::string& code = e.view.province;
    set->by_province[code] = e.plugin;
    set->plugin_policy[code] = std::make_shared<internal::PluginPolicy>(
        e.plugin, overlay_for(code).value_or(e.plugin->market()), set->national[code]);
  }
  return set;
}

// The plugin host program: the one given, else the one installed beside the running program,
// else the one built with this library.
StatusOr<fs::path> HostProgram(const HostOptions& options) {
  std::error_code ec;
  std::vector<fs::path> candidates;
  if (!options.host_program.empty()) {
    candidates.push_back(options.host_program);
  } else {
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(self.parent_path() / kHostProgramName);
    candidates.push_back(HOMEWARD_PLUGIN_HOST_BUILT);
  }
  for (const fs::path& candidate : candidates) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return Status::FailedPrecondition("no plugin host program: " + candidates.front().string() +
                                    " cannot be run");
}

PluginView CurrentView(const Entry& e) {
  PluginView v = e.view;
  if (e.plugin && e.plugin->failed()) {
    v.state = PluginState::kFailed;
    v.error = e.plugin->error();
  }
  return v;
}

}  // namespace

struct PluginHost::Impl {
  HostOptions options;
  fs::path cache_dir;
  bool owns_cache_dir = false;
  fs::path program;  // homeward-plugin-host

  // Serialises Reload() and SetMarketData(), the two writers of `current`.
  Mutex write_mu;
  std::map<std::string, model::MarketData> overlays HW_GUARDED_BY(write_mu);

  mutable Mutex snapshot_mu;
  std::shared_ptr<const PluginSet> current HW_GUARDED_BY(snapshot_mu);

  std::shared_ptr<const PluginSet> Snapshot() const {
    MutexLock lock(&snapshot_mu);
    return current;
  }
  void Publish(std::shared_ptr<const PluginSet> set) {
    std::shared_ptr<const PluginSet> old;
    {
      MutexLock lock(&snapshot_mu);
      old = std::exchange(current, std::move(set));
    }
    // `old` is released here, outside the lock: the last holder destroys plugins and libraries.
  }
  LoadContext Context() const {
    return {cache_dir,
            program,
            options.memory_limit,
            {{options.call_budget, options.call_wall_limit},
             {options.load_budget, options.load_budget}}};
  }
};

PluginHost::PluginHost(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PluginHost::~PluginHost() {
  impl_->Publish(nullptr);
  if (impl_->owns_cache_dir) {
    std::error_code ec;
    fs::remove_all(impl_->cache_dir, ec);
  }
}

StatusOr<std::unique_ptr<PluginHost>> PluginHost::Create(HostOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->cache_dir = impl->options.cache_dir;
  if (impl->cache_dir.empty()) {
    impl->cache_dir =
        fs::temp_directory_path() / ("homeward-plugins-" + RandomSecret().substr(0, 12));
    impl->owns_cache_dir = true;
  }
  std::error_code ec;
  // A given folder is the server's own: what an earlier run left there (a crash leaves its
  // copies) goes, and only the owner may read or change what is loaded from it.
  if (!impl->owns_cache_dir) fs::remove_all(impl->cache_dir, ec);
  fs::create_directories(impl->cache_dir, ec);
  if (!ec) fs::permissions(impl->cache_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) {
    return Status::Unavailable("cannot create plugin cache " + impl->cache_dir.string() + ": " +
                               ec.message());
  }
  HW_ASSIGN_OR_RETURN(impl->program, HostProgram(impl->options));
  std::unique_ptr<PluginHost> host(new PluginHost(std::move(impl)));
  auto summary = host->Reload();
  if (!summary.ok()) return summary.status();
  return host;
}

StatusOr<LoadSummary> PluginHost::Reload() {
  MutexLock lock(&impl_->write_mu);
  std::vector<Entry> entries = LoadAll(impl_->options, impl_->Context());
  LoadSummary summary;
  for (const auto& e : entries) {
    switch (e.view.state) {
      case PluginState::kLoaded:
        ++summary.loaded;
        break;
      case PluginState::kFailed:
        ++summary.failed;
        break;
      case PluginState::kDisabled:
        ++summary.disabled;
        break;
    }
  }
  impl_->Publish(BuildSet(std::move(entries), impl_->overlays));
  spdlog::info("plugins: {} loaded, {} failed, {} disabled", summary.loaded, summary.failed,
               summary.disabled);
  return summary;
}

std::shared_ptr<const policy::ProvincePolicy> PluginHost::ForProvince(
    std::string_view province) const {
  const auto set = impl_->Snapshot();
  if (auto it = set->plugin_policy.find(province); it != set->plugin_policy.end()) {
    if (!set->by_province.find(province)->second->failed()) return it->second;
  }
  if (auto it = set->national.find(province); it != set->national.end()) return it->second;
  return policy::NationalDefaults(province);
}

std::vector<PluginView> PluginHost::Plugins() const {
  const auto set = impl_->Snapshot();
  std::vector<PluginView> views;
  views.reserve(set->entries.size());
  for (const auto& e : set->entries) views.push_back(CurrentView(e));
  return views;
}

StatusOr<PluginView> PluginHost::Plugin(std::string_view id) const {
  const auto set = impl_->Snapshot();
  for (const auto& e : set->entries) {
    if (e.view.id == id) return CurrentView(e);
  }
  return Status::NotFound("no plugin " + std::string(id));
}

std::vector<ProvinceView> PluginHost::Provinces() const {
  const auto set = impl_->Snapshot();
  std::vector<ProvinceView> views;
  for (const auto& p : policy::AllProvinces()) {
    ProvinceView v{p.code, p.name_en, p.name_km, std::nullopt, "national", 0};
    for (const auto& e : set->entries) {
      if (e.view.province != p.code) continue;
      const PluginView current = CurrentView(e);
      // A loaded plugin wins over a failed or disabled one listed for the same province.
      if (!v.plugin || current.state == PluginState::kLoaded) {
        v.plugin = ProvinceView::Plugin{current.id, current.version, current.state};
      }
    }
    const auto policy = ForProvince(p.code);
    v.source = policy->Source();
    v.market_version = policy->Market().version;
    views.push_back(std::move(v));
  }
  return views;
}

StatusOr<model::MarketData> PluginHost::Market(std::string_view province) const {
  if (!policy::IsProvinceCode(province)) {
    return Status::NotFound("no province " + std::string(province));
  }
  return ForProvince(province)->Market();
}

StatusOr<model::MarketData> PluginHost::ValidateMarket(std::string_view province,
                                                       const nlohmann::json& market) const {
  if (!policy::IsProvinceCode(province)) {
    return Status::NotFound("no province " + std::string(province));
  }
  HW_RETURN_IF_ERROR(internal::CheckMarketData(market));
  if (market.contains("province") && market.at("province") != province) {
    return Status::InvalidArgument("market data is for another province",
                                   {{"/province", "must be " + std::string(province)}});
  }
  const auto set = impl_->Snapshot();
  if (auto it = set->by_province.find(province);
      it != set->by_province.end() && !it->second->failed()) {
    HW_RETURN_IF_ERROR(it->second->ValidateMarket(market.dump()));
  }
  HW_ASSIGN_OR_RETURN(model::MarketData data, model::ParseModel<model::MarketData>(market));
  data.province = std::string(province);
  return data;
}

Status PluginHost::SetMarketData(std::string_view province, model::MarketData market) {
  nlohmann::json j;
  model::to_json(j, market);
  if (market.province.empty()) j["province"] = province;
  HW_ASSIGN_OR_RETURN(model::MarketData data, ValidateMarket(province, j));
  ApplyValidatedMarket(province, std::move(data));
  return Status::Ok();
}

void PluginHost::ApplyValidatedMarket(std::string_view province, model::MarketData data) {
  MutexLock lock(&impl_->write_mu);
  const auto set = impl_->Snapshot();
  const std::string code(province);
  data.province = code;
  if (data.version <= 0) {
    int previous = set->national.at(code)->Market().version;
    if (auto it = set->plugin_policy.find(code); it != set->plugin_policy.end()) {
      previous = std::max(previous, it->second->Market().version);
    }
    data.version = previous + 1;
  }
  impl_->overlays[code] = std::move(data);
  impl_->Publish(BuildSet(set->entries, impl_->overlays));
}

}  // namespace homeward::plugin
