#include "internal/query.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/crypto/seal.h"

namespace homeward::store::internal {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kBase64Url[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kBase64Url[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

// Unpadded base64url only; nullopt for any other character or an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text) {
  static const std::array<int8_t, 256> kValues = [] {
    std::array<int8_t, 256> values{};
    values.fill(-1);
    for (int i = 0; i < 64; ++i) values[static_cast<unsigned char>(kBase64Url[i])] = int8_t(i);
    return values;
  }();
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : text) {
    int8_t value = kValues[c];
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

void Where::Add(std::string_view condition) {
  sql += sql.empty() ? " WHERE " : " AND ";
  sql += condition;
}

Status AddFilters(const Filters& filters, const std::vector<std::string_view>& allowed,
                  Where& where) {
  for (const auto& [column, values] : filters) {
    if (std::find(allowed.begin(), allowed.end(), column) == allowed.end()) {
      return Status::InvalidArgument("unknown filter",
                                     {{"/filters/" + column, "cannot filter on this field"}});
    }
    if (values.empty()) {
      where.Add("0");
      continue;
    }
    // `column` is one of `allowed` (compile-time names), never caller text.
    std::string condition = column + " IN (";
    for (size_t i = 0; i < values.size(); ++i) condition += i == 0 ? "?" : ", ?";
    condition += ")";
    where.Add(condition);
    where.values.insert(where.values.end(), values.begin(), values.end());
  }
  return Status::Ok();
}

int BindAll(Statement& statement, const std::vector<std::string>& values) {
  int index = 1;
  for (const auto& value : values) statement.Bind(index++, value);
  return index;
}

std::string EncodeCursor(const ListKey& key) {
  return Base64UrlEncode(key.time + ' ' + key.id);
}

StatusOr<ListKey> DecodeCursor(std::string_view cursor, std::string_view id_prefix) {
  const Status invalid =
      Status::InvalidArgument("invalid cursor", {{"/cursor", "not a cursor this list issued"}});
  std::optional<std::string> text = Base64UrlDecode(cursor);
  if (!text) return invalid;
  size_t space = text->find(' ');
  if (space == std::string::npos) return invalid;
  ListKey key{text->substr(0, space), text->substr(space + 1)};
  if (!ParseRfc3339(key.time) || !IsWellFormedId(key.id, id_prefix)) return invalid;
  return key;
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > ListOptions::kMaxLimit) {
    return Status::InvalidArgument(
        "invalid limit",
        {{"/limit", "must be between 1 and " + std::to_string(ListOptions::kMaxLimit)}});
  }
  return Status::Ok();
}

StatusOr<std::string> DumpDocument(const nlohmann::json& doc) {
  try {
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::type_error&) {
    return Status::InvalidArgument("text is not valid UTF-8");
  }
}

StatusOr<nlohmann::json> ParseDocument(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Internal("a stored record is not valid JSON");
  return doc;
}

StatusOr<nlohmann::json> OpenDocument(const crypto::Keyring* keys, std::string_view table,
                                      std::string_view id, std::string_view doc) {
  if (!crypto::IsSealed(doc)) return ParseDocument(doc);
  if (keys == nullptr) return Status::FailedPrecondition("a sealed record needs the data key");
  HW_ASSIGN_OR_RETURN(std::string opened, crypto::Open(*keys, table, id, doc));
  return ParseDocument(opened);
}

}  // namespace homeward::store::internal
