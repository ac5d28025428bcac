// with_transaction against real deadlocks, duplicate keys and lost connections.
#include <gtest/gtest.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "db/pool.h"
#include "db/transaction.h"
#include "db/transient.h"
#include "runtime_db_fixture.h"

namespace ntpmon::db::testing {
namespace {

using namespace std::chrono_literals;

class RuntimeDbTransaction : public RuntimeDb {
 protected:
  void SetUp() override {
    auto s = other_connection();
    *s << "UPDATE rt_counter SET n = 0";
    *s << "DELETE FROM rt_ballast";
  }

  static int counter(int id) {
    auto s = other_connection();
    int n = -1;
    *s << "SELECT n FROM rt_counter WHERE id = :id", soci::use(id), soci::into(n);
    return n;
  }

  // Records retries and never sleeps long, so the tests stay fast.
  RetryPolicy recording_policy() {
    RetryPolicy p;
    p.backoff = runtime::BackoffPolicy{1ms, 2.0, 10ms, 0.0};
    p.max_elapsed = 20s;
    p.on_retry = [this](const RetryEvent& e) { retries.push_back(e); };
    return p;
  }

  std::vector<RetryEvent> retries;
};

TEST_F(RuntimeDbTransaction, CommitsAndReturnsTheResult) {
  Pool pool(dsn());
  int n = with_transaction(pool, [](soci::session& s) {
    s << "UPDATE rt_counter SET n = n + 5 WHERE id = 1";
    int v = 0;
    s << "SELECT n FROM rt_counter WHERE id = 1", soci::into(v);
    return v;
  });
  EXPECT_EQ(n, 5);
  EXPECT_EQ(counter(1), 5);
}

TEST_F(RuntimeDbTransaction, RollsBackOnAnyErrorAndAddsContext) {
  Pool pool(dsn());
  try {
    with_transaction(pool, [](soci::session& s) {
      s << "UPDATE rt_counter SET n = 99 WHERE id = 1";
      throw std::runtime_error("validation failed for server 7");
    }, recording_policy());
    FAIL() << "no exception";
  } catch (const TransactionError& e) {
    EXPECT_EQ(std::string(e.what()), "transaction failed: validation failed for server 7");
    EXPECT_EQ(e.error_code(), std::nullopt);
    EXPECT_EQ(e.attempts(), 1);
  }
  EXPECT_TRUE(retries.empty());
  EXPECT_EQ(counter(1), 0);  // rolled back
}

TEST_F(RuntimeDbTransaction, DuplicateKeyIsNotRetried) {
  Pool pool(dsn());
  int calls = 0;
  try {
    with_transaction(pool, [&](soci::session& s) {
      ++calls;
      s << "UPDATE rt_counter SET n = 1 WHERE id = 2";
      s << "INSERT INTO rt_counter (id, n) VALUES (1, 0)";
    }, recording_policy());
    FAIL() << "no exception";
  } catch (const TransactionError& e) {
    EXPECT_EQ(e.error_code(), 1062u);
    EXPECT_FALSE(e.transient());
    EXPECT_NE(std::string(e.what()).find("Duplicate entry"), std::string::npos) << e.what();
    try {
      std::rethrow_if_nested(e);
      FAIL() << "no nested exception";
    } catch (const soci::mysql_soci_error& original) {
      EXPECT_EQ(original.err_num_, 1062u);
    }
  }
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(retries.empty());
  EXPECT_EQ(counter(2), 0);
}

// Two connections lock rt_counter rows 1 and 2 in opposite orders. The other transaction
// has also written rows to rt_ballast, so InnoDB rolls back the lighter one: ours.
TEST_F(RuntimeDbTransaction, RetriesARealDeadlockAndSucceeds) {
  Pool pool(dsn());
  std::latch other_holds_row2(1);
  std::latch we_hold_row1(1);
  std::atomic<bool> other_failed{false};
  std::thread other([&] {
    try {
      auto s = other_connection();
      s->begin();
      for (int i = 0; i < 50; ++i) *s << "INSERT INTO rt_ballast (pad) VALUES ('weight')";
      *s << "UPDATE rt_counter SET n = n + 1 WHERE id = 2";
      other_holds_row2.count_down();
      we_hold_row1.wait();
      *s << "UPDATE rt_counter SET n = n + 1 WHERE id = 1";  // waits until we are rolled back
      s->commit();
    } catch (...) {
      other_failed = true;
      other_holds_row2.count_down();
    }
  });
  other_holds_row2.wait();

  int attempts = 0;
  with_transaction(pool, [&](soci::session& s) {
    ++attempts;
    s << "UPDATE rt_counter SET n = n + 1 WHERE id = 1";
    if (attempts == 1) we_hold_row1.count_down();
    s << "UPDATE rt_counter SET n = n + 1 WHERE id = 2";  // the deadlock
  }, recording_policy());
  other.join();

  ASSERT_FALSE(other_failed) << "InnoDB chose the other transaction as the victim";
  EXPECT_EQ(attempts, 2);
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_EQ(retries[0].error_code, kErLockDeadlock);
  EXPECT_EQ(retries[0].attempt, 1);
  EXPECT_EQ(counter(1), 2);  // one from each transaction; the failed attempt left nothing
  EXPECT_EQ(counter(2), 2);
}

TEST_F(RuntimeDbTransaction, GivesUpOnTransientErrorsAfterMaxElapsed) {
  Pool pool(dsn());
  RetryPolicy policy = recording_policy();
  policy.max_elapsed = 30ms;
  int calls = 0;
  try {
    with_transaction(pool, [&](soci::session&) {
      ++calls;
      throw soci::mysql_soci_error("Lock wait timeout exceeded", 1205);
    }, policy);
    FAIL() << "no exception";
  } catch (const TransactionError& e) {
    EXPECT_TRUE(e.transient());
    EXPECT_EQ(e.error_code(), 1205u);
    EXPECT_EQ(e.attempts(), calls);
  }
  EXPECT_GT(calls, 1);
  EXPECT_EQ(retries.size(), static_cast<std::size_t>(calls - 1));
  // The delays double: 1, 2, 4, ... ms (capped at 10).
  for (std::size_t i = 1; i < retries.size(); ++i) {
    EXPECT_EQ(retries[i].delay, std::min(retries[i - 1].delay * 2, std::chrono::milliseconds(10)));
  }
}

TEST_F(RuntimeDbTransaction, SleepHookCanAbandonRetries) {
  Pool pool(dsn());
  RetryPolicy policy = recording_policy();
  policy.sleep = [](std::chrono::milliseconds) { return false; };  // e.g. shutdown requested
  int calls = 0;
  EXPECT_THROW(with_transaction(pool, [&](soci::session&) {
    ++calls;
    throw soci::mysql_soci_error("Deadlock found", 1213);
  }, policy), TransactionError);
  EXPECT_EQ(calls, 1);
}

TEST_F(RuntimeDbTransaction, LostConnectionIsReplacedAndRetried) {
  Pool pool(dsn());
  int attempts = 0;
  std::set<long long> ids;
  with_transaction(pool, [&](soci::session& s) {
    ++attempts;
    long long id = connection_id(s);
    ids.insert(id);
    if (attempts == 1) kill_connection(id);
    s << "UPDATE rt_counter SET n = n + 1 WHERE id = 1";
  }, recording_policy());
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(ids.size(), 2u);
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_TRUE(is_connection_lost_code(retries[0].error_code)) << retries[0].error;
  EXPECT_EQ(counter(1), 1);
}

TEST_F(RuntimeDbTransaction, SessionFormReconnectsAndKeepsUtc) {
  auto s = open_session(dsn());
  int attempts = 0;
  with_transaction(*s, [&](soci::session& session) {
    ++attempts;
    if (attempts == 1) kill_connection(connection_id(session));
    session << "UPDATE rt_counter SET n = n + 1 WHERE id = 2";
  }, recording_policy());
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(counter(2), 1);
  EXPECT_EQ(session_time_zone(*s), "+00:00");
  EXPECT_GE(set_statements_run(*s), 1);
}

}  // namespace
}  // namespace ntpmon::db::testing
