#pragma once
// The real monitor-api for the agent's end-to-end tests: a fresh test database, a CA and
// server certificate made with monitor-admin, the API on 127.0.0.1 (reached as "localhost",
// which the server certificate names), and helpers to run monitor-admin.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "background_process.h"
#include "subprocess.h"
#include "test_database.h"

namespace ntpmon::agent::testing {

class ApiFixture {
 public:
  explicit ApiFixture(const std::string& label);
  ~ApiFixture();

  // "" when the API is up.
  const std::string& error() const { return error_; }
  test::TestDatabase& db() { return db_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string api_host() const { return "https://localhost:" + std::to_string(port_); }
  std::filesystem::path ca_bundle() const { return dir_ / "ca" / "ca.pem"; }
  std::string api_log() const { return api_ ? api_->log() : std::string(); }

  test::ProcessResult admin(const std::vector<std::string>& args) const;

  // Fixture data (SQL allowed in tests): an account; the operational defaults of both
  // families (settings-v4.system / settings-v6.system); (monitor, server) pairs for every
  // monitor row of `tls_name` and every server of its family, in `status`.
  long long add_account(const std::string& name, const std::string& id_token);
  void set_operational_defaults(int samples, const std::string& base_check_v4, const std::string& base_check_v6);
  void add_server_scores(const std::string& tls_name, const std::string& status);
  // Runs `ntppool-agent setup` for `state_dir` and approves the registration with
  // monitor-admin (recording `ip6` as the IPv6 address: this host has no IPv6 name for
  // localhost). The tls_name, or "" with the reason in `error`.
  std::string register_agent(const std::filesystem::path& state_dir, long long account_id, const std::string& status,
                             const std::string& ip6, std::string& error);
  // The agent's environment for this API.
  std::map<std::string, std::string> agent_env() const;
  // ntppool-agent argv with the state directory, env devel, the CA bundle, local targets.
  std::vector<std::string> agent_argv(const std::filesystem::path& state_dir, const std::vector<std::string>& rest) const;

 private:
  test::TestDatabase db_;
  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> api_;
  std::string error_;
};

// A free TCP port on 127.0.0.1.
int free_port();

}  // namespace ntpmon::agent::testing
