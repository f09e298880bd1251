// homeward-server: serves the REST API of docs/api.md.
#include <fcntl.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "homeward/base/clock.h"
#include "homeward/crypto/keyring.h"
#include "homeward/crypto/signature.h"
#include "homeward/demo/demo.h"
#include "homeward/service/homeward.h"
#include "http/listener.h"
#include "problem.h"
#include "resources/common.h"
#include "resources/resources.h"
#include "router.h"

namespace {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";
  std::string db = "var/homeward.db";
  std::string key_file;
  std::string plugins;
  std::vector<std::string> plugin_trust_keys;  // public key files
  bool allow_unsigned_plugins = false;
  int threads = 0;
  std::string log_level = "info";
  std::string admin_key_file;  // empty: admin-key beside the database
  std::string console_dir;     // empty: DefaultConsoleDir()
  bool demo = false;
  bool behind_proxy = false;
  bool unsafe_direct = false;
  int auth_max_failures = 20;
  int auth_window_seconds = 60;
  int clock_offset_days = 0;
};

// True for an address only this machine reaches.
bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

bool SplitHostPort(const std::string& listen, std::string& host, int& port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port > 0 && port < 65536;
  } catch (const std::exception&) {
    return false;
  }
}

// The console's folder as the build and an install lay it out: <build>/share/homeward/console for
// <build>/api/homeward-server, /usr/local/share/homeward/console for
// /usr/local/bin/homeward-server.
std::string DefaultConsoleDir() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "share/homeward/console";
  return (self.parent_path().parent_path() / "share" / "homeward" / "console").string();
}

// Writes a generated admin key to `path`, readable by this user only: a fresh file renamed into
// place, so that no other permissions or an old key's bytes ever show.
homeward::Status WriteKeyFile(const std::string& path, const std::string& key) {
  const std::string fresh = path + ".new";
  ::unlink(fresh.c_str());
  const int fd = ::open(fresh.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return homeward::Status::Internal("cannot create " + fresh);
  const std::string line = key + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(fresh.c_str(), path.c_str()) != 0) {
    ::unlink(fresh.c_str());
    return homeward::Status::Internal("cannot write " + path);
  }
  return homeward::Status::Ok();
}

int Serve(const ServerOptions& options) {
  std::string host;
  int port = 0;
  if (options.listen.find("://") != std::string::npos ||
      !SplitHostPort(options.listen, host, port)) {
    std::cerr << "--listen wants HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  // The listener has no TLS, timeouts or connection limits of its own: anything but loopback
  // needs the front proxy (docs/operations.md), or an explicit choice to go without.
  if (!IsLoopback(host) && !options.behind_proxy && !options.unsafe_direct) {
    std::cerr << "--listen " << options.listen
              << " is reachable from other machines: serve it behind the front proxy "
                 "(--behind-proxy, docs/operations.md) or give --unsafe-direct\n";
    return 2;
  }
  // SIGTERM and SIGINT are waited for on this thread; block them before any thread starts (the
  // HTTP pool's below included), so that no other thread receives them. A thread that left them
  // unblocked took a SIGTERM that came before this thread reached sigwait, and its default
  // action killed the server instead of stopping it.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Before any other cpprestsdk call (it fixes the pool size for the life of the process).
  const unsigned cores = std::thread::hardware_concurrency();
  homeward::api::http::InitializeThreadPool(
      options.threads > 0 ? static_cast<size_t>(options.threads) : (cores > 0 ? cores : 2));

  // The data key, before anything touches the database: a missing or unreadable key file stops
  // the server with the file left as it was.
  auto data_key_file = homeward::crypto::LocateKeyFile(options.key_file);
  if (!data_key_file.ok()) {
    spdlog::critical("cannot start: {}", data_key_file.status().message());
    return 1;
  }
  auto keys = homeward::crypto::ReadKeyFile(*data_key_file);
  if (!keys.ok()) {
    spdlog::critical("cannot start: {}", keys.status().message());
    return 1;
  }
  homeward::service::Options service_options;
  // The keys trusted to sign plugins: a missing or malformed key file stops the server, since
  // starting without it would refuse every plugin signed with it.
  auto trusted = homeward::crypto::ReadVerifyKeyFiles(options.plugin_trust_keys);
  if (!trusted.ok()) {
    spdlog::critical("cannot start: --plugin-trust-key: {}", trusted.status().message());
    return 1;
  }
  service_options.plugin_trust_keys = std::move(trusted).value();
  if (options.allow_unsigned_plugins) {
    spdlog::warn("plugins without a signature are loaded (--allow-unsigned-plugins)");
  }
  service_options.allow_unsigned_plugins = options.allow_unsigned_plugins;
  service_options.db_path = options.db;
  service_options.keys = std::move(keys).value();
  service_options.plugins_dir = options.plugins;
  // Declared before the service, which reads it until it closes.
  const homeward::SystemClock clock(int64_t{options.clock_offset_days} * 86400);
  service_options.clock = &clock;
  if (options.clock_offset_days != 0) {
    spdlog::warn("the clock runs {} days off the real time (--clock-offset-days; tests only)",
                 options.clock_offset_days);
  }
  auto service = homeward::service::Homeward::Open(service_options);
  if (!service.ok()) {
    spdlog::critical("cannot start: {}", service.status().ToString());
    return 1;
  }
  if (options.demo) {
    const homeward::Status loaded = (*service)->Load(
        [](homeward::store::Database& db, const homeward::service::Preparation& prepare) {
          homeward::demo::LoadHooks hooks;
          hooks.prepare_individual = prepare.individual;
          hooks.prepare_vacancy = prepare.vacancy;
          return homeward::demo::LoadDemo(db, homeward::demo::DemoOptions{}, hooks);
        });
    // A database that already holds records keeps them: the demo loads only into an empty one.
    if (!loaded.ok() && loaded.code() != homeward::StatusCode::kFailedPrecondition) {
      spdlog::critical("cannot load the demo data: {}", loaded.ToString());
      return 1;
    }
  }
  std::optional<std::string> preset;
  if (const char* key = std::getenv("HOMEWARD_ADMIN_KEY"); key != nullptr && *key != '\0') {
    preset = key;
  }
  const std::string key_file =
      !options.admin_key_file.empty()
          ? options.admin_key_file
          : (std::filesystem::path(options.db).parent_path() / "admin-key").string();
  auto new_admin_key = (*service)->EnsureAdminKey(
      preset, [&key_file](const std::string& key) { return WriteKeyFile(key_file, key); });
  if (!new_admin_key.ok()) {
    spdlog::critical("cannot create the admin key: {}", new_admin_key.status().ToString());
    return 1;
  }

  homeward::api::Router router(
      **service, {options.auth_max_failures, std::chrono::seconds(options.auth_window_seconds)});
  homeward::api::RegisterAll(router, **service, {HOMEWARD_VERSION});
  const std::string console_dir =
      options.console_dir.empty() ? DefaultConsoleDir() : options.console_dir;
  if (console_dir != "none") {
    auto console = homeward::api::ConsoleFiles::Load(console_dir);
    if (console.ok()) {
      spdlog::info("serving the console's {} files from {}", console->size(), console_dir);
      router.ServeConsole(std::move(console).value());
    } else if (!options.console_dir.empty()) {
      spdlog::critical("cannot start: {}", console.status().message());
      return 1;
    } else {
      spdlog::warn("no console: {}", console.status().message());
    }
  }
  homeward::api::http::Listener listener(
      host, port,
      [&router](homeward::api::Request request, homeward::api::Reply reply) {
        router.Dispatch(std::move(request), std::move(reply));
      },
      [](const homeward::Status& why) { return homeward::api::Problem(why); },
      {homeward::api::kMaxBodyBytes, options.behind_proxy});
  if (homeward::Status opened = listener.Open(); !opened.ok()) {
    spdlog::critical("{}", opened.ToString());
    return 1;
  }
  spdlog::info("listening on http://{}:{}", host, port);
  if (*new_admin_key) {
    // The key itself goes to the file only: standard output ends up in journald.
    std::cout << "A new admin API key was written to " << key_file
              << " (readable by this user only).\nTry:\n  curl -H \"Authorization: Bearer $(cat "
              << key_file << ")\" http://" << host << ":" << port << "/v1/individuals\n"
              << std::flush;
  }
  if (router.serves_console()) {
    std::cout << "console: http://" << host << ":" << port << "/" << std::endl;
  }
  std::cout << "ready: http://" << host << ":" << port << "/v1/health" << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("stopping (signal {})", signal_number);
  listener.Close();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Homeward: the REST API of the job-matching engine"};
  ServerOptions options;
  // The options below are declared alike (flag, field, help text, checks): one call each.
  app.add_option("--listen", options.listen, "Address to serve on, HOST:PORT")
      ->envname("HOMEWARD_LISTEN")
      ->capture_default_str();
  app.add_option("--db", options.db, "SQLite database file (created when absent)")
      ->envname("HOMEWARD_DB")
      ->capture_default_str();
  app.add_option("--key-file", options.key_file,
                 "File of the data keys that seal personal records (0600; homeward-admin "
                 "create-key makes one); default: the systemd credential homeward-data-key")
      ->envname("HOMEWARD_KEY_FILE");
  app.add_option("--plugins", options.plugins,
                 "Folder of provincial plugins (*.plugin.json); none: national defaults")
      ->envname("HOMEWARD_PLUGINS");
  app.add_option("--plugin-trust-key", options.plugin_trust_keys,
                 "File of Ed25519 public keys (one a line, homeward-plugin-sign keygen makes one) "
                 "trusted to sign plugins; repeatable. A plugin loads only when its "
                 "<id>.plugin.sig verifies with one of them")
      ->envname("HOMEWARD_PLUGIN_TRUST_KEY");
  app.add_flag("--allow-unsigned-plugins", options.allow_unsigned_plugins,
               "Also load plugins that have no signature file, with a warning (development "
               "only); a signature that does not verify still refuses its plugin")
      ->envname("HOMEWARD_ALLOW_UNSIGNED_PLUGINS");
  app.add_option("--threads", options.threads, "HTTP worker threads (default: the number of cores)")
      ->envname("HOMEWARD_THREADS")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--log-level", options.log_level,
                 "Log level: trace, debug, info, warn, error, critical, off")
      ->envname("HOMEWARD_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_option("--admin-key-file", options.admin_key_file,
                 "Where a generated admin key is written, mode 0600 (default: admin-key beside "
                 "the database)")
      ->envname("HOMEWARD_ADMIN_KEY_FILE");
  app.add_option("--console-dir", options.console_dir,
                 "Folder of the web console's files, served at / (default: the build's console "
                 "folder beside this program's; none: no console)")
      ->envname("HOMEWARD_CONSOLE_DIR");
  app.add_flag("--demo", options.demo, "Load the demo data when the database is empty")
      ->envname("HOMEWARD_DEMO");
  app.add_flag("--behind-proxy", options.behind_proxy,
               "Served behind the front proxy: a client's address is the last X-Forwarded-For "
               "entry; allows a --listen address other than loopback")
      ->envname("HOMEWARD_BEHIND_PROXY");
  app.add_flag("--unsafe-direct", options.unsafe_direct,
               "Allow a --listen address other than loopback without a front proxy (no TLS, no "
               "timeouts, no connection limits)");
  app.add_option("--auth-max-failures", options.auth_max_failures,
                 "Failed authentications from one address or key prefix before 429")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--auth-window-seconds", options.auth_window_seconds,
                 "The window over which failed authentications are counted")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--clock-offset-days", options.clock_offset_days,
                 "Run the clock this many days off the real time (tests and drills only)")
      ->check(CLI::Range(-36500, 36500));
  CLI11_PARSE(app, argc, argv);

  auto logger = spdlog::stderr_color_mt("homeward");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  return Serve(options);
}
