#pragma once
// A small HTTPS client for the agent's API calls (cpp-httplib underneath, kept out of this
// header). TLS trust is either a CA bundle file (a private deployment's CA) or the system's
// certificate directory (looked up lazily, so the whole system bundle is never loaded into
// memory). A client certificate, when given, is taken from the holder on every handshake.
//
// Calls are serialised per client. A stop request aborts a call in flight.

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
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{10};
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

// The request did not produce a response: connection, TLS or timeout failure, or a stop.
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
