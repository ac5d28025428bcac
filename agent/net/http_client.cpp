#include "net/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "net/cancellable_io.h"

namespace ntpmon::agent {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string openssl_errors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// A transport failure; `stale` marks a kept-alive connection the server had closed (the request
// is then sent once more on a new connection).
struct IoFailure {
  std::string message;
  bool cancelled = false;
  bool stale = false;
};

// One TCP (+TLS) connection.
class Connection {
 public:
  Connection(int fd, SSL* ssl, AddressFamilyChoice family) : fd_(fd), ssl_(ssl), family_(family) {}
  ~Connection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (fd_ >= 0) ::close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  AddressFamilyChoice family() const { return family_; }
  void attach_ssl(SSL* ssl) { ssl_ = ssl; }

  void write_all(std::string_view data, CancellableWait& waiter, Clock::time_point deadline) {
    while (!data.empty()) {
      if (ssl_ != nullptr) {
        ERR_clear_error();
        const int n = SSL_write(ssl_, data.data(), static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20)));
        if (n > 0) {
          data.remove_prefix(static_cast<std::size_t>(n));
          continue;
        }
        const int err = SSL_get_error(ssl_, n);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
          wait(waiter, err == SSL_ERROR_WANT_WRITE, deadline, "write");
          continue;
        }
        throw IoFailure{"write: " + describe_ssl_error(err), false, true};
      }
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        wait(waiter, true, deadline, "write");
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        throw IoFailure{std::string("write: ") + std::strerror(errno), false, true};
      }
    }
  }

  // Up to `size` bytes; 0 at the end of the stream.
  std::size_t read_some(char* buf, std::size_t size, CancellableWait& waiter, Clock::time_point deadline) {
    for (;;) {
      if (ssl_ != nullptr) {
        ERR_clear_error();
        const int n = SSL_read(ssl_, buf, static_cast<int>(size));
        if (n > 0) return static_cast<std::size_t>(n);
        const int err = SSL_get_error(ssl_, n);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
          wait(waiter, err == SSL_ERROR_WANT_WRITE, deadline, "read");
          continue;
        }
        if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) return 0;
        throw IoFailure{"read: " + describe_ssl_error(err)};
      }
      const ssize_t n = ::recv(fd_, buf, size, 0);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait(waiter, false, deadline, "read");
      } else if (errno != EINTR) {
        throw IoFailure{std::string("read: ") + std::strerror(errno)};
      }
    }
  }

  void wait(CancellableWait& waiter, bool for_write, Clock::time_point deadline, const char* what) {
    switch (waiter.wait(fd_, for_write, deadline)) {
      case CancellableWait::Result::ready: return;
      case CancellableWait::Result::stopped: throw IoFailure{"cancelled", true};
      case CancellableWait::Result::timeout: throw IoFailure{std::string(what) + ": timeout"};
      case CancellableWait::Result::error: throw IoFailure{std::string(what) + ": poll failed"};
    }
  }

  std::string describe_ssl_error(int err) const {
    std::string text = openssl_errors();
    if (err == SSL_ERROR_SYSCALL && text.empty()) text = errno != 0 ? std::strerror(errno) : "connection closed";
    return text.empty() ? "TLS error " + std::to_string(err) : text;
  }

 private:
  int fd_;
  SSL* ssl_;
  AddressFamilyChoice family_;
};

}  // namespace

struct HttpClient::Impl {
  SSL_CTX* ctx = nullptr;
  std::unique_ptr<Connection> connection;
  AddressFamilyChoice family = AddressFamilyChoice::any;
  std::string local_v4;
  std::string local_v6;

  ~Impl() {
    connection.reset();
    if (ctx != nullptr) SSL_CTX_free(ctx);
  }
};

namespace {

// Binds `fd` to `address` when one is given. Throws IoFailure.
void bind_local(int fd, int family, const std::string& address) {
  if (address.empty()) return;
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    if (::inet_pton(AF_INET, address.c_str(), &a->sin_addr) != 1) throw IoFailure{"bad local address " + address};
    a->sin_family = AF_INET;
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    if (::inet_pton(AF_INET6, address.c_str(), &a->sin6_addr) != 1) throw IoFailure{"bad local address " + address};
    a->sin6_family = AF_INET6;
    len = sizeof *a;
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    throw IoFailure{"bind to " + address + ": " + std::strerror(errno)};
  }
}

}  // namespace

std::string media_type(const std::string& content_type) {
  return lower(trim(std::string_view(content_type).substr(0, content_type.find(';'))));
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  if (options_.base.scheme != "https") return;
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) throw std::runtime_error("cannot create a TLS context: " + openssl_errors());
  impl_->ctx = ctx;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  const bool loaded = options_.ca_bundle
                          ? SSL_CTX_load_verify_locations(ctx, options_.ca_bundle->c_str(), nullptr) == 1
                          : SSL_CTX_load_verify_locations(ctx, nullptr, kSystemCertificateDir) == 1;
  if (!loaded) {
    throw std::runtime_error("cannot load the CA certificates of " +
                             (options_.ca_bundle ? options_.ca_bundle->string() : std::string(kSystemCertificateDir)) +
                             ": " + openssl_errors());
  }
  if (options_.client_certificate) pki::use_as_client_certificate(ctx, options_.client_certificate);
}

HttpClient::~HttpClient() = default;

void HttpClient::set_address_family(AddressFamilyChoice family) {
  std::lock_guard lock(mutex_);
  impl_->family = family;
}

void HttpClient::set_local_addresses(const std::string& v4, const std::string& v6) {
  std::lock_guard lock(mutex_);
  impl_->local_v4 = v4;
  impl_->local_v6 = v6;
}

void HttpClient::close_connections() {
  std::lock_guard lock(mutex_);
  impl_->connection.reset();
}

HttpResponse HttpClient::get(const std::string& path, const Headers& headers, std::stop_token stop) {
  return send("GET", path, headers, nullptr, {}, std::move(stop));
}

HttpResponse HttpClient::post(const std::string& path, const Headers& headers, const std::string& body,
                              const std::string& content_type, std::stop_token stop) {
  return send("POST", path, headers, &body, content_type, std::move(stop));
}

namespace {

std::unique_ptr<Connection> open_connection(const HttpClientOptions& options, SSL_CTX* ctx, AddressFamilyChoice want, const std::string& local_v4,
                                            const std::string& local_v6, CancellableWait& waiter) {
  const BaseUrl& base = options.base;
  addrinfo hints{};
  hints.ai_family = want == AddressFamilyChoice::v4 ? AF_INET : want == AddressFamilyChoice::v6 ? AF_INET6 : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  const std::string port = std::to_string(base.port);
  if (const int rc = ::getaddrinfo(base.host.c_str(), port.c_str(), &hints, &result); rc != 0) {
    throw IoFailure{"lookup " + base.host + ": " + ::gai_strerror(rc)};
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(result, ::freeaddrinfo);
  const auto deadline = Clock::now() + options.connect_timeout;
  std::string last_error = "no address";
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    const AddressFamilyChoice family = ai->ai_family == AF_INET ? AddressFamilyChoice::v4 : AddressFamilyChoice::v6;
    auto connection = std::make_unique<Connection>(fd, nullptr, family);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bind_local(fd, ai->ai_family, ai->ai_family == AF_INET ? local_v4 : local_v6);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        last_error = std::strerror(errno);
        continue;
      }
      connection->wait(waiter, true, deadline, "connect");
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        last_error = std::strerror(err);
        continue;
      }
    }
    if (ctx == nullptr) return connection;

    SSL* ssl = SSL_new(ctx);
    if (ssl == nullptr) throw IoFailure{"TLS: " + openssl_errors()};
    connection->attach_ssl(ssl);
    SSL_set_fd(ssl, fd);
    if (is_ip_literal(base.host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), base.host.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl, base.host.c_str());
      SSL_set1_host(ssl, base.host.c_str());
    }
    const auto tls_deadline = Clock::now() + options.connect_timeout;
    for (;;) {
      ERR_clear_error();
      const int rc = SSL_connect(ssl);
      if (rc == 1) return connection;
      const int err = SSL_get_error(ssl, rc);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        connection->wait(waiter, err == SSL_ERROR_WANT_WRITE, tls_deadline, "TLS handshake");
        continue;
      }
      std::string why = openssl_errors();
      const long verify = SSL_get_verify_result(ssl);
      if (verify != X509_V_OK) why = std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
      if (why.empty()) why = "connection closed during the handshake";
      throw IoFailure{"TLS handshake with " + base.host + ": " + why};
    }
  }
  throw IoFailure{"connect " + base.host + ":" + port + ": " + last_error};
}

struct ParsedHead {
  int status = 0;
  bool close = false;
  std::map<std::string, std::string> headers;
};

ParsedHead parse_head(const std::string& head) {
  ParsedHead out;
  std::size_t eol = head.find("\r\n");
  const std::string status_line = head.substr(0, eol);
  if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
    throw IoFailure{"malformed status line \"" + status_line.substr(0, 64) + "\""};
  }
  const auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, out.status);
  if (ec != std::errc() || out.status < 100 || out.status > 599) throw IoFailure{"malformed status line"};
  const bool http10 = status_line.rfind("HTTP/1.0", 0) == 0;
  std::size_t pos = eol == std::string::npos ? head.size() : eol + 2;
  while (pos < head.size()) {
    const std::size_t end = head.find("\r\n", pos);
    const std::string line = head.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? head.size() : end + 2;
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string::npos) throw IoFailure{"malformed header line"};
    out.headers[lower(trim(std::string_view(line).substr(0, colon)))] = trim(std::string_view(line).substr(colon + 1));
  }
  const std::string connection = lower(out.headers.count("connection") ? out.headers["connection"] : "");
  out.close = connection == "close" || (http10 && connection != "keep-alive");
  return out;
}

}  // namespace

HttpResponse HttpClient::send(const std::string& method, const std::string& path, const Headers& headers,
                              const std::string* body, const std::string& content_type, std::stop_token stop) {
  std::lock_guard lock(mutex_);
  const std::string full_path = options_.base.path(path);
  const std::string url = options_.base.origin() + full_path;
  CancellableWait waiter(stop);
  if (waiter.stopped()) throw TransportError(method + " " + url + ": cancelled", true);

  const bool default_port = options_.base.port == (options_.base.scheme == "https" ? 443 : 80);
  const bool v6_host = options_.base.host.find(':') != std::string::npos;
  std::string request = method + " " + full_path + " HTTP/1.1\r\nHost: " +
                        (v6_host ? "[" + options_.base.host + "]" : options_.base.host) +
                        (default_port ? "" : ":" + std::to_string(options_.base.port)) + "\r\n";
  bool has_user_agent = false;
  for (const auto& [k, v] : headers) {
    if (lower(k) == "user-agent") has_user_agent = true;
    request += k + ": " + v + "\r\n";
  }
  if (!has_user_agent && !options_.user_agent.empty()) request += "User-Agent: " + options_.user_agent + "\r\n";
  if (body != nullptr) {
    if (!content_type.empty()) request += "Content-Type: " + content_type + "\r\n";
    request += "Content-Length: " + std::to_string(body->size()) + "\r\n";
  }
  request += options_.keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (body != nullptr) request += *body;

  for (int attempt = 0;; ++attempt) {
    const bool reused = impl_->connection != nullptr;
    try {
      if (!impl_->connection) {
        impl_->connection = open_connection(options_, impl_->ctx, impl_->family, impl_->local_v4,
                                            impl_->local_v6, waiter);
      }
      Connection& c = *impl_->connection;
      c.write_all(request, waiter, Clock::now() + options_.write_timeout);

      // The head.
      std::string data;
      char buf[16384];
      std::size_t head_end;
      for (;;) {
        head_end = data.find("\r\n\r\n");
        if (head_end != std::string::npos) break;
        if (data.size() > 64 * 1024) throw IoFailure{"the answer's header is larger than 64 KiB"};
        const std::size_t n = c.read_some(buf, sizeof buf, waiter, Clock::now() + options_.read_timeout);
        if (n == 0) throw IoFailure{data.empty() ? "connection closed before an answer" : "truncated answer",
                                    false, data.empty()};
        data.append(buf, n);
      }
      const ParsedHead head = parse_head(data.substr(0, head_end + 2));
      std::string rest = data.substr(head_end + 4);
      HttpResponse response;
      response.status = head.status;
      response.headers = head.headers;
      if (auto it = head.headers.find("content-type"); it != head.headers.end()) response.content_type = it->second;
      response.connected_family = c.family();
      bool close_after = head.close || !options_.keep_alive;

      const auto more = [&](std::string& into) {
        const std::size_t n = c.read_some(buf, sizeof buf, waiter, Clock::now() + options_.read_timeout);
        if (n == 0) return false;
        into.append(buf, n);
        return true;
      };
      const auto te = head.headers.find("transfer-encoding");
      const auto cl = head.headers.find("content-length");
      const bool no_body = method == "HEAD" || head.status == 204 || head.status == 304 || head.status < 200;
      if (no_body) {
      } else if (te != head.headers.end() && lower(te->second).find("chunked") != std::string::npos) {
        std::string& in = rest;
        std::size_t pos = 0;
        for (;;) {
          std::size_t eol;
          while ((eol = in.find("\r\n", pos)) == std::string::npos) {
            if (!more(in)) throw IoFailure{"truncated chunked answer"};
          }
          std::size_t size = 0;
          const std::string size_text = in.substr(pos, eol - pos);
          const auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
          if (ec != std::errc() || p == size_text.data()) throw IoFailure{"malformed chunk size"};
          pos = eol + 2;
          if (size == 0) break;  // trailers are not used by the API; the connection is closed
          if (response.body.size() + size > options_.max_body_bytes) throw IoFailure{"the answer is too large"};
          while (in.size() < pos + size + 2) {
            if (!more(in)) throw IoFailure{"truncated chunked answer"};
          }
          response.body.append(in, pos, size);
          pos += size + 2;
        }
        close_after = true;  // any trailer bytes left unread: do not reuse the connection
      } else if (cl != head.headers.end()) {
        std::size_t length = 0;
        const auto [p, ec] = std::from_chars(cl->second.data(), cl->second.data() + cl->second.size(), length);
        if (ec != std::errc()) throw IoFailure{"malformed Content-Length"};
        if (length > options_.max_body_bytes) throw IoFailure{"the answer is too large"};
        while (rest.size() < length) {
          if (!more(rest)) throw IoFailure{"truncated answer"};
        }
        rest.resize(length);
        response.body = std::move(rest);
      } else {
        while (more(rest)) {
          if (rest.size() > options_.max_body_bytes) throw IoFailure{"the answer is too large"};
        }
        response.body = std::move(rest);
        close_after = true;
      }
      if (close_after) impl_->connection.reset();
      return response;
    } catch (const IoFailure& f) {
      impl_->connection.reset();
      if (f.cancelled || waiter.stopped()) throw TransportError(method + " " + url + ": cancelled", true);
      if (f.stale && reused && attempt == 0) continue;  // the server closed the idle connection
      throw TransportError(method + " " + url + ": " + f.message, false);
    }
  }
}

}  // namespace ntpmon::agent
