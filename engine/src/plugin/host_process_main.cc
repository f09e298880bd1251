// homeward-plugin-host: the process a provincial plugin runs in. The server starts one per
// plugin (internal/plugin_process.h) with
//   homeward-plugin-host <library> <memory limit in bytes, 0 for none> <server pid>
// and its socket as descriptor 3. It loads the library with Boost.DLL, sends its hello, then
// makes each call the server sends and answers it (internal/wire.h), until the socket closes.
//
// Whatever the plugin does here (crash, hang, leak, print) stays here: the server kills this
// process and carries on without the plugin.
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "homeward/plugin_abi.h"
#include "internal/wire.h"

namespace homeward::plugin::internal {
namespace {

constexpr int kSocketFd = 3;

// Writes whole frames to the server; shared by the call loop and the plugin's log callback,
// which a plugin may call from threads of its own. Frames may be held (Hold) and sent later
// (Flush); Send sends what is held first, so frames reach the server in the order written.
class Channel {
 public:
  void Send(const std::string& frame) {
    std::lock_guard<std::mutex> lock(mu_);
    held_ += frame;
    SendHeld();
  }
  void Hold(const std::string& frame) {
    std::lock_guard<std::mutex> lock(mu_);
    held_ += frame;
  }
  void Flush() {
    std::lock_guard<std::mutex> lock(mu_);
    SendHeld();
  }

 private:
  void SendHeld() {
    std::string_view rest = held_;
    while (!rest.empty()) {
      const ssize_t n = ::send(kSocketFd, rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(0);  // the server is gone
      rest.remove_prefix(static_cast<size_t>(n));
    }
    held_.clear();
  }

  std::mutex mu_;
  std::string held_;
};

Channel& TheChannel() {
  static Channel channel;
  return channel;
}

void Log(void*, int32_t level, hw_string message) {
  wire::Log log;
  log.level = level;
  if (message.data != nullptr) log.text.assign(message.data, message.size);
  TheChannel().Send(wire::Frame(log));
}

// Reads the next call; nullopt when the server closed the socket. Exits when it sent something
// that is not a call.
std::optional<wire::Call> NextCall(std::string& buffer) {
  for (;;) {
    auto frame = wire::TakeFrame(buffer);
    if (!frame.ok()) _exit(2);
    if (frame->has_value()) {
      auto call = wire::ReadCall(**frame);
      if (!call.ok()) _exit(2);
      return std::move(*call);
    }
    char chunk[64 * 1024];
    const ssize_t n = ::recv(kSocketFd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

using Clock = std::chrono::steady_clock;

uint64_t ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

// The CPU time of each call as Reply::cpu_ns counts it, reading the thread's CPU clock at most
// once every wire::kCpuReadEvery by the clock.
class CallCpu {
 public:
  // At the start of a call: a reading when the last is as old as kCpuReadEvery, so that what the
  // thread did before the call (the calls before it, loading the library) is not counted as the
  // call's, beyond what it did in less than kCpuReadEvery.
  void Begin(Clock::time_point start) {
    if (start - read_at_ >= wire::kCpuReadEvery) Read(start);
  }
  uint64_t Of(Clock::time_point start, Clock::time_point end) {
    const auto wall = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
    if (end - read_at_ < wire::kCpuReadEvery) return wall;
    return std::min(wall, Read(end));
  }

 private:
  // Reads the clock at `at`: the CPU used since the last reading.
  uint64_t Read(Clock::time_point at) {
    const uint64_t cpu = ThreadCpuNs();
    const uint64_t since = cpu - cpu_at_;
    read_at_ = at;
    cpu_at_ = cpu;
    return since;
  }

  Clock::time_point read_at_ = Clock::now();
  uint64_t cpu_at_ = ThreadCpuNs();
};

struct Sink {
  std::string text;
  bool overflow = false;
};

void Append(void* context, const char* data, size_t size) {
  auto* sink = static_cast<Sink*>(context);
  if (sink->overflow || data == nullptr) return;
  if (sink->text.size() + size > wire::kMaxOutputBytes) {
    sink->overflow = true;
    return;
  }
  sink->text.append(data, size);
}

wire::Hello Describe(const hw_plugin_api* api) {
  wire::Hello h;
  h.struct_size = api->struct_size;
  h.abi_major = api->abi_major;
  h.abi_minor = api->abi_minor;
  const auto text = [](hw_string s) {
    return s.data == nullptr ? std::string() : std::string(s.data, s.size);
  };
  h.id = text(api->id);
  h.province = text(api->province);
  h.version = text(api->version);
  h.sdk_version = text(api->sdk_version);
  const auto set = [&h](wire::Function f, bool present) {
    if (present) h.functions |= 1u << static_cast<uint8_t>(f);
  };
  // Only what a table of ABI 1.0 has is read before the size is known to cover it.
  if (HW_ABI_HAS_FIELD(api->struct_size, hw_plugin_api, validate_market)) {
    set(wire::Function::kInit, api->init != nullptr);
    set(wire::Function::kDestroy, api->destroy != nullptr);
    set(wire::Function::kMarketData, api->market_data != nullptr);
    set(wire::Function::kWeights, api->weights != nullptr);
    set(wire::Function::kJobRules, api->job_rules != nullptr);
    set(wire::Function::kTrainingRules, api->training_rules != nullptr);
    set(wire::Function::kScreenVacancy, api->screen_vacancy != nullptr);
    set(wire::Function::kValidateMarket, api->validate_market != nullptr);
  }
  if (HW_ABI_HAS_FIELD(api->struct_size, hw_plugin_api, programme_rules)) {
    set(wire::Function::kProgrammeRules, api->programme_rules != nullptr);
  }
  if (HW_ABI_HAS_FIELD(api->struct_size, hw_plugin_api, rule_points)) {
    set(wire::Function::kRulePoints, api->rule_points != nullptr);
  }
  if (HW_ABI_HAS_FIELD(api->struct_size, hw_plugin_api, vacancy_rule_points)) {
    set(wire::Function::kVacancyRulePoints, api->vacancy_rule_points != nullptr);
  }
  return h;
}

class Host {
 public:
  explicit Host(const hw_plugin_api* api) : api_(api) {
    host_api_.struct_size = sizeof(hw_host_api);
    host_api_.abi_major = HOMEWARD_PLUGIN_ABI_MAJOR;
    host_api_.abi_minor = HOMEWARD_PLUGIN_ABI_MINOR;
    host_api_.log = &Log;
  }
  ~Host() {
    if (instance_ != nullptr && api_->destroy != nullptr) api_->destroy(instance_);
  }

  wire::Reply Run(wire::Function function, const std::string& input_text) {
    Sink sink;
    const hw_output out{&sink, &Append};
    char message[wire::kErrorCapacity] = {0};
    hw_error err{message, sizeof message};
    const hw_string input{input_text.data(), input_text.size()};
    wire::Reply reply;
    const Clock::time_point start = Clock::now();
    cpu_.Begin(start);
    try {
      reply.result = Invoke(function, input, &out, &err);
    } catch (...) {
      reply.threw = true;  // only from a plugin not built with the SDK helper
      reply.result = HW_ERROR_INTERNAL;
    }
    reply.cpu_ns = cpu_.Of(start, Clock::now());
    reply.error.assign(message, strnlen(message, sizeof message));
    reply.overflow = sink.overflow;
    if (!sink.overflow) reply.output = std::move(sink.text);
    return reply;
  }

 private:
  // The server calls only what the hello said the table has.
  hw_result Invoke(wire::Function f, hw_string in, const hw_output* out, hw_error* err) {
    switch (f) {
      case wire::Function::kInit:
        return instance_ == nullptr ? api_->init(&host_api_, &instance_, err) : HW_ERROR_INTERNAL;
      case wire::Function::kDestroy:
        return HW_ERROR_UNSUPPORTED;  // done by the destructor, when the server closes
      case wire::Function::kMarketData:
        return api_->market_data(instance_, out, err);
      case wire::Function::kWeights:
        return api_->weights(instance_, out, err);
      case wire::Function::kJobRules:
        return api_->job_rules(instance_, in, out, err);
      case wire::Function::kTrainingRules:
        return api_->training_rules(instance_, in, out, err);
      case wire::Function::kScreenVacancy:
        return api_->screen_vacancy(instance_, in, out, err);
      case wire::Function::kValidateMarket:
        return api_->validate_market(instance_, in, err);
      case wire::Function::kProgrammeRules:
        return api_->programme_rules(instance_, in, out, err);
      case wire::Function::kRulePoints:
        return api_->rule_points(instance_, in, out, err);
      case wire::Function::kVacancyRulePoints:
        return api_->vacancy_rule_points(instance_, in, out, err);
    }
    return HW_ERROR_UNSUPPORTED;
  }

  const hw_plugin_api* api_;
  hw_host_api host_api_{};
  void* instance_ = nullptr;
  CallCpu cpu_;
};

// Ends this process when the server is gone, even while a plugin call never returns.
void WatchServer(pid_t server) {
  std::thread([server] {
    while (::getppid() == server) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    _exit(0);
  }).detach();
}

void LimitMemory(size_t bytes) {
#if defined(__SANITIZE_ADDRESS__)
  (void)bytes;  // AddressSanitizer reserves terabytes of address space; the server's check holds
#else
  if (bytes == 0) return;
  // Address space, not resident memory: a margin over the server's limit, so that the server's
  // check (which names the limit) is normally the one that ends a leaking plugin.
  const rlim_t limit = static_cast<rlim_t>(bytes) * 4 + (rlim_t{256} << 20);
  rlimit r{limit, limit};
  ::setrlimit(RLIMIT_AS, &r);
#endif
}

int Serve(const char* library_path) {
  wire::Hello failure;
  boost::dll::shared_library library;
  boost::dll::fs::error_code ec;
  library.load(boost::dll::fs::path(library_path), ec,
               boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  const hw_plugin_api* api = nullptr;
  if (ec) {
    failure.error = "cannot load library: " + ec.message();
  } else if (!library.has(HOMEWARD_PLUGIN_ENTRY_SYMBOL)) {
    failure.error = std::string("library does not export ") + HOMEWARD_PLUGIN_ENTRY_SYMBOL;
  } else {
    try {
      api = library.get<const hw_plugin_api*()>(HOMEWARD_PLUGIN_ENTRY_SYMBOL)();
      if (api == nullptr) failure.error = "homeward_plugin_entry returned NULL";
    } catch (...) {
      failure.error = "homeward_plugin_entry threw an exception";
    }
  }
  if (api == nullptr) {
    TheChannel().Send(wire::Frame(failure));
    return 1;
  }
  TheChannel().Send(wire::Frame(Describe(api)));
  Host host(api);
  std::string buffer;
  while (std::optional<wire::Call> call = NextCall(buffer)) {
    // Replies are held while calls are quick (wire::kReplyHoldLimit).
    Clock::time_point sent = Clock::now();
    for (size_t i = 0; i < call->items.size(); ++i) {
      const Clock::time_point start = Clock::now();
      TheChannel().Hold(wire::Frame(host.Run(call->function, call->Input(i))));
      const Clock::time_point end = Clock::now();
      if (i + 1 == call->items.size() || end - start >= wire::kReplyHoldLimit ||
          end - sent >= wire::kReplyHoldLimit) {
        TheChannel().Flush();
        sent = end;
      }
    }
  }
  return 0;  // the server closed the socket: ~Host destroys the instance
}

}  // namespace
}  // namespace homeward::plugin::internal

#if defined(__SANITIZE_ADDRESS__)
// In a sanitizer build, freed memory is held back (256 MiB by default) to catch its later use;
// it stays resident, and the server counts it against the plugin's memory limit, so a plugin
// asked often enough would be stopped for what it freed. A smaller quarantine keeps the
// resident memory close to what the plugin holds.
extern "C" const char* __asan_default_options();
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=16";
}
#endif

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr,
                 "usage: homeward-plugin-host <library> <memory-limit-bytes> <server-pid>\n"
                 "(started by homeward-server, not by hand)\n");
    return 2;
  }
  using namespace homeward::plugin::internal;
  WatchServer(static_cast<pid_t>(std::strtol(argv[3], nullptr, 10)));
  LimitMemory(static_cast<size_t>(std::strtoull(argv[2], nullptr, 10)));
  const int code = Serve(argv[1]);
  std::fflush(stderr);
  _exit(code);  // no exit-time handlers of the plugin's, nor a leak report on its behalf
}
