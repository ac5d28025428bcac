#include "api_transaction.h"

#include "db/pool.h"
#include "db/transient.h"

namespace ntpmon::monitor_api {

db::RetryPolicy request_retry_policy() {
  db::RetryPolicy policy;
  policy.backoff = runtime::BackoffPolicy{std::chrono::milliseconds(20), 2.0, std::chrono::milliseconds(500), 0.5};
  policy.max_elapsed = kRequestRetryBudget;
  return policy;
}

bool is_autoinc_lock_failure(const std::exception& error) {
  constexpr unsigned kErAutoincReadFailed = 1467;
  const auto* tx = dynamic_cast<const db::TransactionError*>(&error);
  return tx != nullptr && tx->error_code() == kErAutoincReadFailed;
}

void rethrow_as_api_error(const std::exception& error) {
  // What the transaction body (or acquiring a connection) threw arrives nested in a
  // TransactionError.
  try {
    std::rethrow_if_nested(error);
  } catch (const api::ApiError& inner) {
    throw inner;
  } catch (const db::PoolTimeout& inner) {
    throw api::ApiError(api::ErrorCode::unavailable, std::string("database unavailable: ") + inner.what());
  } catch (const db::ConnectError& inner) {
    throw api::ApiError(api::ErrorCode::unavailable, std::string("database unavailable: ") + inner.what());
  } catch (...) {
  }
  if (const auto* api_error = dynamic_cast<const api::ApiError*>(&error)) throw *api_error;
  if (dynamic_cast<const db::PoolTimeout*>(&error) != nullptr || dynamic_cast<const db::ConnectError*>(&error) != nullptr) {
    throw api::ApiError(api::ErrorCode::unavailable, std::string("database unavailable: ") + error.what());
  }
  if (const auto* tx = dynamic_cast<const db::TransactionError*>(&error); tx != nullptr && tx->transient()) {
    throw api::ApiError(api::ErrorCode::unavailable, std::string("database busy, try again: ") + error.what());
  }
  throw api::ApiError(api::ErrorCode::internal, std::string("database error: ") + error.what());
}

}  // namespace ntpmon::monitor_api
