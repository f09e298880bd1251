// Text helpers of the screening rules: normalisation and phrase matching that treat English on
// word boundaries and Khmer (written without spaces) as substrings. Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace homeward::screening::internal {

// Lower-cases ASCII letters, maps Khmer digits to ASCII digits, drops zero-width spaces and
// collapses runs of spaces and tabs into one space; line breaks are kept as '\n'.
std::string Normalise(std::string_view text);

// Splits normalised text into sentences on . ! ? ; the Khmer full stop and line breaks.
std::vector<std::string_view> Sentences(std::string_view text);

// Byte offsets of every match of `phrase` (normalised) in `text`: on word boundaries when the
// phrase is ASCII, anywhere when it has Khmer (non-ASCII) characters.
std::vector<size_t> FindPhrase(std::string_view text, std::string_view phrase);

// True when `text` contains any of `phrases` (see FindPhrase).
bool ContainsAny(std::string_view text, const std::vector<std::string>& phrases);

}  // namespace homeward::screening::internal
