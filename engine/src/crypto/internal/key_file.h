// Reading and writing the text files that hold keys: data key files (keyring.h) and signing key
// files (signature.h). Private to the crypto component.
#pragma once

#include <functional>
#include <istream>
#include <string>

#include "homeward/base/status.h"

namespace homeward::crypto::internal {

// OK when `path` exists and neither group nor others may read it. NOT_FOUND when it does not
// exist; FAILED_PRECONDITION otherwise. `what` names the file in messages ("key file").
Status CheckOwnerOnly(const std::string& path, const std::string& what);

// Calls `each(line_number, text)` for each line of `in` that is neither blank nor a comment
// ('#'), with surrounding blanks trimmed, and stops at the first error. Every line read is wiped
// from memory afterwards.
Status ForEachKeyLine(std::istream& in, const std::function<Status(int, std::string&)>& each);

// Writes `text` to `path` with `mode`, atomically: a temporary file beside it, synced, then moved
// into place, and the folder synced. ALREADY_EXISTS when `path` exists and `replace` is false
// (never overwritten, even when made meanwhile).
Status WriteFileAtomically(const std::string& path, const std::string& text, int mode, bool replace,
                           const std::string& what);

}  // namespace homeward::crypto::internal
