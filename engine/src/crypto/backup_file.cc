#include "homeward/crypto/backup_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "internal/libsodium.h"

namespace homeward::crypto {
namespace {

// magic (8) | format (1) | key id (8) | plaintext size (8, little-endian) | stream header (24)
constexpr char kMagic[8] = {'H', 'W', 'B', 'A', 'C', 'K', 'U', 'P'};
constexpr unsigned char kFormat = 1;
constexpr size_t kPrefixBytes = sizeof kMagic + 1 + kKeyIdChars + 8;
constexpr size_t kStreamHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kSealedChunkBytes = kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;

// A file descriptor closed when it goes out of scope.
class File {
 public:
  explicit File(int fd) : fd_(fd) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int fd() const { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

// Removes a file it created unless told the file is complete.
class Partial {
 public:
  explicit Partial(std::string path) : path_(std::move(path)) {}
  ~Partial() {
    if (!kept_) ::unlink(path_.c_str());
  }
  void Keep() { kept_ = true; }

 private:
  std::string path_;
  bool kept_ = false;
};

bool WriteAll(int fd, const unsigned char* bytes, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Reads up to `size` bytes (fewer only at the end of the file); -1 on an error.
ssize_t ReadFull(int fd, unsigned char* bytes, size_t size) {
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, bytes + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

std::array<unsigned char, kPrefixBytes> Prefix(const std::string& key_id, uint64_t size) {
  std::array<unsigned char, kPrefixBytes> prefix{};
  std::memcpy(prefix.data(), kMagic, sizeof kMagic);
  prefix[sizeof kMagic] = kFormat;
  std::memcpy(prefix.data() + sizeof kMagic + 1, key_id.data(), kKeyIdChars);
  for (int i = 0; i < 8; ++i) {
    prefix[sizeof kMagic + 1 + kKeyIdChars + i] = static_cast<unsigned char>(size >> (8 * i));
  }
  return prefix;
}

Status NotABackup(const std::string& path) {
  return Status::InvalidArgument(path + " is not a Homeward backup");
}

Status Damaged(const std::string& path) {
  return Status::InvalidArgument(path + " is damaged or truncated: it does not authenticate");
}

}  // namespace

Status EncryptFile(const std::string& source, const std::string& destination, const DataKey& key,
                   const Progress& progress) {
  internal::EnsureSodium();
  File in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (!in.ok() || ::fstat(in.fd(), &info) != 0) {
    return Status::FailedPrecondition("cannot read " + source);
  }
  File out(::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out.ok()) {
    if (errno == EEXIST) return Status::AlreadyExists(destination + " exists");
    return Status::FailedPrecondition("cannot create " + destination + ": " + std::strerror(errno));
  }
  Partial partial(destination);
  const uint64_t total = static_cast<uint64_t>(info.st_size);
  const auto prefix = Prefix(key.id(), total);
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char header[kStreamHeaderBytes];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.backup_key());
  if (!WriteAll(out.fd(), prefix.data(), prefix.size()) ||
      !WriteAll(out.fd(), header, sizeof header)) {
    return Status::Internal("cannot write " + destination);
  }
  std::vector<unsigned char> chunk(kChunkBytes);
  std::vector<unsigned char> sealed(kSealedChunkBytes);
  uint64_t done = 0;
  for (;;) {
    const ssize_t n = ReadFull(in.fd(), chunk.data(), chunk.size());
    if (n < 0) return Status::Internal("cannot read " + source);
    done += static_cast<uint64_t>(n);
    const bool last = static_cast<size_t>(n) < chunk.size() || done >= total;
    unsigned long long sealed_size = 0;
    // Every chunk is bound to the prefix, so the key id and size cannot be changed either.
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), &sealed_size, chunk.data(), static_cast<size_t>(n), prefix.data(),
        prefix.size(),
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
             : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    if (!WriteAll(out.fd(), sealed.data(), sealed_size)) {
      return Status::Internal("cannot write " + destination);
    }
    if (progress) progress(done, total);
    if (last) break;
  }
  sodium_memzero(chunk.data(), chunk.size());
  if (::fsync(out.fd()) != 0) return Status::Internal("cannot sync " + destination);
  partial.Keep();
  return Status::Ok();
}

StatusOr<std::string> BackupKeyId(const std::string& path) {
  File in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in.ok()) return Status::FailedPrecondition("cannot read " + path);
  std::array<unsigned char, kPrefixBytes> prefix{};
  if (ReadFull(in.fd(), prefix.data(), prefix.size()) != static_cast<ssize_t>(prefix.size()) ||
      std::memcmp(prefix.data(), kMagic, sizeof kMagic) != 0 || prefix[sizeof kMagic] != kFormat) {
    return NotABackup(path);
  }
  return std::string(reinterpret_cast<const char*>(prefix.data()) + sizeof kMagic + 1, kKeyIdChars);
}

// Reads what EncryptFile above writes, chunk by chunk; the two loops are alike, but each step
// pulls where the other pushes.
Status DecryptFile(const std::string& source, const std::string& destination,
                   const Keyring& keyring, const Progress& progress) {
  internal::EnsureSodium();
  HW_ASSIGN_OR_RETURN(std::string key_id, BackupKeyId(source));
  const DataKey* key = keyring.Find(key_id);
  if (key == nullptr) {
    return Status::FailedPrecondition("the backup was made with key " + key_id +
                                      ", which the key file does not hold");
  }
  File in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  std::array<unsigned char, kPrefixBytes> prefix{};
  unsigned char header[kStreamHeaderBytes];
  if (!in.ok() ||
      ReadFull(in.fd(), prefix.data(), prefix.size()) != static_cast<ssize_t>(prefix.size()) ||
      ReadFull(in.fd(), header, sizeof header) != static_cast<ssize_t>(sizeof header)) {
    return NotABackup(source);
  }
  uint64_t total = 0;
  for (int i = 0; i < 8; ++i) {
    total |= uint64_t{prefix[sizeof kMagic + 1 + kKeyIdChars + i]} << (8 * i);
  }
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key->backup_key()) != 0) {
    return Damaged(source);
  }
  File out(::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out.ok()) {
    if (errno == EEXIST) return Status::AlreadyExists(destination + " exists");
    return Status::FailedPrecondition("cannot create " + destination + ": " + std::strerror(errno));
  }
  Partial partial(destination);
  std::vector<unsigned char> sealed(kSealedChunkBytes);
  std::vector<unsigned char> chunk(kChunkBytes);
  uint64_t done = 0;
  for (;;) {
    const ssize_t n = ReadFull(in.fd(), sealed.data(), sealed.size());
    if (n < 0) return Status::Internal("cannot read " + source);
    unsigned long long size = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, chunk.data(), &size, &tag, sealed.data(),
                                                   static_cast<size_t>(n), prefix.data(),
                                                   prefix.size()) != 0) {
      return Damaged(source);
    }
    if (!WriteAll(out.fd(), chunk.data(), size)) {
      return Status::Internal("cannot write " + destination);
    }
    done += size;
    if (progress) progress(done, total);
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
    if (static_cast<size_t>(n) < sealed.size()) return Damaged(source);  // cut short
  }
  unsigned char extra = 0;
  if (ReadFull(in.fd(), &extra, 1) != 0 || done != total) return Damaged(source);
  if (::fsync(out.fd()) != 0) return Status::Internal("cannot sync " + destination);
  partial.Keep();
  return Status::Ok();
}

}  // namespace homeward::crypto
