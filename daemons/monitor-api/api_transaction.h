#pragma once
// Database work of a request: one transaction (every write of a call commits together or not
// at all), transient errors retried briefly, and an api::ApiError thrown inside the
// transaction (a refusal discovered halfway) rolled back and rethrown as it was. Any other
// database failure becomes ApiError unavailable (connection problems, retries exhausted) or
// internal, with the cause in the message.

#include <soci/soci.h>

#include <functional>
#include <type_traits>
#include <utility>

#include "api/connect_error.h"
#include "db/transaction.h"

namespace ntpmon::monitor_api {

// How long a request keeps retrying a deadlock or lost connection.
inline constexpr std::chrono::seconds kRequestRetryBudget{5};

db::RetryPolicy request_retry_policy();

// Rethrows what `error` (from with_transaction) stands for as an ApiError.
[[noreturn]] void rethrow_as_api_error(const std::exception& error);

// MySQL 1467 (ER_AUTOINC_READ_FAILED) is how InnoDB reports a deadlock or lock wait on a
// table's AUTO-INC lock; like 1213 the transaction is worth another attempt. (db::is_transient
// does not count it.)
bool is_autoinc_lock_failure(const std::exception& error);
inline constexpr int kAutoincRetries = 3;

template <typename Fn>
auto in_transaction(db::Pool& pool, Fn&& fn) -> std::invoke_result_t<Fn&, soci::session&> {
  for (int attempt = 1;; ++attempt) {
    try {
      return db::with_transaction(pool, fn, request_retry_policy());
    } catch (const std::exception& e) {
      if (attempt < kAutoincRetries && is_autoinc_lock_failure(e)) continue;
      rethrow_as_api_error(e);
    }
  }
}

}  // namespace ntpmon::monitor_api
