#pragma once
// monitor-api's HTTPS listener (cpp-httplib's SSLServer, kept out of this header): binds in
// the constructor, serves on a thread of its own until stop() or destruction. Every request
// is turned into an ApiRequest (with what TLS said about the client certificate) and given to
// the handler; bodies over the limit are refused without being buffered.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http_types.h"
#include "log/logger.h"
#include "pki/certificate.h"
#include "pki/certificate_holder.h"

namespace ntpmon::monitor_api {

struct HttpsOptions {
  std::size_t threads = 128;  // connections served at once (a keep-alive connection holds one)
  std::size_t max_body_bytes = 1 << 20;
  // Short: httplib's shutdown waits for idle keep-alive connections to time out.
  std::chrono::seconds keep_alive_timeout{2};
  std::chrono::seconds read_timeout{20};
  std::chrono::seconds write_timeout{20};
};

class HttpsListener {
 public:
  using Handler = std::function<ApiResponse(const ApiRequest&)>;

  // `listen` is "host:port" (":port" = every interface; port 0 = any free port). Throws
  // std::invalid_argument for a bad address, std::runtime_error when it cannot bind or set
  // up TLS.
  HttpsListener(std::string_view listen, std::shared_ptr<const pki::CertificateHolder> server_certificate,
                std::vector<pki::Certificate> client_trust_anchors, Handler handler, HttpsOptions options = {},
                log::Logger logger = {});
  ~HttpsListener();
  HttpsListener(const HttpsListener&) = delete;
  HttpsListener& operator=(const HttpsListener&) = delete;

  std::uint16_t port() const;
  std::string address() const;  // host:port actually bound
  // Idempotent; returns when the server thread has ended.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ntpmon::monitor_api
