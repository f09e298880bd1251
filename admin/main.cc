// homeward-admin: the administrator's command line for what is done beside a running server or
// while it is stopped (data keys, backups, the audit chain). `homeward-admin --help` lists the
// subcommands; docs/operations.md gives the procedures.
#include <iostream>

#include "commands.h"

namespace homeward::admin {

void AddDatabaseOptions(CLI::App& command, Common& common) {
  command.add_option("--db", common.db, "SQLite database file")
      ->envname("HOMEWARD_DB")
      ->capture_default_str();
  AddKeyFileOption(command, common);
}

void AddKeyFileOption(CLI::App& command, Common& common) {
  command
      .add_option("--key-file", common.key_file,
                  "File of the data keys (default: the systemd credential homeward-data-key)")
      ->envname("HOMEWARD_KEY_FILE");
}

void Fail(const std::string& message) {
  std::cerr << "homeward-admin: " << message << "\n";
  throw CLI::RuntimeError(1);
}

}  // namespace homeward::admin

int main(int argc, char** argv) {
  CLI::App app{"homeward-admin: data keys, backups and other administration of Homeward"};
  app.require_subcommand(1);
  homeward::admin::Common common;
  homeward::admin::AddKeyCommands(app, common);
  homeward::admin::AddBackupCommands(app, common);
  homeward::admin::AddAuditCommands(app, common);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
