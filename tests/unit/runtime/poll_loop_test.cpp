// ShutdownSignal and the poll loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <latch>

#include "log/logger.h"
#include "runtime/poll_loop.h"
#include "runtime/shutdown_signal.h"

namespace ntpmon::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

log::Logger quiet_logger(std::shared_ptr<log::MemorySink> sink = std::make_shared<log::MemorySink>()) {
  return log::Logger(sink, log::Level::debug);
}

TEST(RuntimeShutdownSignal, WaitTimesOutThenReturnsEarlyOnRequest) {
  ShutdownSignal s;
  EXPECT_FALSE(s.stop_requested());
  EXPECT_FALSE(s.wait_for(5ms));
  auto waiter = std::async(std::launch::async, [&] { return s.wait_for(60s); });
  s.request_stop("test over");
  EXPECT_TRUE(waiter.get());
  EXPECT_TRUE(s.stop_requested());
  EXPECT_TRUE(s.wait_for(1h));  // already stopped: at once
  EXPECT_EQ(s.reason(), "test over");
  EXPECT_EQ(s.signal_number(), std::nullopt);
}

TEST(RuntimeShutdownSignal, FirstReasonWinsAndStopTokenFires) {
  ShutdownSignal s;
  std::atomic<int> callbacks{0};
  std::stop_callback cb(s.stop_token(), [&] { ++callbacks; });
  s.request_stop("first");
  s.request_stop("second");
  EXPECT_EQ(s.reason(), "first");
  EXPECT_EQ(callbacks.load(), 1);
  EXPECT_TRUE(s.stop_token().stop_requested());
}

TEST(RuntimePollLoop, WorkRunsAtOnceIdleBacksOffDoubling) {
  ShutdownSignal s;
  PollLoopOptions o;
  o.name = "test";
  o.idle = BackoffPolicy{1ms, 2.0, 8ms, 0.0};
  std::vector<long> waits;
  o.on_wait = [&](std::chrono::milliseconds d) { waits.push_back(static_cast<long>(d.count())); };
  // 2 work, 5 idle, 1 work (resets the idle backoff), 2 idle, then stop.
  const std::vector<StepResult> script = {StepResult::worked, StepResult::worked, StepResult::idle,
                                          StepResult::idle,   StepResult::idle,   StepResult::idle,
                                          StepResult::idle,   StepResult::worked, StepResult::idle,
                                          StepResult::idle};
  std::size_t i = 0;
  PollLoopStats stats = run_poll_loop(s, quiet_logger(), o, [&] {
    StepResult r = script[i++];
    if (i == script.size()) s.request_stop("script done");
    return r;
  });
  EXPECT_THAT(waits, ElementsAre(1, 2, 4, 8, 8, 1, 2));
  EXPECT_EQ(stats.steps, 10u);
  EXPECT_EQ(stats.worked, 3u);
  EXPECT_EQ(stats.idle, 7u);
  EXPECT_EQ(stats.errors, 0u);
}

TEST(RuntimePollLoop, ErrorsAreLoggedAndBackedOffNothingEscapes) {
  ShutdownSignal s;
  auto sink = std::make_shared<log::MemorySink>();
  PollLoopOptions o;
  o.name = "scorer";
  o.error = BackoffPolicy{1ms, 2.0, 4ms, 0.0};
  std::vector<long> waits;
  std::vector<std::string> errors;
  o.on_wait = [&](std::chrono::milliseconds d) { waits.push_back(static_cast<long>(d.count())); };
  o.on_error = [&](std::string_view e) { errors.emplace_back(e); };
  int n = 0;
  PollLoopStats stats = run_poll_loop(s, quiet_logger(sink), o, [&]() -> StepResult {
    ++n;
    if (n == 5) {
      s.request_stop("done");
      return StepResult::worked;
    }
    if (n == 4) throw 42;  // not even a std::exception
    throw std::runtime_error("database unavailable");
  });
  EXPECT_EQ(stats.errors, 4u);
  EXPECT_THAT(waits, ElementsAre(1, 2, 4, 4));
  EXPECT_THAT(errors, ElementsAre("database unavailable", "database unavailable",
                                  "database unavailable", "unknown exception"));
  auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[0], HasSubstr("level=error msg=\"step failed\" loop=scorer err=\"database unavailable\" retry_in=1ms"));
}

TEST(RuntimePollLoop, ThreadStopsPromptlyOnShutdownWhileIdle) {
  ShutdownSignal s;
  PollLoopOptions o;
  o.idle = BackoffPolicy{10s, 2.0, 60s, 0.0};  // a long idle wait that the stop must cut short
  std::latch first_step(1);
  std::atomic<int> steps{0};
  PollLoopThread loop(s, quiet_logger(), o, [&] {
    if (steps++ == 0) first_step.count_down();
    return StepResult::idle;
  });
  first_step.wait();
  auto t0 = Clock::now();
  s.request_stop("SIGTERM (simulated)");
  PollLoopStats stats = loop.stop();
  EXPECT_LT(Clock::now() - t0, 1s);
  EXPECT_EQ(stats.steps, 1u);
}

TEST(RuntimePollLoop, DestructorStopsTheLoopWithoutAShutdown) {
  ShutdownSignal s;
  std::latch first_step(1);
  std::atomic<bool> counted{false};
  auto t0 = Clock::now();
  {
    PollLoopOptions o;
    o.idle = BackoffPolicy{10s, 2.0, 60s, 0.0};
    PollLoopThread loop(s, quiet_logger(), o, [&] {
      if (!counted.exchange(true)) first_step.count_down();
      return StepResult::idle;
    });
    first_step.wait();
  }
  EXPECT_LT(Clock::now() - t0, 1s);
  EXPECT_FALSE(s.stop_requested());
}

// The one test that sends a real signal to the process.
TEST(RuntimePollLoop, RealSigtermStopsTheLoop) {
  auto shutdown = ShutdownSignal::install_process_handler();
  PollLoopOptions o;
  o.idle = BackoffPolicy{10s, 2.0, 60s, 0.0};
  std::latch first_step(1);
  std::atomic<bool> counted{false};
  PollLoopThread loop(*shutdown, quiet_logger(), o, [&] {
    if (!counted.exchange(true)) first_step.count_down();
    return StepResult::idle;
  });
  first_step.wait();
  auto t0 = Clock::now();
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_TRUE(shutdown->wait_for(5s));
  loop.stop();
  EXPECT_LT(Clock::now() - t0, 2s);
  EXPECT_EQ(shutdown->reason(), "SIGTERM");
  EXPECT_EQ(shutdown->signal_number(), SIGTERM);
}

}  // namespace
}  // namespace ntpmon::runtime
