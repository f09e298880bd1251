#include "homeward/json/openapi.h"
namespace homeward::json {
StatusOr<nlohmann::json> BuildOpenApi(const SchemaSet&) {
  return Status::Internal("todo");
}
}  // namespace homeward::json
