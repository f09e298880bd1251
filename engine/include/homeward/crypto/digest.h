// Digests: of a sequence of fields, for hash chains (the audit log), and SHA-256 of bytes (API
// key hashes, request fingerprints, plugin library checks).
//
// Digest = BLAKE2b-256 over each field preceded by its length as 8 bytes little-endian, so that
// no two different sequences of fields hash the same input ("ab","c" and "a","bc" differ).
// Written as 64 lowercase hex digits. Format in docs/formats/audit-chain.md.
//
// Thread-safety: safe to call from any number of threads.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace homeward::crypto {

// 64 hex digits of the digest of `fields`.
std::string FieldsDigest(std::initializer_list<std::string_view> fields);

// The length of a FieldsDigest result.
inline constexpr size_t kFieldsDigestChars = 64;

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace homeward::crypto
