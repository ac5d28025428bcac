#pragma once
// Running a function in a transaction, retrying transient errors.
//
//   auto n = db::with_transaction(pool, [&](soci::session& s) {
//     ...generated query calls on s...
//     return rows;
//   }, policy);
//
// Each attempt: BEGIN, fn(session), COMMIT. On an error it rolls back; a transient error
// (deadlock 1213, lock wait timeout 1205, server gone 2006, lost connection 2013; see
// transient.h) is retried after a backoff delay until RetryPolicy::max_elapsed, anything else
// is rethrown at once as TransactionError with the original nested
// (std::rethrow_if_nested). A lost connection is replaced before the next attempt (pool:
// a new lease; session: reconnect). A lost connection during COMMIT is not retried: the
// outcome is unknown. fn may run several times: it must not have other side effects that
// cannot be repeated.

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "db/pool.h"
#include "db/retry_policy.h"

namespace soci {
class session;
}

namespace ntpmon::db {

class TransactionError : public std::runtime_error {
 public:
  TransactionError(const std::string& message, std::optional<unsigned> error_code, int attempts,
                   bool transient)
      : std::runtime_error(message),
        error_code_(error_code),
        attempts_(attempts),
        transient_(transient) {}

  // The MySQL error number of the last failure, if it was a database error.
  std::optional<unsigned> error_code() const { return error_code_; }
  int attempts() const { return attempts_; }
  // True when it failed on a transient error and the retries ran out (or were cut short).
  bool transient() const { return transient_; }

 private:
  std::optional<unsigned> error_code_;
  int attempts_;
  bool transient_;
};

namespace detail {
using TransactionBody = std::function<void(soci::session&)>;
void run_transaction(Pool& pool, const TransactionBody& body, const RetryPolicy& policy);
void run_transaction(soci::session& session, const TransactionBody& body,
                     const RetryPolicy& policy);
}  // namespace detail

// `Target` is a Pool or a soci::session. Returns what fn returns.
template <typename Target, typename Fn>
  requires(std::is_same_v<Target, Pool> || std::is_same_v<Target, soci::session>)
auto with_transaction(Target& target, Fn&& fn, const RetryPolicy& policy = {})
    -> std::invoke_result_t<Fn&, soci::session&> {
  using Result = std::invoke_result_t<Fn&, soci::session&>;
  if constexpr (std::is_void_v<Result>) {
    detail::run_transaction(target, [&fn](soci::session& s) { fn(s); }, policy);
  } else {
    std::optional<Result> result;
    detail::run_transaction(target, [&](soci::session& s) { result.emplace(fn(s)); }, policy);
    return std::move(*result);
  }
}

}  // namespace ntpmon::db
