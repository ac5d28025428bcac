#include "db/transaction.h"

#include <soci/soci.h>

#include <thread>

#include "db/connect.h"
#include "db/transient.h"
#include "runtime/backoff.h"

namespace ntpmon::db::detail {

namespace {

enum class Phase { begin, body, commit };

// One attempt on one session: BEGIN, body, COMMIT; rolls back on failure and rethrows.
// `phase` tells the caller where it failed.

void attempt(soci::session& session, const TransactionBody& body, Phase& phase) {
  phase = Phase::begin;
  session.begin();
  try {
    phase = Phase::body;
    body(session);
    phase = Phase::commit;
    session.commit();
  } catch (...) {
    try {
      session.rollback();
    } catch (...) {
      // The connection may be gone; the server rolls back on disconnect.
    }
    throw;
  }
}

std::string describe_error(const std::exception& e, std::optional<unsigned> code) {
  std::string what = e.what();
  if (code && what.find(std::to_string(*code)) == std::string::npos) {
    what = "MySQL error " + std::to_string(*code) + ": " + what;
  }
  return what;
}

bool default_sleep(std::chrono::milliseconds d) {
  std::this_thread::sleep_for(d);
  return true;
}

// The retry loop shared by the pool and the session form. `run` runs one attempt and
// reports a lost connection through `connection_lost`.
template <typename RunAttempt>
void retry_loop(const RetryPolicy& policy, RunAttempt&& run) {
  runtime::Backoff backoff(policy.backoff);
  const auto start = std::chrono::steady_clock::now();
  for (int attempt_no = 1;; ++attempt_no) {
    Phase phase = Phase::begin;
    try {
      run(phase);
      return;
    } catch (const std::exception& e) {
      auto code = mysql_error_code(e);
      bool transient = code && is_transient_error_code(*code);
      std::string what = describe_error(e, code);
      if (transient && phase == Phase::commit && is_connection_lost_code(*code)) {
        std::throw_with_nested(TransactionError(
            "transaction commit outcome unknown (connection lost during COMMIT): " + what, code,
            attempt_no, false));
      }
      if (!transient) {
        std::throw_with_nested(TransactionError("transaction failed: " + what, code, attempt_no, false));
      }
      auto delay = backoff.next();
      auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      if (elapsed + delay > policy.max_elapsed) {
        std::throw_with_nested(TransactionError(
            "transaction failed after " + std::to_string(attempt_no) + " attempt(s) in " +
                std::to_string(elapsed.count()) + " ms: " + what,
            code, attempt_no, true));
      }
      if (policy.on_retry) {
        try {
          policy.on_retry(RetryEvent{attempt_no, *code, what, delay});
        } catch (...) {
        }
      }
      bool go_on = policy.sleep ? policy.sleep(delay) : default_sleep(delay);
      if (!go_on) {
        std::throw_with_nested(TransactionError(
            "transaction abandoned after " + std::to_string(attempt_no) + " attempt(s): " + what,
            code, attempt_no, true));
      }
    }
  }
}

}  // namespace

void run_transaction(Pool& pool, const TransactionBody& body, const RetryPolicy& policy) {
  retry_loop(policy, [&](Phase& phase) {
    Lease lease = pool.acquire();
    try {
      attempt(*lease, body, phase);
    } catch (const std::exception& e) {
      if (is_connection_lost(e)) lease.mark_broken();
      throw;
    }
  });
}

void run_transaction(soci::session& session, const TransactionBody& body,
                     const RetryPolicy& policy) {
  bool reconnect = false;
  retry_loop(policy, [&](Phase& phase) {
    if (reconnect) {
      reconnect = false;
      reconnect_session(session);
    }
    try {
      attempt(session, body, phase);
    } catch (const std::exception& e) {
      if (is_connection_lost(e)) reconnect = true;
      throw;
    }
  });
}

}  // namespace ntpmon::db::detail
