#pragma once
// AppConfig: the agent's local configuration plane (spec/agent.md §4-§6, §8). It owns
// state.json and the TLS identity of one deployment environment, refreshes them from the
// HTTP config API ("load"), and notifies waiters of every change.
//
// Thread-safe. Network calls run without holding the configuration lock; loads are
// serialised among themselves. Notifications are sent after every lock is released.
//
// Project decisions implemented here:
//  - A3: a corrupt state.json is moved aside (state.json.corrupt-<UTC timestamp>), an error
//    saying to run `ntppool-agent setup` is logged, and the agent goes on with the
//    configuration it has (at startup: the empty default).
//  - A7: a replaced certificate notifies like an added one.
//  - §21 A8: a freshly issued certificate is installed at once.
//  - §10.4: set_api_key() with a new value asks the running config manager for a reload.
//  - A load writes state.json only when it was missing (or moved aside) or the server data
//    changed, and never over a file another writer replaced during the load (§4.8 step 7 also
//    writes on "local changes", which come from the files themselves).
//  - Certificates come from a CSR of the agent's own key (CertificateStore).

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stop_token>
#include <string>

#include "core/deployment_env.h"
#include "log/logger.h"
#include "state/certificate_store.h"
#include "state/change_notifier.h"
#include "state/config_api.h"
#include "state/ip_config.h"
#include "state/state_data.h"

namespace ntpmon::agent {

inline constexpr const char* kStateFileName = "state.json";

struct AppConfigOptions {
  std::filesystem::path base_dir;   // the state directory (expanded)
  DeploymentEnv env = DeploymentEnv::devel;
  std::shared_ptr<ConfigApi> api;   // nullptr: loads only read local files
  std::optional<std::string> runtime_directory;  // RUNTIME_DIRECTORY, for §4.10
  log::Logger logger;
};

enum class LoadStatus { ok, unauthorized, failed };

struct LoadOutcome {
  LoadStatus status = LoadStatus::ok;
  std::string error;  // for unauthorized and failed
  // The failure is local: state.json could not be read, moved aside or written (an unusable
  // state directory), as opposed to an API failure.
  bool local = false;
  bool ok() const { return status == LoadStatus::ok; }
};

class AppConfig {
 public:
  // Creates <base>/<env> (0700) when missing; throws std::runtime_error when the state
  // directory is unusable. Does not load.
  explicit AppConfig(AppConfigOptions options);
  AppConfig(const AppConfig&) = delete;
  AppConfig& operator=(const AppConfig&) = delete;

  // The load of §4.8 (see the file comment for the decisions). A 401 from the config API
  // marks the key unauthorized (kept on disk and in memory, §21 A26); other API failures
  // are returned and change nothing.
  LoadOutcome load(std::stop_token stop = {}, bool request_certificate = false);
  // The same, reading only local files (state.json, certificates): no network.
  LoadOutcome load_local();

  DeploymentEnv env() const { return env_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  const std::filesystem::path& env_dir() const { return env_dir_; }
  std::filesystem::path state_path() const { return env_dir_ / kStateFileName; }

  std::string api_key() const;
  // The last config fetch answered 401 for the current key.
  bool api_key_unauthorized() const;
  std::string server_name() const;
  std::string tls_name() const;
  FamilyState ipv4() const;
  FamilyState ipv6() const;
  FamilyState family(AddressFamily family) const;
  bool is_live(AddressFamily family) const;
  std::string data_sha() const;
  std::string cached_otlp_log_level() const;

  // §5.2: replaces the key, always saves state.json; a different value notifies waiters and
  // asks the config manager for a reload. Throws std::runtime_error("could not store API
  // key: ...") when saving fails (the key stays set in memory).
  void set_api_key(const std::string& key);
  // Saves only when the value changed; never notifies.
  void set_cached_otlp_log_level(const std::string& level);

  CertificateStore& certificates() { return certs_; }
  const CertificateStore& certificates() const { return certs_; }

  std::unique_ptr<ChangeWaiter> wait_for_config_change(std::stop_token parent = {}) {
    return notifier_.wait_for_change(std::move(parent));
  }
  ChangeNotifier& notifier() { return notifier_; }

  // Installed by the config manager while it runs (§10.4); empty function to remove.
  void set_reload_requester(std::function<void()> request);
  // True when state.json holds exactly the bytes this process last wrote: the manager
  // ignores file events caused by the agent's own saves.
  bool state_file_is_own_write() const;

 private:
  enum class ReadResult { read, missing, corrupt };
  // Reads state.json into memory; `text` gets what was read (nullopt when missing).
  ReadResult read_state_file(std::optional<std::string>& text);
  // True when state.json no longer holds `read` (another writer replaced it during a load).
  bool state_file_changed_since(const std::optional<std::string>& read) const;
  void migrate_from_runtime_dir();
  void move_corrupt_file_aside(const std::string& why);
  // true when the data changed; throws std::runtime_error for an invalid answer.
  bool apply_fetched_config(const api::MonitorStatusConfig& config);
  void maybe_request_certificate(const std::string& api_key, bool explicitly_requested, std::stop_token stop);
  bool load_certificates_from_disk();
  void save();
  StateFile snapshot() const;
  void log_config_changed(const StateDataPart& data) const;

  const DeploymentEnv env_;
  const std::filesystem::path base_dir_;
  const std::filesystem::path env_dir_;
  const std::shared_ptr<ConfigApi> api_;
  const std::optional<std::string> runtime_directory_;
  log::Logger logger_;

  mutable std::shared_mutex mutex_;  // guards state_ and unauthorized_
  StateFile state_;
  bool unauthorized_ = false;

  std::mutex load_mutex_;            // one load at a time
  mutable std::mutex save_mutex_;    // one write at a time; guards last_saved_
  std::optional<std::string> last_saved_;

  std::mutex reload_mutex_;
  std::function<void()> reload_requester_;

  CertificateStore certs_;
  ChangeNotifier notifier_;
};

}  // namespace ntpmon::agent
