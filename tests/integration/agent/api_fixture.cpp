#include "api_fixture.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace ntpmon::agent::testing {

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

namespace {

bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

ApiFixture::ApiFixture(const std::string& label) : db_(label) {
  char tmpl[] = "/tmp/ntpmon-agent-e2e-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  auto r = admin({"ca", "init", "--ca-dir", (dir_ / "ca").string()});
  if (r.exit_status != 0) {
    error_ = "monitor-admin ca init: " + r.err;
    return;
  }
  r = admin({"ca", "issue-server", "localhost", "127.0.0.1", "--ca-dir", (dir_ / "ca").string(), "--cert",
             (dir_ / "server.pem").string(), "--key", (dir_ / "server.key").string()});
  if (r.exit_status != 0) {
    error_ = "monitor-admin ca issue-server: " + r.err;
    return;
  }
  port_ = free_port();
  api_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{test::program_path("monitor-api"), "server", "--listen",
                               "127.0.0.1:" + std::to_string(port_), "--admin-listen", "", "--tls-cert",
                               (dir_ / "server.pem").string(), "--tls-key", (dir_ / "server.key").string(), "--ca-dir",
                               (dir_ / "ca").string(), "--tickets-key-file", (dir_ / "tickets.json").string(),
                               "--deployment-mode", "devel", "--public-url", api_host()},
      std::map<std::string, std::string>{{"DATABASE_DSN", db_.dsn_text()}}, (dir_ / "monitor-api.log").string());
  for (int i = 0; i < 500; ++i) {
    if (port_accepts(port_)) return;
    if (!api_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error_ = "monitor-api did not start: " + api_->log();
}

ApiFixture::~ApiFixture() {
  api_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

test::ProcessResult ApiFixture::admin(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {test::program_path("monitor-admin")};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run_process(argv, {{"DATABASE_DSN", db_.dsn_text()}});
}

std::map<std::string, std::string> ApiFixture::agent_env() const {
  return {{"API_HOST", api_host()}, {"MONITOR_CA_BUNDLE", ca_bundle().string()}, {"DEVEL_API_SERVER", "\x01unset"},
          {"MONITOR_STATE_DIR", "\x01unset"}, {"STATE_DIRECTORY", "\x01unset"}, {"DEPLOYMENT_MODE", "\x01unset"}};
}

std::vector<std::string> ApiFixture::agent_argv(const std::filesystem::path& state_dir,
                                                const std::vector<std::string>& rest) const {
  std::vector<std::string> argv = {test::program_path("ntppool-agent"), "--env", "devel", "--state-dir",
                                   state_dir.string(), "--allow-local-targets"};
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

}  // namespace ntpmon::agent::testing
