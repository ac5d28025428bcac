#pragma once
// The config manager: hot reload of the AppConfig (spec/agent.md §10 with decisions A1/A2).
//
//   - every 5 min (2 min after a failed reload; the next delay clamped to [1 min, 1 h]),
//   - 500 ms after the LAST qualifying event for state.json in the state directory (each
//     event restarts the quiet period: a burst of writes is one reload),
//   - on a watcher error at once; a closed watcher falls back to the timer only,
//   - on an in-process request (AppConfig::set_api_key with a new key), through the same
//     500 ms debounce.
// Events caused by the agent's own saves do not reload (the file then holds exactly what
// the agent last wrote), so a reload's own notifications and writes never schedule another.
//
// start() returns at once; a watcher that cannot be created or added only logs a warning
// (timer-only mode). stop() (or the stop token given to start) ends the loop promptly,
// aborting an in-flight HTTP call.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "log/logger.h"
#include "reload/directory_watcher.h"
#include "state/app_config.h"

namespace ntpmon::agent {

struct ManagerTimings {
  std::chrono::milliseconds periodic{std::chrono::minutes(5)};
  std::chrono::milliseconds after_failure{std::chrono::minutes(2)};
  std::chrono::milliseconds debounce{500};
  std::chrono::milliseconds min_delay{std::chrono::minutes(1)};
  std::chrono::milliseconds max_delay{std::chrono::hours(1)};
};

using WatcherFactory = std::function<std::unique_ptr<DirectoryWatcher>(const std::filesystem::path& dir)>;

class ConfigManager {
 public:
  ConfigManager(AppConfig& config, log::Logger logger, ManagerTimings timings = {},
                WatcherFactory watcher_factory = make_inotify_watcher);
  ~ConfigManager();  // stop()
  ConfigManager(const ConfigManager&) = delete;
  ConfigManager& operator=(const ConfigManager&) = delete;

  // Starts the loop (once; a stopped manager can be started again). `stop` also ends it.
  void start(std::stop_token stop = {});
  // Ends the loop and waits for it. Idempotent.
  void stop();
  // §10.4: arm the debounce as if state.json had changed, and reload even if the file is
  // the agent's own write.
  void request_reload();

  bool running() const;
  // False in timer-only mode.
  bool watching() const { return watching_.load(); }
  // Reloads performed since construction.
  std::uint64_t reload_count() const { return reloads_.load(); }

 private:
  class Wakeup;
  void run(std::stop_token stop, std::unique_ptr<DirectoryWatcher> watcher);
  std::unique_ptr<DirectoryWatcher> create_watcher();
  std::chrono::milliseconds reload(std::stop_token stop);

  AppConfig& config_;
  log::Logger logger_;
  ManagerTimings timings_;
  WatcherFactory watcher_factory_;

  std::unique_ptr<Wakeup> wakeup_;
  std::atomic<bool> watching_{false};
  std::atomic<bool> forced_{false};
  std::atomic<std::uint64_t> reloads_{0};
  std::optional<bool> live_v4_, live_v6_;  // as seen at the previous successful reload

  mutable std::mutex thread_mutex_;
  std::jthread thread_;
  std::optional<std::stop_callback<std::function<void()>>> external_stop_;
};

}  // namespace ntpmon::agent
