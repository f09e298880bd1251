// Errors as application/problem+json (RFC 7807) and the ONE table from StatusCode to HTTP status.
#pragma once

#include <string>

#include "homeward/base/status.h"
#include "http/message.h"

namespace homeward::api {

// The HTTP status for a Status code: the single error table of the API.
int HttpStatusOf(StatusCode code);

// A problem+json response for a non-OK status. Internal errors carry a generic detail only, so
// that no internals leak.
Response Problem(const Status& status);

// A problem+json response built directly (405, 413, ...).
Response Problem(int http_status, std::string detail);

}  // namespace homeward::api
