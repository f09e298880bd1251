#include "homeward/base/id.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace homeward {
namespace {

constexpr char kHex[] = "0123456789abcdef";

template <size_t N>
std::string RandomHex() {
  std::array<unsigned char, N> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // OpenSSL's generator is seeded from the kernel; failing here means the process cannot
    // produce unguessable ids at all, which is not something to limp along with.
    std::random_device rd;
    for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  }
  std::string out;
  out.reserve(2 * N);
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

}  // namespace

std::string NewId(std::string_view prefix) {
  std::string id(prefix);
  id += '_';
  id += RandomHex<16>();
  return id;
}

std::string NewTimeOrderedId(std::string_view prefix) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  // The random part only keeps ids made in the same millisecond apart; these ids are not
  // secrets, so a generator seeded once per thread from OpenSSL's does (OpenSSL's own costs
  // more than the rest of an audit row's write).
  thread_local std::mt19937_64 generator = [] {
    const std::string seed = RandomHex<8>();
    return std::mt19937_64(std::stoull(seed, nullptr, 16));
  }();
  const uint64_t high = generator();
  const uint64_t low = generator();
  std::string id(prefix);
  id += '_';
  for (int shift = 44; shift >= 0; shift -= 4) id.push_back(kHex[(millis >> shift) & 0xF]);
  for (int shift = 44; shift >= 0; shift -= 4) id.push_back(kHex[(high >> shift) & 0xF]);
  for (int shift = 28; shift >= 0; shift -= 4) id.push_back(kHex[(low >> shift) & 0xF]);
  return id;
}

bool IsWellFormedId(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + 32) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  for (char c : id.substr(prefix.size() + 1)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string RandomSecret() {
  return RandomHex<32>();
}

}  // namespace homeward
