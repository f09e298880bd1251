// Signed plugin manifests: the signature file beside <id>.plugin.json is <id>.plugin.sig, one
// line holding the Ed25519 signature of the manifest's exact bytes (crypto::EncodeSignature, 86
// base64url characters). The manifest carries the library's SHA-256, so the signature covers the
// library too. Used by the plugin host and by homeward-plugin-sign. Plain functions; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/crypto/signature.h"

namespace homeward::plugin::internal {

// The signature file of the manifest at `manifest_path`: "x/<id>.plugin.json" gives
// "x/<id>.plugin.sig". INVALID_ARGUMENT when the name does not end in ".plugin.json".
StatusOr<std::filesystem::path> SignaturePath(const std::filesystem::path& manifest_path);

// The contents of a signature file for `signature` (64 bytes).
std::string SignatureFileText(std::string_view signature);

// The signature held by the signature file at `path`. NOT_FOUND when there is no such file;
// INVALID_ARGUMENT when it holds anything but one signature.
StatusOr<std::string> ReadSignatureFile(const std::filesystem::path& path);

// OK when the signature beside the manifest at `manifest_path` verifies, over `manifest_text`
// (the manifest's bytes as read), with one of `trusted`. A manifest without a signature file is
// refused (FAILED_PRECONDITION) unless `allow_unsigned`, and then loads with a warning logged; a
// signature file that is malformed or does not verify with any trusted key always refuses.
Status CheckManifestSignature(const std::filesystem::path& manifest_path,
                              std::string_view manifest_text,
                              const std::vector<crypto::VerifyKey>& trusted, bool allow_unsigned);

}  // namespace homeward::plugin::internal
