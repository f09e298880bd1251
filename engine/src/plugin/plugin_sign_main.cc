// homeward-plugin-sign: makes plugin signing keys and signs plugin manifests (docs/plugin-guide.md,
// "Signing").
//
//   homeward-plugin-sign keygen [--if-absent] <secret-key-file> <public-key-file>
//   homeward-plugin-sign sign <secret-key-file> <dir>/<id>.plugin.json   writes
//   <dir>/<id>.plugin.sig homeward-plugin-sign verify <public-key-file> <dir>/<id>.plugin.json
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "homeward/crypto/signature.h"
#include "internal/manifest_signature.h"

namespace {

namespace crypto = homeward::crypto;
namespace fs = std::filesystem;
using homeward::Status;
using homeward::StatusOr;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + " cannot be read");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Status Keygen(const std::string& secret_path, const std::string& public_path, bool if_absent) {
  if (if_absent && ::access(secret_path.c_str(), F_OK) == 0 &&
      ::access(public_path.c_str(), F_OK) == 0) {
    return Status::Ok();
  }
  HW_RETURN_IF_ERROR(
      crypto::WriteSigningKeyFiles(secret_path, public_path, crypto::SigningKey::Generate()));
  std::cout << "wrote the secret key to " << secret_path << " (0600) and the public key to "
            << public_path << "\n";
  return Status::Ok();
}

Status Sign(const std::string& secret_path, const std::string& manifest) {
  HW_ASSIGN_OR_RETURN(fs::path signature_path, homeward::plugin::internal::SignaturePath(manifest));
  HW_ASSIGN_OR_RETURN(crypto::SigningKey key, crypto::ReadSigningKeyFile(secret_path));
  HW_ASSIGN_OR_RETURN(std::string text, ReadFile(manifest));
  const std::string temporary = signature_path.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << homeward::plugin::internal::SignatureFileText(key.Sign(text));
    if (!out.flush()) return Status::Unavailable("cannot write " + temporary);
  }
  std::error_code ec;
  fs::rename(temporary, signature_path, ec);
  if (ec)
    return Status::Unavailable("cannot write " + signature_path.string() + ": " + ec.message());
  std::cout << "signed " << manifest << ": " << signature_path.string() << "\n";
  return Status::Ok();
}

Status Verify(const std::string& public_path, const std::string& manifest) {
  HW_ASSIGN_OR_RETURN(std::vector<crypto::VerifyKey> keys, crypto::ReadVerifyKeyFile(public_path));
  HW_ASSIGN_OR_RETURN(std::string text, ReadFile(manifest));
  HW_RETURN_IF_ERROR(homeward::plugin::internal::CheckManifestSignature(manifest, text, keys,
                                                                        /*allow_unsigned=*/false));
  std::cout << manifest << ": the signature verifies\n";
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Makes Homeward plugin signing keys and signs plugin manifests (Ed25519)."};
  app.require_subcommand(1);
  std::string secret_path;
  std::string public_path;
  std::string manifest;
  bool if_absent = false;

  CLI::App* keygen = app.add_subcommand(
      "keygen", "Makes a key pair: the secret key file (0600) and the public key file");
  keygen->add_option("secret-key-file", secret_path, "Where the secret key is written")->required();
  keygen
      ->add_option("public-key-file", public_path,
                   "Where the public key is written (give it to servers with "
                   "--plugin-trust-key)")
      ->required();
  keygen->add_flag("--if-absent", if_absent,
                   "Do nothing when both files exist already (build scripts)");

  CLI::App* sign = app.add_subcommand(
      "sign", "Signs <id>.plugin.json, writing the signature to <id>.plugin.sig beside it");
  sign->add_option("secret-key-file", secret_path, "The secret key file")->required();
  sign->add_option("manifest", manifest, "The manifest, <dir>/<id>.plugin.json")->required();

  CLI::App* verify = app.add_subcommand(
      "verify", "Checks <id>.plugin.sig against <id>.plugin.json and the public key(s)");
  verify->add_option("public-key-file", public_path, "A public key file (one key a line)")
      ->required();
  verify->add_option("manifest", manifest, "The manifest, <dir>/<id>.plugin.json")->required();
  CLI11_PARSE(app, argc, argv);

  Status status = Status::Ok();
  if (*keygen) {
    status = Keygen(secret_path, public_path, if_absent);
  } else if (*sign) {
    status = Sign(secret_path, manifest);
  } else {
    status = Verify(public_path, manifest);
  }
  if (!status.ok()) {
    std::cerr << "homeward-plugin-sign: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
