#include "db/transient.h"

#include <soci/mysql/soci-mysql.h>

namespace ntpmon::db {

bool is_transient_error_code(unsigned code) {
  return code == kErLockDeadlock || code == kErLockWaitTimeout || is_connection_lost_code(code);
}

bool is_connection_lost_code(unsigned code) {
  return code == kCrServerGoneError || code == kCrServerLost;
}

std::optional<unsigned> mysql_error_code(const std::exception& error) {
  if (const auto* e = dynamic_cast<const soci::mysql_soci_error*>(&error)) return e->err_num_;
  return std::nullopt;
}

bool is_transient(const std::exception& error) {
  auto code = mysql_error_code(error);
  return code && is_transient_error_code(*code);
}

bool is_connection_lost(const std::exception& error) {
  auto code = mysql_error_code(error);
  return code && is_connection_lost_code(*code);
}

}  // namespace ntpmon::db
