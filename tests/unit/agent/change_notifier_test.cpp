// Change notifications (spec/agent.md §5.4; §20 tests 52-61, A39).
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <thread>

#include "state/change_notifier.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using Outcome = ChangeWaiter::Outcome;

// Tests 52, 54, 57: registration counts; cancel removes.
TEST(AgentNotifier, CountsAndCancels_Tests52_54_57) {
  ChangeNotifier n;
  const auto initial = n.waiter_count();
  auto w = n.wait_for_change();
  EXPECT_EQ(n.waiter_count(), initial + 1);
  std::vector<std::unique_ptr<ChangeWaiter>> three;
  for (int i = 0; i < 3; ++i) three.push_back(n.wait_for_change());
  for (int i = 0; i < 3; ++i) {
    three[static_cast<std::size_t>(i)]->cancel();
    three[static_cast<std::size_t>(i)]->cancel();  // idempotent
    EXPECT_EQ(n.waiter_count(), initial + 1 + 2 - static_cast<std::size_t>(i));
    EXPECT_TRUE(three[static_cast<std::size_t>(i)]->done());
  }
  std::vector<std::unique_ptr<ChangeWaiter>> many;
  for (int i = 0; i < 100; ++i) many.push_back(n.wait_for_change());
  for (auto& m : many) m->cancel();
  EXPECT_EQ(n.waiter_count(), initial + 1);
  EXPECT_EQ(w->wait({}, 1ms), Outcome::timeout);
}

// Tests 53, 61: every waiter fires on one notify, in any order; the registry is cleared.
TEST(AgentNotifier, NotifyFiresAll_Tests53_61) {
  ChangeNotifier n;
  std::vector<std::unique_ptr<ChangeWaiter>> waiters;
  for (int i = 0; i < 5; ++i) waiters.push_back(n.wait_for_change());
  std::atomic<int> fired{0};
  std::vector<std::thread> threads;
  for (auto& w : waiters) {
    threads.emplace_back([&, p = w.get()] {
      if (p->wait({}, 500ms) == Outcome::changed) ++fired;
    });
  }
  std::this_thread::sleep_for(20ms);
  n.notify();
  for (auto& t : threads) t.join();
  EXPECT_EQ(fired, 5);
  EXPECT_EQ(n.waiter_count(), 0U);
  // One-shot: a waiter registered after the notify does not see it.
  auto later = n.wait_for_change();
  EXPECT_EQ(later->wait({}, 20ms), Outcome::timeout);
}

// Tests 55, 56: the parent token's stop completes the waiter (and removes it, A39).
TEST(AgentNotifier, ParentStop_Tests55_56) {
  ChangeNotifier n;
  std::stop_source parent;
  auto w = n.wait_for_change(parent.get_token());
  EXPECT_EQ(n.waiter_count(), 1U);
  std::jthread stopper([&] {
    std::this_thread::sleep_for(30ms);
    parent.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(w->wait({}, 1s), Outcome::cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  EXPECT_EQ(n.waiter_count(), 0U);
  // Already stopped parent: done at once.
  auto w2 = n.wait_for_change(parent.get_token());
  EXPECT_TRUE(w2->done());
  // The waiting thread's own stop token ends the wait (not the waiter).
  std::stop_source own;
  auto w3 = n.wait_for_change();
  own.request_stop();
  EXPECT_EQ(w3->wait(own.get_token(), 1s), Outcome::stopped);
}

// Test 58: a waiter that is neither cancelled nor notified stays registered while it exists.
TEST(AgentNotifier, AbandonedWaiterStaysRegistered_Test58) {
  ChangeNotifier n;
  auto w = n.wait_for_change();
  EXPECT_EQ(n.waiter_count(), 1U);
  w.reset();  // destroying the handle unregisters it
  EXPECT_EQ(n.waiter_count(), 0U);
}

// Test 59: the id counter wraps around silently.
TEST(AgentNotifier, IdWraps_Test59) {
  ChangeNotifier n;
  n.set_last_waiter_id(std::numeric_limits<std::uint64_t>::max() - 2);
  auto a = n.wait_for_change();
  auto b = n.wait_for_change();
  auto c = n.wait_for_change();
  EXPECT_EQ(n.waiter_count(), 3U);
  EXPECT_EQ(c->id(), 0U);
}

// Test 60: notify without waiters, rapid notifies, cancellation racing a notify.
TEST(AgentNotifier, RapidNotifiesAndRaces_Test60) {
  ChangeNotifier n;
  n.notify();
  std::atomic<bool> stop{false};
  std::thread notifier([&] {
    while (!stop) n.notify();
  });
  for (int i = 0; i < 2000; ++i) {
    auto w = n.wait_for_change();
    if (i % 2 == 0) w->cancel();
    const Outcome o = w->wait({}, 1s);
    EXPECT_NE(o, Outcome::timeout);  // no lost wakeup
  }
  stop = true;
  notifier.join();
}

TEST(AgentNotifier, SubscriptionsAreCalledUntilReset) {
  ChangeNotifier n;
  std::atomic<int> calls{0};
  Subscription s = n.subscribe([&] { ++calls; });
  n.notify();
  n.notify();
  EXPECT_EQ(calls, 2);
  s.reset();
  n.notify();
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace ntpmon::agent
