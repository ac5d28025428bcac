#pragma once
// The Go MySQL driver's DSN (the form of DATABASE_DSN):
//
//   [user[:password]@][net[(addr)]]/dbname[?param1=value1&paramN=valueN]
//   monitor:secret@tcp(db.example:3306)/monitor?parseTime=true&timeout=5s
//   monitor@unix(/run/mysqld/mysqld.sock)/monitor
//
// As in Go's driver: the last '/' separates the database name, the last '@' before it the
// user info, whose first ':' separates the password (so a password may hold ':' and '@');
// only parameter values are percent-decoded; net defaults to tcp, a tcp address to
// 127.0.0.1:3306, a missing port to 3306.
//
// Parameters: timeout, readTimeout, writeTimeout (Go durations) are honoured; charset and
// tls (false, true, skip-verify, preferred) are honoured; parseTime, loc, collation and the
// Go driver's other client options are accepted without effect (listed in ignored_params);
// any other parameter is an error naming it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.h"

namespace ntpmon::db {

struct Dsn {
  std::string user;
  std::optional<std::string> password;  // nullopt: no ':' in the user info
  std::string net = "tcp";              // "tcp" or "unix"
  std::string host = "127.0.0.1";       // tcp
  std::uint16_t port = 3306;            // tcp
  std::string socket;                   // unix
  std::string database;

  // Zero: not given.
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds read_timeout{0};
  std::chrono::milliseconds write_timeout{0};
  std::string tls;        // "", "false", "true", "skip-verify", "preferred"
  std::string charset;    // first of a comma-separated list; "" means utf8mb4
  std::string collation;  // accepted, not applied
  bool parse_time = false;
  std::string loc;
  std::vector<std::string> ignored_params;  // accepted parameters without effect here

  // The DSN with the password replaced by "***", for logs and errors.
  std::string redacted() const;
};

// A DSN that does not parse; the message names the problem and its position (offset from
// the start) and never repeats the password.
class DsnError : public config::ConfigError {
 public:
  DsnError(const std::string& problem, std::size_t position);
  std::size_t position() const { return position_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string problem_;
  std::size_t position_;
};

Dsn parse_dsn(std::string_view text);

}  // namespace ntpmon::db
