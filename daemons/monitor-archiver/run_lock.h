#pragma once
// The advisory lock that keeps two archive runs off the same table (spec/archiver.md §2.2
// step 3): GET_LOCK('archiver-<table>'), held on a connection of its own for the whole run
// and released at the end. That connection is never reconnected: if it dies the lock is
// gone, and still_held() says so before the run moves another marker.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "db/dsn.h"

namespace soci {
class session;
}

namespace ntpmon::archiver {

inline constexpr const char* kDefaultRunLockPattern = "archiver-{table}";

// The lock name for a table: `pattern` with {table} replaced ("archiver-log_scores" by
// default, the original's name, so this program and the original exclude each other).
// Throws std::invalid_argument when the name is longer than MySQL's 64 characters.
std::string run_lock_name(const std::string& table, const std::string& pattern = kDefaultRunLockPattern);

// Another session holds the lock (after waiting `wait`, if any).
class LockNotAcquired : public std::runtime_error {
 public:
  LockNotAcquired() : std::runtime_error("did not get lock, exiting") {}
};

class RunLock {
 public:
  // Opens the lock connection and takes the lock `name`, waiting up to `wait` (whole
  // seconds). Throws LockNotAcquired, or a database error when the lock query fails.
  RunLock(const db::Dsn& dsn, std::string name, std::chrono::seconds wait);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& name() const { return name_; }
  // Throws std::runtime_error naming the lock when this run no longer holds it.
  void check_still_held();

 private:
  std::string name_;
  std::unique_ptr<soci::session> session_;
};

}  // namespace ntpmon::archiver
