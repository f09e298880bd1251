// The "format" assertions Homeward's schemas use, and UTF-8 code-point counting.
#include <string_view>

#include "homeward/base/time.h"
#include "internal/schema.h"

namespace homeward::json::internal {
namespace {

bool IsAtomCharacter(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

// RFC 5322 dot-atom: atoms of allowed characters separated by single dots.
bool IsDotAtom(std::string_view text, bool (*allowed)(char)) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.') {
      if (text[i + 1] == '.') return false;
    } else if (!allowed(text[i])) {
      return false;
    }
  }
  return true;
}

bool IsHostCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

size_t CountCodePoints(std::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) {
    // Continuation bytes are 10xxxxxx; every other byte starts a code point.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool IsDate(std::string_view text) {
  return text.size() == 10 && Date::Parse(text).has_value();
}

bool IsDateTime(std::string_view text) {
  if (!ParseRfc3339(text).has_value()) return false;
  // ParseRfc3339 reads any two-digit offset; RFC 3339 allows hours 00-23 and minutes 00-59.
  const char sign = text.size() >= 6 ? text[text.size() - 6] : 'Z';
  if (sign != '+' && sign != '-') return true;
  std::string_view offset = text.substr(text.size() - 5);  // "HH:MM"
  return offset.substr(0, 2) <= "23" && offset.substr(3, 2) <= "59";
}

bool IsEmail(std::string_view text) {
  size_t at = text.rfind('@');
  if (at == std::string_view::npos || text.size() > 254) return false;
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (local.size() > 64 || !IsDotAtom(local, IsAtomCharacter)) return false;
  if (!IsDotAtom(domain, IsHostCharacter)) return false;
  for (size_t start = 0; start <= domain.size();) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    std::string_view label = domain.substr(start, end - start);
    if (label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    start = end + 1;
  }
  return true;
}

}  // namespace homeward::json::internal
