// The bodies the matches route answered, kept for the next request that would get the same.
//
// Thread-safety: MatchBodies is safe to use from any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "homeward/base/mutex.h"
#include "homeward/service/matching.h"

namespace homeward::api {

// Serialized match lists by (person, kind, k, language), each kept under the service's stamp
// of the list it was rendered from (service::MatchStamp, read before the list was made): a body
// made across a change carries the stamp of before it and is never served after.
class MatchBodies {
 public:
  using Stamp = service::MatchStamp;
  std::shared_ptr<const std::string> Find(const std::string& key, const Stamp& stamp) const {
    MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !(it->second.first == stamp)) return nullptr;
    return it->second.second;
  }
  // Keeps `body` under `key`. When the cache would pass kMaxEntries lists or kMaxBytes of
  // bodies, it starts again empty (the lists are recomputed on demand, in well under a
  // millisecond each).
  void Put(std::string key, const Stamp& stamp, std::shared_ptr<const std::string> body) {
    MutexLock lock(&mu_);
    if (auto it = entries_.find(key); it != entries_.end()) Forget(it);
    if (body->size() > kMaxBytes) return;
    if (entries_.size() >= kMaxEntries || bytes_ + body->size() > kMaxBytes) {
      entries_.clear();
      bytes_ = 0;
    }
    bytes_ += body->size();
    entries_[std::move(key)] = {stamp, std::move(body)};
  }
  // Forgets every list of an erased person (keys start with the person's id).
  void ErasePerson(const std::string& person_id) {
    const std::string prefix = person_id + "|";
    MutexLock lock(&mu_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->first.compare(0, prefix.size(), prefix) == 0 ? Forget(it) : std::next(it);
    }
  }
  // The bytes of the bodies held (for tests and metrics).
  size_t bytes() const {
    MutexLock lock(&mu_);
    return bytes_;
  }

  static constexpr size_t kMaxEntries = 20000;
  static constexpr size_t kMaxBytes = size_t{64} << 20;  // 64 MiB

 private:
  using Entries =
      std::unordered_map<std::string, std::pair<Stamp, std::shared_ptr<const std::string>>>;
  Entries::iterator Forget(Entries::iterator it) HW_REQUIRES(mu_) {
    bytes_ -= it->second.second->size();
    return entries_.erase(it);
  }

  mutable Mutex mu_;
  Entries entries_ HW_GUARDED_BY(mu_);
  size_t bytes_ HW_GUARDED_BY(mu_) = 0;  // the sizes of the bodies in entries_
};

}  // namespace homeward::api
