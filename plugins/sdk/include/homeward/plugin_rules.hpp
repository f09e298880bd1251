// Small helpers for writing plugin rules over the JSON documents the host passes in (see
// docs/plugin-guide.md, "What your rules receive"). Header-only; pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "homeward/plugin.hpp"

namespace homeward::sdk {

// `text` in ASCII lower case (Khmer and other non-ASCII bytes are kept as they are).
inline std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// True when lower-cased `text` contains any of `needles` (given in lower case, or Khmer).
inline bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> needles) {
  const std::string haystack = Lower(text);
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view n) { return haystack.find(n) != std::string::npos; });
}

// The vacancy's title and description together, for keyword rules: normalised as the core rules
// read them (Khmer digits, invisible characters, "12 hours per day", "1500 usd") when the host
// gives that form (ABI minor 1 and later), else as written.
inline std::string AdvertText(const Json& vacancy) {
  if (auto it = vacancy.find("normalised_text"); it != vacancy.end() && it->is_string()) {
    return it->get<std::string>();
  }
  return vacancy.value("title", "") + "\n" + vacancy.value("description", "");
}

// True when ISCO-08 `code` lies in any of the groups `prefixes` ("93" holds "9313").
inline bool IscoIn(std::string_view code, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return code.substr(0, p.size()) == p; });
}

// True when `month` (1..12) falls in from..to, which may wrap past December.
inline bool MonthIn(int month, int from, int to) {
  return from <= to ? (month >= from && month <= to) : (month >= from || month <= to);
}

// The vacancy's wage in USD per month (a day is 8 hours, a month 52/12 weeks), as the engine
// computes it.
inline double MonthlyWage(const Json& vacancy) {
  const Json& wage = vacancy.at("wage");
  const double amount = wage.value("amount", 0.0);
  const double hours = vacancy.value("hours_per_week", 48.0);
  const std::string period = wage.value("period", "month");
  constexpr double kWeeksPerMonth = 52.0 / 12.0;
  if (period == "hour") return amount * hours * kWeeksPerMonth;
  if (period == "day") return amount * (hours / 8.0) * kWeeksPerMonth;
  return amount;
}

// True when the array `list` (e.g. a vacancy's "benefits") contains `item`.
inline bool Has(const Json& list, std::string_view item) {
  return list.is_array() && std::any_of(list.begin(), list.end(), [&](const Json& v) {
           return v.is_string() && v.get_ref<const std::string&>() == item;
         });
}

// The market data's median wage for ISCO `code`, walking up the hierarchy; 0 when unknown.
inline double MedianWageFor(const Json& market, std::string code) {
  const Json& wages = market.at("median_wages");
  for (; !code.empty(); code.pop_back()) {
    if (auto it = wages.find(code); it != wages.end()) return it->get<double>();
  }
  return 0;
}

}  // namespace homeward::sdk
