// The protocol between the server and a plugin host process (homeward-plugin-host), which loads
// one plugin library and makes its calls, so that a plugin that crashes, hangs or eats memory
// takes down its own process and never the server's.
//
// The two talk over a Unix stream socket. Every message is a frame: its length as 4 bytes,
// little-endian, then that many bytes, the first of which names the message:
//   server -> host   'C' Call   a plugin function and the inputs of one or more calls of it
//   host -> server   'H' Hello  once, after loading: the plugin's table as the host found it,
//                               or why the library could not be loaded
//                    'L' Log    a line the plugin logged (at any time; read with the next reply)
//                    'R' Reply  the result of the call in flight
// Integers are little-endian; a string is its length (4 bytes) then its bytes. The host makes
// the calls one at a time, in order, and writes each reply as its call returns; the replies of
// quick calls are sent together (kReplyHoldLimit), the last of a frame's calls at once.
// Plain functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::plugin::internal::wire {

// Plugin outputs are small documents; a larger one is a fault, not data.
inline constexpr size_t kMaxOutputBytes = 4 * 1024 * 1024;
// The largest frame either side accepts: an output or an input (market data) with room to spare.
inline constexpr size_t kMaxFrameBytes = 2 * kMaxOutputBytes;
// The error buffer a plugin writes its message into (hw_error).
inline constexpr size_t kErrorCapacity = 1024;

// The functions of hw_plugin_api (plugins/sdk/include/homeward/plugin_abi.h).
enum class Function : uint8_t {
  kInit = 0,
  kDestroy,
  kMarketData,
  kWeights,
  kJobRules,
  kTrainingRules,
  kScreenVacancy,
  kValidateMarket,
  kProgrammeRules,
  kRulePoints,
  kVacancyRulePoints,
};
inline constexpr uint8_t kFunctionCount = 11;
// The function's name in the ABI, e.g. "job_rules".
std::string_view Name(Function function);

// How long the host may hold replies before it sends them: it sends what it holds when a call
// took this long, when this long has passed since it last sent, and after the last call of a
// frame. A reply can so reach the server up to twice this later than it would one by one (held
// through the next call, which sends it), and the server's limit on the wait for each reply
// allows for that. One socket write and one wake of the server for a run of quick calls, not
// one per call: a plugin answers a shortlist's rules in microseconds each.
inline constexpr std::chrono::microseconds kReplyHoldLimit{1000};

// How often, at most, the host reads the calling thread's CPU clock (a system call: read twice a
// call, it was an eighth of a plugin process's time answering a shortlist's rules): a call that
// starts this long or longer after the last reading reads it first; a call that ends sooner than
// this after the last reading counts its time by the clock, which its own thread's CPU time cannot
// exceed; any other call reads the CPU clock and counts the CPU used since the last reading, which
// is the call's own plus at most this much before it. Reply::cpu_ns is so never less than the
// call's CPU time, and more only by less than this (far below any CPU budget).
inline constexpr std::chrono::microseconds kCpuReadEvery{1000};

// The most calls one frame may carry.
inline constexpr size_t kMaxCallsPerFrame = 256;

// One or more calls of a function, made in order. The input of call i is head + items[i] + tail,
// so that a batch says once what its inputs share (the person whose rules are asked for each of
// a shortlist of vacancies).
struct Call {
  Function function = Function::kInit;
  std::string head;
  std::vector<std::string> items{std::string()};
  std::string tail;

  std::string Input(size_t i) const { return head + items[i] + tail; }
  // One call of `function` on `input`.
  static Call One(Function function, std::string input) {
    Call call;
    call.function = function;
    call.items.front() = std::move(input);
    return call;
  }
};

struct Hello {
  std::string error;  // why the library could not be loaded; empty when it was
  uint32_t struct_size = 0;
  uint16_t abi_major = 0;
  uint16_t abi_minor = 0;
  std::string id;
  std::string province;
  std::string version;
  std::string sdk_version;
  uint32_t functions = 0;  // bit (1 << Function) set for each function the table provides

  bool Has(Function f) const { return (functions >> static_cast<uint8_t>(f)) & 1u; }
};

struct Log {
  int32_t level = 0;  // HW_LOG_*
  std::string text;
};

struct Reply {
  int32_t result = 0;     // the function's hw_result
  bool threw = false;     // an exception crossed the ABI boundary
  bool overflow = false;  // the function wrote more than kMaxOutputBytes
  uint64_t cpu_ns = 0;    // CPU time the calling thread used in the function, or less than
                          // kCpuReadEvery more, never less
  std::string error;      // the plugin's hw_error message
  std::string output;     // what it wrote to its hw_output
};

// Each message as a whole frame, length included.
std::string Frame(const Call& call);
std::string Frame(const Hello& hello);
std::string Frame(const Log& log);
std::string Frame(const Reply& reply);

using HostMessage = std::variant<Hello, Log, Reply>;
// A frame's payload (its bytes after the length) read as what the host sends, or the server
// sends; INVALID_ARGUMENT when it is neither, is cut short or has bytes left over (a call, also
// when it carries no call or more than kMaxCallsPerFrame).
StatusOr<HostMessage> ReadHostMessage(std::string_view payload);
StatusOr<Call> ReadCall(std::string_view payload);

// Removes the first whole frame from the front of `buffer` and returns its payload; nullopt
// while the frame is incomplete; INVALID_ARGUMENT when it announces more than kMaxFrameBytes.
StatusOr<std::optional<std::string>> TakeFrame(std::string& buffer);

}  // namespace homeward::plugin::internal::wire
