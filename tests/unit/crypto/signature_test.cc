#include "homeward/crypto/signature.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "temp_dir.h"

namespace homeward::crypto {
namespace {

using ::homeward::testing::TempDir;

void WriteText(const std::string& path, const std::string& text, mode_t mode = 0600) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
}

std::string FlipBit(std::string bytes, size_t byte, int bit) {
  bytes[byte] = static_cast<char>(bytes[byte] ^ (1 << bit));
  return bytes;
}

constexpr std::string_view kManifest = R"({"id": "koh-kong", "sha256": "00ff"})";

TEST(SignatureTest, SignedMessageVerifiesWithItsKeyOnly) {
  const SigningKey key = SigningKey::Generate();
  const std::string signature = key.Sign(kManifest);
  ASSERT_EQ(signature.size(), kSignatureBytes);
  EXPECT_TRUE(key.verify_key().Verify(kManifest, signature));
  EXPECT_FALSE(SigningKey::Generate().verify_key().Verify(kManifest, signature));
}

TEST(SignatureTest, AnyFlippedBitFailsVerification) {
  const SigningKey key = SigningKey::Generate();
  const VerifyKey public_key = key.verify_key();
  const std::string message(kManifest);
  const std::string signature = key.Sign(message);
  for (size_t byte = 0; byte < message.size(); ++byte) {
    EXPECT_FALSE(public_key.Verify(FlipBit(message, byte, static_cast<int>(byte % 8)), signature))
        << "message byte " << byte;
  }
  for (size_t byte = 0; byte < signature.size(); ++byte) {
    EXPECT_FALSE(public_key.Verify(message, FlipBit(signature, byte, static_cast<int>(byte % 8))))
        << "signature byte " << byte;
  }
  EXPECT_FALSE(public_key.Verify(message + "\n", signature));
  EXPECT_FALSE(public_key.Verify(message, signature.substr(1)));
  EXPECT_FALSE(public_key.Verify(message, ""));
}

TEST(SignatureTest, TextFormsRoundTrip) {
  const SigningKey key = SigningKey::Generate();
  const std::string encoded = key.Encoded();
  EXPECT_EQ(encoded.size(), 86u);
  auto decoded = SigningKey::Decode(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->verify_key(), key.verify_key());

  const std::string public_text = key.verify_key().Encoded();
  EXPECT_EQ(public_text.size(), 43u);
  auto public_key = VerifyKey::Decode(public_text);
  ASSERT_TRUE(public_key.ok()) << public_key.status();
  EXPECT_EQ(*public_key, key.verify_key());

  const std::string signature = key.Sign(kManifest);
  const std::string signature_text = EncodeSignature(signature);
  EXPECT_EQ(signature_text.size(), 86u);
  auto back = DecodeSignature(signature_text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, signature);
}

TEST(SignatureTest, MalformedTextIsRefused) {
  const SigningKey key = SigningKey::Generate();
  EXPECT_FALSE(VerifyKey::Decode("").ok());
  EXPECT_FALSE(VerifyKey::Decode(key.Encoded()).ok());  // a secret key is not a public key
  EXPECT_FALSE(SigningKey::Decode(key.verify_key().Encoded()).ok());
  EXPECT_FALSE(DecodeSignature(key.verify_key().Encoded()).ok());
  EXPECT_FALSE(DecodeSignature(EncodeSignature(key.Sign("x")) + "=").ok());
  // A secret key whose public half is another key's.
  const std::string other = SigningKey::Generate().Encoded();
  EXPECT_FALSE(SigningKey::Decode(key.Encoded().substr(0, 43) + other.substr(43)).ok());
}

TEST(SignatureTest, KeyFilesRoundTrip) {
  TempDir dir;
  const SigningKey key = SigningKey::Generate();
  ASSERT_TRUE(WriteSigningKeyFiles(dir.File("k"), dir.File("k.pub"), key).ok());
  struct stat info {};
  ASSERT_EQ(::stat(dir.File("k").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  auto secret = ReadSigningKeyFile(dir.File("k"));
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->verify_key(), key.verify_key());
  auto keys = ReadVerifyKeyFile(dir.File("k.pub"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->front(), key.verify_key());

  // Never overwritten.
  EXPECT_EQ(
      WriteSigningKeyFiles(dir.File("k"), dir.File("other.pub"), SigningKey::Generate()).code(),
      StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadSigningKeyFile(dir.File("k"))->verify_key(), key.verify_key());
}

TEST(SignatureTest, PublicKeyFileMayListSeveralKeys) {
  TempDir dir;
  const VerifyKey a = SigningKey::Generate().verify_key();
  const VerifyKey b = SigningKey::Generate().verify_key();
  WriteText(dir.File("trusted.pub"),
            "# the provincial office\n" + a.Encoded() + "\n\n  " + b.Encoded() + "  \n", 0644);
  auto keys = ReadVerifyKeyFile(dir.File("trusted.pub"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0], a);
  EXPECT_EQ((*keys)[1], b);

  WriteText(dir.File("c.pub"), SigningKey::Generate().verify_key().Encoded() + "\n", 0644);
  auto both = ReadVerifyKeyFiles({dir.File("trusted.pub"), dir.File("c.pub")});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->size(), 3u);
}

TEST(SignatureTest, BadKeyFilesAreClearErrors) {
  TempDir dir;
  auto missing = ReadVerifyKeyFile(dir.File("none.pub"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("none.pub"), std::string::npos);

  WriteText(dir.File("empty.pub"), "# nothing\n", 0644);
  EXPECT_EQ(ReadVerifyKeyFile(dir.File("empty.pub")).status().code(), StatusCode::kInvalidArgument);

  WriteText(dir.File("bad.pub"), SigningKey::Generate().verify_key().Encoded() + "\nnot-a-key\n",
            0644);
  auto bad = ReadVerifyKeyFile(dir.File("bad.pub"));
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status();
  EXPECT_FALSE(ReadVerifyKeyFiles({dir.File("empty.pub"), dir.File("none.pub")}).ok());

  const SigningKey key = SigningKey::Generate();
  WriteText(dir.File("open"), key.Encoded() + "\n", 0644);
  EXPECT_EQ(ReadSigningKeyFile(dir.File("open")).status().code(), StatusCode::kFailedPrecondition);
  WriteText(dir.File("two"), key.Encoded() + "\n" + key.Encoded() + "\n");
  EXPECT_EQ(ReadSigningKeyFile(dir.File("two")).status().code(), StatusCode::kInvalidArgument);
  WriteText(dir.File("public"), key.verify_key().Encoded() + "\n");
  auto not_secret = ReadSigningKeyFile(dir.File("public"));
  EXPECT_EQ(not_secret.status().code(), StatusCode::kInvalidArgument);
  // The message never shows the key.
  EXPECT_EQ(not_secret.status().message().find(key.verify_key().Encoded()), std::string::npos);
}

}  // namespace
}  // namespace homeward::crypto
