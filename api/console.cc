#include "console.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace homeward::api {
namespace {

namespace fs = std::filesystem;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// True for a path with a segment that starts with a dot (".git", "..", ".env").
bool HasDotSegment(const fs::path& relative) {
  for (const fs::path& part : relative) {
    if (!part.empty() && part.string().front() == '.') return true;
  }
  return false;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& ConsoleFiles::SecurityHeaders() {
  // Everything from this origin only; no inline script or style, no plugins, no framing.
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Content-Type-Options", "nosniff"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cache-Control", "no-cache"},
  };
  return headers;
}

std::string ConsoleFiles::ContentTypeOf(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".ttf", "font/ttf"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (EndsWith(name, extension)) return std::string(type);
  }
  return "application/octet-stream";
}

StatusOr<ConsoleFiles> ConsoleFiles::Load(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return Status::NotFound("the console folder " + dir + " does not exist");
  }
  ConsoleFiles console;
  for (auto it = fs::recursive_directory_iterator(dir, error); !error && it != fs::end(it);
       it.increment(error)) {
    const fs::path relative = it->path().lexically_relative(dir);
    if (HasDotSegment(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink() || !it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Status::Internal("cannot read " + it->path().string());
    const std::string name = "/" + relative.generic_string();
    console.files_[name] = {ContentTypeOf(name), std::make_shared<const std::string>(bytes.str())};
  }
  if (error) return Status::Internal("cannot list " + dir + ": " + error.message());
  if (console.files_.count("/index.html") == 0) {
    return Status::NotFound("the console folder " + dir + " has no index.html");
  }
  return console;
}

std::optional<Response> ConsoleFiles::Find(std::string_view path) const {
  auto it = files_.find(path == "/" ? std::string_view("/index.html") : path);
  if (it == files_.end()) return std::nullopt;
  Response response;
  response.content_type = it->second.content_type;
  response.shared_body = it->second.body;
  response.headers = SecurityHeaders();
  return response;
}

}  // namespace homeward::api
