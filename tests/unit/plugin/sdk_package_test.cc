// The SDK as an out-of-tree author uses it: install the HomewardPluginSDK package into a
// temporary prefix, configure and build plugins/template in a separate folder with
// find_package(HomewardPluginSDK), and load the plugin it produces.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "homeward/plugin/plugin_host.h"
#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::plugin {
namespace {

using ::homeward::testing::BinaryDir;
using ::homeward::testing::SourceDir;
using ::homeward::testing::TempDir;
using ::homeward::testing::TestHostOptions;

// Runs `command`, its output going to `log`; returns its exit status.
int RunLogged(const std::string& command, const std::filesystem::path& log) {
  return std::system((command + " >>'" + log.string() + "' 2>&1").c_str());
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(SdkPackageTest, TemplateBuildsOutOfTreeAgainstTheInstalledSdkAndLoads) {
  TempDir tmp;
  const auto log = tmp.path() / "build.log";
  const std::string cmake = HOMEWARD_TEST_CMAKE;
  const auto prefix = tmp.path() / "sdk";
  const auto build = tmp.path() / "build";

  ASSERT_EQ(RunLogged("'" + cmake + "' --install '" + BinaryDir().string() +
                          "' --component HomewardPluginSDK --prefix '" + prefix.string() + "'",
                      log),
            0)
      << ReadAll(log);
  ASSERT_TRUE(std::filesystem::exists(prefix / "include" / "homeward" / "plugin_abi.h"));

  ASSERT_EQ(RunLogged("'" + cmake + "' -S '" + (SourceDir() / "plugins" / "template").string() +
                          "' -B '" + build.string() + "' -DCMAKE_BUILD_TYPE=Debug" +
                          " '-DCMAKE_PREFIX_PATH=" + prefix.string() + "'" +
                          " '-DCMAKE_CXX_COMPILER=" + HOMEWARD_TEST_CXX_COMPILER + "'" +
                          " '-DCMAKE_CXX_FLAGS=" + HOMEWARD_TEST_CXX_FLAGS + "'" +
                          " '-DCMAKE_SHARED_LINKER_FLAGS=" + HOMEWARD_TEST_LINKER_FLAGS + "'",
                      log),
            0)
      << ReadAll(log);
  ASSERT_EQ(RunLogged("'" + cmake + "' --build '" + build.string() + "'", log), 0) << ReadAll(log);

  auto host = PluginHost::Create(TestHostOptions({build / "plugins"}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto view = (*host)->Plugin("template");
  ASSERT_TRUE(view.ok()) << view.status() << "\n" << ReadAll(log);
  EXPECT_EQ(view->state, PluginState::kLoaded) << view->error;
  EXPECT_EQ((*host)->ForProvince(view->province)->Source(), "template");
}

}  // namespace
}  // namespace homeward::plugin
