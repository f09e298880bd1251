// Plugins and provinces as GET /v1/plugins and GET /v1/provinces list them.
#include "views/views.h"

namespace homeward::api::views {

nlohmann::json Plugin(const plugin::PluginView& v) {
  nlohmann::json j = {{"id", v.id},
                      {"name", v.name},
                      {"province", v.province},
                      {"version", v.version},
                      {"sdk_version", v.sdk_version},
                      {"provides", v.provides},
                      {"state", plugin::ToString(v.state)}};
  j["error"] = v.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.error);
  return j;
}

nlohmann::json Province(const plugin::ProvinceView& v) {
  nlohmann::json j = {{"code", v.code},       {"name_en", v.name_en},
                      {"name_km", v.name_km}, {"plugin", nullptr},
                      {"source", v.source},   {"market_version", v.market_version}};
  if (v.plugin) {
    j["plugin"] = {{"id", v.plugin->id},
                   {"version", v.plugin->version},
                   {"state", plugin::ToString(v.plugin->state)}};
  }
  return j;
}

}  // namespace homeward::api::views
