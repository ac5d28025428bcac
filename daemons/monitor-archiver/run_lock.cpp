#include "run_lock.h"

#include <soci/soci.h>

#include <stdexcept>
#include <utility>

#include "db/connect.h"
#include "log/default_logger.h"
#include "sql/archiver.h"

namespace ntpmon::archiver {

std::string run_lock_name(const std::string& table, const std::string& pattern) {
  std::string name = pattern;
  for (auto pos = name.find("{table}"); pos != std::string::npos; pos = name.find("{table}", pos + table.size())) {
    name.replace(pos, 7, table);
  }
  if (name.empty() || name.size() > 64) {
    throw std::invalid_argument("lock name '" + name + "' must have 1 to 64 characters");
  }
  return name;
}

RunLock::RunLock(const db::Dsn& dsn, std::string name, std::chrono::seconds wait)
    : name_(std::move(name)), session_(db::open_session(dsn)) {
  auto timeout = static_cast<std::uint32_t>(std::max<std::int64_t>(0, wait.count()));
  auto row = sql::AcquireArchiverLock(*session_, name_, timeout);
  if (!row || !row->acquired) throw std::runtime_error("lock: GET_LOCK('" + name_ + "') returned NULL");
  if (*row->acquired != 1) throw LockNotAcquired();
}

RunLock::~RunLock() {
  try {
    sql::ReleaseArchiverLock(*session_, name_);
  } catch (const std::exception& e) {
    // The lock ends with the connection anyway, which closes right after this.
    log::default_logger().warn("could not release the run lock", {{"lock", name_}, {"error", e}});
  }
}

void RunLock::check_still_held() {
  std::optional<sql::HoldsArchiverLockRow> row;
  try {
    row = sql::HoldsArchiverLock(*session_, name_);
  } catch (const std::exception& e) {
    throw std::runtime_error("lost the run lock '" + name_ + "': its connection failed: " + e.what());
  }
  if (!row || row->held.value_or(0) != 1) {
    throw std::runtime_error("lost the run lock '" + name_ + "': another session may be archiving");
  }
}

}  // namespace ntpmon::archiver
