#include "https_listener.h"

#include <httplib.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "api/connect_error.h"
#include "metrics/listen_address.h"
#include "tls_setup.h"

namespace ntpmon::monitor_api {
namespace {

ApiRequest to_api_request(const httplib::Request& req) {
  ApiRequest out;
  out.method = req.method;
  out.path = req.path;
  std::size_t question = req.target.find('?');
  if (question != std::string::npos) out.query = req.target.substr(question + 1);
  out.headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) out.headers.emplace_back(name, value);
  out.remote_addr = req.remote_addr;
  out.peer = peer_certificate_of(req.ssl);
  return out;
}

void write_response(const ApiResponse& in, httplib::Response& res) {
  res.status = in.status;
  for (const auto& [name, value] : in.headers) res.set_header(name, value);
  res.set_content(in.body, in.content_type.empty() ? "application/octet-stream" : in.content_type.c_str());
}

// A Connect error body for statuses httplib produced itself (400 for a malformed request,
// 413 for an oversized body, ...), so that every error has the same JSON shape.
httplib::Server::HandlerResponse render_library_error(const httplib::Request&, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  api::ApiError error = res.status == 413
                            ? api::ApiError(api::ErrorCode::resource_exhausted, "the request body is too large")
                            : api::ApiError(api::code_for_http_status(res.status),
                                            "the request could not be served (HTTP " + std::to_string(res.status) + ")");
  res.set_content(api::error_json(error), "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

struct HttpsListener::Impl {
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;
  std::atomic<bool> thread_done{false};
  std::string host;
  int port = 0;
  log::Logger logger;
};

HttpsListener::HttpsListener(std::string_view listen, std::shared_ptr<const pki::CertificateHolder> server_certificate,
                             std::vector<pki::Certificate> client_trust_anchors, Handler handler, HttpsOptions options,
                             log::Logger logger)
    : impl_(std::make_unique<Impl>()) {
  metrics::ListenAddress address = metrics::parse_listen_address(listen);
  impl_->logger = logger;
  std::string setup_error;
  impl_->server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
    try {
      configure_server_context(&ctx, server_certificate, client_trust_anchors);
      return true;
    } catch (const std::exception& e) {
      setup_error = e.what();
      return false;
    }
  });
  if (!impl_->server->is_valid()) throw std::runtime_error("cannot set up TLS: " + setup_error);
  auto& server = *impl_->server;
  // httplib takes ownership of the queue it is given (its API hands over a raw pointer).
  std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);  // responses leave at once (no Nagle delay against delayed ACKs)
  server.set_keep_alive_max_count(1'000'000);
  server.set_keep_alive_timeout(static_cast<time_t>(options.keep_alive_timeout.count()));
  server.set_read_timeout(static_cast<time_t>(options.read_timeout.count()), 0);
  server.set_write_timeout(static_cast<time_t>(options.write_timeout.count()), 0);
  server.set_payload_max_length(options.max_body_bytes);
  server.set_error_handler(httplib::Server::HandlerWithResponse(render_library_error));

  const std::size_t max_body = options.max_body_bytes;
  auto serve = [handler, logger](ApiRequest request, httplib::Response& res) {
    try {
      write_response(handler(request), res);
    } catch (const std::exception& e) {  // the handler does not throw; never let it reach httplib
      logger.error("request handler threw", {{"path", request.path}, {"error", e}});
      res.status = 500;
      res.set_content(api::error_json(api::ErrorCode::internal, "internal error"), "application/json");
    }
  };
  auto serve_plain = [serve](const httplib::Request& req, httplib::Response& res) {
    ApiRequest request = to_api_request(req);
    request.body = req.body;
    serve(std::move(request), res);
  };
  // Bodies of POST requests are read here, stopping at the limit instead of buffering them.
  auto serve_streamed = [serve, max_body](const httplib::Request& req, httplib::Response& res,
                                          const httplib::ContentReader& reader) {
    ApiRequest request = to_api_request(req);
    if (req.is_multipart_form_data()) {
      // httplib's plain reader cannot read multipart bodies; no endpoint takes them.
      res.status = 415;
      res.set_content(api::error_json(api::ApiError(api::ErrorCode::unimplemented, "multipart bodies are not accepted")),
                      "application/json");
      return;
    }
    bool too_large = false;
    bool complete = false;
    try {
      complete = reader([&](const char* data, std::size_t length) {
        if (request.body.size() + length > max_body) {
          too_large = true;
          return false;
        }
        request.body.append(data, length);
        return true;
      });
    } catch (const std::exception&) {
      complete = false;
    }
    if (too_large || res.status == 413) {
      request.body.clear();
      request.body_too_large = true;
    } else if (!complete) {
      res.status = 400;
      res.set_content(api::error_json(api::ErrorCode::invalid_argument, "could not read the request body"),
                      "application/json");
      return;
    }
    serve(std::move(request), res);
  };
  const char* everything = R"([\s\S]*)";
  server.Get(everything, serve_plain);
  server.Post(everything, serve_streamed);
  server.Put(everything, serve_streamed);
  server.Patch(everything, serve_streamed);
  server.Delete(everything, serve_plain);
  server.Options(everything, serve_plain);

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
      if (!impl->server->listen_after_bind()) impl->logger.error("HTTPS listener stopped with an error");
    } catch (const std::exception& e) {
      impl->logger.error("HTTPS listener stopped", {{"error", e}});
    }
    impl->thread_done = true;
  });
  // httplib's stop() does nothing until the listen loop runs: wait for it, so a stop() right
  // after construction is not lost.
  while (!server.is_running() && !impl_->thread_done) std::this_thread::yield();
}

HttpsListener::~HttpsListener() { stop(); }

std::uint16_t HttpsListener::port() const { return static_cast<std::uint16_t>(impl_->port); }

std::string HttpsListener::address() const {
  bool v6 = impl_->host.find(':') != std::string::npos;
  return (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->port);
}

void HttpsListener::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->server->stop();
  impl_->thread.join();
}

}  // namespace ntpmon::monitor_api
