#pragma once
// A monitor-web service on a loopback port, over a fresh test database loaded with the §7
// fixture, with the vectors' clock (2025-06-01 12:00:00 UTC). Plus a small HTTP client.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "test_database.h"
#include "web_http.h"

namespace ntpmon::web::test {

inline constexpr std::int64_t kVectorNow = 1748779200;  // 2025-06-01 12:00:00 UTC

struct Fetched {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::string url;  // the last URL fetched (after redirects)

  // The value of a header, nullopt when absent.
  std::optional<std::string> header(const std::string& name) const;
};

// One request to 127.0.0.1:<port>; no redirect followed; `target` sent as is.
Fetched http_fetch(std::uint16_t port, const std::string& target, const std::string& method = "GET");

// The bytes the server sends for `GET <target> HTTP/1.1` with `Connection: close`, read to
// the end of the connection: status line, header lines and body exactly as on the wire.
std::string http_fetch_raw(std::uint16_t port, const std::string& target);

class WebTestServer {
 public:
  // Loads tests/integration/web/spec7_fixture.sql unless `fixture` is false. `now` is the
  // service's clock (default: the vectors' time).
  explicit WebTestServer(std::string label, bool fixture = true,
                         std::chrono::sys_seconds now = std::chrono::sys_seconds{std::chrono::seconds{kVectorNow}});
  ~WebTestServer();

  ntpmon::test::TestDatabase& database() { return db_; }
  std::uint16_t port() const;
  std::string base_url() const;  // http://127.0.0.1:<port>

  // One request; no redirect followed. `target` is sent as is (not re-encoded).
  Fetched fetch(const std::string& target, const std::string& method = "GET") const;
  // Follows up to 5 redirects, as curl -L, wget or a browser would.
  Fetched fetch_following(const std::string& target) const;

  // The service's answer without HTTP in between (any bytes as path and query).
  WebResponse handle(const WebRequest& request) const;

 private:
  ntpmon::test::TestDatabase db_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ntpmon::web::test
