#include "loopback_ntp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "ntp/exchange.h"
#include "ntp/packet.h"

extern char** environ;

namespace ntpmon::agent::testing {
namespace {

int run_shell(const std::string& command) {
  const int rc = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string capture(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  ::pclose(p);
  return out;
}

std::string libfaketime() {
  glob_t g{};
  std::string found;
  if (::glob("/usr/lib/*/faketime/libfaketime.so.1", 0, nullptr, &g) == 0 && g.gl_pathc > 0) found = g.gl_pathv[0];
  ::globfree(&g);
  return found;
}

// Fills a socket address for address:123.
socklen_t endpoint(const std::string& address, sockaddr_storage& ss) {
  ss = {};
  if (address.find(':') != std::string::npos) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(123);
    ::inet_pton(AF_INET6, address.c_str(), &a->sin6_addr);
    return sizeof *a;
  }
  auto* a = reinterpret_cast<sockaddr_in*>(&ss);
  a->sin_family = AF_INET;
  a->sin_port = htons(123);
  ::inet_pton(AF_INET, address.c_str(), &a->sin_addr);
  return sizeof *a;
}

}  // namespace

LoopbackAddress::LoopbackAddress(std::string address) : address_(std::move(address)) {
  if (address_.find(':') == std::string::npos) return;
  if (run_shell("ip -6 addr add " + address_ + "/128 dev lo nodad") != 0) {
    if (run_shell("ip -6 addr show dev lo | grep -q ' " + address_ + "/128'") == 0) return;  // already there
    error_ = "cannot add " + address_ + " to lo (needs root and IPv6)";
    return;
  }
  added_ = true;
}

LoopbackAddress::~LoopbackAddress() {
  if (added_) run_shell("ip -6 addr del " + address_ + "/128 dev lo");
}

ChronydOnLoopback::ChronydOnLoopback(std::string address, std::optional<std::string> faketime)
    : address_(std::move(address)) {
  if (::access("/usr/sbin/chronyd", X_OK) != 0) {
    error_ = "chronyd not installed (package chrony)";
    return;
  }
  std::string preload;
  if (faketime) {
    preload = libfaketime();
    if (preload.empty()) {
      error_ = "libfaketime not installed (package faketime)";
      return;
    }
  }
  char tmpl[] = "/tmp/ntpmon-agent-chronyd-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  {
    std::ofstream conf(dir_ + "/chrony.conf");
    conf << "port 123\nbindaddress " << address_ << "\nallow all\nlocal stratum 2\ncmdport 0\n"
         << "pidfile " << dir_ << "/chronyd.pid\ndriftfile " << dir_ << "/drift\n";
  }
  // -4/-6: sockets of the address's family only. Without it chronyd also binds the other
  // family's wildcard (0.0.0.0:123 or [::]:123) and answers for every loopback address of that
  // family, so a concurrently running test's "no server here" address would get answers and
  // its own port-123 responders could not bind.
  const std::string family_only = address_.find(':') != std::string::npos ? "-6" : "-4";
  std::vector<std::string> args = {"/usr/sbin/chronyd", family_only, "-f", dir_ + "/chrony.conf", "-d", "-x", "-u", "root"};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "LD_PRELOAD=", 11) != 0 && std::strncmp(*e, "FAKETIME", 8) != 0) env.emplace_back(*e);
  }
  if (faketime) {
    env.push_back("LD_PRELOAD=" + preload);
    env.push_back("FAKETIME=" + *faketime);
    env.emplace_back("FAKETIME_DONT_FAKE_MONOTONIC=1");
    env.emplace_back("FAKETIME_NO_CACHE=1");
  }
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int log_fd = ::open((dir_ + "/chronyd.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    if (log_fd >= 0) {
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (log_fd >= 0) ::close(log_fd);
  if (pid_ < 0) {
    error_ = "fork failed";
    return;
  }
  // Wait until it answers on address:123.
  const auto target = ntp::IpAddress::parse(address_);
  ntp::ExchangeOptions xo;
  xo.timeout = std::chrono::milliseconds(200);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream log(dir_ + "/chronyd.log");
      std::stringstream ss;
      ss << log.rdbuf();
      error_ = "chronyd exited early: " + ss.str();
      return;
    }
    if (target && ntp::exchange(*target, xo).status == ntp::ExchangeStatus::ok) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  error_ = "chronyd on " + address_ + " did not answer";
}

ChronydOnLoopback::~ChronydOnLoopback() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) != pid_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (i == 99) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

KissServer::KissServer(std::string address, std::string kiss_code) : kiss_code_(std::move(kiss_code)) {
  sockaddr_storage ss;
  const socklen_t len = endpoint(address, ss);
  fd_ = ::socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  // SO_REUSEADDR: coexists with an NTP server elsewhere that holds the family's wildcard
  // (0.0.0.0:123 or [::]:123); datagrams for this address come here, the more specific bind.
  const int one = 1;
  if (fd_ < 0 || ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      ::bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    error_ = "cannot bind " + address + ":123: " + std::strerror(errno);
    return;
  }
  thread_ = std::thread([this] { run(); });
}

KissServer::~KissServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void KissServer::run() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    std::array<std::uint8_t, 512> buf{};
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    const ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&peer), &peer_len);
    const auto request = ntp::decode(std::span<const std::uint8_t>(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0));
    if (!request) continue;
    ntp::Header reply;
    reply.mode = ntp::Mode::server;
    reply.stratum = 0;
    reply.leap = ntp::Leap::not_in_sync;
    std::uint32_t id = 0;
    for (char c : kiss_code_.substr(0, 4)) id = (id << 8) | static_cast<std::uint8_t>(c);
    reply.reference_id = id;
    reply.origin_time = request->transmit_time;
    reply.receive_time = ntp::to_ntp(std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now()));
    reply.transmit_time = reply.receive_time;
    const auto bytes = ntp::encode(reply);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_len);
  }
}

NtpResponder::NtpResponder(const std::vector<std::string>& addresses) {
  for (const auto& address : addresses) {
    sockaddr_storage ss;
    const socklen_t len = endpoint(address, ss);
    const int fd = ::socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
      error_ = "cannot bind " + address + ":123: " + std::strerror(errno);
      if (fd >= 0) ::close(fd);
      return;
    }
    fds_.push_back(fd);
  }
  thread_ = std::thread([this] { run(); });
}

NtpResponder::~NtpResponder() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  for (int fd : fds_) ::close(fd);
}

void NtpResponder::run() {
  std::vector<pollfd> polls;
  for (int fd : fds_) polls.push_back({fd, POLLIN, 0});
  while (!stop_) {
    if (::poll(polls.data(), polls.size(), 50) <= 0) continue;
    for (const auto& p : polls) {
      if (!(p.revents & POLLIN)) continue;
      for (;;) {
        std::array<std::uint8_t, 512> buf{};
        sockaddr_storage peer{};
        socklen_t peer_len = sizeof peer;
        const ssize_t n = ::recvfrom(p.fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&peer), &peer_len);
        if (n <= 0) break;
        const auto received = std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now());
        const auto request = ntp::decode(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)));
        if (!request) continue;
        ntp::Header reply;
        reply.mode = ntp::Mode::server;
        reply.stratum = 2;
        reply.poll = request->poll;
        reply.precision = -20;
        reply.reference_id = 0xC0000235;  // 192.0.2.53
        reply.reference_time = ntp::to_ntp(received - std::chrono::seconds(16));
        reply.origin_time = request->transmit_time;
        reply.receive_time = ntp::to_ntp(received);
        reply.transmit_time = ntp::to_ntp(std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now()));
        const auto bytes = ntp::encode(reply);
        ::sendto(p.fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_len);
        ++answered_;
      }
    }
  }
}

SilentAddress::SilentAddress(const std::string& address) {
  sockaddr_storage ss;
  const socklen_t len = endpoint(address, ss);
  const int probe = ::socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (probe < 0) {
    error_ = std::string("socket: ") + std::strerror(errno);
    return;
  }
  // Without SO_REUSEADDR the bind fails if anything holds address:123 or the wildcard.
  const bool free = ::bind(probe, reinterpret_cast<sockaddr*>(&ss), len) == 0;
  const int probe_errno = errno;
  ::close(probe);
  if (free) return;
  if (probe_errno != EADDRINUSE) {
    error_ = "cannot bind " + address + ":123: " + std::strerror(probe_errno);
    return;
  }
  fd_ = ::socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (fd_ < 0 || ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      ::bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    error_ = "something else holds " + address + ":123 (" + std::strerror(errno) + ")";
  }
}

SilentAddress::~SilentAddress() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<double> python_sntp_offset(const std::string& address) {
  const std::string out = capture("python3 " NTPMON_SOURCE_DIR "/tests/integration/agent/sntp_probe.py " + address + " 2>&1");
  try {
    std::size_t used = 0;
    const double v = std::stod(out, &used);
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<double> parse_go_duration_seconds(const std::string& text) {
  std::string s = text;
  double sign = 1;
  if (!s.empty() && s[0] == '-') {
    sign = -1;
    s = s.substr(1);
  }
  double total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    std::size_t used = 0;
    double v;
    try {
      v = std::stod(s.substr(i), &used);
    } catch (...) {
      return std::nullopt;
    }
    i += used;
    const std::string rest = s.substr(i);
    double unit;
    std::size_t unit_len;
    if (rest.rfind("ns", 0) == 0) unit = 1e-9, unit_len = 2;
    else if (rest.rfind("µs", 0) == 0) unit = 1e-6, unit_len = std::string("µs").size();
    else if (rest.rfind("us", 0) == 0) unit = 1e-6, unit_len = 2;
    else if (rest.rfind("ms", 0) == 0) unit = 1e-3, unit_len = 2;
    else if (rest.rfind("s", 0) == 0) unit = 1, unit_len = 1;
    else if (rest.rfind("m", 0) == 0) unit = 60, unit_len = 1;
    else if (rest.rfind("h", 0) == 0) unit = 3600, unit_len = 1;
    else return std::nullopt;
    total += v * unit;
    i += unit_len;
    any = true;
  }
  if (!any) return std::nullopt;
  return sign * total;
}

}  // namespace ntpmon::agent::testing
