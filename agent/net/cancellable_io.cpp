#include "net/cancellable_io.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace ntpmon::agent {

void CancellableWait::Wake::operator()() const noexcept {
  const std::uint64_t one = 1;
  if (fd >= 0) (void)::write(fd, &one, sizeof one);
}

CancellableWait::CancellableWait(std::stop_token stop) : stop_(std::move(stop)) {
  event_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (event_fd_ >= 0) callback_.emplace(stop_, Wake{event_fd_});
}

CancellableWait::~CancellableWait() {
  callback_.reset();
  if (event_fd_ >= 0) ::close(event_fd_);
}

CancellableWait::Result CancellableWait::wait(int fd, bool for_write, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    if (stop_.stop_requested()) return Result::stopped;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Result::timeout;
    pollfd fds[2] = {{fd, static_cast<short>(for_write ? POLLOUT : POLLIN), 0}, {event_fd_, POLLIN, 0}};
    // Without an eventfd, look at the token every 50 ms.
    const int slice = event_fd_ >= 0 ? static_cast<int>(std::min<long long>(left.count(), 60'000))
                                     : static_cast<int>(std::min<long long>(left.count(), 50));
    const int n = ::poll(fds, event_fd_ >= 0 ? 2 : 1, slice);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Result::error;
    }
    if (n == 0) continue;
    if (event_fd_ >= 0 && (fds[1].revents & POLLIN)) return Result::stopped;
    if (fds[0].revents != 0) return Result::ready;  // ready, or an error the caller's I/O reports
  }
}

}  // namespace ntpmon::agent
