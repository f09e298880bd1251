// Checks on a plugin's library file made before any of its code runs: its SHA-256 and the
// symbols its ELF dynamic symbol table defines (what the dynamic linker would export).
// Plain functions; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::plugin::internal {

// The file's bytes; NOT_FOUND or UNAVAILABLE when it cannot be read.
StatusOr<std::string> ReadLibrary(const std::filesystem::path& path);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(const std::string& bytes);

// Names of the symbols an ELF64 shared object defines in its dynamic symbol table (.dynsym),
// global or weak; INVALID_ARGUMENT when `bytes` is not a well-formed ELF64 shared object.
StatusOr<std::vector<std::string>> DefinedDynamicSymbols(const std::string& bytes);

}  // namespace homeward::plugin::internal
