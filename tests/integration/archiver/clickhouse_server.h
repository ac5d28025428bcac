#pragma once
// A real ClickHouse server (Debian's clickhouse-server 18.16) for one test: a child process
// with its own config and data in a temp directory, listening on free loopback ports, stopped
// (SIGTERM) and removed when the object goes away.
//
//   test::ClickHouseServer ch;            // throws ClickHouseUnavailable when it cannot start
//   env["ch_dsn"] = ch.url();
//   ch.query("SELECT count() FROM log_scores");

#include <sys/types.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace ntpmon::test {

class ClickHouseUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ClickHouseServer {
 public:
  static constexpr const char* kBinary = "/usr/sbin/clickhouse-server";

  ClickHouseServer();
  ~ClickHouseServer();
  ClickHouseServer(const ClickHouseServer&) = delete;
  ClickHouseServer& operator=(const ClickHouseServer&) = delete;

  int http_port() const { return http_port_; }
  // ch_dsn for the archiver: http://127.0.0.1:<port>/default
  std::string url() const;
  // Runs a statement over HTTP; throws std::runtime_error with the server's message.
  std::string query(const std::string& sql) const;

 private:
  std::filesystem::path dir_;
  int http_port_ = 0;
  int tcp_port_ = 0;
  pid_t pid_ = -1;
};

// A port no one listens on at the moment (bound to 0, then released).
int free_loopback_port();

}  // namespace ntpmon::test
