// Responses checked against the API's OpenAPI description (schemas/openapi.base.json, the source
// of GET /v1/openapi.json): the status is one the operation declares, the content type one that
// status declares, and the body valid against the declared schema.
#pragma once

#include <string>

#include "http_client.h"

namespace homeward::testing {

// "" when `response` to `method` on the route `pattern` ("/v1/individuals/{id}") conforms to the
// description; otherwise what breaks, for a test's failure message.
std::string ContractViolations(const std::string& method, const std::string& pattern,
                               const HttpResponse& response);

}  // namespace homeward::testing
