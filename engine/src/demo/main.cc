// homeward-demo: fills an empty Homeward database with the demo data (docs/demo-data.md).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "homeward/base/clock.h"
#include "homeward/crypto/keyring.h"
#include "homeward/crypto/signature.h"
#include "homeward/demo/demo.h"
#include "homeward/matching/match.h"
#include "homeward/plugin/plugin_host.h"
#include "homeward/screening/screening.h"
#include "homeward/store/database.h"

namespace {

// Redraws one line on the terminal: "[#########           ]  45%  individuals".
void DrawProgress(const homeward::demo::Progress& progress) {
  constexpr int kWidth = 40;
  const double fraction =
      progress.total > 0 ? static_cast<double>(progress.done) / static_cast<double>(progress.total)
                         : 1.0;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), ' ');
  std::fprintf(stderr, "\r[%s] %3d%%  %-26.*s", bar.c_str(), static_cast<int>(fraction * 100),
               static_cast<int>(progress.stage.size()), progress.stage.data());
  std::fflush(stderr);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fills an empty Homeward database with deterministic demo data."};
  std::string db_path;
  homeward::demo::DemoOptions options;
  app.add_option("--db", db_path, "SQLite database file (created when absent)")->required();
  app.add_option("--scale", options.scale,
                 "multiplies the counts (2,000 people, 300 employers, 1,500 vacancies, 200 "
                 "trainings)")
      ->check(CLI::Range(1, 10000));
  app.add_option("--seed", options.seed, "the same seed gives the same records");
  bool no_history = false;
  app.add_flag("--no-history", no_history,
               "leave out the two years of history (past opportunities and referrals), which "
               "takes most of the time at large scales");
  std::string plugins_dir;
  app.add_option("--plugins", plugins_dir,
                 "folder of provincial plugins to screen vacancies with, as homeward-server does "
                 "(national defaults without it)");
  std::vector<std::string> trust_key_files;
  app.add_option("--plugin-trust-key", trust_key_files,
                 "file of public keys trusted to sign plugins, as homeward-server takes it; "
                 "repeatable");
  bool allow_unsigned_plugins = false;
  app.add_flag("--allow-unsigned-plugins", allow_unsigned_plugins,
               "also load plugins without a signature, as homeward-server does with it");
  std::string key_file;
  app.add_option(
      "--key-file", key_file,
      "the server's data key file: personal records are sealed as they are stored, so "
      "the server need not seal them all when it first opens the file (plain without it)");
  CLI11_PARSE(app, argc, argv);
  options.history = !no_history;

  homeward::store::Options store_options;
  if (!key_file.empty()) {
    auto keys = homeward::crypto::ReadKeyFile(key_file);
    if (!keys.ok()) {
      std::cerr << "homeward-demo: " << keys.status() << "\n";
      return 1;
    }
    store_options.keys = *std::move(keys);
  }

  // Vacancies are screened as the server screens them, so that each one's status agrees with
  // its screening and the database serves matches as soon as the server opens it.
  homeward::plugin::HostOptions host_options;
  if (!plugins_dir.empty()) host_options.folders.push_back(plugins_dir);
  auto trusted = homeward::crypto::ReadVerifyKeyFiles(trust_key_files);
  if (!trusted.ok()) {
    std::cerr << "homeward-demo: --plugin-trust-key: " << trusted.status() << "\n";
    return 1;
  }
  host_options.trusted_keys = *std::move(trusted);
  host_options.allow_unsigned = allow_unsigned_plugins;
  // A batch, not a request: a rule call held up by a busy machine must not send its province to
  // the national defaults for the rest of the run (as the server's 50 ms would), so each call
  // gets the loading budget; a plugin that hangs is still stopped.
  host_options.call_budget = host_options.load_budget;
  host_options.call_wall_limit = host_options.load_budget;
  auto host = homeward::plugin::PluginHost::Create(std::move(host_options));
  if (!host.ok()) {
    std::cerr << "homeward-demo: cannot load plugins from " << plugins_dir << ": " << host.status()
              << "\n";
    return 1;
  }
  const homeward::Date today = homeward::Clock::System().Today();

  auto db = homeward::store::Database::Open(db_path, store_options);
  if (!db.ok()) {
    std::cerr << "homeward-demo: cannot open " << db_path << ": " << db.status() << "\n";
    return 1;
  }
  homeward::demo::LoadHooks hooks;
  hooks.prepare_vacancy = [&host, today](homeward::model::Vacancy& vacancy,
                                         const homeward::model::Employer& employer) {
    homeward::screening::ScreenAndApply(vacancy, employer, **host, today);
  };
  // Each person's vulnerability as the server computes it, so that the server's first start
  // (which refreshes every score that differs) need not rewrite them all.
  hooks.prepare_individual = [&host, today](homeward::model::Individual& person) {
    person.vulnerability =
        homeward::matching::Assess(person, *(*host)->ForProvince(person.province), today);
  };
  const bool terminal = isatty(STDERR_FILENO) == 1;
  if (terminal) hooks.progress = DrawProgress;

  const auto started = std::chrono::steady_clock::now();
  homeward::Status loaded = homeward::demo::LoadDemo(**db, options, hooks);
  if (terminal) std::fputs("\n", stderr);
  if (!loaded.ok()) {
    std::cerr << "homeward-demo: " << loaded << "\n";
    return 1;
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  const homeward::demo::Counts total = options.Total();
  const homeward::demo::Counts past = options.Past();
  const auto referrals =
      (*db)->Read([](homeward::store::ReadTx& tx) { return tx.referrals().Count(); });
  std::cout << "stored " << total.individuals << " individuals, " << total.employers
            << " employers, " << total.vacancies << " vacancies and " << total.trainings
            << " trainings";
  if (options.history) {
    std::cout << ", with " << past.vacancies << " past vacancies, " << past.trainings
              << " past trainings, " << options.PastProgrammes() << " past programmes and "
              << (referrals.ok() ? std::to_string(*referrals) : "?") << " referrals of history";
  }
  std::cout << " in " << elapsed.count() << " s\n";
  return 0;
}
