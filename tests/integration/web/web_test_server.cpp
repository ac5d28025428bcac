#include "web_test_server.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "db/pool.h"
#include "http_listener.h"
#include "log/sink.h"
#include "web_app.h"

namespace ntpmon::web::test {

std::optional<std::string> Fetched::header(const std::string& name) const {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  auto it = headers.find(lower);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

namespace {
ListenerOptions listener_options() {
  ListenerOptions options;
  options.threads = 4;
  return options;
}
}  // namespace

struct WebTestServer::Impl {
  std::unique_ptr<db::Pool> pool;
  std::unique_ptr<WebApp> app;
  std::unique_ptr<HttpListener> listener;
};

WebTestServer::WebTestServer(std::string label, bool fixture, std::chrono::sys_seconds now)
    : db_(label), impl_(std::make_unique<Impl>()) {
  if (fixture) db_.run_script_file(std::string(NTPMON_SOURCE_DIR) + "/tests/integration/web/spec7_fixture.sql");
  db::PoolOptions options;
  options.max_size = 4;
  options.ping_on_acquire = false;  // as monitor-web
  impl_->pool = std::make_unique<db::Pool>(db_.dsn(), options);
  log::Logger logger(log::stderr_sink(), log::Level::warn);
  impl_->app = std::make_unique<WebApp>(*impl_->pool, [now] { return now; }, logger);
  impl_->listener = std::make_unique<HttpListener>(
      "127.0.0.1:0", [app = impl_->app.get()](const WebRequest& r) { return app->handle(r); },
      listener_options(), logger);
}

WebTestServer::~WebTestServer() {
  impl_->listener->stop();
}

WebResponse WebTestServer::handle(const WebRequest& request) const { return impl_->app->handle(request); }

std::uint16_t WebTestServer::port() const { return impl_->listener->port(); }

std::string WebTestServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }

Fetched WebTestServer::fetch(const std::string& target, const std::string& method) const {
  return http_fetch(port(), target, method);
}

Fetched http_fetch(std::uint16_t port, const std::string& target, const std::string& method) {
  httplib::Client client("127.0.0.1", port);
  client.set_url_encode(false);
  client.set_keep_alive(false);
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return client.Get(target.c_str());
    if (method == "HEAD") return client.Head(target.c_str());
    if (method == "POST") return client.Post(target.c_str(), "", "application/x-www-form-urlencoded");
    if (method == "DELETE") return client.Delete(target.c_str());
    throw std::invalid_argument("fetch: method " + method);
  };
  httplib::Result result = send();
  if (!result) throw std::runtime_error("fetch " + target + ": " + httplib::to_string(result.error()));
  Fetched out;
  out.status = result->status;
  out.body = result->body;
  out.url = target;
  for (const auto& [name, value] : result->headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    out.headers.emplace(lower, value);
  }
  return out;
}

std::string http_fetch_raw(std::uint16_t port, const std::string& target) {
  struct Socket {
    int fd;
    ~Socket() { ::close(fd); }
  } sock{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (sock.fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  timeval timeout{30, 0};  // a generous bound for a loaded machine; never reached normally
  ::setsockopt(sock.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(sock.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(sock.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buffer[16384];
  for (;;) {
    ssize_t n = ::recv(sock.fd, buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n < 0) throw std::runtime_error("recv " + target + ": " + std::strerror(errno));
    response.append(buffer, static_cast<std::size_t>(n));
  }
  return response;
}

Fetched WebTestServer::fetch_following(const std::string& target) const {
  std::string url = target;
  for (int hops = 0; hops <= 5; ++hops) {
    Fetched f = fetch(url);
    if (f.status < 300 || f.status >= 400) return f;
    auto location = f.header("Location");
    if (!location) return f;
    url = *location;
  }
  throw std::runtime_error("too many redirects from " + target);
}

}  // namespace ntpmon::web::test
