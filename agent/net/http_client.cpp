#include "net/http_client.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace ntpmon::agent {

struct HttpClient::Impl {
  explicit Impl(const std::string& origin) : client(origin) {}
  httplib::Client client;
  // Written by the socket callback (on the calling thread, inside a request).
  std::atomic<int> last_family{AF_UNSPEC};
  std::string local_v4;
  std::string local_v6;
  std::string bind_error;
};

namespace {

// Binds `sock` to `address` (port 0) when it is of the socket's family. "" on success.
std::string bind_local(int sock, int family, const std::string& address) {
  if (address.empty()) return {};
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    if (::inet_pton(AF_INET, address.c_str(), &a->sin_addr) != 1) return {};  // other family
    a->sin_family = AF_INET;
    len = sizeof *a;
  } else if (family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    if (::inet_pton(AF_INET6, address.c_str(), &a->sin6_addr) != 1) return {};
    a->sin6_family = AF_INET6;
    len = sizeof *a;
  } else {
    return {};
  }
  if (::bind(sock, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    return "bind to " + address + ": " + std::strerror(errno);
  }
  return {};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string media_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(t.begin());
  return lower(t);
}

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_.base.origin())) {
  auto& c = impl_->client;
  c.set_connection_timeout(options_.connect_timeout);
  c.set_read_timeout(options_.read_timeout);
  c.set_write_timeout(options_.write_timeout);
  c.set_keep_alive(options_.keep_alive);
  if (options_.base.scheme == "https") {
    if (options_.ca_bundle) {
      c.set_ca_cert_path(options_.ca_bundle->c_str());
    } else {
      c.set_ca_cert_path("", kSystemCertificateDir);
    }
    c.enable_server_certificate_verification(true);
    if (options_.client_certificate) pki::use_as_client_certificate(c.ssl_context(), options_.client_certificate);
  }
  Impl* impl = impl_.get();
  c.set_socket_options([impl](socket_t sock) {
    int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int domain = AF_UNSPEC;
    socklen_t len = sizeof domain;
    ::getsockopt(sock, SOL_SOCKET, SO_DOMAIN, &domain, &len);
    impl->last_family.store(domain);
    std::string err = bind_local(sock, domain, domain == AF_INET ? impl->local_v4 : impl->local_v6);
    if (!err.empty()) impl->bind_error = std::move(err);
  });
}

HttpClient::~HttpClient() = default;

void HttpClient::set_address_family(AddressFamilyChoice family) {
  std::lock_guard lock(mutex_);
  impl_->client.set_address_family(family == AddressFamilyChoice::v4   ? AF_INET
                                    : family == AddressFamilyChoice::v6 ? AF_INET6
                                                                        : AF_UNSPEC);
}

void HttpClient::set_local_addresses(const std::string& v4, const std::string& v6) {
  std::lock_guard lock(mutex_);
  impl_->local_v4 = v4;
  impl_->local_v6 = v6;
}

void HttpClient::close_connections() { impl_->client.stop(); }

HttpResponse HttpClient::get(const std::string& path, const Headers& headers, std::stop_token stop) {
  return send("GET", path, headers, nullptr, {}, std::move(stop));
}

HttpResponse HttpClient::post(const std::string& path, const Headers& headers, const std::string& body,
                              const std::string& content_type, std::stop_token stop) {
  return send("POST", path, headers, &body, content_type, std::move(stop));
}

HttpResponse HttpClient::send(const std::string& method, const std::string& path, const Headers& headers,
                              const std::string* body, const std::string& content_type, std::stop_token stop) {
  std::lock_guard lock(mutex_);
  const std::string url = options_.base.origin() + options_.base.path(path);
  if (stop.stop_requested()) throw TransportError(method + " " + url + ": cancelled", true);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  if (!options_.user_agent.empty() && h.find("User-Agent") == h.end()) h.emplace("User-Agent", options_.user_agent);
  impl_->bind_error.clear();
  impl_->last_family.store(AF_UNSPEC);

  httplib::Result result{nullptr, httplib::Error::Unknown};
  {
    Impl* impl = impl_.get();
    std::stop_callback abort(stop, [impl] { impl->client.stop(); });
    const std::string full_path = options_.base.path(path);
    result = body != nullptr ? impl_->client.Post(full_path.c_str(), h, *body, content_type.c_str())
                             : impl_->client.Get(full_path.c_str(), h);
  }
  if (stop.stop_requested()) throw TransportError(method + " " + url + ": cancelled", true);
  if (!result) {
    std::string why = httplib::to_string(result.error());
    if (!impl_->bind_error.empty()) why += " (" + impl_->bind_error + ")";
    if (result.error() == httplib::Error::SSLServerVerification) {
      const long verify = impl_->client.get_openssl_verify_result();
      if (verify != X509_V_OK) why += std::string(": ") + X509_verify_cert_error_string(verify);
    }
    throw TransportError(method + " " + url + ": " + why, false);
  }
  HttpResponse response;
  response.status = result->status;
  response.body = std::move(result->body);
  response.content_type = result->get_header_value("Content-Type");
  for (const auto& [k, v] : result->headers) response.headers.emplace(lower(k), v);
  const int family = impl_->last_family.load();
  response.connected_family = family == AF_INET    ? AddressFamilyChoice::v4
                              : family == AF_INET6 ? AddressFamilyChoice::v6
                                                   : AddressFamilyChoice::any;
  return response;
}

}  // namespace ntpmon::agent
