// gzip content coding of response bodies (RFC 9110 section 8.4), negotiated by Accept-Encoding.
//
// Thread-safety: the functions are pure; GzipCache is safe to share.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "homeward/base/mutex.h"

namespace homeward::api::http {

// Bodies shorter than this go out as they are: compressing them saves no packet.
inline constexpr size_t kGzipMinBytes = 1024;

// True when an Accept-Encoding value admits gzip: "gzip" (or "x-gzip", or "*" without gzip
// being named) listed with a q-value above 0.
bool AcceptsGzip(std::string_view accept_encoding);

// The gzip member holding `data`.
std::string Gzip(std::string_view data);

// The compressed form of bodies that handlers share from a cache of their own (a match list is
// served many times between changes): compressed once, kept while the body is. Bounded: emptied
// when full.
class GzipCache {
 public:
  std::shared_ptr<const std::string> Get(const std::shared_ptr<const std::string>& body);

 private:
  static constexpr size_t kMaxEntries = 20000;
  Mutex mu_;
  // Keyed by the body's owner, so that a body freed and a new one at its address never meet.
  std::map<std::weak_ptr<const std::string>, std::shared_ptr<const std::string>, std::owner_less<>>
      entries_ HW_GUARDED_BY(mu_);
};

}  // namespace homeward::api::http
