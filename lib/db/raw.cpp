#include "db/raw.h"

#include <soci/soci.h>

#include <stdexcept>

namespace ntpmon::db {

RawQueryError::RawQueryError(unsigned error_number, std::string sql_state,
                             std::string server_message)
    : soci::mysql_soci_error("MySQL error " + std::to_string(error_number) + " (" + sql_state +
                                 "): " + server_message,
                             static_cast<int>(error_number)),
      sql_state_(std::move(sql_state)),
      server_message_(std::move(server_message)) {}

namespace {

[[noreturn]] void throw_server_error(MYSQL* conn) {
  throw RawQueryError(mysql_errno(conn), mysql_sqlstate(conn), mysql_error(conn));
}

}  // namespace

std::uint64_t execute_raw(soci::session& session, std::string_view sql) {
  if (session.get_backend() == nullptr || session.get_backend_name() != "mysql") {
    throw std::invalid_argument("execute_raw needs a connected MySQL session");
  }
  MYSQL* conn = static_cast<soci::mysql_session_backend*>(session.get_backend())->conn_;
  if (mysql_real_query(conn, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    throw_server_error(conn);
  }
  std::uint64_t affected = 0;
  // A CALL returns one result per SELECT in the procedure plus a final status result.
  for (;;) {
    if (MYSQL_RES* res = mysql_store_result(conn)) {
      mysql_free_result(res);
    } else if (mysql_field_count(conn) != 0) {
      throw_server_error(conn);
    } else {
      affected = mysql_affected_rows(conn);
    }
    int next = mysql_next_result(conn);
    if (next > 0) throw_server_error(conn);
    if (next < 0) break;
  }
  return affected;
}

}  // namespace ntpmon::db
