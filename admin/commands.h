// The subcommands of homeward-admin, one group per file. Each Add* function registers its
// subcommands on `app`; a subcommand that fails prints why on standard error and throws
// CLI::RuntimeError with the exit status.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace homeward::admin {

// Options every command that opens the database or the key file shares.
struct Common {
  std::string db = "var/homeward.db";
  std::string key_file;  // empty: the systemd credential, as the server does
};

// Adds --db and --key-file (with the server's environment variables) to `command`.
void AddDatabaseOptions(CLI::App& command, Common& common);
void AddKeyFileOption(CLI::App& command, Common& common);

// Prints "homeward-admin: <message>" on standard error and throws CLI::RuntimeError(1).
[[noreturn]] void Fail(const std::string& message);

// create-key, rotate-key (keys.cc).
void AddKeyCommands(CLI::App& app, Common& common);
// backup, restore (backup.cc).
void AddBackupCommands(CLI::App& app, Common& common);
// verify-audit (audit.cc).
void AddAuditCommands(CLI::App& app, Common& common);

}  // namespace homeward::admin
