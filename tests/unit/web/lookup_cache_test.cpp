// The lookup cache: hits within the TTL, misses after it, disabled with a zero TTL, bounded.
#include <gtest/gtest.h>

#include "lookup_cache.h"

namespace ntpmon::web {
namespace {

struct FakeTime {
  LookupCache::Clock::time_point t{};
  LookupCache::Now now() {
    return [this] { return t; };
  }
};

ServerInfo server(std::uint32_t id) {
  ServerInfo s;
  s.id = id;
  s.ip = "192.0.2." + std::to_string(id);
  return s;
}

TEST(WebLookupCache, ServersWithinTheTtl) {
  FakeTime time;
  LookupCache cache(std::chrono::seconds{10}, 100, time.now());
  EXPECT_FALSE(cache.server("ip:192.0.2.1").has_value());
  cache.put_server("ip:192.0.2.1", server(1));
  ASSERT_TRUE(cache.server("ip:192.0.2.1").has_value());
  EXPECT_EQ(cache.server("ip:192.0.2.1")->id, 1u);
  time.t += std::chrono::milliseconds{9999};
  EXPECT_TRUE(cache.server("ip:192.0.2.1").has_value());
  time.t += std::chrono::milliseconds{1};
  EXPECT_FALSE(cache.server("ip:192.0.2.1").has_value());
}

TEST(WebLookupCache, DefaultScorerIncludingNone) {
  FakeTime time;
  LookupCache cache(std::chrono::seconds{10}, 100, time.now());
  EXPECT_FALSE(cache.default_scorer("v4").has_value());
  cache.put_default_scorer("v4", 1);
  cache.put_default_scorer("v6", std::nullopt);
  EXPECT_EQ(cache.default_scorer("v4"), std::optional<std::optional<std::uint32_t>>(1u));
  auto v6 = cache.default_scorer("v6");
  ASSERT_TRUE(v6.has_value());
  EXPECT_FALSE(v6->has_value());  // cached: there is none
  time.t += std::chrono::seconds{11};
  EXPECT_FALSE(cache.default_scorer("v4").has_value());
}

TEST(WebLookupCache, ZeroTtlDisablesAndSizeIsBounded) {
  LookupCache off(std::chrono::milliseconds{0});
  off.put_server("id:1", server(1));
  off.put_default_scorer("v4", 1);
  EXPECT_FALSE(off.server("id:1").has_value());
  EXPECT_FALSE(off.default_scorer("v4").has_value());

  FakeTime time;
  LookupCache small(std::chrono::seconds{10}, 3, time.now());
  for (std::uint32_t id = 1; id <= 4; ++id) small.put_server("id:" + std::to_string(id), server(id));
  EXPECT_TRUE(small.server("id:4").has_value());
  EXPECT_FALSE(small.server("id:1").has_value());  // dropped when the bound was reached
}

}  // namespace
}  // namespace ntpmon::web
