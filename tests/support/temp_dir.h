// A temporary folder removed with everything in it when the object goes away.
#pragma once

#include <filesystem>
#include <string>

namespace homeward::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The source tree's root (from HOMEWARD_SOURCE_DIR, set by ctest).
std::filesystem::path SourceDir();
// The build tree's root (from HOMEWARD_BINARY_DIR, set by ctest).
std::filesystem::path BinaryDir();

}  // namespace homeward::testing
