#include "internal/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace homeward::crypto::internal {
namespace {

std::string ErrnoText() {
  return std::strerror(errno);
}

}  // namespace

Status CheckOwnerOnly(const std::string& path, const std::string& what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Status::NotFound(what + " " + path + " does not exist");
    return Status::FailedPrecondition(what + " " + path + ": " + ErrnoText());
  }
  if ((info.st_mode & 077) != 0) {
    return Status::FailedPrecondition(what + " " + path +
                                      " may be read by group or others; chmod 600 it");
  }
  return Status::Ok();
}

Status ForEachKeyLine(std::istream& in, const std::function<Status(int, std::string&)>& each) {
  std::string line;
  Status status = Status::Ok();
  for (int number = 1; status.ok() && std::getline(in, line); ++number) {
    const size_t start = line.find_first_not_of(" \t\r");
    if (start != std::string::npos && line[start] != '#') {
      const size_t end = line.find_last_not_of(" \t\r");
      std::string text = line.substr(start, end - start + 1);
      status = each(number, text);
      sodium_memzero(text.data(), text.size());
    }
    sodium_memzero(line.data(), line.size());
  }
  return status;
}

Status WriteFileAtomically(const std::string& path, const std::string& text, int mode, bool replace,
                           const std::string& what) {
  if (!replace && ::access(path.c_str(), F_OK) == 0) {
    return Status::AlreadyExists(what + " " + path + " exists");
  }
  const std::string temporary = path + ".new";
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::FailedPrecondition("cannot create " + temporary + ": " + ErrnoText());
  ::fchmod(fd, static_cast<mode_t>(mode));  // whatever the umask
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool synced = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    ::unlink(temporary.c_str());
    return Status::Internal("cannot write " + temporary);
  }
  // link() refuses an existing target, so a file made meanwhile is never overwritten unasked.
  const int moved =
      replace ? ::rename(temporary.c_str(), path.c_str()) : ::link(temporary.c_str(), path.c_str());
  if (moved != 0) {
    const Status failed =
        errno == EEXIST ? Status::AlreadyExists(what + " " + path + " exists")
                        : Status::FailedPrecondition("cannot write " + path + ": " + ErrnoText());
    ::unlink(temporary.c_str());
    return failed;
  }
  if (!replace) ::unlink(temporary.c_str());
  // The directory entry itself must reach the disk before the key is used.
  std::string folder = path.substr(0, path.find_last_of('/') + 1);
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace homeward::crypto::internal
