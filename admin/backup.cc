// backup and restore: an encrypted, consistent copy of the database while the server runs, and
// its checked restore while the server is stopped.
#include "homeward/store/backup.h"

#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "homeward/crypto/keyring.h"

namespace homeward::admin {
namespace {

crypto::Keyring LoadKeys(const Common& common) {
  StatusOr<std::string> located = crypto::LocateKeyFile(common.key_file);
  if (!located.ok()) Fail(located.status().message());
  StatusOr<crypto::Keyring> keyring = crypto::ReadKeyFile(*located);
  if (!keyring.ok()) Fail(keyring.status().message());
  return std::move(keyring).value();
}

// Prints each stage's progress on standard error in steps of 10%.
store::BackupProgress PrintProgress() {
  return [stage_shown = std::string(), tenths_shown = -1](std::string_view stage, uint64_t done,
                                                          uint64_t total) mutable {
    const int percent = total == 0 ? 100 : static_cast<int>(100 * done / total);
    if (stage == stage_shown && percent / 10 == tenths_shown) return;
    stage_shown = std::string(stage);
    tenths_shown = percent / 10;
    std::cerr << stage << " " << percent << "% (" << done << " of " << total << ")\n";
  };
}

}  // namespace

void AddBackupCommands(CLI::App& app, Common& common) {
  auto to = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Write an encrypted, consistent backup of the database (the server may run)");
  AddDatabaseOptions(*backup, common);
  backup->add_option("--to", *to, "The backup file to write (must not exist)")->required();
  backup->callback([&common, to] {
    Status done = store::BackupDatabase(common.db, LoadKeys(common), *to, PrintProgress());
    if (!done.ok()) Fail(done.message());
    std::cout << "backup written to " << *to << "\n";
  });

  auto from = std::make_shared<std::string>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Replace the database with a backup, after checking it (stop the server first)");
  AddDatabaseOptions(*restore, common);
  restore->add_option("--from", *from, "The backup file to restore")->required();
  restore->callback([&common, from] {
    Status done = store::RestoreDatabase(*from, LoadKeys(common), common.db, PrintProgress());
    if (!done.ok()) Fail(done.message() + "; the database was left as it was");
    std::cout << "restored " << common.db << " from " << *from << "\n";
  });
}

}  // namespace homeward::admin
