#include "review_queue.h"

#include <algorithm>
#include <exception>
#include <string>
#include <tuple>
#include <vector>

#include "homeward/base/time.h"

namespace homeward::service::internal {
namespace {

constexpr std::string_view kPendingReview = "pending_review";
// Cursors of this list start with it, so that a cursor of the plain list is refused; the key
// follows in hex, so that the cursor needs no escaping in a URL.
constexpr std::string_view kCursorPrefix = "rq1.";
constexpr char kHex[] = "0123456789abcdef";

std::string ToHex(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = value(hex[i]), low = value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

// Sorts ascending: more blocking flags, then more review flags, first; then the oldest.
struct RiskKey {
  int blocking = 0;
  int flags = 0;
  std::string created_at;
  std::string id;

  bool operator<(const RiskKey& other) const {
    // Negated counts sort the riskiest first while dates and ids go oldest first.
    return std::make_tuple(-blocking, -flags, std::cref(created_at), std::cref(id)) <
           std::make_tuple(-other.blocking, -other.flags, std::cref(other.created_at),
                           std::cref(other.id));
  }

  std::string Encode() const {
    return std::string(kCursorPrefix) + ToHex(std::to_string(blocking) + "|" +
                                              std::to_string(flags) + "|" + created_at + "|" + id);
  }
  static std::optional<RiskKey> Decode(std::string_view encoded) {
    if (encoded.substr(0, kCursorPrefix.size()) != kCursorPrefix) return std::nullopt;
    const std::optional<std::string> text = FromHex(encoded.substr(kCursorPrefix.size()));
    if (!text) return std::nullopt;
    const std::string_view cursor = *text;
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t bar = cursor.find('|'); bar != std::string_view::npos;
         start = bar + 1, bar = cursor.find('|', start)) {
      parts.emplace_back(cursor.substr(start, bar - start));
    }
    parts.emplace_back(cursor.substr(start));
    if (parts.size() != 4) return std::nullopt;
    RiskKey key;
    try {
      key.blocking = std::stoi(parts[0]);
      key.flags = std::stoi(parts[1]);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    key.created_at = parts[2];
    key.id = parts[3];
    return key;
  }
};

RiskKey KeyOf(const model::Vacancy& v) {
  RiskKey key{0, 0, v.meta.created_at, v.meta.id};
  for (const auto& flag : v.screening.flags) {
    if (flag.severity == model::FlagSeverity::kBlock) ++key.blocking;
    if (flag.severity != model::FlagSeverity::kInfo) ++key.flags;
  }
  return key;
}

}  // namespace

bool IsReviewQueue(const store::ListOptions& options) {
  const auto it = options.filters.find("status");
  return it != options.filters.end() && it->second.size() == 1 && it->second[0] == kPendingReview;
}

StatusOr<store::Page<model::Vacancy>> ReviewQueuePage(const store::ReadTx& tx,
                                                      const store::ListOptions& options) {
  if (options.limit < 1 || options.limit > store::ListOptions::kMaxLimit) {
    return Status::InvalidArgument("limit must be between 1 and 500",
                                   {{"limit", "must be between 1 and 500"}});
  }
  std::optional<RiskKey> after;
  if (!options.cursor.empty()) {
    after = RiskKey::Decode(options.cursor);
    if (!after) return Status::InvalidArgument("unknown cursor", {{"cursor", "is not valid"}});
  }
  std::vector<std::pair<RiskKey, model::Vacancy>> queue;
  HW_RETURN_IF_ERROR(tx.vacancies().ForEach(options.filters, [&](model::Vacancy&& v) {
    RiskKey key = KeyOf(v);
    if (!after || *after < key) queue.emplace_back(std::move(key), std::move(v));
    return Status::Ok();
  }));
  const size_t shown = std::min(queue.size(), static_cast<size_t>(options.limit));
  std::partial_sort(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(shown), queue.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
  store::Page<model::Vacancy> page;
  for (size_t i = 0; i < shown; ++i) page.items.push_back(std::move(queue[i].second));
  if (queue.size() > shown) page.next_cursor = queue[shown - 1].first.Encode();
  return page;
}

StatusOr<ReviewQueueStats> ReviewQueueFigures(const store::ReadTx& tx, int64_t now_unix_seconds) {
  ReviewQueueStats stats;
  const store::Filters pending{{"status", {std::string(kPendingReview)}}};
  HW_ASSIGN_OR_RETURN(stats.length, tx.vacancies().Count(pending));
  if (stats.length == 0) return stats;
  store::ListOptions oldest;
  oldest.limit = 1;
  oldest.filters = pending;
  HW_ASSIGN_OR_RETURN(store::Page<model::Vacancy> first, tx.vacancies().List(oldest));
  if (!first.items.empty()) {
    if (const auto created = ParseRfc3339(first.items[0].meta.created_at)) {
      stats.oldest_age_seconds = std::max<int64_t>(0, now_unix_seconds - *created);
    }
  }
  return stats;
}

}  // namespace homeward::service::internal
