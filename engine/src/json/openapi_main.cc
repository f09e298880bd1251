// homeward-openapi: prints the OpenAPI document that GET /v1/openapi.json serves.
#include <cstdio>
#include <iostream>

#include "homeward/json/json.h"
#include "homeward/json/openapi.h"

int main() {
  auto document = homeward::json::BuildOpenApi(homeward::json::SchemaSet::Builtin());
  if (!document.ok()) {
    std::cerr << "homeward-openapi: " << document.status() << "\n";
    return 1;
  }
  std::cout << document->dump(2) << "\n";
  return 0;
}
