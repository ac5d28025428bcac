#include "ntp/stop_waiter.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace ntpmon::ntp {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kFallbackSlice{50};

timespec to_timespec(std::chrono::nanoseconds d) {
  if (d.count() < 0) d = std::chrono::nanoseconds{0};
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(d.count() / 1'000'000'000);
  ts.tv_nsec = static_cast<long>(d.count() % 1'000'000'000);
  return ts;
}

}  // namespace

void StopWaiter::Wake::operator()() const noexcept {
  const std::uint64_t one = 1;
  // Nothing useful can be done if this fails; the waiter still re-checks the token.
  [[maybe_unused]] const ssize_t n = ::write(fd, &one, sizeof one);
}

StopWaiter::StopWaiter(std::stop_token stop) : stop_(std::move(stop)) {
  if (stop_.stop_possible()) {
    event_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (event_fd_ >= 0) callback_.emplace(stop_, Wake{event_fd_});
  }
}

StopWaiter::~StopWaiter() {
  callback_.reset();  // waits for a running callback, so the fd is not closed under it
  if (event_fd_ >= 0) ::close(event_fd_);
}

StopWaiter::Result StopWaiter::wait_readable(int fd, std::chrono::nanoseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (stop_.stop_requested()) return Result::stopped;
    const auto remaining = deadline - Clock::now();
    if (remaining.count() <= 0) return Result::timeout;
    pollfd fds[2] = {{fd, POLLIN, 0}, {event_fd_, POLLIN, 0}};
    const nfds_t nfds = event_fd_ >= 0 ? 2 : 1;
    std::chrono::nanoseconds slice = remaining;
    if (event_fd_ < 0 && stop_.stop_possible() && slice > kFallbackSlice) slice = kFallbackSlice;
    const timespec ts = to_timespec(slice);
    const int rc = ::ppoll(fd >= 0 ? fds : fds + 1, fd >= 0 ? nfds : nfds - 1, &ts, nullptr);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Result::error;
    }
    if (stop_.stop_requested()) return Result::stopped;
    if (rc > 0 && fd >= 0 && (fds[0].revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL)) != 0) {
      return Result::ready;
    }
  }
}

StopWaiter::Result StopWaiter::sleep(std::chrono::nanoseconds duration) {
  const Result r = wait_readable(-1, duration);
  return r == Result::stopped ? Result::stopped : Result::timeout;
}

bool sleep_unless_stopped(std::chrono::nanoseconds duration, std::stop_token stop) {
  StopWaiter waiter(std::move(stop));
  return waiter.sleep(duration) != StopWaiter::Result::stopped;
}

}  // namespace ntpmon::ntp
