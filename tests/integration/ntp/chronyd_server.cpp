#include "chronyd_server.h"

#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "ntp/exchange.h"

extern char** environ;

namespace ntpmon::ntp::testing {

namespace {

bool port_free(int family, std::uint16_t port) {
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = htons(port);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    a->sin6_port = htons(port);
    len = sizeof *a;
  }
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0;
  ::close(fd);
  return ok;
}

// A high port free on 127.0.0.1 (and ::1 when asked), from the ephemeral range the kernel
// hands out.
std::uint16_t pick_port(bool ipv6) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
    }
    ::close(fd);
    if (port != 0 && port_free(AF_INET, port) && (!ipv6 || port_free(AF_INET6, port))) return port;
  }
  return 0;
}

}  // namespace

std::string ChronydServer::chronyd_path() {
  for (const char* p : {"/usr/sbin/chronyd", "/usr/bin/chronyd", "/usr/local/sbin/chronyd"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return {};
}

std::string ChronydServer::libfaketime_path() {
  for (const char* pattern : {"/usr/lib/*/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
                              "/usr/lib64/faketime/libfaketime.so.1", "/usr/local/lib/faketime/libfaketime.so.1"}) {
    glob_t g{};
    if (::glob(pattern, 0, nullptr, &g) == 0 && g.gl_pathc > 0) {
      std::string found = g.gl_pathv[0];
      ::globfree(&g);
      return found;
    }
    ::globfree(&g);
  }
  return {};
}

ChronydServer::ChronydServer(ChronydOptions options) : options_(std::move(options)) {
  const std::string chronyd = chronyd_path();
  if (chronyd.empty()) {
    error_ = "chronyd not installed (package chrony)";
    return;
  }
  std::string faketime_lib;
  if (options_.faketime) {
    faketime_lib = libfaketime_path();
    if (faketime_lib.empty()) {
      error_ = "libfaketime not installed (package faketime)";
      return;
    }
  }
  char tmpl[] = "/tmp/ntpmon-chronyd-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    error_ = std::string("mkdtemp: ") + std::strerror(errno);
    return;
  }
  dir_ = tmpl;
  port_ = pick_port(options_.ipv6);
  if (port_ == 0) {
    error_ = "no free loopback port";
    return;
  }

  const std::string conf = dir_ + "/chrony.conf";
  {
    std::ofstream out(conf);
    out << "port " << port_ << "\n"
        << "bindaddress 127.0.0.1\n"
        << "allow 127.0.0.1\n";
    if (options_.ipv6) out << "bindaddress ::1\n" << "allow ::1\n";
    out << "local stratum 8\n"
        << "cmdport 0\n"
        << "pidfile " << dir_ << "/chronyd.pid\n"
        << "driftfile " << dir_ << "/chronyd.drift\n";
  }

  // Everything the child needs is prepared before fork (only async-signal-safe calls after).
  std::vector<std::string> args = {chronyd, "-f", conf, "-d", "-x"};
  if (::geteuid() == 0) {
    args.insert(args.end(), {"-u", "root"});  // stay root: the temp dir belongs to root
  } else {
    args.emplace_back("-U");  // chrony 4.3: allow starting as a non-root user
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "LD_PRELOAD=", 11) == 0 || std::strncmp(*e, "FAKETIME", 8) == 0) continue;
    env_strings.emplace_back(*e);
  }
  if (options_.faketime) {
    env_strings.push_back("LD_PRELOAD=" + faketime_lib);
    env_strings.push_back("FAKETIME=" + *options_.faketime);
    env_strings.emplace_back("FAKETIME_DONT_FAKE_MONOTONIC=1");
    env_strings.emplace_back("FAKETIME_NO_CACHE=1");
  }
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  const std::string log_path = dir_ + "/chronyd.log";
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const pid_t parent = ::getpid();

  pid_ = ::fork();
  if (pid_ < 0) {
    error_ = std::string("fork: ") + std::strerror(errno);
    if (log_fd >= 0) ::close(log_fd);
    return;
  }
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

  if (!wait_until_answering(std::chrono::seconds(10))) {
    if (error_.empty()) error_ = "chronyd did not answer within 10 s";
    error_ += "\n--- chronyd log ---\n" + log();
  }
}

bool ChronydServer::wait_until_answering(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  const std::optional<IpAddress> target = IpAddress::v4({127, 0, 0, 1});
  ExchangeOptions xo;
  xo.port = port_;
  xo.timeout = std::chrono::milliseconds(200);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "chronyd exited early (status " + std::to_string(status) + ")";
      return false;
    }
    // Each try waits for a reply (200 ms) or fails fast with "connection refused" while
    // chronyd is still starting; then pace the next one.
    const Exchange ex = exchange(*target, xo);
    if (ex.status == ExchangeStatus::ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ChronydServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ChronydServer::log() const {
  if (dir_.empty()) return {};
  std::ifstream in(dir_ + "/chronyd.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ChronydServer::~ChronydServer() {
  stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace ntpmon::ntp::testing
