#pragma once
// How with_transaction() retries transient errors.

#include <chrono>
#include <functional>
#include <string>

#include "runtime/backoff.h"

namespace ntpmon::db {

struct RetryEvent {
  int attempt = 0;            // the attempt that failed, from 1
  unsigned error_code = 0;    // MySQL error number
  std::string error;          // its message
  std::chrono::milliseconds delay{0};  // wait before the next attempt
};

struct RetryPolicy {
  // 100 ms, doubling, capped at 5 s; each delay drawn from [d/2, d].
  runtime::BackoffPolicy backoff{std::chrono::milliseconds(100), 2.0, std::chrono::seconds(5), 0.5};
  // No retry starts later than this after the first attempt began.
  std::chrono::milliseconds max_elapsed{std::chrono::seconds(30)};
  // Called before each retry (count it in a metric, log it). Must not throw.
  std::function<void(const RetryEvent&)> on_retry;
  // Waits between attempts; returning false gives up (e.g. on shutdown:
  // [&](auto d) { return !shutdown.wait_for(d); }). Default: sleep.
  std::function<bool(std::chrono::milliseconds)> sleep;

  static RetryPolicy no_retry() {
    RetryPolicy p;
    p.max_elapsed = std::chrono::milliseconds(0);
    return p;
  }
};

}  // namespace ntpmon::db
