// Sessions and the connection pool against the test server.
#include <gtest/gtest.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include <future>
#include <set>

#include "db/connect.h"
#include "db/pool.h"
#include "runtime_db_fixture.h"

namespace ntpmon::db::testing {
namespace {

using namespace std::chrono_literals;

using RuntimeDbPool = RuntimeDb;

PoolOptions sized(std::size_t max_size, std::chrono::milliseconds acquire_timeout = 30s) {
  PoolOptions o;
  o.max_size = max_size;
  o.acquire_timeout = acquire_timeout;
  return o;
}

TEST_F(RuntimeDbPool, OpenSessionSetsUtcWithAGeneratedQuery) {
  auto s = open_session(dsn());
  EXPECT_EQ(session_time_zone(*s), "+00:00");
  // The server's default is UTC too, so also check that a SET ran: a bare soci connection to
  // the same server has run none.
  EXPECT_GE(set_statements_run(*s), 1);
  soci::session bare(soci::mysql, soci_connect_string(dsn()));
  EXPECT_EQ(set_statements_run(bare), 0);
  std::string charset;
  *s << "SELECT @@character_set_connection", soci::into(charset);
  EXPECT_EQ(charset, "utf8mb4");
}

TEST_F(RuntimeDbPool, BadCredentialsGiveAConnectErrorWithoutThePassword) {
  Dsn bad = dsn();
  bad.password = "definitely-wrong-pw";
  try {
    open_session(bad);
    FAIL() << "connected with a wrong password";
  } catch (const ConnectError& e) {
    EXPECT_EQ(e.error_code(), 1045u);
    EXPECT_EQ(std::string(e.what()).find("definitely-wrong-pw"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("connecting to"), std::string::npos) << e.what();
  }
}

TEST_F(RuntimeDbPool, EveryPooledConnectionIsUtc) {
  Pool pool(dsn(), sized(3));
  std::vector<Lease> leases;
  std::set<long long> ids;
  for (int i = 0; i < 3; ++i) {
    leases.push_back(pool.acquire());
    ids.insert(connection_id(*leases.back()));
    EXPECT_EQ(session_time_zone(*leases.back()), "+00:00");
    EXPECT_GE(set_statements_run(*leases.back()), 1);
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(pool.open_connections(), 3u);
  leases.clear();
  EXPECT_EQ(pool.idle_connections(), 3u);
}

TEST_F(RuntimeDbPool, ReusesReturnedConnections) {
  Pool pool(dsn(), sized(2));
  long long first = 0;
  {
    auto lease = pool.acquire();
    first = connection_id(*lease);
  }
  auto again = pool.acquire();
  EXPECT_EQ(connection_id(*again), first);
  EXPECT_EQ(pool.open_connections(), 1u);
}

TEST_F(RuntimeDbPool, ReplacesAConnectionKilledOnTheServer) {
  Pool pool(dsn(), sized(1));
  long long killed = 0;
  {
    auto lease = pool.acquire();
    killed = connection_id(*lease);
  }
  kill_connection(killed);
  auto lease = pool.acquire();
  long long fresh = connection_id(*lease);
  EXPECT_NE(fresh, killed);
  EXPECT_EQ(session_time_zone(*lease), "+00:00");
  EXPECT_GE(set_statements_run(*lease), 1);
  EXPECT_EQ(pool.open_connections(), 1u);
}

TEST_F(RuntimeDbPool, BrokenLeaseIsClosedNotReturned) {
  Pool pool(dsn(), sized(1));
  long long id = 0;
  {
    auto lease = pool.acquire();
    id = connection_id(*lease);
    lease.mark_broken();
  }
  EXPECT_EQ(pool.open_connections(), 0u);
  auto lease = pool.acquire();
  EXPECT_NE(connection_id(*lease), id);
}

TEST_F(RuntimeDbPool, AcquireTimesOutWhenAllAreLeased) {
  Pool pool(dsn(), sized(1, 50ms));
  auto held = pool.acquire();
  EXPECT_THROW(pool.acquire(), PoolTimeout);
}

TEST_F(RuntimeDbPool, WaitingAcquireGetsTheReturnedConnection) {
  Pool pool(dsn(), sized(1, 10s));
  auto held = std::make_unique<Lease>(pool.acquire());
  long long id = connection_id(**held);
  auto waiter = std::async(std::launch::async, [&] {
    auto lease = pool.acquire();
    return connection_id(*lease);
  });
  EXPECT_EQ(waiter.wait_for(50ms), std::future_status::timeout);  // blocked while held
  held.reset();
  EXPECT_EQ(waiter.get(), id);
}

TEST_F(RuntimeDbPool, ManyThreadsShareASmallPool) {
  Pool pool(dsn(), sized(2));
  std::vector<std::future<int>> workers;
  for (int t = 0; t < 6; ++t) {
    workers.push_back(std::async(std::launch::async, [&] {
      int sum = 0;
      for (int i = 0; i < 20; ++i) {
        auto lease = pool.acquire();
        int one = 0;
        *lease << "SELECT 1", soci::into(one);
        sum += one;
      }
      return sum;
    }));
  }
  for (auto& w : workers) EXPECT_EQ(w.get(), 20);
  EXPECT_LE(pool.open_connections(), 2u);
}

TEST_F(RuntimeDbPool, LeaseMayOutliveThePool) {
  auto pool = std::make_unique<Pool>(dsn(), sized(1));
  Lease lease = pool->acquire();
  pool.reset();
  int one = 0;
  *lease << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
}

}  // namespace
}  // namespace ntpmon::db::testing
