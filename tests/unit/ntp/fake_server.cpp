#include "fake_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace ntpmon::ntp::testing {

SysTime now() {
  return std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now());
}

FakeNtpServer::FakeNtpServer(Handler handler, bool family_v6) : handler_(std::move(handler)) {
  const int family = family_v6 ? AF_INET6 : AF_INET;
  fd_ = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (family_v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  }
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  port_ = family_v6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                    : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC);
  thread_ = std::thread([this] { run(); });
}

FakeNtpServer::~FakeNtpServer() {
  stop_ = true;
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::vector<Request> FakeNtpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FakeNtpServer::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void FakeNtpServer::run() {
  std::vector<std::uint8_t> buf(65536);
  while (!stop_) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (stop_) break;
    if ((fds[0].revents & POLLIN) == 0) continue;
    sockaddr_storage peer{};
    socklen_t plen = sizeof peer;
    const ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&peer), &plen);
    if (n < 0) continue;
    Request req;
    req.received = now();
    req.bytes.assign(buf.begin(), buf.begin() + n);
    req.header = decode(req.bytes);
    char text[INET6_ADDRSTRLEN] = {};
    if (peer.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&peer);
      ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      req.peer_port = ntohs(a->sin_port);
    } else {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&peer);
      ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      req.peer_port = ntohs(a->sin6_port);
    }
    req.peer_address = text;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(req);
    }
    for (const Reply& r : handler_(req)) {
      if (r.delay.count() > 0) {
        pollfd w{wake_fd_, POLLIN, 0};
        if (::poll(&w, 1, static_cast<int>(r.delay.count())) > 0 || stop_) return;
      }
      ::sendto(fd_, r.bytes.data(), r.bytes.size(), 0, reinterpret_cast<sockaddr*>(&peer), plen);
    }
  }
}

Header reply_header(const Request& req, std::chrono::nanoseconds server_offset) {
  Header h;
  h.leap = Leap::no_warning;
  h.version = 4;
  h.mode = Mode::server;
  h.stratum = 2;
  h.poll = 6;
  h.precision = -24;
  h.root_delay = ShortTime{0x0000'0180};
  h.root_dispersion = ShortTime{0x0000'0040};
  h.reference_id = 0xc000'0235;
  const SysTime server_now = req.received + server_offset;
  h.reference_time = to_ntp(server_now - std::chrono::seconds(30));
  h.origin_time = req.header ? req.header->transmit_time : Timestamp{};
  h.receive_time = to_ntp(server_now);
  h.transmit_time = to_ntp(server_now + std::chrono::microseconds(10));
  return h;
}

std::vector<std::uint8_t> bytes_of(const Header& h) {
  const PacketBytes b = encode(h);
  return {b.begin(), b.end()};
}

Handler answer_with(std::function<void(Header&)> edit, std::chrono::nanoseconds server_offset) {
  return [edit = std::move(edit), server_offset](const Request& req) {
    Header h = reply_header(req, server_offset);
    if (edit) edit(h);
    return std::vector<Reply>{{bytes_of(h)}};
  };
}

}  // namespace ntpmon::ntp::testing
