// The pieces of monitor-scorer that decide when rows or state can be reused: one read per
// round for all scorers (SharedFetch) and whether a batch continues this process's last one
// (Continuity).
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "continuity.h"
#include "shared_fetch.h"

namespace ntpmon::scorer {
namespace {

SharedFetch::Rows rows_with_ids(std::initializer_list<std::uint64_t> ids) {
  SharedFetch::Rows out;
  for (auto id : ids) {
    InputRow r;
    r.id = id;
    out.push_back(r);
  }
  return out;
}

TEST(ScorerSharedFetch, SameCursorIsReadOnce) {
  SharedFetch shared;
  int reads = 0;
  auto fetch = [&] {
    ++reads;
    return rows_with_ids({101, 102});
  };
  auto a = shared.get(100, 50, fetch);
  auto b = shared.get(100, 50, fetch);
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(a.get(), b.get());
  shared.get(102, 50, fetch);  // another cursor
  shared.get(100, 10, fetch);  // another limit
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(shared.reads(), 3u);
  EXPECT_EQ(shared.shared(), 1u);
}

TEST(ScorerSharedFetch, FailedReadIsNotKept) {
  SharedFetch shared;
  EXPECT_THROW(shared.get(1, 5, []() -> SharedFetch::Rows { throw std::runtime_error("lost connection"); }),
               std::runtime_error);
  auto rows = shared.get(1, 5, [] { return rows_with_ids({2}); });
  ASSERT_EQ(rows->size(), 1u);
}

TEST(ScorerSharedFetch, ConcurrentReadersWaitForTheFirst) {
  SharedFetch shared;
  std::atomic<int> reads{0};
  std::vector<std::thread> threads;
  std::vector<std::size_t> sizes(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      sizes[static_cast<std::size_t>(i)] = shared.get(7, 100, [&] {
        ++reads;
        return rows_with_ids({8, 9, 10});
      })->size();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(reads.load(), 1);
  for (auto n : sizes) EXPECT_EQ(n, 3u);
}

BatchInput batch(std::uint64_t cursor, std::uint64_t new_cursor, std::vector<IdSpan> gaps_before,
                 std::vector<IdSpan> gaps_after) {
  BatchInput b;
  b.cursor = cursor;
  b.new_cursor = new_cursor;
  for (const auto& g : gaps_before) b.gaps_before.push_back({g, std::chrono::sys_seconds{std::chrono::seconds(5)}, false});
  for (const auto& g : gaps_after) b.gaps_after.push_back({g, std::chrono::sys_seconds{}, false});
  return b;
}

TEST(ScorerContinuity, OnlyTheBatchAfterTheLastCommitContinues) {
  Continuity c;
  EXPECT_FALSE(c.continues(batch(100, 150, {}, {})));  // nothing committed yet
  c.committed(batch(100, 150, {}, {{120, 121}}));
  // The next batch sees the gap the last one left (its first_seen from the database clock).
  EXPECT_TRUE(c.continues(batch(150, 200, {{120, 121}}, {})));
  EXPECT_FALSE(c.continues(batch(160, 200, {{120, 121}}, {})));  // another process moved the cursor
  EXPECT_FALSE(c.continues(batch(150, 200, {}, {})));            // another process filled the gap
  c.reset();
  EXPECT_FALSE(c.continues(batch(150, 200, {{120, 121}}, {})));
}

}  // namespace
}  // namespace ntpmon::scorer
