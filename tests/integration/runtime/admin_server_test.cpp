// The admin HTTP server over real loopback HTTP.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "log/logger.h"
#include "metrics/admin_server.h"
#include "metrics/registry.h"

namespace ntpmon::metrics {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class RuntimeAdminServer : public ::testing::Test {
 protected:
  RuntimeAdminServer() {
    registry.counter_family("scorer_runs_total", "Scorer runs.", {"result"}).with({"ok"}).inc(3);
    registry.gauge("queue_length", "Rows waiting.").set(12);
  }

  HealthCheck health() {
    return [this]() -> HealthStatus {
      std::lock_guard lock(mutex);
      if (health_throws) throw std::runtime_error("database ping failed");
      return status;
    };
  }

  void set_status(HealthStatus s) {
    std::lock_guard lock(mutex);
    status = std::move(s);
  }

  Registry registry;
  std::shared_ptr<log::MemorySink> sink = std::make_shared<log::MemorySink>();
  log::Logger logger{sink, log::Level::debug};
  std::mutex mutex;
  HealthStatus status;
  bool health_throws = false;
};

TEST_F(RuntimeAdminServer, ServesMetricsAndHealth) {
  AdminServer server("127.0.0.1:0", registry, health(), logger);
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.address(), "127.0.0.1:" + std::to_string(server.port()));
  httplib::Client client("127.0.0.1", server.port());

  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics) << httplib::to_string(metrics.error());
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics->body, registry.text());
  EXPECT_NE(metrics->body.find("scorer_runs_total{result=\"ok\"} 3\n"), std::string::npos);

  registry.gauge("queue_length", "Rows waiting.").set(13);  // live values, not a snapshot
  auto again = client.Get("/metrics");
  ASSERT_TRUE(again);
  EXPECT_NE(again->body.find("queue_length 13\n"), std::string::npos);

  auto ok = client.Get("/__health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "ok\n");

  set_status(HealthStatus::unhealthy("database unreachable"));
  auto bad = client.Get("/__health");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 503);
  EXPECT_EQ(bad->body, "database unreachable\n");

  {
    std::lock_guard lock(mutex);
    health_throws = true;
  }
  auto thrown = client.Get("/__health");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 503);
  EXPECT_EQ(thrown->body, "health check failed: database ping failed\n");

  auto missing = client.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(RuntimeAdminServer, StopsPromptlyEvenWithAnOpenKeepAliveConnection) {
  auto server = std::make_unique<AdminServer>("127.0.0.1:0", registry, health(), logger);
  httplib::Client client("127.0.0.1", server->port());
  client.set_keep_alive(true);
  ASSERT_TRUE(client.Get("/__health"));
  auto t0 = Clock::now();
  server.reset();
  EXPECT_LT(Clock::now() - t0, 2s);
}

TEST_F(RuntimeAdminServer, StopRightAfterStartIsNotLost) {
  for (int i = 0; i < 20; ++i) {
    auto t0 = Clock::now();
    AdminServer server("127.0.0.1:0", registry, health(), logger);
    server.stop();
    server.stop();  // idempotent
    EXPECT_LT(Clock::now() - t0, 2s);
  }
}

TEST_F(RuntimeAdminServer, PortInUseAndBadAddressesAreErrors) {
  AdminServer first("127.0.0.1:0", registry, health(), logger);
  EXPECT_THROW(AdminServer("127.0.0.1:" + std::to_string(first.port()), registry, health(), logger),
               std::runtime_error);
  EXPECT_THROW(AdminServer("no-port", registry, health(), logger), std::invalid_argument);
}

TEST_F(RuntimeAdminServer, LogsWhereItListens) {
  {
    AdminServer server("127.0.0.1:0", registry, health(), logger);
    auto lines = sink->lines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("msg=\"admin server listening\" addr=127.0.0.1:" + std::to_string(server.port())),
              std::string::npos)
        << lines[0];
  }
}

}  // namespace
}  // namespace ntpmon::metrics
