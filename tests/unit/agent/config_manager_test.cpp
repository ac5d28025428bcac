// The config manager (spec/agent.md §10 with decisions A1/A2; §20 tests 41-42, 55, 68-93).
#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <deque>
#include <thread>

#include "reload/config_manager.h"
#include "reload/watch_event.h"
#include "support/agent_test_util.h"
#include "support/fake_config_api.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using Outcome = ChangeWaiter::Outcome;
using Clock = std::chrono::steady_clock;

struct Fixture {
  testing::TempDir dir;
  testing::FakeConfigApi api;
  testing::CapturedLog log;
  std::unique_ptr<AppConfig> app;

  explicit Fixture(const std::string& key = "initial-key") {
    AppConfigOptions o;
    o.base_dir = dir.path();
    o.env = DeploymentEnv::devel;
    o.api = api.client();
    o.logger = log.logger;
    app = std::make_unique<AppConfig>(std::move(o));
    api::MonitorStatusConfig c;
    c.name = "n";
    c.tls_name = "n.devel.mon.ntppool.dev";
    api.set_config(c);
    if (!key.empty()) app->set_api_key(key);
    app->load();
  }
  std::filesystem::path state() const { return dir / "devel" / "state.json"; }
};

// §10.3 rule table (tests 79, 80).
TEST(AgentWatchRules, WhichEventsReload_Tests79_80) {
  struct Case {
    WatchEvent e;
    bool reload;
  };
  const Case cases[] = {
      {{"state.json", WatchOp::write}, true},       {{"state.json", WatchOp::create}, true},
      {{"state.json", WatchOp::rename}, true},      {{"state.json", WatchOp::remove}, false},
      {{"state.json", WatchOp::chmod}, false},      {{"state.json.tmp", WatchOp::rename}, true},
      {{"state.json.tmp", WatchOp::write}, false},  {{"state.json.tmp", WatchOp::create}, false},
      {{"other.tmp", WatchOp::write}, false},       {{".state.json.swp", WatchOp::write}, false},
      {{"", WatchOp::write}, false},                {{"state.jsonx", WatchOp::create}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(triggers_reload(c.e), c.reload) << c.e.name << " " << to_string(c.e.op);
}

// Tests 68, 71, 85, 86, 91: start returns at once; cancel stops promptly.
TEST(AgentConfigManager, StartsAndStopsPromptly_Tests68_71_85_86_91) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  std::stop_source stop;
  const auto t0 = Clock::now();
  m.start(stop.get_token());
  EXPECT_LT(Clock::now() - t0, 100ms);
  EXPECT_TRUE(m.running());
  EXPECT_TRUE(m.watching());
  std::this_thread::sleep_for(100ms);
  const auto t1 = Clock::now();
  stop.request_stop();
  m.stop();
  EXPECT_LT(Clock::now() - t1, 1s);
  EXPECT_TRUE(f.log.contains("AppConfig hot reloader shutting down"));
}

// Test 91: cancellation aborts a reload in progress (the HTTP call).
TEST(AgentConfigManager, StopAbortsReloadInProgress_Test91) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  f.api.set_delay(2s);
  m.request_reload();
  ASSERT_TRUE(testing::eventually([&] { return m.reload_count() == 1; }, 2s));
  const auto t0 = Clock::now();
  m.stop();
  EXPECT_LT(Clock::now() - t0, 1500ms);
}

// Tests 69, 83: an invalid directory falls back to timer-only mode; start still succeeds and
// the periodic reload works.
TEST(AgentConfigManager, TimerOnlyFallback_Tests69_83) {
  Fixture f;
  ManagerTimings t;
  t.periodic = 200ms;
  t.min_delay = 100ms;
  ConfigManager m(*f.app, f.log.logger, t, [](const std::filesystem::path&) {
    return make_inotify_watcher("/dev/null/invalid");
  });
  m.start();
  ASSERT_TRUE(testing::eventually([&] { return f.log.contains("falling back to timer-only reloading"); }, 1s));
  EXPECT_FALSE(m.watching());
  const int before = f.api.config_requests();
  EXPECT_TRUE(testing::eventually([&] { return f.api.config_requests() >= before + 2; }, 2s));
  m.stop();
}

// Tests 72, 87, 88, 89: an atomic rewrite by another writer is picked up within 1.2 s; all
// waiters fire.
TEST(AgentConfigManager, AtomicRewritePickedUp_Tests72_87_88_89) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  std::vector<std::unique_ptr<ChangeWaiter>> waiters;
  for (int i = 0; i < 3; ++i) waiters.push_back(f.app->wait_for_config_change());
  const int before = f.api.config_requests();
  const auto t0 = Clock::now();
  testing::replace_atomically(f.state(), testing::state_with_key("changed-key"));
  EXPECT_EQ(waiters[0]->wait({}, 1200ms), Outcome::changed);
  EXPECT_LT(Clock::now() - t0, 1200ms);
  EXPECT_EQ(waiters[1]->wait({}, 100ms), Outcome::changed);
  EXPECT_EQ(waiters[2]->wait({}, 100ms), Outcome::changed);
  EXPECT_EQ(f.app->api_key(), "changed-key");
  EXPECT_TRUE(testing::eventually([&] { return f.api.config_requests() > before; }, 1s));
  EXPECT_EQ(f.api.config_keys().back(), "changed-key");
  m.stop();
}

// Tests 73, 75: a burst of rewrites 10 ms apart is one reload.
TEST(AgentConfigManager, BurstIsOneReload_Tests73_75) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  auto waiter = f.app->wait_for_config_change();
  const auto reloads = m.reload_count();
  for (int i = 0; i < 5; ++i) {
    testing::replace_atomically(f.state(), testing::state_with_key("rapid-change-" + std::to_string(i)));
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(waiter->wait({}, 1200ms), Outcome::changed);
  EXPECT_EQ(f.app->api_key(), "rapid-change-4");
  std::this_thread::sleep_for(1200ms);  // the reload's own write must not add another
  EXPECT_EQ(m.reload_count(), reloads + 1);
  m.stop();
}

// Tests 74, 76: the debounce restarts with every event: the reload comes >= 500 ms after the
// LAST event, and not much later.
TEST(AgentConfigManager, DebounceRestarts_Tests74_76) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  auto waiter = f.app->wait_for_config_change();
  testing::replace_atomically(f.state(), testing::state_with_key("first"));
  std::this_thread::sleep_for(300ms);
  testing::replace_atomically(f.state(), testing::state_with_key("second"));
  const auto last = Clock::now();
  EXPECT_EQ(waiter->wait({}, 2s), Outcome::changed);
  const auto elapsed = Clock::now() - last;
  EXPECT_GE(elapsed, 450ms);
  EXPECT_LT(elapsed, 1000ms);
  EXPECT_EQ(f.app->api_key(), "second");
  m.stop();
}

// Tests 77, 78: a direct overwrite (write events) and a rename of state.json.tmp.
TEST(AgentConfigManager, OverwriteAndTmpRename_Tests77_78) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  auto w1 = f.app->wait_for_config_change();
  testing::write_text(f.state(), testing::state_with_key("overwritten"));
  EXPECT_EQ(w1->wait({}, 1200ms), Outcome::changed);
  EXPECT_EQ(f.app->api_key(), "overwritten");
  auto w2 = f.app->wait_for_config_change();
  testing::replace_atomically(f.state(), testing::state_with_key("renamed"));
  EXPECT_EQ(w2->wait({}, 1200ms), Outcome::changed);
  EXPECT_EQ(f.app->api_key(), "renamed");
  m.stop();
}

// Test 79: other files do not notify; state.json afterwards does.
TEST(AgentConfigManager, OtherFilesIgnored_Test79) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  auto w = f.app->wait_for_config_change();
  const auto reloads = m.reload_count();
  testing::write_text(f.dir / "devel" / "other.tmp", "x");
  testing::write_text(f.dir / "devel" / ".state.json.swp", "x");
  EXPECT_EQ(w->wait({}, 700ms), Outcome::timeout);
  EXPECT_EQ(m.reload_count(), reloads);
  testing::replace_atomically(f.state(), testing::state_with_key("after"));
  EXPECT_EQ(w->wait({}, 1200ms), Outcome::changed);
  m.stop();
}

// Tests 41, 42 [GAP] (decision A2): SetAPIKey in-process triggers one reload through the
// debounce even in timer-only mode; the reload's own notifications and write schedule no
// second one.
TEST(AgentConfigManager, InProcessKeyChangeReloads_Tests41_42) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger, {}, [](const std::filesystem::path&) {
    return make_inotify_watcher("/dev/null/invalid");  // timer-only
  });
  m.start();
  ASSERT_TRUE(testing::eventually([&] { return !m.watching() && f.log.contains("timer-only"); }, 1s));
  const int before = f.api.config_requests();
  const auto t0 = Clock::now();
  f.app->set_api_key("new-key");
  ASSERT_TRUE(testing::eventually([&] { return f.api.config_requests() > before; }, 1500ms));
  EXPECT_GE(Clock::now() - t0, 450ms);
  EXPECT_EQ(f.api.config_keys().back(), "new-key");
  std::this_thread::sleep_for(1200ms);
  EXPECT_EQ(f.api.config_requests(), before + 1);  // 42: exactly one per trigger
  m.stop();
}

// Test 42 in watcher mode: a reload that saves (its data changed) does not reload again.
TEST(AgentConfigManager, OwnSaveDoesNotReload_Test42) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  api::MonitorStatusConfig c;
  c.name = "changed";
  c.tls_name = "changed.devel.mon.ntppool.dev";
  f.api.set_config(c);
  const int before = f.api.config_requests();
  f.app->set_api_key("k2");  // one trigger: in-process request + the file event of its save
  ASSERT_TRUE(testing::eventually([&] { return f.app->server_name() == "changed"; }, 2s));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(f.api.config_requests(), before + 1);
  m.stop();
}

// A fake watcher fed by the test (the kernel does not overflow or close on demand).
class FakeWatcher final : public DirectoryWatcher {
 public:
  explicit FakeWatcher(std::shared_ptr<std::deque<WatchBatch>> queue, int fd) : queue_(std::move(queue)), fd_(fd) {}
  int fd() const override { return fd_; }
  WatchBatch read() override {
    std::uint64_t v;
    (void)::read(fd_, &v, sizeof v);
    WatchBatch out;
    if (!queue_->empty()) {
      out = queue_->front();
      queue_->pop_front();
    }
    return out;
  }

 private:
  std::shared_ptr<std::deque<WatchBatch>> queue_;
  int fd_;
};

// Tests 81, 82: a watcher error reloads at once and the manager keeps running; a closed
// watcher switches to timer-only mode.
TEST(AgentConfigManager, WatcherErrorsAndClose_Tests81_82) {
  Fixture f;
  auto queue = std::make_shared<std::deque<WatchBatch>>();
  const int efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ConfigManager m(*f.app, f.log.logger, {},
                  [&](const std::filesystem::path&) { return std::make_unique<FakeWatcher>(queue, efd); });
  m.start();
  ASSERT_TRUE(testing::eventually([&] { return m.watching(); }, 1s));
  const auto push = [&](WatchBatch b) {
    queue->push_back(std::move(b));
    const std::uint64_t one = 1;
    (void)::write(efd, &one, sizeof one);
  };
  WatchBatch error;
  error.error = "inotify event queue overflow";
  push(error);
  ASSERT_TRUE(testing::eventually([&] { return m.reload_count() == 1; }, 1s));
  EXPECT_TRUE(f.log.contains("file watcher error"));
  EXPECT_TRUE(m.watching());
  WatchBatch closed;
  closed.closed = true;
  push(closed);
  ASSERT_TRUE(testing::eventually([&] { return m.reload_count() == 2 && !m.watching(); }, 1s));
  EXPECT_TRUE(f.log.contains("file watcher events channel closed"));
  // Timer-only now, still reacting to in-process requests.
  f.app->set_api_key("after-close");
  EXPECT_TRUE(testing::eventually([&] { return m.reload_count() == 3; }, 1500ms));
  m.stop();
  ::close(efd);
}

// Test 84: start/stop cycles on one AppConfig.
TEST(AgentConfigManager, RestartCycles_Test84) {
  Fixture f;
  ConfigManager m(*f.app, f.log.logger);
  for (int i = 0; i < 3; ++i) {
    m.start();
    EXPECT_TRUE(m.running());
    const auto t0 = Clock::now();
    m.stop();
    EXPECT_LT(Clock::now() - t0, 1s);
    EXPECT_FALSE(m.running());
  }
  // Still works after the cycles.
  m.start();
  auto w = f.app->wait_for_config_change();
  testing::replace_atomically(f.state(), testing::state_with_key("cycle"));
  EXPECT_EQ(w->wait({}, 1200ms), Outcome::changed);
  m.stop();
}

// Test 55: a waiter on the manager's token ends when it is cancelled.
TEST(AgentConfigManager, WaiterOnManagerToken_Test55) {
  Fixture f;
  std::stop_source stop;
  ConfigManager m(*f.app, f.log.logger);
  m.start(stop.get_token());
  auto w = f.app->wait_for_config_change(stop.get_token());
  stop.request_stop();
  EXPECT_EQ(w->wait({}, 1s), Outcome::cancelled);
  EXPECT_TRUE(testing::eventually([&] { return f.log.contains("shutting down"); }, 1s));
}

// Test 70: the watched path exists after SetAPIKey.
TEST(AgentConfigManager, WatchedPath_Test70) {
  Fixture f("");
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  f.app->set_api_key("k");
  EXPECT_TRUE(std::filesystem::exists(f.state()));
  m.stop();
}

// Test 93 [nonet]: only local addresses are contacted.
TEST(AgentConfigManager, NoExternalNetwork_Test93) {
  Fixture f("test-key");
  ConfigManager m(*f.app, f.log.logger);
  m.start();
  std::this_thread::sleep_for(100ms);
  testing::replace_atomically(f.state(), testing::state_with_key("test-key-updated"));
  std::this_thread::sleep_for(1s);
  const auto t0 = Clock::now();
  m.stop();
  EXPECT_LT(Clock::now() - t0, 2s);
  EXPECT_FALSE(f.api.remote_addresses().empty());
  for (const auto& a : f.api.remote_addresses()) EXPECT_TRUE(a == "127.0.0.1" || a == "::1") << a;
}

// §10.5: a failed reload is logged and retried after the failure interval.
TEST(AgentConfigManager, FailedReloadRetries) {
  Fixture f;
  ManagerTimings t;
  t.periodic = 10s;
  t.after_failure = 300ms;
  t.min_delay = 100ms;
  ConfigManager m(*f.app, f.log.logger, t);
  m.start();
  f.api.set_config_failure(503);
  m.request_reload();
  ASSERT_TRUE(testing::eventually([&] { return f.log.contains("failed to reload AppConfig"); }, 2s));
  const auto reloads = m.reload_count();
  EXPECT_TRUE(testing::eventually([&] { return m.reload_count() > reloads; }, 1500ms));
  m.stop();
}

}  // namespace
}  // namespace ntpmon::agent
