#pragma once
// A small HTTP/1.1 client over OpenSSL for the agent's API calls: keep-alive, Content-Length
// and chunked bodies, TLS with hostname (or IP address) verification. TLS trust is either a CA
// bundle file (a private deployment's CA) or the system's certificate directory (looked up
// lazily, so the system bundle is never loaded into memory). A client certificate, when given,
// is taken from the holder on every handshake.
//
// Calls are serialised per client. A stop request aborts a call at once, in any phase
// (name lookup excepted): connect, TLS handshake, writing, waiting for the answer.
// (The agent does not use cpp-httplib: its shared library and dependencies alone would take a
// large part of the agent's 10 MB memory budget, and it cannot abort a connect in progress.)

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>

#include "net/base_url.h"
#include "pki/certificate_holder.h"

namespace ntpmon::agent {

inline constexpr const char* kSystemCertificateDir = "/etc/ssl/certs";

struct HttpClientOptions {
  BaseUrl base;
  std::optional<std::filesystem::path> ca_bundle;  // none: the system certificate directory
  std::shared_ptr<const pki::CertificateHolder> client_certificate;  // none: no client certificate
  std::chrono::seconds connect_timeout{10};  // TCP connect and TLS handshake, each
  std::chrono::seconds read_timeout{30};     // for the answer (each read)
  std::chrono::seconds write_timeout{10};
  std::size_t max_body_bytes = 4 << 20;      // a larger answer is an error
  bool keep_alive = true;
  std::string user_agent;
};

enum class AddressFamilyChoice { any, v4, v6 };

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // lower-case names (the ones asked for)
  AddressFamilyChoice connected_family = AddressFamilyChoice::any;  // of the connection used
};

// The request did not produce a response: name lookup, connection, TLS or timeout failure, a
// malformed answer, or a stop.
class TransportError : public std::runtime_error {
 public:
  TransportError(const std::string& message, bool cancelled)
      : std::runtime_error(message), cancelled_(cancelled) {}
  bool cancelled() const noexcept { return cancelled_; }

 private:
  bool cancelled_;
};

class HttpClient {
 public:
  // Throws std::runtime_error when the TLS context cannot be set up (e.g. an unreadable CA
  // bundle, naming the file).
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  using Headers = std::multimap<std::string, std::string>;
  // Throw TransportError; any HTTP status is a response.
  HttpResponse get(const std::string& path, const Headers& headers, std::stop_token stop = {});
  HttpResponse post(const std::string& path, const Headers& headers, const std::string& body,
                    const std::string& content_type, std::stop_token stop = {});

  // Only connect over this family (registration, §2.8 step 7).
  void set_address_family(AddressFamilyChoice family);
  // Bind outgoing IPv4 / IPv6 connections to these local addresses ("" for any).
  void set_local_addresses(const std::string& v4, const std::string& v6);
  // Closes kept-alive connections (the next call opens a new one).
  void close_connections();

  const BaseUrl& base() const { return options_.base; }

 private:
  struct Impl;
  HttpResponse send(const std::string& method, const std::string& path, const Headers& headers,
                    const std::string* body, const std::string& content_type, std::stop_token stop);

  HttpClientOptions options_;
  std::mutex mutex_;
  std::unique_ptr<Impl> impl_;
};

// The media type without parameters, lower-cased: "application/json; charset=utf-8" ->
// "application/json".
std::string media_type(const std::string& content_type);

}  // namespace ntpmon::agent
