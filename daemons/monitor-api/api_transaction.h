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

template <typename Fn>
auto in_transaction(db::Pool& pool, Fn&& fn) -> std::invoke_result_t<Fn&, soci::session&> {
  try {
    return db::with_transaction(pool, std::forward<Fn>(fn), request_retry_policy());
  } catch (const std::exception& e) {
    rethrow_as_api_error(e);
  }
}

}  // namespace ntpmon::monitor_api
