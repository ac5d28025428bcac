#include "http_listener.h"

#include <httplib.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "metrics/listen_address.h"

namespace ntpmon::web {
namespace {

WebRequest to_web_request(const httplib::Request& req) {
  WebRequest out;
  out.method = req.method;
  // The raw request target: the path is percent-decoded by the handlers, segment by segment.
  std::string_view target = req.target.empty() ? std::string_view(req.path) : std::string_view(req.target);
  std::size_t question = target.find('?');
  out.target_path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.raw_query = std::string(target.substr(question + 1));
  out.remote_addr = req.remote_addr;
  return out;
}

// What httplib's set_content does, with the body moved instead of copied (up to ~1 MB).
void write_response(WebResponse&& in, httplib::Response& res) {
  res.status = in.status;
  for (const auto& [name, value] : in.headers) res.set_header(name, value);
  if (in.content_type.empty() && in.body.empty()) return;
  auto [first, last] = res.headers.equal_range("Content-Type");
  res.headers.erase(first, last);
  res.set_header("Content-Type", in.content_type.empty() ? std::string("application/octet-stream") : in.content_type);
  res.body = std::move(in.body);
}

}  // namespace

struct HttpListener::Impl {
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> thread_done{false};
  std::string host;
  int port = 0;
  log::Logger logger;
};

HttpListener::HttpListener(std::string_view listen, Handler handler, ListenerOptions options, log::Logger logger)
    : impl_(std::make_unique<Impl>()) {
  metrics::ListenAddress address = metrics::parse_listen_address(listen);
  impl_->logger = logger;
  auto& server = impl_->server;
  // httplib takes ownership of the queue it is given (its API hands over a raw pointer).
  std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib sends a response's headers and body in two writes; with Nagle's algorithm the
  // body waits for the ACK of the headers, which a client delays by up to 40 ms (bench/web
  // saw a flat 44 ms per keep-alive request).
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(static_cast<time_t>(options.keep_alive_timeout.count()));
  server.set_read_timeout(static_cast<time_t>(options.read_timeout.count()), 0);
  server.set_write_timeout(static_cast<time_t>(options.write_timeout.count()), 0);
  server.set_payload_max_length(64 * 1024);
  auto serve = [handler = std::move(handler), logger](const httplib::Request& req, httplib::Response& res) {
    try {
      write_response(handler(to_web_request(req)), res);
    } catch (const std::exception& e) {  // the handler does not throw; never let it reach httplib
      logger.error("request handler threw", {{"path", req.path}, {"error", e}});
      res.status = 500;
      res.set_content("internal error\n", "text/plain; charset=UTF-8");
    }
  };
  // Every path reaches the handler, which routes by itself.
  const char* everything = R"([\s\S]*)";
  server.Get(everything, serve);  // also HEAD: httplib sends the headers only
  server.Post(everything, serve);
  server.Put(everything, serve);
  server.Patch(everything, serve);
  server.Delete(everything, serve);
  server.Options(everything, serve);

  std::string host = address.host.empty() ? "0.0.0.0" : address.host;
  int port = address.port;
  if (port == 0) {
    port = server.bind_to_any_port(host.c_str());
    if (port < 0) throw std::runtime_error("cannot listen on " + std::string(listen));
  } else if (!server.bind_to_port(host.c_str(), port)) {
    throw std::runtime_error("cannot listen on " + std::string(listen) + " (address in use or not local?)");
  }
  impl_->host = host;
  impl_->port = port;
  impl_->thread = std::thread([impl = impl_.get()] {
    try {
      if (!impl->server.listen_after_bind()) impl->logger.error("HTTP listener stopped with an error");
    } catch (const std::exception& e) {
      impl->logger.error("HTTP listener stopped", {{"error", e}});
    }
    impl->thread_done = true;
  });
  // httplib's stop() does nothing until the listen loop runs: wait for it, so a stop() right
  // after construction is not lost.
  while (!server.is_running() && !impl_->thread_done) std::this_thread::yield();
}

HttpListener::~HttpListener() { stop(); }

std::uint16_t HttpListener::port() const { return static_cast<std::uint16_t>(impl_->port); }

std::string HttpListener::address() const {
  bool v6 = impl_->host.find(':') != std::string::npos;
  return (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->port);
}

void HttpListener::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace ntpmon::web
