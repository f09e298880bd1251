// The OpenAPI 3.0.3 document served at GET /v1/openapi.json, built from schemas/.
#pragma once

#include <nlohmann/json.hpp>

#include "homeward/base/status.h"
#include "homeward/json/json.h"

namespace homeward::json {

// Builds the API description from "openapi.base.json" of `schemas` (paths, operations and
// responses written by hand): every schema file it refers to ("$ref": "vacancy.schema.json") is
// copied into components/schemas under a name derived from the file name ("Vacancy",
// "VacancyCreate"), with the definitions it uses lifted beside it, every "$ref" rewritten to
// "#/components/schemas/...", and draft-07 constructs OpenAPI 3.0 lacks converted ("const" to a
// one-value "enum", a "null" in "type" to "nullable"). NOT_FOUND when the base document or a
// referenced schema is missing. Pure function of its input; thread-safe.
StatusOr<nlohmann::json> BuildOpenApi(const SchemaSet& schemas);

}  // namespace homeward::json
