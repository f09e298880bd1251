// Signed plugin manifests against real plugins copied from the build: what loads with which
// trusted keys, and what is refused (docs/plugin-guide.md, "Signing").
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "homeward/crypto/signature.h"
#include "homeward/plugin/plugin_host.h"
#include "internal/manifest_signature.h"
#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::plugin {
namespace {

namespace fs = std::filesystem;
using ::homeward::testing::BinaryDir;
using ::homeward::testing::DevTrustKeyFile;
using ::homeward::testing::IsOk;
using ::homeward::testing::ShippedPluginsDir;
using ::homeward::testing::TempDir;
using ::homeward::testing::TestHostOptions;
using ::testing::HasSubstr;

constexpr char kId[] = "koh-kong";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void WriteAll(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

fs::path Manifest(const TempDir& dir) {
  return dir.path() / (std::string(kId) + ".plugin.json");
}
fs::path Signature(const TempDir& dir) {
  return dir.path() / (std::string(kId) + ".plugin.sig");
}

// Copies the shipped plugin's library and manifest into `dir`, without its signature.
void CopyUnsigned(const TempDir& dir) {
  for (const std::string suffix : {".so", ".plugin.json"}) {
    fs::copy_file(ShippedPluginsDir() / (kId + suffix), dir.path() / (kId + suffix),
                  fs::copy_options::overwrite_existing);
  }
}

// Signs the manifest in `dir` with `key`, as homeward-plugin-sign does.
void SignWith(const TempDir& dir, const crypto::SigningKey& key) {
  WriteAll(Signature(dir), internal::SignatureFileText(key.Sign(ReadAll(Manifest(dir)))));
}

// Copies the shipped plugin into `dir` and signs it with a fresh key, which it returns.
crypto::SigningKey SignedCopy(const TempDir& dir) {
  CopyUnsigned(dir);
  crypto::SigningKey key = crypto::SigningKey::Generate();
  SignWith(dir, key);
  return key;
}

// Options over `dir` that trust `keys` only and refuse unsigned plugins unless `allow_unsigned`.
HostOptions Strict(const TempDir& dir, std::vector<crypto::VerifyKey> keys,
                   bool allow_unsigned = false) {
  HostOptions options = TestHostOptions({dir.path()});
  options.trusted_keys = std::move(keys);
  options.allow_unsigned = allow_unsigned;
  return options;
}

// The one plugin a host over `options` lists.
PluginView LoadOne(HostOptions options) {
  auto host = PluginHost::Create(std::move(options));
  EXPECT_THAT(host, IsOk());
  if (!host.ok()) return {};
  auto view = (*host)->Plugin(kId);
  EXPECT_THAT(view, IsOk());
  return view.ok() ? *view : PluginView{};
}

// Expects the plugin refused with `reason` in its error.
void ExpectRefused(const PluginView& view, const std::string& reason) {
  EXPECT_EQ(view.state, PluginState::kFailed);
  EXPECT_THAT(view.error, HasSubstr(reason));
}

TEST(PluginSigningTest, ShippedPluginsAreSignedWithTheBuildsDevelopmentKey) {
  ASSERT_OK_AND_ASSIGN(std::vector<crypto::VerifyKey> dev,
                       crypto::ReadVerifyKeyFile(DevTrustKeyFile().string()));
  HostOptions options = TestHostOptions({ShippedPluginsDir()});
  options.trusted_keys = dev;
  options.allow_unsigned = false;
  ASSERT_OK_AND_ASSIGN(auto host, PluginHost::Create(options));
  const auto plugins = host->Plugins();
  ASSERT_EQ(plugins.size(), 8u);
  for (const auto& p : plugins) {
    EXPECT_EQ(p.state, PluginState::kLoaded) << p.id << ": " << p.error;
  }
}

TEST(PluginSigningTest, SignedPluginLoadsWithItsTrustKey) {
  TempDir dir;
  const crypto::SigningKey key = SignedCopy(dir);
  const PluginView view =
      LoadOne(Strict(dir, {crypto::SigningKey::Generate().verify_key(), key.verify_key()}));
  EXPECT_EQ(view.state, PluginState::kLoaded) << view.error;
}

TEST(PluginSigningTest, UnsignedPluginIsRefusedUnlessAllowed) {
  TempDir dir;
  CopyUnsigned(dir);
  const crypto::SigningKey key = crypto::SigningKey::Generate();
  ExpectRefused(LoadOne(Strict(dir, {key.verify_key()})),
                "manifest is not signed: no koh-kong.plugin.sig");
  const PluginView view = LoadOne(Strict(dir, {key.verify_key()}, /*allow_unsigned=*/true));
  EXPECT_EQ(view.state, PluginState::kLoaded) << view.error;
}

TEST(PluginSigningTest, ManifestEditedAfterSigningIsRefusedEvenWhenUnsignedAreAllowed) {
  TempDir dir;
  const crypto::SigningKey key = SignedCopy(dir);
  // Still a valid manifest for the same library: only the display name changes.
  std::string text = ReadAll(Manifest(dir));
  const size_t name = text.find("Koh Kong");
  ASSERT_NE(name, std::string::npos) << text;
  text.replace(name, 8, "Koh Kang");
  WriteAll(Manifest(dir), text);

  ExpectRefused(LoadOne(Strict(dir, {key.verify_key()}, /*allow_unsigned=*/true)),
                "signature does not verify with any trusted key");
}

TEST(PluginSigningTest, SignatureByAnUntrustedKeyIsRefused) {
  TempDir dir;
  CopyUnsigned(dir);
  SignWith(dir, crypto::SigningKey::Generate());
  ExpectRefused(LoadOne(Strict(dir, {crypto::SigningKey::Generate().verify_key()})),
                "signature does not verify with any trusted key");
  ExpectRefused(LoadOne(Strict(dir, {})), "no key is trusted");
}

TEST(PluginSigningTest, LibraryReplacedAfterSigningIsRefused) {
  TempDir dir;
  const crypto::SigningKey key = SignedCopy(dir);
  fs::copy_file(ShippedPluginsDir() / "prey-veng.so", dir.path() / "koh-kong.so",
                fs::copy_options::overwrite_existing);
  ExpectRefused(LoadOne(Strict(dir, {key.verify_key()})), "does not match the manifest's");
}

TEST(PluginSigningTest, MalformedSignatureFileIsRefusedEvenWhenUnsignedAreAllowed) {
  TempDir dir;
  CopyUnsigned(dir);
  const crypto::SigningKey key = crypto::SigningKey::Generate();
  WriteAll(Signature(dir), "not a signature\n");
  ExpectRefused(LoadOne(Strict(dir, {key.verify_key()}, /*allow_unsigned=*/true)),
                "koh-kong.plugin.sig is not a signature");
}

TEST(PluginSigningTest, ReloadChecksTheSignatureAgain) {
  TempDir dir;
  const crypto::SigningKey key = SignedCopy(dir);
  ASSERT_OK_AND_ASSIGN(auto host, PluginHost::Create(Strict(dir, {key.verify_key()})));
  EXPECT_EQ(host->ForProvince("KH-9")->Source(), kId);

  fs::remove(Signature(dir));
  ASSERT_OK_AND_ASSIGN(LoadSummary unsigned_summary, host->Reload());
  EXPECT_EQ(unsigned_summary.failed, 1);
  EXPECT_EQ(host->ForProvince("KH-9")->Source(), "national");
  EXPECT_THAT(host->Plugin(kId)->error, HasSubstr("manifest is not signed"));

  SignWith(dir, key);
  ASSERT_OK_AND_ASSIGN(LoadSummary signed_summary, host->Reload());
  EXPECT_EQ(signed_summary.loaded, 1);
  EXPECT_EQ(host->ForProvince("KH-9")->Source(), kId);
}

TEST(PluginSigningTest, DisabledPluginNeedNotBeSigned) {
  TempDir dir;
  CopyUnsigned(dir);
  HostOptions options = Strict(dir, {});
  options.disabled.insert(kId);
  EXPECT_EQ(LoadOne(options).state, PluginState::kDisabled);
}

// homeward-plugin-sign from the build, as an author uses it.
class SignToolTest : public ::testing::Test {
 protected:
  int Run(const std::string& args) {
    const std::string tool =
        (BinaryDir() / "engine" / "src" / "plugin" / "homeward-plugin-sign").string();
    return std::system((tool + " " + args + " >/dev/null 2>&1").c_str());
  }
  TempDir keys_;
  TempDir plugin_;
};

TEST_F(SignToolTest, KeygenSignAndVerify) {
  const std::string secret = keys_.File("signing.key");
  const std::string pub = keys_.File("signing.pub");
  ASSERT_EQ(Run("keygen " + secret + " " + pub), 0);
  struct stat info {};
  ASSERT_EQ(::stat(secret.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_NE(Run("keygen " + secret + " " + pub), 0) << "an existing key was overwritten";
  EXPECT_EQ(Run("keygen --if-absent " + secret + " " + pub), 0);

  CopyUnsigned(plugin_);
  const std::string manifest = Manifest(plugin_).string();
  EXPECT_NE(Run("verify " + pub + " " + manifest), 0) << "verified without a signature";
  ASSERT_EQ(Run("sign " + secret + " " + manifest), 0);
  ASSERT_TRUE(fs::exists(Signature(plugin_)));
  EXPECT_EQ(Run("verify " + pub + " " + manifest), 0);
  EXPECT_NE(Run("verify " + DevTrustKeyFile().string() + " " + manifest), 0);
  EXPECT_NE(Run("sign " + pub + " " + manifest), 0) << "signed with a public key";

  ASSERT_OK_AND_ASSIGN(std::vector<crypto::VerifyKey> trusted, crypto::ReadVerifyKeyFile(pub));
  const PluginView view = LoadOne(Strict(plugin_, trusted));
  EXPECT_EQ(view.state, PluginState::kLoaded) << view.error;
}

}  // namespace
}  // namespace homeward::plugin
