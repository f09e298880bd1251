// The plugin and province bodies as api/views renders them match their schemas.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "homeward/json/json.h"
#include "homeward/plugin/plugin_host.h"
#include "status_matchers.h"
#include "views/views.h"

namespace homeward::json {
namespace {

using ::homeward::testing::IsOk;

TEST(PluginSchemaTest, PluginViewAsRenderedMatchesItsSchema) {
  plugin::PluginView view;
  view.id = "kh12-phnom-penh";
  view.name = "Phnom Penh";
  view.province = "KH-12";
  view.version = "1.0.0";
  view.sdk_version = "1.0.0";
  view.provides = {"screening", "market"};
  view.state = plugin::PluginState::kLoaded;
  EXPECT_THAT(SchemaSet::Builtin().Validate("plugin.schema.json", api::views::Plugin(view)),
              IsOk());
  view.state = plugin::PluginState::kFailed;
  view.error = "exceeded its time budget";
  EXPECT_THAT(SchemaSet::Builtin().Validate("plugin.schema.json", api::views::Plugin(view)),
              IsOk());
}

TEST(PluginSchemaTest, ProvinceViewAsRenderedMatchesItsSchema) {
  plugin::ProvinceView view;
  view.code = "KH-7";
  view.name_en = "Kampot";
  view.name_km = "កំពត";
  view.source = "national";
  EXPECT_THAT(SchemaSet::Builtin().Validate("province.schema.json", api::views::Province(view)),
              IsOk());
  view.plugin = plugin::ProvinceView::Plugin{"kh7-kampot", "1.2.0", plugin::PluginState::kLoaded};
  view.source = "kh7-kampot";
  view.market_version = 3;
  EXPECT_THAT(SchemaSet::Builtin().Validate("province.schema.json", api::views::Province(view)),
              IsOk());
}

}  // namespace
}  // namespace homeward::json
