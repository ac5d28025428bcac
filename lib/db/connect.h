#pragma once
// Opening soci sessions (MySQL backend) from a DSN. Every new connection uses utf8mb4 (or
// the DSN's charset) and has its session time zone set to UTC.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "db/dsn.h"

namespace soci {
class session;
}

namespace ntpmon::db {

struct ConnectOptions {
  // Used when the DSN has no timeout parameter.
  std::chrono::seconds connect_timeout{10};
};

// The soci MySQL connect string (values quoted for soci's parser). Timeouts are rounded up
// to whole seconds, the unit of the MySQL client library.
std::string soci_connect_string(const Dsn& dsn, const ConnectOptions& options = {});

// A connection failure; the message names the server (never the password).
class ConnectError : public std::runtime_error {
 public:
  ConnectError(const std::string& message, unsigned error_code)
      : std::runtime_error(message), error_code_(error_code) {}
  // The MySQL client/server error number (e.g. 2003, 1045); 0 if none.
  unsigned error_code() const { return error_code_; }

 private:
  unsigned error_code_;
};

// Connects and runs prepare_session(). Throws ConnectError.
std::unique_ptr<soci::session> open_session(const Dsn& dsn, const ConnectOptions& options = {});

// What every new connection runs: SetSessionTimeZoneUtc (sql/queries/session.sql).
void prepare_session(soci::session& session);

// Reconnects a session whose connection was lost and runs prepare_session() again.
void reconnect_session(soci::session& session);

}  // namespace ntpmon::db
