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
#include "router.h"

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
                                             const std::vector<std::string_view>& filters);

// A JSON response (compact UTF-8, Khmer kept byte for byte).
Response JsonResponse(int status, const nlohmann::json& body);

// 204: done, with nothing to show.
Response NoContent();

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

// The handlers of a resource's plain routes, each calling one method of a service area (which
// outlives the router):
// POST to a collection: the body checked against `schema` and read as a T, created, and answered
// 201 with the record and its Location under `collection`.
template <typename T, typename Area>
Handler CreateFrom(std::string schema, std::string collection, Area& area,
                   void (Area::*create)(const service::Caller&, T, service::Done<T>)) {
  return [schema = std::move(schema), collection = std::move(collection), &area, create](
             Call call, Reply reply) {
    auto body = ParseBody(call.request, schema);
    if (!body.ok()) return reply(Problem(body.status()));
    auto record = model::ParseModel<T>(*body);
    if (!record.ok()) return reply(Problem(record.status()));
    (area.*create)(call.caller, std::move(*record), ReplyRecord<T>(std::move(reply), collection));
  };
}

// GET of a collection: the list options with `filters` from the query, each record as its JSON.
template <typename Area, typename List>
Handler ListWith(std::initializer_list<std::string_view> filters, Area& area, List list) {
  return [filters = std::vector<std::string_view>(filters), &area, list](Call call, Reply reply) {
    auto options = ListOptionsFrom(call.request, filters);
    if (!options.ok()) return reply(Problem(options.status()));
    auto page = (area.*list)(call.caller, std::move(*options));
    if (!page.ok()) return reply(Problem(page.status()));
    reply(PageResponse(*page, [](const auto& record) { return nlohmann::json(record); }));
  };
}

// PATCH of a record: the body checked against `schema` and applied as a JSON merge patch.
template <typename T, typename Area>
Handler PatchWith(std::string schema, Area& area,
                  void (Area::*update)(const service::Caller&, std::string, service::Edit<T>,
                                       service::Done<T>)) {
  return [schema = std::move(schema), &area, update](Call call, Reply reply) {
    auto patch = ParseBody(call.request, schema);
    if (!patch.ok()) return reply(Problem(patch.status()));
    (area.*update)(call.caller, call.Param("id"), MergePatch<T>(std::move(*patch)),
                   ReplyRecord<T>(std::move(reply)));
  };
}

}  // namespace homeward::api
