#pragma once
// Which database errors are worth retrying.
//
//   1213 ER_LOCK_DEADLOCK         deadlock; the server rolled the transaction back
//   1205 ER_LOCK_WAIT_TIMEOUT     lock wait timeout
//   2006 CR_SERVER_GONE_ERROR     server has gone away
//   2013 CR_SERVER_LOST           lost connection during a query
// The last two also mean the connection is dead and must be replaced.

#include <exception>
#include <optional>

namespace ntpmon::db {

inline constexpr unsigned kErLockDeadlock = 1213;
inline constexpr unsigned kErLockWaitTimeout = 1205;
inline constexpr unsigned kCrServerGoneError = 2006;
inline constexpr unsigned kCrServerLost = 2013;

bool is_transient_error_code(unsigned code);
bool is_connection_lost_code(unsigned code);

// The MySQL error number carried by a soci::mysql_soci_error (or a subclass such as
// RawQueryError); nullopt for other exceptions.
std::optional<unsigned> mysql_error_code(const std::exception& error);

bool is_transient(const std::exception& error);
bool is_connection_lost(const std::exception& error);

}  // namespace ntpmon::db
