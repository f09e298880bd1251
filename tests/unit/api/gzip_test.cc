#include "http/gzip.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "gunzip.h"

namespace homeward::api::http {
namespace {

using homeward::testing::Gunzip;

TEST(AcceptsGzipTest, FollowsTheCodingsAndTheirQValues) {
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("GZip"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate"));
  EXPECT_TRUE(AcceptsGzip("deflate , gzip ; q=0.5"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; Q=0.000"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=abc"));  // malformed q-values count as 0
  EXPECT_FALSE(AcceptsGzip("gzip;q=2"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("br, *;q=0.1"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));  // gzip named: its own q-value decides
}

TEST(GzipTest, RoundTripsKhmerTextByteForByte) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "{\"given_name\":\"\xe1\x9e\x9f\xe1\x9e\xbb\xe1\x9e\x81\xe1\x9e\xb6\",\"n\":";
    text += std::to_string(i) + "}";
  }
  const std::string compressed = Gzip(text);
  EXPECT_LT(compressed.size(), text.size() / 4);
  EXPECT_EQ(Gunzip(compressed), text);
  EXPECT_EQ(Gunzip(Gzip("x")), "x");
  EXPECT_EQ(Gunzip(text), "");  // not gzip
}

TEST(GzipCacheTest, CompressesASharedBodyOnceWhileItLives) {
  GzipCache cache;
  auto body = std::make_shared<const std::string>(std::string(5000, 'a'));
  std::shared_ptr<const std::string> first = cache.Get(body);
  EXPECT_EQ(cache.Get(body), first);  // the same object: not compressed again
  EXPECT_EQ(Gunzip(*first), *body);
  // Another body, even with equal bytes, is another entry.
  auto other = std::make_shared<const std::string>(*body);
  EXPECT_NE(cache.Get(other), first);
  EXPECT_EQ(Gunzip(*cache.Get(other)), *body);
}

}  // namespace
}  // namespace homeward::api::http
