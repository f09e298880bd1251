// Checks on a plugin's library file made before any of its code runs: its bytes (hashed with
// crypto::Sha256Hex) and the symbols its ELF dynamic symbol table defines (what the dynamic linker
// would export). Plain functions; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::plugin::internal {

// The file's bytes; NOT_FOUND or UNAVAILABLE when it cannot be read.
StatusOr<std::string> ReadLibrary(const std::filesystem::path& path);

// Names of the symbols an ELF64 shared object defines in its dynamic symbol table (.dynsym),
// global or weak; INVALID_ARGUMENT when `bytes` is not a well-formed ELF64 shared object.
StatusOr<std::vector<std::string>> DefinedDynamicSymbols(const std::string& bytes);

}  // namespace homeward::plugin::internal
