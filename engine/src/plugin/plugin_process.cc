#include "internal/plugin_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace homeward::plugin::internal {
namespace {

// The descriptor the host process finds its socket on (homeward-plugin-host reads the same).
constexpr int kSocketFd = 3;
// How long a process asked to exit may take to destroy its plugin before it is killed.
constexpr auto kExitGrace = std::chrono::milliseconds(200);

std::string Errno(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

std::string Ms(std::chrono::milliseconds ms) {
  return std::to_string(ms.count()) + " ms";
}

// Sends all of `bytes`; false when the peer is gone. Never raises SIGPIPE.
bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// posix_spawn with the child's end of the socket as descriptor 3, /dev/null for stdin and
// stdout (a plugin that prints must not reach the server's output), stderr shared, and every
// other descriptor of the server (its listening socket, the database) closed; no signal blocked
// and the stopping signals' default actions, whatever the server's thread had.
StatusOr<pid_t> Spawn(const ProcessOptions& options, int child_fd) {
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigset_t ignorable;  // a handler does not outlive exec; an ignored signal would
  sigemptyset(&none);
  sigemptyset(&ignorable);
  for (int number : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) sigaddset(&ignorable, number);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &ignorable);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, child_fd, kSocketFd);
  posix_spawn_file_actions_addclosefrom_np(&actions, kSocketFd + 1);
  const std::string program = options.program.string();
  const std::string library = options.library.string();
  const std::string memory_limit = std::to_string(options.memory_limit);
  const std::string parent = std::to_string(::getpid());
  std::vector<char*> argv = {const_cast<char*>(program.c_str()), const_cast<char*>(library.c_str()),
                             const_cast<char*>(memory_limit.c_str()),
                             const_cast<char*>(parent.c_str()), nullptr};
  pid_t pid = 0;
  const int error = posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) {
    return Status::FailedPrecondition("cannot start " + program + ": " + std::strerror(error));
  }
  return pid;
}

}  // namespace

PluginProcess::PluginProcess(pid_t pid, int fd, size_t memory_limit)
    : pid_(pid),
      fd_(fd),
      memory_limit_(memory_limit),
      statm_fd_(memory_limit == 0 ? -1
                                  : ::open(("/proc/" + std::to_string(pid) + "/statm").c_str(),
                                           O_RDONLY | O_CLOEXEC)) {}

PluginProcess::~PluginProcess() {
  if (statm_fd_ >= 0) ::close(statm_fd_);
  if (fd_ >= 0) ::close(fd_);
  if (reaped_) return;
  const auto until = Clock::now() + kExitGrace;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= until) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

StatusOr<std::unique_ptr<PluginProcess>> PluginProcess::Start(const ProcessOptions& options,
                                                              std::chrono::milliseconds limit) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::FailedPrecondition(Errno("cannot make the plugin process's socket"));
  }
  StatusOr<pid_t> pid = Spawn(options, fds[1]);
  ::close(fds[1]);
  if (!pid.ok()) {
    ::close(fds[0]);
    return pid.status();
  }
  std::unique_ptr<PluginProcess> process(new PluginProcess(*pid, fds[0], options.memory_limit));
  MutexLock lock(&process->mu_);
  StatusOr<std::string> frame = process->ReceiveFrame(Clock::now() + limit, limit);
  std::string failure;
  if (!frame.ok()) {
    failure = "the plugin process did not start: " + frame.status().message();
  } else if (StatusOr<wire::HostMessage> message = wire::ReadHostMessage(*frame); !message.ok()) {
    failure = message.status().message();
  } else if (auto* hello = std::get_if<wire::Hello>(&*message); hello == nullptr) {
    failure = "the plugin process did not start with its hello";
  } else {
    failure = hello->error;
    process->hello_ = std::move(*hello);
  }
  if (!failure.empty()) {
    (void)process->Kill(failure);
    return Status::FailedPrecondition(failure);
  }
  return process;
}

Status PluginProcess::Call(const wire::Call& call, std::chrono::milliseconds limit,
                           const OnLog& on_log, std::vector<wire::Reply>& replies) {
  MutexLock lock(&mu_);
  if (!dead_.empty()) return Status::Unavailable(dead_);
  const std::string name(wire::Name(call.function));
  if (!SendAll(fd_, wire::Frame(call))) {
    return Kill("the plugin process ended before " + name + ": " + HowItEnded());
  }
  // Each call has its own deadline, from the reply before it, widened by the time the host may
  // hold a reply (wire::kReplyHoldLimit: the reply before may have waited through this call).
  for (size_t i = 0; i < call.items.size(); ++i) {
    const auto deadline = Clock::now() + limit + 2 * wire::kReplyHoldLimit;
    for (;;) {
      StatusOr<std::string> frame = ReceiveFrame(deadline, limit);
      if (!frame.ok()) return Kill(name + ": " + frame.status().message());
      StatusOr<wire::HostMessage> message = wire::ReadHostMessage(*frame);
      if (!message.ok()) return Kill(name + ": " + message.status().message());
      if (auto* log = std::get_if<wire::Log>(&*message)) {
        if (on_log) on_log(i, *log);
        continue;
      }
      auto* reply = std::get_if<wire::Reply>(&*message);
      if (reply == nullptr) return Kill(name + ": the plugin process sent a second hello");
      // After a call, not once per frame: a plugin that leaks at each call must not grow by a
      // whole batch's worth before it is seen. But at most once per kMemoryCheckInterval: a
      // process touches only so much memory in that time, and reading /proc after each of a
      // batch's quick calls cost a twentieth of a Kampong Cham query. The call that crossed the
      // limit has no reply.
      if (memory_limit_ != 0 && Clock::now() - memory_checked_ >= kMemoryCheckInterval) {
        memory_checked_ = Clock::now();
        const size_t resident = ResidentBytes();
        if (resident > memory_limit_) {
          return Kill(name + " left its process using " + std::to_string(resident >> 20) +
                      " MiB of memory, over its limit of " + std::to_string(memory_limit_ >> 20) +
                      " MiB");
        }
      }
      replies.push_back(std::move(*reply));
      break;
    }
  }
  return Status::Ok();
}

StatusOr<std::string> PluginProcess::ReceiveFrame(Clock::time_point deadline,
                                                  std::chrono::milliseconds limit) {
  for (;;) {
    StatusOr<std::optional<std::string>> frame = wire::TakeFrame(buffer_);
    if (!frame.ok()) return frame.status();
    if (frame->has_value()) return std::move(**frame);
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return Status::DeadlineExceeded("took more than its limit of " + Ms(limit));
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Status::Unavailable(Errno("poll"));
    if (ready == 0) continue;  // the deadline is checked above
    char chunk[64 * 1024];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Unavailable("the plugin process ended: " + HowItEnded());
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

Status PluginProcess::Kill(std::string reason) {
  if (dead_.empty()) dead_ = std::move(reason);
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  return Status::Unavailable(dead_);
}

std::string PluginProcess::HowItEnded() {
  // The socket closes as the process dies; give the kernel a moment to make it a zombie, so that
  // what killed it (a segfault, an abort) is what is reported rather than our own SIGKILL.
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 50 && (done = ::waitpid(pid_, &status, WNOHANG)) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (done == 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return "it closed its socket and was killed";
  }
  reaped_ = true;
  if (WIFSIGNALED(status)) {
    const int number = WTERMSIG(status);
    return "killed by signal " + std::to_string(number) + " (" + ::strsignal(number) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

size_t PluginProcess::ResidentBytes() const {
  // Read again from the start of the descriptor opened once: no open and close per call.
  char text[128];
  const ssize_t n = statm_fd_ < 0 ? -1 : ::pread(statm_fd_, text, sizeof text - 1, 0);
  if (n <= 0) return 0;
  text[n] = '\0';
  unsigned long long pages_total = 0;
  unsigned long long pages_resident = 0;
  if (std::sscanf(text, "%llu %llu", &pages_total, &pages_resident) != 2) return 0;
  return static_cast<size_t>(pages_resident) * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace homeward::plugin::internal
