# Script mode: compiles the market-data file INPUT into OUTPUT, a C++ source defining
# homeward::sdk::EmbeddedMarketData() (declared in homeward/plugin.hpp).
file(READ "${INPUT}" content)
if(content MATCHES "\\)HWMARKET\"")
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )HWMARKET\"")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by EmbedMarketData.cmake; do not edit.
#include <string_view>

namespace homeward::sdk {
std::string_view EmbeddedMarketData() {
  static constexpr std::string_view kText = R\"HWMARKET(${content})HWMARKET\";
  return kText;
}
}  // namespace homeward::sdk
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
