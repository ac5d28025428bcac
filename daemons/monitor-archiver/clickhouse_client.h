#pragma once
// ClickHouse's HTTP interface (the native protocol of the original's clickhouse-go has no
// client packaged for Debian; spec/archiver.md §8).
//
// The server comes from ch_dsn, kept as the original's variable name but holding an HTTP URL:
//   http://[user[:password]@]host[:port][/database]     (https too; default port 8123/8443,
//   database "default")

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::archiver {

struct ClickHouseEndpoint {
  std::string scheme = "http";
  std::string host;
  int port = 8123;
  std::string user;
  std::string password;
  std::string database = "default";

  // scheme://[user:***@]host:port/database, for logs and errors.
  std::string redacted() const;
};

// Throws std::invalid_argument naming the problem (never the password); a tcp:// or
// clickhouse:// DSN of the native protocol gets a message saying to use the HTTP URL.
ClickHouseEndpoint parse_clickhouse_url(std::string_view url);

class ClickHouseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ClickHouseClient {
 public:
  ClickHouseClient(ClickHouseEndpoint endpoint, std::chrono::seconds timeout);
  ~ClickHouseClient();
  ClickHouseClient(const ClickHouseClient&) = delete;
  ClickHouseClient& operator=(const ClickHouseClient&) = delete;

  // Runs one statement and returns the response body. With `data`, the statement goes in the
  // URL and `data` is the request body (an INSERT's rows). Throws ClickHouseError with the
  // HTTP status and the server's message, or the transport error.
  std::string execute(std::string_view statement, std::string_view data = {});

  const ClickHouseEndpoint& endpoint() const { return endpoint_; }

 private:
  struct Http;
  ClickHouseEndpoint endpoint_;
  std::unique_ptr<Http> http_;
};

}  // namespace ntpmon::archiver
