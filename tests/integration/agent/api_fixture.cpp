#include "api_fixture.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <soci/soci.h>

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

long long ApiFixture::add_account(const std::string& name, const std::string& id_token) {
  auto& s = db_.session();
  s << "INSERT INTO accounts (name, id_token, created_on) VALUES (:n, :t, NOW())", soci::use(name), soci::use(id_token);
  long long id = 0;
  s << "SELECT id FROM accounts WHERE id_token = :t", soci::use(id_token), soci::into(id);
  return id;
}

void ApiFixture::set_operational_defaults(int samples, const std::string& base_check_v4,
                                          const std::string& base_check_v6) {
  auto& s = db_.session();
  for (const auto& [family, check] : {std::pair{std::string("v4"), base_check_v4}, std::pair{std::string("v6"), base_check_v6}}) {
    const std::string name = "settings-" + family + ".system";
    const std::string config = "{\"samples\":" + std::to_string(samples) + ",\"base_checks\":[\"" + check + "\"]}";
    s << "INSERT INTO monitors (type, tls_name, ip_version, status, config, created_on) "
         "VALUES ('monitor', :name, :family, 'active', :config, NOW())",
        soci::use(name), soci::use(family), soci::use(config);
  }
}

void ApiFixture::add_server_scores(const std::string& tls_name, const std::string& status) {
  db_.session() << "INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on) "
                   "SELECT m.id, s.id, 0, :status, NOW() FROM monitors m JOIN servers s ON s.ip_version = m.ip_version "
                   "WHERE m.tls_name = :tls_name",
      soci::use(status), soci::use(tls_name);
}

std::string ApiFixture::register_agent(const std::filesystem::path& state_dir, long long account_id,
                                       const std::string& status, const std::string& ip6, std::string& error) {
  BackgroundProcess setup(agent_argv(state_dir, {"setup", "--hostname", "fixture-host"}), agent_env(),
                          (dir_ / ("setup-" + std::to_string(::getpid()) + ".log")).string());
  auto& s = db_.session();
  long long id = 0;
  for (int i = 0; i < 200 && id == 0; ++i) {
    soci::indicator ind = soci::i_null;
    s << "SELECT MAX(id) FROM monitor_registrations WHERE status = 'pending'", soci::into(id, ind);
    if (ind == soci::i_null) id = 0;
    if (id == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (id == 0) {
    error = "no registration arrived: " + setup.log();
    return {};
  }
  if (!ip6.empty()) s << "UPDATE monitor_registrations SET ip6 = :ip6 WHERE id = :id", soci::use(ip6), soci::use(id);
  auto r = admin({"registrations", "approve", std::to_string(id), "--account", std::to_string(account_id), "--location",
                  "fix", "--status", status});
  if (r.exit_status != 0) {
    error = "approve: " + r.err;
    return {};
  }
  if (setup.wait(std::chrono::seconds(30)) != 0) {
    error = "setup did not finish: " + setup.log();
    return {};
  }
  std::string tls_name;
  soci::indicator ind = soci::i_null;
  s << "SELECT tls_name FROM monitor_registrations WHERE id = :id", soci::use(id), soci::into(tls_name, ind);
  return tls_name;
}

}  // namespace ntpmon::agent::testing
