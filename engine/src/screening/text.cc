#include "internal/text.h"

#include <cstdlib>

namespace homeward::screening::internal {
namespace {

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsAsciiWordChar(char c) {
  return IsAsciiLetter(c) || IsDigit(c);
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Khmer digits U+17E0..U+17E9 are E1 9F A0..A9 in UTF-8.
constexpr unsigned char kKhmerLead = 0xE1;
constexpr unsigned char kKhmerDigitMid = 0x9F;
constexpr unsigned char kKhmerDigitZero = 0xA0;
constexpr unsigned char kKhmerDigitNine = 0xA9;
// Characters that are invisible in text and only get in the way of matching: U+200B ZERO WIDTH
// SPACE (typed between Khmer words), U+200C and U+200D (joiners), U+FEFF (a byte-order mark
// pasted from another document).
constexpr std::string_view kInvisible[] = {"\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D",
                                           "\xEF\xBB\xBF"};
// U+00A0 NO-BREAK SPACE and U+202F NARROW NO-BREAK SPACE read as spaces.
constexpr std::string_view kNoBreakSpaces[] = {"\xC2\xA0", "\xE2\x80\xAF"};
// U+17D4 KHMER SIGN KHAN, the Khmer full stop.
constexpr std::string_view kKhmerFullStop = "\xE1\x9F\x94";

// Returns the length of the first of `spellings` that `text` starts with, or 0.
template <size_t N>
size_t MatchAny(std::string_view text, const std::string_view (&spellings)[N]) {
  for (std::string_view s : spellings) {
    if (StartsWith(text, s)) return s.size();
  }
  return 0;
}

// Lower-case, Khmer digits, invisible characters and blanks (see Normalise).
std::string NormaliseCharacters(std::string_view text) {
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
    const std::string_view rest = text.substr(i);
    if (const size_t n = MatchAny(rest, kInvisible)) {
      i += n - 1;
      continue;
    }
    const size_t nbsp = MatchAny(rest, kNoBreakSpaces);
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || nbsp > 0) {
      if (nbsp > 0) i += nbsp - 1;
      pending_space = !out.empty() && out.back() != '\n';
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

struct Spelling {
  std::string_view written;
  std::string_view canonical;
};

// Units written right after a number ("12h", "12 hrs", "1500$", "800000 រៀល"), longest first.
constexpr Spelling kUnits[] = {
    {"hours", "hours"}, {"hour", "hours"},  {"hrs", "hours"},  {"hr", "hours"}, {"h", "hours"},
    {"ម៉ោង", "hours"},   {"dollars", "usd"}, {"dollar", "usd"}, {"usd", "usd"},  {"$", "usd"},
    {"ដុល្លារ", "usd"},   {"riels", "khr"},   {"riel", "khr"},   {"khr", "khr"},  {"រៀល", "khr"},
    {"baht", "thb"},    {"thb", "thb"},
};

// Periods written after a unit ("/day", " a day", "ក្នុងមួយថ្ងៃ"), longest first within a period.
constexpr Spelling kPeriods[] = {
    {"/day", "day"},        {" a day", "day"},     {" per day", "day"},     {" each day", "day"},
    {"/ថ្ងៃ", "day"},        {"ក្នុងមួយថ្ងៃ", "day"},   {"ក្នុង1ថ្ងៃ", "day"},      {"មួយថ្ងៃ", "day"},
    {"/month", "month"},    {" a month", "month"}, {" per month", "month"}, {" monthly", "month"},
    {"/ខែ", "month"},       {"ក្នុងមួយខែ", "month"},  {"ក្នុង1ខែ", "month"},     {"មួយខែ", "month"},
    {"/week", "week"},      {" a week", "week"},   {" per week", "week"},   {"/សប្តាហ៍", "week"},
    {"ក្នុងមួយសប្តាហ៍", "week"}, {"/hour", "hour"},     {"/hr", "hour"},         {" an hour", "hour"},
    {" per hour", "hour"},  {"ក្នុងមួយម៉ោង", "hour"},  {"/ម៉ោង", "hour"},        {" shift", "shift"},
    {" shifts", "shift"},
};

// True when an ASCII spelling that `text` starts with ends on a word boundary there.
bool EndsWord(std::string_view text, std::string_view spelling) {
  if (!IsAsciiLetter(spelling.back())) return true;
  return text.size() == spelling.size() || !IsAsciiWordChar(text[spelling.size()]);
}

template <size_t N>
const Spelling* Find(std::string_view text, const Spelling (&spellings)[N]) {
  for (const Spelling& s : spellings) {
    if (StartsWith(text, s.written) && EndsWord(text, s.written)) return &s;
  }
  return nullptr;
}

// Reads a number at the start of `text`: digits with "," thousands groups and an optional
// decimal part. Appends it without separators to `digits`; returns the bytes read.
size_t ReadNumber(std::string_view text, std::string& digits) {
  size_t i = 0;
  while (i < text.size()) {
    if (IsDigit(text[i])) {
      digits.push_back(text[i++]);
    } else if (text[i] == ',' && !digits.empty() && i + 4 <= text.size() && IsDigit(text[i + 1]) &&
               IsDigit(text[i + 2]) && IsDigit(text[i + 3]) &&
               (i + 4 == text.size() || !IsDigit(text[i + 4]))) {
      ++i;  // a thousands separator: "1,500"
    } else if (text[i] == '.' && i + 1 < text.size() && IsDigit(text[i + 1])) {
      digits.push_back(text[i++]);
    } else {
      break;
    }
  }
  return i;
}

// Gives amounts, hours and periods one spelling (see Normalise).
std::string CanonicaliseAmounts(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    const bool dollar_first = text[i] == '$' && i + 1 < text.size() &&
                              (IsDigit(text[i + 1]) ||
                               (text[i + 1] == ' ' && i + 2 < text.size() && IsDigit(text[i + 2])));
    const bool number_here = IsDigit(text[i]) && (i == 0 || !IsAsciiWordChar(text[i - 1]));
    if (!dollar_first && !number_here) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    if (dollar_first) j += text[i + 1] == ' ' ? 2 : 1;
    std::string number;
    j += ReadNumber(text.substr(j), number);
    if (j < text.size() && IsAsciiLetter(text[j]) && !Find(text.substr(j), kUnits)) {
      out.append(text.substr(i, j - i));  // part of a word ("4g", "2nd"): leave as written
      i = j;
      continue;
    }
    std::string_view unit = dollar_first ? "usd" : "";
    if (unit.empty()) {
      size_t k = j;
      if (k < text.size() && (text[k] == ' ' || text[k] == '-')) ++k;
      if (const Spelling* u = Find(text.substr(k), kUnits)) {
        unit = u->canonical;
        j = k + u->written.size();
      }
    }
    out.append(number);
    if (!unit.empty()) {
      out.push_back(' ');
      out.append(unit);
      size_t k = j;
      if (k < text.size() && text[k] == ' ' && !IsAscii(text.substr(k + 1, 1))) ++k;
      if (const Spelling* p = Find(text.substr(k), kPeriods)) {
        out.append(p->canonical == "shift" ? " shift"
                                           : std::string(" per ") + std::string(p->canonical));
        j = k + p->written.size();
      }
    }
    i = j;
  }
  return out;
}

// Reads "<number> <word>" at `pos` of normalised text; false when there is no number there.
bool NumberAt(std::string_view text, size_t pos, double& value, std::string_view& rest) {
  if (!IsDigit(text[pos]) || (pos > 0 && (IsDigit(text[pos - 1]) || text[pos - 1] == '.'))) {
    return false;
  }
  size_t end = pos;
  while (end < text.size() && (IsDigit(text[end]) || text[end] == '.')) ++end;
  value = std::strtod(std::string(text.substr(pos, end - pos)).c_str(), nullptr);
  rest = text.substr(end);
  return true;
}

// Calls `f(value, rest)` for each number in normalised text, with the text after it (NumberAt).
template <typename F>
void ForEachNumber(std::string_view normalised, F f) {
  for (size_t i = 0; i < normalised.size(); ++i) {
    double value = 0;
    std::string_view rest;
    if (NumberAt(normalised, i, value, rest)) f(value, rest);
  }
}

}  // namespace

std::string Normalise(std::string_view text) {
  return CanonicaliseAmounts(NormaliseCharacters(text));
}

std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    if (end > start) out.push_back(text.substr(start, end - start));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool decimal_point =
        c == '.' && i > 0 && IsDigit(text[i - 1]) && i + 1 < text.size() && IsDigit(text[i + 1]);
    if ((c == '.' && !decimal_point) || c == '!' || c == '?' || c == ';' || c == '\n') {
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
      if (pos > 0 && IsAsciiWordChar(text[pos - 1]) && IsAsciiWordChar(phrase.front())) continue;
      if (end < text.size() && IsAsciiWordChar(text[end]) && IsAsciiWordChar(phrase.back())) {
        continue;
      }
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

std::string BlankOut(std::string_view text, const std::vector<std::string>& phrases) {
  std::string out(text);
  for (const auto& phrase : phrases) {
    for (size_t pos : FindPhrase(text, phrase)) out.replace(pos, phrase.size(), phrase.size(), ' ');
  }
  return out;
}

std::vector<StatedAmount> StatedAmounts(std::string_view normalised) {
  std::vector<StatedAmount> out;
  ForEachNumber(normalised, [&](double value, std::string_view rest) {
    for (std::string_view currency : {"usd", "khr", "thb"}) {
      const std::string unit = " " + std::string(currency);
      if (!StartsWith(rest, unit)) continue;
      StatedAmount amount{value, std::string(currency), ""};
      rest.remove_prefix(unit.size());
      for (std::string_view period : {"month", "week", "day", "hour"}) {
        if (StartsWith(rest, " per " + std::string(period))) amount.period = std::string(period);
      }
      out.push_back(std::move(amount));
    }
  });
  return out;
}

std::vector<int> StatedDailyHours(std::string_view normalised) {
  std::vector<int> out;
  ForEachNumber(normalised, [&](double value, std::string_view rest) {
    // A day has 24 hours: a larger number is no day's length (and would not fit an int).
    if ((StartsWith(rest, " hours per day") || StartsWith(rest, " hours shift")) && value > 0 &&
        value <= 24) {
      out.push_back(static_cast<int>(value));
    }
  });
  return out;
}

}  // namespace homeward::screening::internal
