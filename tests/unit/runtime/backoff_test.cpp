// Capped exponential backoff.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/backoff.h"

namespace ntpmon::runtime {
namespace {

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

std::vector<long> take(Backoff& b, int n) {
  std::vector<long> out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<long>(b.next().count()));
  return out;
}

TEST(RuntimeBackoff, DoublesFromInitialUpToTheCap) {
  Backoff b(BackoffPolicy{100ms, 2.0, 5000ms, 0.0});
  EXPECT_THAT(take(b, 9), ::testing::ElementsAre(100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000));
  b.reset();
  EXPECT_EQ(b.next(), 100ms);
}

TEST(RuntimeBackoff, OtherFactorsRoundUp) {
  Backoff b(BackoffPolicy{10ms, 1.5, 40ms, 0.0});
  EXPECT_THAT(take(b, 6), ::testing::ElementsAre(10, 15, 23, 35, 40, 40));
}

TEST(RuntimeBackoff, JitterStaysWithinItsBand) {
  Backoff b(BackoffPolicy{100ms, 2.0, 5000ms, 0.5}, 12345);
  const long bases[] = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000};
  bool varied = false;
  for (long base : bases) {
    long d = static_cast<long>(b.next().count());
    EXPECT_GE(d, base / 2) << "base " << base;
    EXPECT_LE(d, base) << "base " << base;
    if (d != base) varied = true;
  }
  EXPECT_TRUE(varied);
}

TEST(RuntimeBackoff, SameSeedSameSequence) {
  Backoff a(BackoffPolicy{100ms, 2.0, 5000ms, 0.5}, 7);
  Backoff b(BackoffPolicy{100ms, 2.0, 5000ms, 0.5}, 7);
  EXPECT_EQ(take(a, 8), take(b, 8));
}

TEST(RuntimeBackoff, NonsensePoliciesAreTamed) {
  Backoff b(BackoffPolicy{50ms, 0.5, 10ms, 3.0}, 1);  // factor < 1, max < initial, jitter > 1
  auto d = take(b, 3);
  for (long v : d) {
    EXPECT_GE(v, 0);
    EXPECT_LE(v, 50);
  }
}

}  // namespace
}  // namespace ntpmon::runtime
