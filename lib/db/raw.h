#pragma once
// Running one SQL statement as text through the MySQL client library, bypassing soci's
// statement parser (which would take ':' in procedure bodies and DDL for placeholders).
// For the migration tool, with SQL read from sql/ files; never with SQL written in C++.

#include <cstdint>
#include <string>
#include <string_view>

#include <soci/mysql/soci-mysql.h>

namespace soci {
class session;
}

namespace ntpmon::db {

// The server's error for a raw statement. A soci::mysql_soci_error, so the transient-error
// classification and callers catching soci's type see it too.
class RawQueryError : public soci::mysql_soci_error {
 public:
  RawQueryError(unsigned error_number, std::string sql_state, std::string server_message);
  unsigned error_number() const { return err_num_; }
  const std::string& sql_state() const { return sql_state_; }
  const std::string& server_message() const { return server_message_; }

 private:
  std::string sql_state_;
  std::string server_message_;
};

// Runs `sql` (one statement) and discards any result sets; returns the affected row count
// of the last result. Throws RawQueryError with the server's error number and message, and
// std::invalid_argument when the session is not a MySQL session.
std::uint64_t execute_raw(soci::session& session, std::string_view sql);

}  // namespace ntpmon::db
