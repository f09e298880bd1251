// The web console's files (docs/console.md): read once from a folder at start-up and served at
// `/` beside the API, with the strict security headers every console file carries.
//
// Thread-safety: immutable after Load; Find may run on any number of threads at once.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "homeward/base/status.h"
#include "http/message.h"

namespace homeward::api {

class ConsoleFiles {
 public:
  // Reads every regular file under `dir` (symbolic links and dot files skipped). Fails when `dir`
  // is not a folder or has no index.html.
  static StatusOr<ConsoleFiles> Load(const std::string& dir);

  // The answer for GET `path`: "/" is index.html; any other path names a file by its path under
  // the folder. Nullopt for a path that names no file (the caller answers 404).
  std::optional<Response> Find(std::string_view path) const;

  size_t size() const { return files_.size(); }

  // The headers every console file is served with (Content-Security-Policy without
  // 'unsafe-inline', X-Frame-Options, Referrer-Policy, X-Content-Type-Options, ...).
  static const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();
  // The media type of a file by its extension (application/octet-stream when unknown).
  static std::string ContentTypeOf(std::string_view file_name);

 private:
  struct File {
    std::string content_type;
    std::shared_ptr<const std::string> body;
  };
  std::map<std::string, File, std::less<>> files_;  // "/app.js" -> file
};

}  // namespace homeward::api
