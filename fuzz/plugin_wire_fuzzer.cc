// What a plugin's process can send the server, and the server the process (internal/wire.h): the
// input is a byte stream cut into frames as PluginProcess reads it, each frame read as a host
// message and as a call. A message that reads must frame and read back to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "internal/wire.h"

namespace wire = homeward::plugin::internal::wire;

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

std::string Payload(const std::string& frame) {
  return frame.substr(4);
}

void RoundTrip(const wire::HostMessage& message) {
  const std::string frame = std::visit([](const auto& m) { return wire::Frame(m); }, message);
  auto again = wire::ReadHostMessage(Payload(frame));
  Check(again.ok() && again->index() == message.index());
  Check(std::visit([](const auto& m) { return wire::Frame(m); }, *again) == frame);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string stream(reinterpret_cast<const char*>(data), size);
  for (;;) {
    auto frame = wire::TakeFrame(stream);
    if (!frame.ok() || !frame->has_value()) break;
    if (auto message = wire::ReadHostMessage(**frame); message.ok()) RoundTrip(*message);
    if (auto call = wire::ReadCall(**frame); call.ok()) {
      Check(Payload(wire::Frame(*call)) == **frame);
      (void)wire::Name(call->function);
    }
  }
  return 0;
}
