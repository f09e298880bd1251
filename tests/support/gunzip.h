// Decompressing gzip bodies in tests (the server compresses for clients that accept gzip).
#pragma once

#include <string>

namespace homeward::testing {

// The data of a gzip member; "" when `data` is not one.
std::string Gunzip(const std::string& data);

}  // namespace homeward::testing
