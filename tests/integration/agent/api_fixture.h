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
