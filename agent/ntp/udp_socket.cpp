#include "ntp/udp_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "ntp/errors.h"

namespace ntpmon::ntp {

namespace {

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

SockAddr make_sockaddr(const IpAddress& ip, std::uint16_t port) {
  SockAddr a;
  const auto bytes = ip.bytes();
  if (ip.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    std::memcpy(&sin.sin_addr, bytes.data(), 4);
    std::memcpy(&a.storage, &sin, sizeof sin);
    a.length = sizeof sin;
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    std::memcpy(&sin6.sin6_addr, bytes.data(), 16);
    std::memcpy(&a.storage, &sin6, sizeof sin6);
    a.length = sizeof sin6;
  }
  return a;
}

}  // namespace

std::string errno_text(int err) {
  // Fixed texts for the errors a UDP exchange meets (locale-independent, as Go prints them).
  switch (err) {
    case ECONNREFUSED: return "connection refused";
    case ENETUNREACH: return "network is unreachable";
    case EHOSTUNREACH: return "no route to host";
    case EADDRNOTAVAIL: return "cannot assign requested address";
    case EADDRINUSE: return "address already in use";
    case EAFNOSUPPORT: return "address family not supported by protocol";
    case EACCES: return "permission denied";
    case EPERM: return "operation not permitted";
    case EMSGSIZE: return "message too long";
    case ENOBUFS: return "no buffer space available";
    case ENETDOWN: return "network is down";
    case EHOSTDOWN: return "host is down";
    case EINVAL: return "invalid argument";
    case EMFILE: return "too many open files";
    case ENFILE: return "too many open files in system";
    case ENOMEM: return "cannot allocate memory";
    case ETIMEDOUT: return "connection timed out";
    case EPROTO: return "protocol error";
    default: break;
  }
  const char* text = ::strerrordesc_np(err);
  if (text == nullptr) return "errno " + std::to_string(err);
  std::string s(text);
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

std::string network_error(std::string_view op, int err) {
  std::string s(errors::kNetworkPrefix);
  s.append(op);
  s.append(": ");
  s.append(errno_text(err));
  return s;
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), kernel_timestamps_(other.kernel_timestamps_) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    kernel_timestamps_ = other.kernel_timestamps_;
  }
  return *this;
}

std::optional<UdpSocket> UdpSocket::open(const IpAddress& target, std::uint16_t port,
                                         const std::optional<IpAddress>& local, std::string& error) {
  const IpAddress server = target.unmapped();
  if (!server.valid()) {
    error = network_error("dial", EAFNOSUPPORT);
    return std::nullopt;
  }
  const int family = server.is_v4() ? AF_INET : AF_INET6;
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = network_error("socket", errno);
    return std::nullopt;
  }
  UdpSocket sock(fd);

  if (family == AF_INET6) {
    const int on = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  const int on = 1;
  sock.kernel_timestamps_ = ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) == 0;

  if (local && local->valid() && !local->unmapped().is_unspecified()) {
    const IpAddress l = local->unmapped();
    if (l.family() != server.family()) {
      error = network_error("bind", EAFNOSUPPORT);
      return std::nullopt;
    }
    const SockAddr la = make_sockaddr(l, 0);
    if (::bind(fd, la.get(), la.length) != 0) {
      error = network_error("bind", errno);
      return std::nullopt;
    }
  }

  const SockAddr ra = make_sockaddr(server, port);
  if (::connect(fd, ra.get(), ra.length) != 0) {
    error = network_error("connect", errno);
    return std::nullopt;
  }
  return std::optional<UdpSocket>(std::move(sock));
}

std::string UdpSocket::send(std::span<const std::uint8_t> datagram) {
  for (;;) {
    const ssize_t n = ::send(fd_, datagram.data(), datagram.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      if (static_cast<std::size_t>(n) != datagram.size()) return network_error("write", EMSGSIZE);
      return {};
    }
    if (errno == EINTR) continue;
    return network_error("write", errno);
  }
}

UdpSocket::RecvStatus UdpSocket::receive(std::span<std::uint8_t> buffer, Received& out,
                                         std::string& error) {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec)) + 64];
  iovec iov{buffer.data(), buffer.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;

  ssize_t n;
  do {
    n = ::recvmsg(fd_, &msg, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return RecvStatus::would_block;
    error = network_error("read", errno);
    return RecvStatus::error;
  }

  out = Received{};
  out.size = static_cast<std::size_t>(n);
  out.truncated = (msg.msg_flags & MSG_TRUNC) != 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
        c->cmsg_len >= CMSG_LEN(sizeof(timespec))) {
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      out.kernel_time = SysTime{std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec}};
    }
  }
  return RecvStatus::ok;
}

}  // namespace ntpmon::ntp
