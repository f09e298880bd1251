// What every resource file shares: strict body parsing and schema validation, list options from
// the query, JSON responses, merge patches, and completion of a service call as a Reply.
//
// Thread-safety: free functions over values; the callbacks they build may run on any thread.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "homeward/base/status.h"
#include "homeward/model/json.h"
#include "homeward/service/homeward.h"
#include "homeward/store/repository.h"
#include "http/message.h"
#include "problem.h"

namespace homeward::api {

// The largest request body accepted (1 MiB); larger ones get 413 before they are read.
inline constexpr size_t kMaxBodyBytes = 1 << 20;

// Parses the body strictly (duplicate keys, depth, string and array limits) and validates it
// against `schema` of schemas/; INVALID_ARGUMENT with every violation listed.
StatusOr<nlohmann::json> ParseBody(const Request& request, std::string_view schema);

// `limit`, `cursor` and the named filters from the query; INVALID_ARGUMENT for a bad limit.
// The `limit` query parameter: `fallback` when absent; INVALID_ARGUMENT naming "limit" unless it
// is all digits and from 1 to `max`.
StatusOr<int> LimitFrom(const Request& request, int fallback, int max);

StatusOr<store::ListOptions> ListOptionsFrom(const Request& request,
                                             std::initializer_list<std::string_view> filters);

// A JSON response (compact UTF-8, Khmer kept byte for byte).
Response JsonResponse(int status, const nlohmann::json& body);

// 201 with the resource and its Location.
Response Created(const nlohmann::json& body, const std::string& location);

// {"items": [...], "next_cursor": ...}, each item converted by `to_json`.
template <typename T, typename ToJson>
Response PageResponse(const store::Page<T>& page, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const T& item : page.items) items.push_back(to_json(item));
  return JsonResponse(200, {{"items", std::move(items)},
                            {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor)
                                                             : nlohmann::json()}});
}

// Answers a read: the record as JSON, or the problem.
template <typename T>
Response ReadResponse(const StatusOr<T>& record) {
  if (!record.ok()) return Problem(record.status());
  return JsonResponse(200, nlohmann::json(*record));
}

// A service completion that answers 200 (or 201 with Location under `collection`) with the
// record as JSON, or the problem.
template <typename T>
service::Done<T> ReplyRecord(Reply reply, std::string collection = {}) {
  return [reply = std::move(reply), collection = std::move(collection)](StatusOr<T> record) {
    if (!record.ok()) return reply(Problem(record.status()));
    nlohmann::json body = *record;
    if (collection.empty()) return reply(JsonResponse(200, body));
    reply(Created(body, collection + "/" + record->meta.id));
  };
}

// An edit that applies a JSON merge patch (RFC 7386) to the stored record. `patch` already
// passed its schema, which refuses read-only fields.
template <typename T>
service::Edit<T> MergePatch(nlohmann::json patch) {
  return [patch = std::move(patch)](T current) -> StatusOr<T> {
    nlohmann::json doc = current;
    doc.merge_patch(patch);
    return model::ParseModel<T>(doc);
  };
}

}  // namespace homeward::api
