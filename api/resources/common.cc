#include "resources/common.h"

#include <charconv>

#include "homeward/json/json.h"

namespace homeward::api {

StatusOr<nlohmann::json> ParseBody(const Request& request, std::string_view schema) {
  if (request.body.size() > kMaxBodyBytes) {
    return Status::ResourceExhausted("the request body is larger than 1 MiB");
  }
  ASSIGN_OR_RETURN(nlohmann::json body, json::Parse(request.body));
  RETURN_IF_ERROR(json::SchemaSet::Builtin().Validate(schema, body));
  return body;
}

StatusOr<store::ListOptions> ListOptionsFrom(const Request& request,
                                             std::initializer_list<std::string_view> filters) {
  store::ListOptions options;
  if (std::optional<std::string> limit = request.Query("limit")) {
    int value = 0;
    auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (error != std::errc() || end != limit->data() + limit->size() || value < 1 ||
        value > store::ListOptions::kMaxLimit) {
      return Status::InvalidArgument("limit must be an integer from 1 to 500",
                                     {{"limit", "must be an integer from 1 to 500"}});
    }
    options.limit = value;
  }
  if (std::optional<std::string> cursor = request.Query("cursor")) options.cursor = *cursor;
  for (std::string_view name : filters) {
    if (std::optional<std::string> value = request.Query(name)) {
      options.filters[std::string(name)] = {*value};
    }
  }
  return options;
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Created(const nlohmann::json& body, const std::string& location) {
  Response response = JsonResponse(201, body);
  response.headers.emplace_back("Location", location);
  return response;
}

}  // namespace homeward::api
