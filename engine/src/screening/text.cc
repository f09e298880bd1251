#include "internal/text.h"

namespace homeward::screening::internal {
namespace {

bool IsAsciiWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Khmer digits U+17E0..U+17E9 are E1 9F A0..A9 in UTF-8.
constexpr unsigned char kKhmerLead = 0xE1;
constexpr unsigned char kKhmerDigitMid = 0x9F;
constexpr unsigned char kKhmerDigitZero = 0xA0;
constexpr unsigned char kKhmerDigitNine = 0xA9;
// U+200B ZERO WIDTH SPACE, sometimes typed between Khmer words.
constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";
// U+17D4 KHMER SIGN KHAN, the Khmer full stop.
constexpr std::string_view kKhmerFullStop = "\xE1\x9F\x94";

}  // namespace

std::string Normalise(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r') {
      pending_space = false;
      if (!out.empty() && out.back() == ' ') out.pop_back();
      if (out.empty() || out.back() != '\n') out.push_back('\n');
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      pending_space = !out.empty() && out.back() != '\n';
      continue;
    }
    if (text.substr(i, kZeroWidthSpace.size()) == kZeroWidthSpace) {
      i += kZeroWidthSpace.size() - 1;
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (c == kKhmerLead && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == kKhmerDigitMid) {
      const auto last = static_cast<unsigned char>(text[i + 2]);
      if (last >= kKhmerDigitZero && last <= kKhmerDigitNine) {
        out.push_back(static_cast<char>('0' + (last - kKhmerDigitZero)));
        i += 2;
        continue;
      }
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  return out;
}

std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    if (end > start) out.push_back(text.substr(start, end - start));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') {
      flush(i);
      start = i + 1;
    } else if (text.substr(i, kKhmerFullStop.size()) == kKhmerFullStop) {
      flush(i);
      start = i + kKhmerFullStop.size();
      i += kKhmerFullStop.size() - 1;
    }
  }
  flush(text.size());
  return out;
}

std::vector<size_t> FindPhrase(std::string_view text, std::string_view phrase) {
  std::vector<size_t> hits;
  if (phrase.empty()) return hits;
  const bool on_word_boundaries = IsAscii(phrase);
  for (size_t pos = text.find(phrase); pos != std::string_view::npos;
       pos = text.find(phrase, pos + 1)) {
    if (on_word_boundaries) {
      const size_t end = pos + phrase.size();
      if (pos > 0 && IsAsciiWordChar(text[pos - 1])) continue;
      if (end < text.size() && IsAsciiWordChar(text[end])) continue;
    }
    hits.push_back(pos);
  }
  return hits;
}

bool ContainsAny(std::string_view text, const std::vector<std::string>& phrases) {
  for (const auto& phrase : phrases) {
    if (!FindPhrase(text, phrase).empty()) return true;
  }
  return false;
}

}  // namespace homeward::screening::internal
