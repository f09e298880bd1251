// Text helpers of the screening rules: normalisation and phrase matching that treat English on
// word boundaries and Khmer (written without spaces) as substrings. Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace homeward::screening::internal {

// The form every rule (and every plugin, through the SDK) reads: ASCII letters lower-cased, Khmer
// digits mapped to 0-9, invisible characters (U+200B, U+200C, U+200D, U+FEFF) dropped, no-break
// spaces (U+00A0, U+202F) and runs of blanks turned into one space, line breaks kept as '\n'.
// Amounts, hours and periods as people write them get one spelling: "$1,500" and "1500$" become
// "1500 usd", "៨០០,០០០ រៀល" "800000 khr", "12 hrs/day", "12h a day" and "១២ម៉ោង/ថ្ងៃ" all become
// "12 hours per day" ("per week", "per month" and "per hour" likewise).
std::string Normalise(std::string_view text);

// Splits normalised text into sentences on . ! ? ; the Khmer full stop and line breaks.
std::vector<std::string_view> Sentences(std::string_view text);

// Byte offsets of every match of `phrase` (normalised) in `text`: on word boundaries when the
// phrase is ASCII, anywhere when it has Khmer (non-ASCII) characters.
std::vector<size_t> FindPhrase(std::string_view text, std::string_view phrase);

// True when `text` contains any of `phrases` (see FindPhrase).
bool ContainsAny(std::string_view text, const std::vector<std::string>& phrases);

// `text` with every match of `phrases` blanked out (replaced by spaces of the same length), so
// that "thai restaurant" no longer reads as "thai" while offsets stay where they were.
std::string BlankOut(std::string_view text, const std::vector<std::string>& phrases);

// An amount the text states in normalised form: "300 usd per month", "25000 khr per day".
struct StatedAmount {
  double amount = 0;
  std::string currency;  // "usd", "khr" or "thb"
  std::string period;    // "month", "week", "day", "hour" or "" when the text gives none
};
std::vector<StatedAmount> StatedAmounts(std::string_view normalised);

// Every whole number from 1 to 24 the text states as the hours of a day or a shift ("12 hours
// per day", "12 hours shift").
std::vector<int> StatedDailyHours(std::string_view normalised);

}  // namespace homeward::screening::internal
