#include "resources/common.h"

#include <charconv>

#include "homeward/json/json.h"

namespace homeward::api {

StatusOr<nlohmann::json> ParseBody(const Request& request, std::string_view schema) {
  if (request.body.size() > kMaxBodyBytes) {
    return Status::ResourceExhausted("the request body is larger than 1 MiB");
  }
  HW_ASSIGN_OR_RETURN(nlohmann::json body, json::Parse(request.body));
  HW_RETURN_IF_ERROR(json::SchemaSet::Builtin().Validate(schema, body));
  return body;
}

StatusOr<int> LimitFrom(const Request& request, int fallback, int max) {
  std::optional<std::string> text = request.Query("limit");
  if (!text) return fallback;
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1 || value > max) {
    const std::string message = "must be an integer from 1 to " + std::to_string(max);
    return Status::InvalidArgument("limit " + message, {{"limit", message}});
  }
  return value;
}

StatusOr<store::ListOptions> ListOptionsFrom(const Request& request,
                                             const std::vector<std::string_view>& filters) {
  store::ListOptions options;
  HW_ASSIGN_OR_RETURN(options.limit,
                      LimitFrom(request, options.limit, store::ListOptions::kMaxLimit));
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

Response NoContent() {
  Response response;
  response.status = 204;
  return response;
}

Response Created(const nlohmann::json& body, const std::string& location) {
  Response response = JsonResponse(201, body);
  response.headers.emplace_back("Location", location);
  return response;
}

}  // namespace homeward::api
