// Data keys: create-key makes the key file of a new installation, rotate-key puts a new key
// first (the server re-seals every record under it in the background after its next start).
#include <iostream>
#include <utility>
#include <vector>

#include "commands.h"
#include "homeward/crypto/keyring.h"

namespace homeward::admin {
namespace {

void CreateKey(const std::string& path) {
  if (path.empty()) Fail("create-key needs --key-file FILE");
  Status written = crypto::WriteKeyFile(path, crypto::Keyring::Generate(), false);
  if (!written.ok()) Fail(written.message());
  std::cout << "created " << path << " (key " << crypto::ReadKeyFile(path)->current().id()
            << "); keep a copy apart from the backups\n";
}

void RotateKey(const std::string& path) {
  StatusOr<std::string> located = crypto::LocateKeyFile(path);
  if (!located.ok()) Fail(located.status().message());
  StatusOr<crypto::Keyring> keyring = crypto::ReadKeyFile(*located);
  if (!keyring.ok()) Fail(keyring.status().message());
  const crypto::Keyring rotated = keyring->Rotated();
  Status written = crypto::WriteKeyFile(*located, rotated, true);
  if (!written.ok()) Fail(written.message());
  std::cout << "key " << rotated.current().id() << " now seals; the older keys still open.\n"
            << "Restart homeward-server: it re-seals every record under the new key in the\n"
            << "background (homeward_sealing_pending_records in /v1/metrics falls to 0). Keep the\n"
            << "older keys while backups made with them are kept (docs/operations.md).\n";
}

}  // namespace

void AddKeyCommands(CLI::App& app, Common& common) {
  CLI::App* create = app.add_subcommand("create-key", "Create a key file with a new data key");
  AddKeyFileOption(*create, common);
  create->callback([&common] { CreateKey(common.key_file); });

  CLI::App* rotate = app.add_subcommand(
      "rotate-key", "Put a new data key first in the key file (the older keys stay to open)");
  AddKeyFileOption(*rotate, common);
  rotate->callback([&common] { RotateKey(common.key_file); });
}

}  // namespace homeward::admin
