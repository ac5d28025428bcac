#include "reload/config_manager.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ntpmon::agent {

using Clock = std::chrono::steady_clock;

// An eventfd that wakes the loop's poll() (stop requests, reload requests).
class ConfigManager::Wakeup {
 public:
  Wakeup() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~Wakeup() {
    if (fd_ >= 0) ::close(fd_);
  }
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;
  int fd() const { return fd_; }
  void signal() const {
    const std::uint64_t one = 1;
    if (fd_ >= 0) (void)::write(fd_, &one, sizeof one);
  }
  void drain() const {
    std::uint64_t value;
    if (fd_ >= 0) (void)::read(fd_, &value, sizeof value);
  }

 private:
  int fd_;
};

ConfigManager::ConfigManager(AppConfig& config, log::Logger logger, ManagerTimings timings,
                             WatcherFactory watcher_factory)
    : config_(config),
      logger_(std::move(logger)),
      timings_(timings),
      watcher_factory_(std::move(watcher_factory)),
      wakeup_(std::make_unique<Wakeup>()) {}

ConfigManager::~ConfigManager() { stop(); }

void ConfigManager::start(std::stop_token stop) {
  std::lock_guard lock(thread_mutex_);
  if (thread_.joinable()) return;
  // The watch is in place when start() returns: no change made afterwards is missed.
  std::unique_ptr<DirectoryWatcher> watcher = create_watcher();
  watching_.store(watcher != nullptr);
  thread_ = std::jthread([this, w = std::move(watcher)](std::stop_token own) mutable { run(std::move(own), std::move(w)); });
  // Either the caller's token or stop() ends the loop.
  external_stop_.emplace(std::move(stop), std::function<void()>([this] {
                           thread_.request_stop();
                           wakeup_->signal();
                         }));
  config_.set_reload_requester([this] { request_reload(); });
}

void ConfigManager::stop() {
  std::lock_guard lock(thread_mutex_);
  if (!thread_.joinable()) return;
  config_.set_reload_requester({});
  external_stop_.reset();
  thread_.request_stop();
  wakeup_->signal();
  thread_.join();
  thread_ = std::jthread();
}

bool ConfigManager::running() const {
  std::lock_guard lock(thread_mutex_);
  return thread_.joinable();
}

void ConfigManager::request_reload() {
  forced_.store(true);
  wakeup_->signal();
}

std::chrono::milliseconds ConfigManager::reload(std::stop_token stop) {
  reloads_.fetch_add(1);
  const LoadOutcome outcome = config_.load(stop);
  std::chrono::milliseconds next;
  if (!outcome.ok()) {
    if (!stop.stop_requested()) logger_.warn("failed to reload AppConfig", {{"err", outcome.error}});
    next = timings_.after_failure;
  } else {
    logger_.debug("AppConfig reloaded successfully");
    next = timings_.periodic;
    for (AddressFamily family : {AddressFamily::v4, AddressFamily::v6}) {
      auto& previous = family == AddressFamily::v4 ? live_v4_ : live_v6_;
      const bool was = previous.value_or(false);
      const FamilyState state = config_.family(family);
      const bool now = is_live(state, family);
      if (now != was) {
        logger_.info(std::string(protocol_name(family)) + " protocol status changed",
                     {{"previous", was}, {"current", now}, {"status", state.status}, {"ip", state.ip.value_or("")}});
      }
      previous = now;
    }
  }
  return std::clamp(next, timings_.min_delay, timings_.max_delay);
}

std::unique_ptr<DirectoryWatcher> ConfigManager::create_watcher() {
  std::unique_ptr<DirectoryWatcher> watcher;
  try {
    watcher = watcher_factory_(config_.env_dir());
  } catch (const WatcherError& e) {
    logger_.warn(e.stage() == WatcherError::Stage::create
                     ? "failed to create file watcher, falling back to timer-only reloading"
                     : "failed to watch state file directory, falling back to timer-only reloading",
                 {{"dir", config_.env_dir().string()}, {"err", e.what()}});
  } catch (const std::exception& e) {
    logger_.warn("failed to create file watcher, falling back to timer-only reloading", {{"err", e.what()}});
  }
  return watcher;
}

void ConfigManager::run(std::stop_token stop, std::unique_ptr<DirectoryWatcher> watcher) {

  Clock::time_point next_periodic = Clock::now() + std::clamp(timings_.periodic, timings_.min_delay, timings_.max_delay);
  bool debounce_armed = false;
  Clock::time_point debounce_at{};
  bool debounce_forced = false;

  while (!stop.stop_requested()) {
    if (forced_.exchange(false)) {
      debounce_armed = true;
      debounce_at = Clock::now() + timings_.debounce;
      debounce_forced = true;
    }
    const Clock::time_point now = Clock::now();
    if (debounce_armed && now >= debounce_at) {
      const bool forced = debounce_forced;
      debounce_armed = false;
      debounce_forced = false;
      if (forced || !config_.state_file_is_own_write()) {
        next_periodic = Clock::now() + reload(stop);
      } else {
        logger_.debug("state file holds the agent's own save; no reload");
      }
      continue;
    }
    if (now >= next_periodic) {
      next_periodic = Clock::now() + reload(stop);
      continue;
    }

    Clock::time_point until = next_periodic;
    if (debounce_armed) until = std::min(until, debounce_at);
    const auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();

    pollfd fds[2] = {{wakeup_->fd(), POLLIN, 0}, {watcher ? watcher->fd() : -1, POLLIN, 0}};
    const int n = ::poll(fds, watcher ? 2 : 1, static_cast<int>(std::clamp<long long>(wait_ms, 0, 60'000)));
    if (n < 0 && errno != EINTR) {
      logger_.warn("config manager poll failed", {{"err", std::strerror(errno)}});
      continue;
    }
    if (fds[0].revents & POLLIN) wakeup_->drain();
    if (watcher && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) {
      WatchBatch batch = watcher->read();
      for (const WatchEvent& ev : batch.events) {
        if (triggers_reload(ev, kStateFileName)) {
          debounce_armed = true;
          debounce_at = Clock::now() + timings_.debounce;  // restart the quiet period
        }
      }
      if (!batch.error.empty()) {
        logger_.warn("file watcher error", {{"err", batch.error}});
        next_periodic = Clock::now() + reload(stop);
      }
      if (batch.closed) {
        logger_.warn("file watcher events channel closed");
        watcher.reset();
        watching_.store(false);
        next_periodic = Clock::now() + reload(stop);
      }
    }
  }
  logger_.info("AppConfig hot reloader shutting down");
}

}  // namespace ntpmon::agent
