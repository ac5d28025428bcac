#include "metrics/admin_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "metrics/listen_address.h"
#include "metrics/text_format.h"

namespace ntpmon::metrics {

struct AdminServer::Impl {
  httplib::Server server;
  std::string host;
  std::uint16_t port = 0;
  std::thread thread;
  std::atomic<bool> thread_done{false};
  bool stopped = false;
};

namespace {

HealthStatus run_health_check(const HealthCheck& health) {
  if (!health) return HealthStatus::ok();
  try {
    return health();
  } catch (const std::exception& e) {
    return HealthStatus::unhealthy(std::string("health check failed: ") + e.what());
  } catch (...) {
    return HealthStatus::unhealthy("health check failed");
  }
}

}  // namespace

AdminServer::AdminServer(std::string_view listen, const Registry& registry, HealthCheck health,
                         log::Logger logger)
    : impl_(std::make_unique<Impl>()) {
  ListenAddress addr = parse_listen_address(listen);
  auto& svr = impl_->server;
  // httplib's default sets SO_REUSEPORT, which lets a second daemon bind the same port and
  // silently share its traffic. SO_REUSEADDR alone still allows a quick restart.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Keep-alive connections must not hold up stop() for long.
  svr.set_keep_alive_timeout(1);
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(5, 0);

  svr.Get("/metrics", [&registry](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry.text(), std::string(kTextContentType).c_str());
  });
  svr.Get("/__health", [health = std::move(health)](const httplib::Request&,
                                                    httplib::Response& res) {
    HealthStatus s = run_health_check(health);
    if (s.healthy) {
      res.status = 200;
      res.set_content("ok\n", "text/plain; charset=utf-8");
    } else {
      res.status = 503;
      res.set_content(s.reason + "\n", "text/plain; charset=utf-8");
    }
  });
  svr.set_exception_handler(
      [logger](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        logger.error("admin request failed", {{"path", req.path}, {"err", what}});
        res.status = 500;
        res.set_content("internal error\n", "text/plain; charset=utf-8");
      });

  int port = 0;
  if (addr.port == 0) {
    port = svr.bind_to_any_port(addr.host);
  } else {
    port = svr.bind_to_port(addr.host, addr.port) ? addr.port : -1;
  }
  if (port <= 0) {
    throw std::runtime_error("admin server: cannot listen on " + std::string(listen));
  }
  impl_->host = addr.host;
  impl_->port = static_cast<std::uint16_t>(port);

  Impl* impl = impl_.get();
  impl_->thread = std::thread([impl, logger] {
    try {
      impl->server.listen_after_bind();
    } catch (const std::exception& e) {
      logger.error("admin server stopped", {{"err", e.what()}});
    } catch (...) {
    }
    impl->thread_done = true;
  });
  // httplib's stop() does nothing until the listen loop is running: wait for it, so that a
  // stop() right after construction cannot be lost.
  while (!svr.is_running() && !impl_->thread_done) std::this_thread::yield();
  logger.info("admin server listening", {{"addr", address()}});
}

AdminServer::~AdminServer() { stop(); }

std::uint16_t AdminServer::port() const { return impl_->port; }

std::string AdminServer::address() const {
  bool v6 = impl_->host.find(':') != std::string::npos;
  return (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->port);
}

void AdminServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace ntpmon::metrics
