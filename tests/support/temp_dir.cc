#include "temp_dir.h"

#include <cstdlib>
#include <stdexcept>

#include "homeward/base/id.h"

namespace homeward::testing {

TempDir::TempDir() {
  path_ =
      std::filesystem::temp_directory_path() / ("homeward-test-" + RandomSecret().substr(0, 16));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {
std::filesystem::path FromEnv(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? std::filesystem::path(v) : std::filesystem::path(fallback);
}
}  // namespace

std::filesystem::path SourceDir() {
  return FromEnv("HOMEWARD_SOURCE_DIR", HOMEWARD_SOURCE_DIR_DEFAULT);
}
std::filesystem::path BinaryDir() {
  return FromEnv("HOMEWARD_BINARY_DIR", HOMEWARD_BINARY_DIR_DEFAULT);
}

}  // namespace homeward::testing
