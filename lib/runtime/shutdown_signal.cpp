#include "runtime/shutdown_signal.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <thread>

namespace ntpmon::runtime {

namespace {

std::string signal_name(int signo) {
  switch (signo) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
    default:
      return "signal " + std::to_string(signo);
  }
}

}  // namespace

// Blocks the signals, reads them from a signalfd on its own thread and turns each into a
// stop request. An eventfd wakes the thread when the watcher is destroyed.
class ShutdownSignal::Watcher {
 public:
  Watcher(ShutdownSignal& owner, const sigset_t& mask) : owner_(owner) {
    if (int rc = pthread_sigmask(SIG_BLOCK, &mask, &old_mask_); rc != 0) {
      throw std::system_error(rc, std::generic_category(), "pthread_sigmask");
    }
    blocking_thread_ = std::this_thread::get_id();
    signal_fd_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signal_fd_ < 0) {
      int err = errno;
      restore_mask();
      throw std::system_error(err, std::generic_category(), "signalfd");
    }
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) {
      int err = errno;
      close(signal_fd_);
      restore_mask();
      throw std::system_error(err, std::generic_category(), "eventfd");
    }
    thread_ = std::thread([this] { run(); });
  }

  ~Watcher() {
    std::uint64_t one = 1;
    while (::write(wake_fd_, &one, sizeof one) < 0 && errno == EINTR) {
    }
    thread_.join();
    close(signal_fd_);
    close(wake_fd_);
    restore_mask();
  }

  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

 private:
  void run() {
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    for (;;) {
      int n = poll(fds, 2, -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      if (fds[0].revents != 0) {
        signalfd_siginfo info;
        while (read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
          int signo = static_cast<int>(info.ssi_signo);
          owner_.request_stop(signal_name(signo), signo);
        }
      }
    }
  }

  void restore_mask() {
    // A thread's mask can only be changed by that thread; a watcher destroyed elsewhere
    // leaves the signals blocked in the thread that created it.
    if (std::this_thread::get_id() == blocking_thread_) {
      pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    }
  }

  ShutdownSignal& owner_;
  sigset_t old_mask_;
  std::thread::id blocking_thread_;
  int signal_fd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;
};

ShutdownSignal::ShutdownSignal() = default;

ShutdownSignal::~ShutdownSignal() { watcher_.reset(); }

std::unique_ptr<ShutdownSignal> ShutdownSignal::install_process_handler(
    std::initializer_list<int> signals) {
  sigset_t mask;
  sigemptyset(&mask);
  for (int s : signals) sigaddset(&mask, s);
  if (signals.size() == 0) {
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
  }
  auto shutdown = std::make_unique<ShutdownSignal>();
  shutdown->watcher_ = std::make_unique<Watcher>(*shutdown, mask);
  return shutdown;
}

void ShutdownSignal::request_stop(std::string reason) { request_stop(std::move(reason), std::nullopt); }

void ShutdownSignal::request_stop(std::string reason, std::optional<int> signal) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    reason_ = std::move(reason);
    signal_ = signal;
  }
  cv_.notify_all();
  source_.request_stop();
}

bool ShutdownSignal::stop_requested() const {
  std::lock_guard lock(mutex_);
  return stopped_;
}

std::string ShutdownSignal::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

std::optional<int> ShutdownSignal::signal_number() const {
  std::lock_guard lock(mutex_);
  return signal_;
}

bool ShutdownSignal::wait_for(std::chrono::nanoseconds timeout) const {
  // Beyond this, steady_clock::now() + timeout could overflow: wait without a deadline.
  constexpr auto forever = std::chrono::hours(24 * 365 * 100);
  std::unique_lock lock(mutex_);
  if (timeout >= forever) {
    cv_.wait(lock, [this] { return stopped_; });
    return true;
  }
  return cv_.wait_for(lock, timeout, [this] { return stopped_; });
}

void ShutdownSignal::wait() const {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return stopped_; });
}

}  // namespace ntpmon::runtime
