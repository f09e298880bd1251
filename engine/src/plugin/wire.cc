#include "internal/wire.h"

#include <cstring>

namespace homeward::plugin::internal::wire {
namespace {

constexpr char kCall = 'C';
constexpr char kHello = 'H';
constexpr char kLog = 'L';
constexpr char kReply = 'R';

// Appends to a frame whose first 4 bytes are left for its length, filled in by Done().
class Writer {
 public:
  explicit Writer(char type) : bytes_(4, '\0') { bytes_.push_back(type); }
  Writer& U8(uint8_t v) { return Int(v, 1); }
  Writer& U16(uint16_t v) { return Int(v, 2); }
  Writer& U32(uint32_t v) { return Int(v, 4); }
  Writer& U64(uint64_t v) { return Int(v, 8); }
  Writer& Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    bytes_.append(s);
    return *this;
  }
  std::string Done() {
    const uint64_t size = bytes_.size() - 4;
    for (int i = 0; i < 4; ++i) bytes_[i] = static_cast<char>((size >> (8 * i)) & 0xff);
    return std::move(bytes_);
  }

 private:
  Writer& Int(uint64_t v, int width) {
    for (int i = 0; i < width; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
  }
  std::string bytes_;
};

// Reads a payload front to back; the first read past its end makes ok() false for good.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  uint8_t U8() { return static_cast<uint8_t>(Int(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Int(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Int(4)); }
  uint64_t U64() { return Int(8); }
  std::string Str() {
    const uint32_t size = U32();
    if (!ok_ || size > rest_.size()) {
      ok_ = false;
      return {};
    }
    std::string s(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return s;
  }
  bool ok() const { return ok_; }
  // OK when every read fitted and nothing is left over.
  Status Finish(std::string_view what) const {
    if (!ok_) return Status::InvalidArgument(std::string(what) + " is cut short");
    if (!rest_.empty()) return Status::InvalidArgument(std::string(what) + " has bytes left over");
    return Status::Ok();
  }

 private:
  uint64_t Int(int width) {
    if (!ok_ || rest_.size() < static_cast<size_t>(width)) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= uint64_t{static_cast<uint8_t>(rest_[i])} << (8 * i);
    rest_.remove_prefix(width);
    return v;
  }
  std::string_view rest_;
  bool ok_ = true;
};

}  // namespace

std::string_view Name(Function function) {
  static constexpr std::string_view kNames[kFunctionCount] = {"init",
                                                              "destroy",
                                                              "market_data",
                                                              "weights",
                                                              "job_rules",
                                                              "training_rules",
                                                              "screen_vacancy",
                                                              "validate_market",
                                                              "programme_rules",
                                                              "rule_points",
                                                              "vacancy_rule_points"};
  const auto i = static_cast<uint8_t>(function);
  return i < kFunctionCount ? kNames[i] : "unknown function";
}

std::string Frame(const Call& call) {
  Writer frame(kCall);
  frame.U8(static_cast<uint8_t>(call.function)).Str(call.head).Str(call.tail);
  frame.U32(static_cast<uint32_t>(call.items.size()));
  for (const std::string& item : call.items) frame.Str(item);
  return frame.Done();
}

std::string Frame(const Hello& h) {
  return Writer(kHello)
      .Str(h.error)
      .U32(h.struct_size)
      .U16(h.abi_major)
      .U16(h.abi_minor)
      .Str(h.id)
      .Str(h.province)
      .Str(h.version)
      .Str(h.sdk_version)
      .U32(h.functions)
      .Done();
}

std::string Frame(const Log& log) {
  return Writer(kLog).U32(static_cast<uint32_t>(log.level)).Str(log.text).Done();
}

std::string Frame(const Reply& r) {
  return Writer(kReply)
      .U32(static_cast<uint32_t>(r.result))
      .U8(r.threw ? 1 : 0)
      .U8(r.overflow ? 1 : 0)
      .U64(r.cpu_ns)
      .Str(r.error)
      .Str(r.output)
      .Done();
}

StatusOr<HostMessage> ReadHostMessage(std::string_view payload) {
  if (payload.empty()) return Status::InvalidArgument("empty message from the plugin process");
  Reader in(payload.substr(1));
  // Each case reads the fields of its message in the order its Frame above writes them.
  switch (payload[0]) {
    case kHello: {
      Hello h;
      h.error = in.Str();
      h.struct_size = in.U32();
      h.abi_major = in.U16();
      h.abi_minor = in.U16();
      h.id = in.Str();
      h.province = in.Str();
      h.version = in.Str();
      h.sdk_version = in.Str();
      h.functions = in.U32();
      HW_RETURN_IF_ERROR(in.Finish("hello"));
      return HostMessage(std::move(h));
    }
    case kLog: {
      Log log;
      log.level = static_cast<int32_t>(in.U32());
      log.text = in.Str();
      HW_RETURN_IF_ERROR(in.Finish("log line"));
      return HostMessage(std::move(log));
    }
    case kReply: {
      Reply r;
      r.result = static_cast<int32_t>(in.U32());
      const uint8_t threw = in.U8();
      const uint8_t overflow = in.U8();
      r.cpu_ns = in.U64();
      r.error = in.Str();
      r.output = in.Str();
      HW_RETURN_IF_ERROR(in.Finish("reply"));
      if (threw > 1 || overflow > 1) return Status::InvalidArgument("reply has a bad flag");
      r.threw = threw == 1;
      r.overflow = overflow == 1;
      return HostMessage(std::move(r));
    }
    default:
      return Status::InvalidArgument("unknown message from the plugin process");
  }
}

StatusOr<Call> ReadCall(std::string_view payload) {
  if (payload.empty() || payload[0] != kCall) return Status::InvalidArgument("not a call");
  Reader in(payload.substr(1));
  Call call;
  const uint8_t function = in.U8();
  call.head = in.Str();
  call.tail = in.Str();
  const uint32_t count = in.U32();
  if (count == 0 || count > kMaxCallsPerFrame) {
    return Status::InvalidArgument("a call frame of " + std::to_string(count) + " calls");
  }
  call.items.clear();
  for (uint32_t i = 0; i < count && in.ok(); ++i) call.items.push_back(in.Str());
  HW_RETURN_IF_ERROR(in.Finish("call"));
  if (function >= kFunctionCount) return Status::InvalidArgument("call of an unknown function");
  call.function = static_cast<Function>(function);
  return call;
}

StatusOr<std::optional<std::string>> TakeFrame(std::string& buffer) {
  if (buffer.size() < 4) return std::optional<std::string>();
  uint64_t size = 0;
  for (int i = 0; i < 4; ++i) size |= uint64_t{static_cast<uint8_t>(buffer[i])} << (8 * i);
  if (size > kMaxFrameBytes) {
    return Status::InvalidArgument("a message of " + std::to_string(size) +
                                   " bytes, over the limit of " + std::to_string(kMaxFrameBytes));
  }
  if (buffer.size() - 4 < size) return std::optional<std::string>();
  std::optional<std::string> payload(buffer.substr(4, size));
  buffer.erase(0, 4 + size);
  return payload;
}

}  // namespace homeward::plugin::internal::wire
