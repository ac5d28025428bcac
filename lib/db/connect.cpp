#include "db/connect.h"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include "sql/session.h"

namespace ntpmon::db {

namespace {

// soci reads 'quoted' values with backslash escapes.
std::string quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

unsigned whole_seconds(std::chrono::milliseconds d) {
  auto s = std::chrono::ceil<std::chrono::seconds>(d).count();
  return static_cast<unsigned>(s < 1 ? 1 : s);
}

// The CA bundle Debian's ca-certificates installs; used for tls=true/skip-verify.
constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace

std::string soci_connect_string(const Dsn& dsn, const ConnectOptions& options) {
  std::string out;
  auto add = [&out](const char* key, const std::string& value) {
    if (!out.empty()) out.push_back(' ');
    out += key;
    out.push_back('=');
    out += quote(value);
  };
  if (dsn.net == "unix") {
    add("unix_socket", dsn.socket);
  } else {
    add("host", dsn.host);
    add("port", std::to_string(dsn.port));
  }
  if (!dsn.user.empty()) add("user", dsn.user);
  if (dsn.password) add("password", *dsn.password);
  if (!dsn.database.empty()) add("db", dsn.database);
  add("charset", dsn.charset.empty() ? std::string("utf8mb4") : dsn.charset);
  auto connect_timeout = dsn.timeout.count() > 0 ? whole_seconds(dsn.timeout)
                                                  : static_cast<unsigned>(options.connect_timeout.count());
  add("connect_timeout", std::to_string(connect_timeout < 1 ? 1 : connect_timeout));
  if (dsn.read_timeout.count() > 0) add("read_timeout", std::to_string(whole_seconds(dsn.read_timeout)));
  if (dsn.write_timeout.count() > 0) {
    add("write_timeout", std::to_string(whole_seconds(dsn.write_timeout)));
  }
  // tls=true and skip-verify: an encrypted connection (with MariaDB's client, setting a CA
  // turns TLS on). preferred and false: whatever the server offers / plain.
  if (dsn.tls == "true" || dsn.tls == "skip-verify") add("sslca", kSystemCaBundle);
  return out;
}

std::unique_ptr<soci::session> open_session(const Dsn& dsn, const ConnectOptions& options) {
  std::unique_ptr<soci::session> session;
  try {
    session = std::make_unique<soci::session>(soci::mysql, soci_connect_string(dsn, options));
  } catch (const soci::mysql_soci_error& e) {
    throw ConnectError("connecting to " + dsn.redacted() + ": " + e.get_error_message(), e.err_num_);
  } catch (const soci::soci_error& e) {
    throw ConnectError("connecting to " + dsn.redacted() + ": " + e.get_error_message(), 0);
  }
  prepare_session(*session);
  return session;
}

void prepare_session(soci::session& session) { ntpmon::sql::SetSessionTimeZoneUtc(session); }

void reconnect_session(soci::session& session) {
  session.reconnect();
  prepare_session(session);
}

}  // namespace ntpmon::db
