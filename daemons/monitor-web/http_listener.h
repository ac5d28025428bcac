#pragma once
// The plain-HTTP listener of monitor-web (cpp-httplib, kept out of this header). Binds in
// the constructor and serves on a thread of its own until stop() or destruction.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "log/logger.h"
#include "web_http.h"

namespace ntpmon::web {

struct ListenerOptions {
  std::size_t threads = 16;  // concurrent connections served (keep-alive holds a thread)
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
};

class HttpListener {
 public:
  using Handler = std::function<WebResponse(const WebRequest&)>;

  // `listen` is "host:port" (":port" = every interface; port 0 = any free port). Throws
  // std::invalid_argument for a bad address and std::runtime_error when it cannot bind.
  HttpListener(std::string_view listen, Handler handler, ListenerOptions options = {}, log::Logger logger = {});
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  std::uint16_t port() const;
  std::string address() const;  // host:port actually bound
  // Idempotent; returns when the server thread has ended.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ntpmon::web
