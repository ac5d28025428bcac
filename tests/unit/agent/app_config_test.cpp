// AppConfig: state persistence, migration, API key, IP configuration, notifications, the
// corrupt-state decision A3 (spec/agent.md §4-§6; §20 tests 6, 17-22, 28-29, 31-40, 43-51,
// 62, 67).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "state/app_config.h"
#include "support/agent_test_util.h"
#include "support/fake_config_api.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using Outcome = ChangeWaiter::Outcome;

struct Fixture {
  testing::TempDir dir;
  testing::FakeConfigApi api;
  testing::CapturedLog log;

  std::unique_ptr<AppConfig> make(DeploymentEnv env = DeploymentEnv::devel,
                                  std::optional<std::string> runtime_dir = std::nullopt, bool with_api = true) {
    AppConfigOptions o;
    o.base_dir = dir.path();
    o.env = env;
    o.api = with_api ? std::shared_ptr<ConfigApi>(api.client()) : nullptr;
    o.runtime_directory = std::move(runtime_dir);
    o.logger = log.logger;
    return std::make_unique<AppConfig>(std::move(o));
  }
  std::filesystem::path state_path(DeploymentEnv env = DeploymentEnv::devel) const {
    return dir / std::string(to_string(env)) / "state.json";
  }
  nlohmann::json state_json(DeploymentEnv env = DeploymentEnv::devel) const {
    return nlohmann::json::parse(testing::read_text(state_path(env)));
  }
};

api::MonitorStatusConfig config(std::string v4_status = "", std::string v4_ip = "", std::string v6_status = "",
                                std::string v6_ip = "") {
  api::MonitorStatusConfig c;
  c.name = "test-server";
  c.tls_name = "test.example.com";
  c.ipv4 = {std::move(v4_status), std::move(v4_ip)};
  c.ipv6 = {std::move(v6_status), std::move(v6_ip)};
  return c;
}

// Test 17: a saved key and data survive; the new AppConfig calls the API exactly once.
TEST(AgentAppConfig, PersistsKeyAndData_Test17) {
  Fixture f;
  f.api.set_config(config());
  {
    auto app = f.make();
    app->set_api_key("test-api-key");
    ASSERT_TRUE(app->load().ok());
  }
  const int before = f.api.config_requests();
  auto app = f.make();
  ASSERT_TRUE(app->load().ok());
  EXPECT_EQ(f.api.config_requests(), before + 1);
  EXPECT_EQ(app->api_key(), "test-api-key");
  EXPECT_EQ(app->server_name(), "test-server");
  EXPECT_EQ(app->tls_name(), "test.example.com");
  EXPECT_FALSE(app->data_sha().empty());
}

// Test 19: no file: empty key; SetAPIKey creates <dir>/devel/state.json.
TEST(AgentAppConfig, FirstRun_Test19) {
  Fixture f;
  auto app = f.make();
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(app->api_key(), "");
  EXPECT_EQ(f.api.config_requests(), 0);  // no key, no call
  app->set_api_key("new-key");
  EXPECT_EQ(f.state_json()["API"]["APIKey"], "new-key");
  EXPECT_EQ(testing::file_mode(f.state_path()), 0600U);  // it holds the key (§21 A22)
}

// Decision A3 (tests 18, 26, 27 at the AppConfig level): a corrupt state.json is moved aside
// with a timestamp (nothing lost), an error says to run setup, and the agent continues with
// the default configuration.
TEST(AgentAppConfig, CorruptStateMovedAside_A3) {
  const std::string cases[] = {"", "{\"API\":{\"APIKey\":\"test\"", std::string("{\"a\":\"\0\"}", 10), "not json"};
  for (const std::string& content : cases) {
    Fixture f;
    std::filesystem::create_directories(f.dir / "devel");
    testing::write_text(f.state_path(), content);
    auto app = f.make();
    const LoadOutcome outcome = app->load();
    EXPECT_TRUE(outcome.ok()) << outcome.error;
    EXPECT_EQ(app->api_key(), "");
    std::vector<std::filesystem::path> aside;
    for (const auto& e : std::filesystem::directory_iterator(f.dir / "devel")) {
      if (e.path().filename().string().rfind("state.json.corrupt-", 0) == 0) aside.push_back(e.path());
    }
    ASSERT_EQ(aside.size(), 1U);
    EXPECT_EQ(testing::read_text(aside[0]), content);  // nothing is lost
    EXPECT_TRUE(f.log.contains("ntppool-agent setup"));
    EXPECT_TRUE(f.log.contains("level=error"));
    EXPECT_NO_THROW(f.state_json());  // a fresh, valid state.json
  }
}

// A3 at runtime: the last good configuration is kept (and written back).
TEST(AgentAppConfig, CorruptStateAtRuntimeKeepsConfig) {
  Fixture f;
  f.api.set_config(config("active", "192.0.2.1"));
  auto app = f.make();
  app->set_api_key("good-key");
  ASSERT_TRUE(app->load().ok());
  testing::write_text(f.state_path(), "{broken");
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(app->api_key(), "good-key");
  EXPECT_EQ(f.state_json()["API"]["APIKey"], "good-key");
}

// Test 20 / 28: an unusable state file is a local failure (root ignores modes: the
// permission variant runs as non-root only).
TEST(AgentAppConfig, UnreadableStateIsLocalFailure_Tests20_28) {
  Fixture f;
  auto app = f.make();
  std::filesystem::create_directories(f.state_path());  // state.json is a directory
  const LoadOutcome o = app->load();
  EXPECT_EQ(o.status, LoadStatus::failed);
  EXPECT_TRUE(o.local);
  std::filesystem::remove(f.state_path());
  EXPECT_TRUE(app->load().ok());
  if (::geteuid() != 0) {
    std::filesystem::permissions(f.state_path(), std::filesystem::perms::none);
    EXPECT_EQ(app->load().status, LoadStatus::failed);
    std::filesystem::permissions(f.state_path(), std::filesystem::perms(0600));
    EXPECT_TRUE(app->load().ok());
    std::filesystem::permissions(f.dir / "devel", std::filesystem::perms(0500));
    EXPECT_THROW(app->set_api_key("x"), std::runtime_error);
    std::filesystem::permissions(f.dir / "devel", std::filesystem::perms(0700));
  }
}

// Tests 21, 22, 49, 51: concurrent getters, setters and waiters; the file matches memory.
TEST(AgentAppConfig, ConcurrentUse_Tests21_22_49_51) {
  Fixture f;
  auto app = f.make(DeploymentEnv::devel, std::nullopt, false);
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < 10; ++r) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        (void)app->api_key();
        (void)app->tls_name();
        (void)app->server_name();
        (void)app->ipv4();
        (void)app->ipv6();
      }
    });
  }
  for (int w = 0; w < 5; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 20; ++i) {
        try {
          app->set_api_key("key-" + std::to_string(w) + "-" + std::to_string(i));
        } catch (...) {
          failed = true;
        }
        auto waiter = app->wait_for_config_change();
        if (i % 2) waiter->cancel();
      }
    });
  }
  const auto start = std::chrono::steady_clock::now();
  for (auto& t : threads) t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_FALSE(failed);
  EXPECT_FALSE(app->api_key().empty());
  EXPECT_EQ(f.state_json()["API"]["APIKey"], app->api_key());
}

// Test 29: unchanged server data writes nothing.
TEST(AgentAppConfig, UnchangedDataIsNotWritten_Test29) {
  Fixture f;
  f.api.set_config(config("active", "192.0.2.1"));
  auto app = f.make();
  app->set_api_key("k");
  ASSERT_TRUE(app->load().ok());
  const auto before = std::filesystem::last_write_time(f.state_path());
  const auto inode = [&] {
    struct stat st {};
    ::stat(f.state_path().c_str(), &st);
    return st.st_ino;
  };
  const auto ino = inode();
  std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(app->load().ok());
  EXPECT_EQ(std::filesystem::last_write_time(f.state_path()), before);
  EXPECT_EQ(inode(), ino);
}

// Tests 6, 31-34: migration from RUNTIME_DIRECTORY.
TEST(AgentAppConfig, MigrationFromRuntimeDirectory_Tests6_31to34) {
  {  // 31 (with the API answering 401 for the key: test 6, the file stays JSON-equal)
    Fixture f;
    const auto old = f.dir / "run" / "test";
    std::filesystem::create_directories(old);
    const std::string old_state =
        R"({"API":{"APIKey":"test-key-123"},"Data":{"Name":"test.example.com","IPv4":{"Status":"active","IP":"1.2.3.4"}}})";
    testing::write_text(old / "state.json", old_state);
    testing::write_text(old / "cert.pem", "test-cert-data");
    testing::write_text(old / "key.pem", "test-key-data");
    f.api.set_unauthorized_key("test-key-123");
    auto app = f.make(DeploymentEnv::test, (f.dir / "run").string());
    EXPECT_EQ(app->load().status, LoadStatus::unauthorized);
    EXPECT_EQ(nlohmann::json::parse(testing::read_text(f.state_path(DeploymentEnv::test))),
              nlohmann::json::parse(old_state));
    EXPECT_EQ(testing::read_text(f.dir / "test" / "cert.pem"), "test-cert-data");
    EXPECT_EQ(testing::read_text(f.dir / "test" / "key.pem"), "test-key-data");
    EXPECT_EQ(testing::file_mode(f.dir / "test" / "key.pem"), 0600U);
    EXPECT_EQ(app->api_key(), "test-key-123");
    EXPECT_EQ(app->server_name(), "test.example.com");
    EXPECT_TRUE(app->api_key_unauthorized());
  }
  {  // 32: RUNTIME_DIRECTORY unset: nothing migrated
    Fixture f;
    auto app = f.make(DeploymentEnv::test, std::nullopt);
    EXPECT_TRUE(app->load().ok());
    EXPECT_EQ(app->api_key(), "");
  }
  {  // 33: set, but no old state
    Fixture f;
    std::filesystem::create_directories(f.dir / "run");
    auto app = f.make(DeploymentEnv::test, (f.dir / "run").string());
    EXPECT_TRUE(app->load().ok());
    EXPECT_FALSE(std::filesystem::exists(f.dir / "test" / "cert.pem"));
  }
  {  // 34: only cert.pem
    Fixture f;
    std::filesystem::create_directories(f.dir / "run" / "test");
    testing::write_text(f.dir / "run" / "test" / "state.json", testing::state_with_key("k"));
    testing::write_text(f.dir / "run" / "test" / "cert.pem", "c");
    auto app = f.make(DeploymentEnv::test, (f.dir / "run").string());
    app->load();
    EXPECT_EQ(testing::read_text(f.dir / "test" / "cert.pem"), "c");
    EXPECT_FALSE(std::filesystem::exists(f.dir / "test" / "key.pem"));
  }
}

// Tests 35, 36, 38, 40: SetAPIKey notifies every waiter and writes at once.
TEST(AgentAppConfig, SetApiKeyNotifiesAndWrites_Tests35_36_38_40) {
  Fixture f;
  auto app = f.make(DeploymentEnv::devel, std::nullopt, false);
  std::vector<std::unique_ptr<ChangeWaiter>> waiters;
  for (int i = 0; i < 3; ++i) waiters.push_back(app->wait_for_config_change());
  app->set_api_key("test-api-key");
  EXPECT_EQ(f.state_json()["API"]["APIKey"], "test-api-key");  // 40
  for (auto& w : waiters) EXPECT_EQ(w->wait({}, 500ms), Outcome::changed);
  EXPECT_EQ(app->api_key(), "test-api-key");
  app->set_api_key("");
  EXPECT_EQ(app->api_key(), "");  // 36
  app->set_api_key("non-empty-key");
  EXPECT_EQ(app->api_key(), "non-empty-key");
}

// Test 37: the key persists; exactly one config call for the new AppConfig.
TEST(AgentAppConfig, KeyPersists_Test37) {
  Fixture f;
  f.make()->set_api_key("persistent-key");
  auto app = f.make();
  ASSERT_TRUE(app->load().ok());
  EXPECT_EQ(app->api_key(), "persistent-key");
  EXPECT_EQ(f.api.config_requests(), 1);
  EXPECT_EQ(f.api.config_keys(), std::vector<std::string>{"persistent-key"});
}

// Test 39: the same key again does not notify.
TEST(AgentAppConfig, SameKeyDoesNotNotify_Test39) {
  Fixture f;
  auto app = f.make(DeploymentEnv::devel, std::nullopt, false);
  app->set_api_key("same-key");
  auto w = app->wait_for_config_change();
  app->set_api_key("same-key");
  EXPECT_EQ(w->wait({}, 200ms), Outcome::timeout);
}

// Test 50: three waiter loops (5 rounds, 2 s timeout each) while a writer changes the key 5
// times 100 ms apart: every loop sees at least one notification. Test 90: the waiters of
// those loops are all gone afterwards (count back to the initial value).
TEST(AgentAppConfig, WaiterLoopsSeeKeyChanges_Tests50_90) {
  Fixture f;
  auto app = f.make(DeploymentEnv::devel, std::nullopt, false);
  const std::size_t initial = app->notifier().waiter_count();
  std::atomic<int> loops_notified{0};
  std::vector<std::thread> loops;
  for (int l = 0; l < 3; ++l) {
    loops.emplace_back([&] {
      bool seen = false;
      for (int round = 0; round < 5; ++round) {
        auto waiter = app->wait_for_config_change();
        if (waiter->wait({}, 2s) == Outcome::changed) seen = true;
        if (seen) break;
      }
      if (seen) ++loops_notified;
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;  // all three loops waiting
  while (app->notifier().waiter_count() < initial + 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(100ms);  // the spacing under test, not a wait for a condition
    app->set_api_key("loop-key-" + std::to_string(i));
  }
  for (auto& t : loops) t.join();
  EXPECT_EQ(loops_notified.load(), 3);
  EXPECT_EQ(app->notifier().waiter_count(), initial);
}

// Tests 43-47: IP configuration from the API and liveness.
TEST(AgentAppConfig, IpConfigAndLiveness_Tests43to48) {
  Fixture f;
  auto app = f.make();
  app->set_api_key("k");
  f.api.set_config(config("active", "192.0.2.1", "testing", "2001:db8::1"));
  ASSERT_TRUE(app->load().ok());
  EXPECT_EQ(app->ipv4(), (FamilyState{"active", "192.0.2.1"}));
  EXPECT_EQ(app->ipv6(), (FamilyState{"testing", "2001:db8::1"}));
  EXPECT_TRUE(app->is_live(AddressFamily::v4));
  EXPECT_TRUE(app->is_live(AddressFamily::v6));
  for (const char* status : {"paused", "testing", "active"}) {  // 45
    f.api.set_config(config(status, "203.0.113.1"));
    ASSERT_TRUE(app->load().ok());
    EXPECT_EQ(app->ipv4().status, status);
    EXPECT_EQ(app->ipv4().ip, "203.0.113.1");
  }
  EXPECT_FALSE(app->is_live(AddressFamily::v6));  // unassigned now
  EXPECT_EQ(app->ipv6(), FamilyState{});          // 47: empty, not live, no IP, status ""

  struct Case {
    FamilyState state;
    AddressFamily family;
    bool live;
  };
  const Case cases[] = {  // 46, 48 (only status and IP count)
      {{"active", "192.0.2.1"}, AddressFamily::v4, true},     {{"testing", "192.0.2.1"}, AddressFamily::v4, true},
      {{"paused", "192.0.2.1"}, AddressFamily::v4, false},    {{"pending", "192.0.2.1"}, AddressFamily::v4, false},
      {{"deleted", "192.0.2.1"}, AddressFamily::v4, false},   {{"active", std::nullopt}, AddressFamily::v4, false},
      {{"active", ""}, AddressFamily::v4, false},             {{"active", "2001:db8::1"}, AddressFamily::v4, false},
      {{"Active", "192.0.2.1"}, AddressFamily::v4, false},    {{"testing", "2001:db8::1"}, AddressFamily::v6, true},
  };
  for (const Case& c : cases) EXPECT_EQ(is_live(c.state, c.family), c.live) << c.state.status;
}

// Test 44 / §6 step 6: addresses of the wrong family or unparsable abort the fetch unchanged.
TEST(AgentAppConfig, BadAddressesRejected) {
  Fixture f;
  auto app = f.make();
  app->set_api_key("k");
  f.api.set_config(config("active", "192.0.2.1"));
  ASSERT_TRUE(app->load().ok());
  for (auto bad : {config("active", "2001:db8::1"), config("active", "nonsense"), config("", "", "active", "192.0.2.9")}) {
    f.api.set_config(bad);
    const LoadOutcome o = app->load();
    EXPECT_EQ(o.status, LoadStatus::failed);
    EXPECT_FALSE(o.local);
    EXPECT_EQ(app->ipv4().ip, "192.0.2.1");
  }
  f.api.set_config(config("active", "192.0.2.1"));
  EXPECT_TRUE(app->load().ok());
}

// §5.5: a data change notifies (and logs "config changed"); an unchanged one does not.
TEST(AgentAppConfig, DataChangeNotifies) {
  Fixture f;
  auto app = f.make();
  app->set_api_key("k");
  f.api.set_config(config("testing", "192.0.2.1"));
  ASSERT_TRUE(app->load().ok());
  auto same = app->wait_for_config_change();
  ASSERT_TRUE(app->load().ok());
  EXPECT_EQ(same->wait({}, 50ms), Outcome::timeout);
  f.api.set_config(config("paused", "192.0.2.1"));
  ASSERT_TRUE(app->load().ok());
  EXPECT_EQ(same->wait({}, 500ms), Outcome::changed);
  EXPECT_TRUE(f.log.contains("config changed"));
}

// API failures: 401 marks the key unauthorized (kept on disk and in memory, §21 A26);
// other errors change nothing.
TEST(AgentAppConfig, ApiFailures) {
  Fixture f;
  auto app = f.make();
  app->set_api_key("revoked");
  f.api.set_unauthorized_key("revoked");
  EXPECT_EQ(app->load().status, LoadStatus::unauthorized);
  EXPECT_TRUE(app->api_key_unauthorized());
  EXPECT_EQ(f.state_json()["API"]["APIKey"], "revoked");
  app->set_api_key("fresh");
  EXPECT_FALSE(app->api_key_unauthorized());
  f.api.set_config_failure(500);
  const LoadOutcome o = app->load();
  EXPECT_EQ(o.status, LoadStatus::failed);
  EXPECT_NE(o.error.find("500"), std::string::npos) << o.error;
}

// A stop request aborts a config call in flight.
TEST(AgentAppConfig, StopAbortsFetch) {
  Fixture f;
  auto app = f.make();
  app->set_api_key("k");
  f.api.set_delay(3s);
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(app->load(stop.get_token()).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

// Tests 62, 67: accessors and the three environments side by side (test 25).
TEST(AgentAppConfig, Environments_Tests25_62_67) {
  Fixture f;
  f.api.set_config(config());
  for (DeploymentEnv env : {DeploymentEnv::devel, DeploymentEnv::test, DeploymentEnv::prod}) {
    auto app = f.make(env);
    EXPECT_EQ(app->env(), env);
    const std::string key = "key-for-" + std::string(to_string(env));
    app->set_api_key(key);
    ASSERT_TRUE(app->load().ok());
    EXPECT_EQ(app->server_name(), "test-server");
    EXPECT_EQ(app->tls_name(), "test.example.com");
    EXPECT_EQ(f.make(env)->load().ok(), true);
    EXPECT_EQ(f.state_json(env)["API"]["APIKey"], key);
  }
}

// The cached OTLP level is saved only when it changes and never notifies.
TEST(AgentAppConfig, CachedOtlpLevel) {
  Fixture f;
  auto app = f.make(DeploymentEnv::devel, std::nullopt, false);
  app->set_api_key("k");
  auto w = app->wait_for_config_change();
  app->set_cached_otlp_log_level("debug");
  EXPECT_EQ(f.state_json()["Data"]["OtlpLogLevel"], "debug");
  EXPECT_EQ(w->wait({}, 50ms), Outcome::timeout);
  EXPECT_EQ(app->cached_otlp_log_level(), "debug");
}

// The manager's own-write detection.
TEST(AgentAppConfig, OwnWriteDetection) {
  Fixture f;
  auto app = f.make(DeploymentEnv::devel, std::nullopt, false);
  EXPECT_FALSE(app->state_file_is_own_write());
  app->set_api_key("k");
  EXPECT_TRUE(app->state_file_is_own_write());
  testing::replace_atomically(f.state_path(), testing::state_with_key("other"));
  EXPECT_FALSE(app->state_file_is_own_write());
}

}  // namespace
}  // namespace ntpmon::agent

namespace ntpmon::agent {
namespace {

// A state.json written by another process (setup) while a load is in progress is not
// overwritten by that load's save (the file event then loads it).
TEST(AgentAppConfig, ExternalWriteDuringLoadIsKept) {
  Fixture f;
  f.api.set_config(config("active", "192.0.2.1"));
  auto app = f.make();
  app->set_api_key("old-key");
  ASSERT_TRUE(app->load().ok());
  f.api.set_config(config("testing", "192.0.2.1"));  // the load will want to save
  f.api.set_delay(std::chrono::milliseconds(300));
  std::jthread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    testing::replace_atomically(f.state_path(), testing::state_with_key("from-setup"));
  });
  EXPECT_TRUE(app->load().ok());
  writer.join();
  EXPECT_EQ(f.state_json()["API"]["APIKey"], "from-setup");
  f.api.set_delay(std::chrono::milliseconds(0));
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(app->api_key(), "from-setup");
}

}  // namespace
}  // namespace ntpmon::agent
