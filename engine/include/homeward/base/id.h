// Record ids: a type prefix and 128 random bits, e.g. "ind_3f9c...". Never sequential, so an id
// reveals neither how many records exist nor when one was made (audit ids, which carry their
// time, excepted: NewTimeOrderedId). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace homeward {

// Prefixes in use: ind (individual), emp (employer), vac (vacancy), trn (training),
// ref (referral), alc (allocation), key (API key), mkt (market data version), aud (audit entry).
std::string NewId(std::string_view prefix);

// Like NewId, but the first 12 hex digits are the milliseconds since 1970 and the other 20 are
// random, so that ids made later sort later. Only for rows that carry their time anyway (audit
// entries): their index then grows at its end instead of at random places.
std::string NewTimeOrderedId(std::string_view prefix);

// True when `id` is `<prefix>_` followed by 32 lowercase hex digits.
bool IsWellFormedId(std::string_view id, std::string_view prefix);

// 32 random bytes as 64 hex digits, from the operating system's generator (API keys).
std::string RandomSecret();

}  // namespace homeward
