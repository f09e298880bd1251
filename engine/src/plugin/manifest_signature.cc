#include "internal/manifest_signature.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iterator>
#include <system_error>

namespace homeward::plugin::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kManifestSuffix = ".plugin.json";
constexpr std::string_view kSignatureSuffix = ".plugin.sig";
// A signature file holds 86 characters and a line end; anything much larger is not one.
constexpr uintmax_t kMaxSignatureFileBytes = 1024;

}  // namespace

StatusOr<fs::path> SignaturePath(const fs::path& manifest_path) {
  const std::string name = manifest_path.filename().string();
  if (name.size() <= kManifestSuffix.size() ||
      name.compare(name.size() - kManifestSuffix.size(), kManifestSuffix.size(), kManifestSuffix) !=
          0) {
    return Status::InvalidArgument(manifest_path.string() + " is not named <id>" +
                                   std::string(kManifestSuffix));
  }
  return manifest_path.parent_path() /
         (name.substr(0, name.size() - kManifestSuffix.size()) + std::string(kSignatureSuffix));
}

std::string SignatureFileText(std::string_view signature) {
  return crypto::EncodeSignature(signature) + "\n";
}

StatusOr<std::string> ReadSignatureFile(const fs::path& path) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) {
      return Status::NotFound("no signature file " + path.filename().string());
    }
    return Status::FailedPrecondition("cannot read signature file " + path.filename().string() +
                                      ": " + ec.message());
  }
  if (size > kMaxSignatureFileBytes) {
    return Status::InvalidArgument("signature file " + path.filename().string() +
                                   " is not a signature (86 base64url characters)");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t start = text.find_first_not_of(" \t\r\n");
  const size_t end = text.find_last_not_of(" \t\r\n");
  StatusOr<std::string> signature =
      start == std::string::npos
          ? StatusOr<std::string>(Status::InvalidArgument("empty"))
          : crypto::DecodeSignature(std::string_view(text).substr(start, end - start + 1));
  if (!signature.ok()) {
    return Status::InvalidArgument("signature file " + path.filename().string() +
                                   " is not a signature (86 base64url characters)");
  }
  return signature;
}

Status CheckManifestSignature(const fs::path& manifest_path, std::string_view manifest_text,
                              const std::vector<crypto::VerifyKey>& trusted, bool allow_unsigned) {
  HW_ASSIGN_OR_RETURN(fs::path signature_path, SignaturePath(manifest_path));
  StatusOr<std::string> signature = ReadSignatureFile(signature_path);
  if (signature.status().code() == StatusCode::kNotFound) {
    if (allow_unsigned) {
      spdlog::warn(
          "plugin manifest {} is not signed; loading it because unsigned plugins are "
          "allowed (--allow-unsigned-plugins)",
          manifest_path.string());
      return Status::Ok();
    }
    return Status::FailedPrecondition(
        "manifest is not signed: no " + signature_path.filename().string() +
        " beside it (sign it with homeward-plugin-sign, or allow unsigned plugins)");
  }
  if (!signature.ok()) return Status::FailedPrecondition(signature.status().message());
  for (const crypto::VerifyKey& key : trusted) {
    if (key.Verify(manifest_text, *signature)) return Status::Ok();
  }
  if (trusted.empty()) {
    return Status::FailedPrecondition(
        "signature does not verify with any trusted key: no key is trusted "
        "(--plugin-trust-key)");
  }
  return Status::FailedPrecondition(
      "signature does not verify with any trusted key: the manifest was changed after signing, "
      "or signed with a key this server does not trust");
}

}  // namespace homeward::plugin::internal
