// Test helper: whether a text is (partly) in Khmer script.
#pragma once

#include <cstddef>
#include <string>

namespace homeward::testing {

// True when `text` holds a letter of the Khmer block (U+1780-U+17FF: UTF-8 E1 9E 80 - E1 9F BF).
inline bool HasKhmer(const std::string& text) {
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = static_cast<unsigned char>(text[i + 1]);
    if (a == 0xE1 && (b == 0x9E || b == 0x9F)) return true;
  }
  return false;
}

}  // namespace homeward::testing
