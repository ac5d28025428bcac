// API keys: format, lookup part, hash (daemons/monitor-api/api_key.h).
#include <gtest/gtest.h>

#include <set>

#include "api_key.h"

namespace ntpmon::monitor_api {
namespace {

TEST(ApiKey, GeneratedKeysParseAndMatchOnlyTheirHash) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto k = generate_api_key();
    EXPECT_TRUE(seen.insert(k.key).second);
    EXPECT_EQ(api_key_lookup(k.key), k.lookup);
    EXPECT_EQ(k.lookup.size(), 16u);
    EXPECT_EQ(k.hash.rfind("sha256:", 0), 0u);
    EXPECT_EQ(k.hash.find(k.key.substr(22)), std::string::npos);  // the secret is not in the hash
    EXPECT_TRUE(api_key_matches(k.key, k.hash));
    auto other = k.key;
    other.back() = other.back() == 'a' ? 'b' : 'a';
    EXPECT_FALSE(api_key_matches(other, k.hash));
  }
}

TEST(ApiKey, MalformedKeysHaveNoLookup) {
  auto good = generate_api_key().key;
  for (const std::string& bad : {std::string(), good.substr(1), "xxxx" + good.substr(4), good + "a",
                                 good.substr(0, 21) + "-" + good.substr(22), good.substr(0, 30) + "I" + good.substr(31)}) {
    EXPECT_FALSE(api_key_lookup(bad).has_value()) << bad;
  }
}

TEST(ApiKey, KnownHash) {
  EXPECT_EQ(hash_api_key("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(random_token(24).size(), 24u);
}

}  // namespace
}  // namespace ntpmon::monitor_api
