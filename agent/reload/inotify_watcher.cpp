#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "reload/directory_watcher.h"

namespace ntpmon::agent {
namespace {

class InotifyWatcher final : public DirectoryWatcher {
 public:
  explicit InotifyWatcher(const std::filesystem::path& dir) {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw WatcherError(WatcherError::Stage::create, std::string("inotify_init1: ") + std::strerror(errno));
    constexpr std::uint32_t mask = IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM |
                                   IN_MOVE_SELF | IN_DELETE | IN_DELETE_SELF | IN_ATTRIB | IN_ONLYDIR;
    if (::inotify_add_watch(fd_, dir.c_str(), mask) < 0) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      throw WatcherError(WatcherError::Stage::add, "watch " + dir.string() + ": " + std::strerror(err));
    }
  }
  ~InotifyWatcher() override {
    if (fd_ >= 0) ::close(fd_);
  }
  InotifyWatcher(const InotifyWatcher&) = delete;
  InotifyWatcher& operator=(const InotifyWatcher&) = delete;

  int fd() const override { return fd_; }

  WatchBatch read() override {
    WatchBatch batch;
    alignas(inotify_event) char buf[8192];
    for (;;) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN) batch.error = std::string("read inotify: ") + std::strerror(errno);
        return batch;
      }
      if (n == 0) return batch;
      for (ssize_t off = 0; off < n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
        off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        add(batch, *ev);
      }
    }
  }

 private:
  static void add(WatchBatch& batch, const inotify_event& ev) {
    if (ev.mask & IN_Q_OVERFLOW) {
      batch.error = "inotify event queue overflow";
      return;
    }
    if (ev.mask & IN_IGNORED) {
      batch.closed = true;
      return;
    }
    const std::string name = ev.len > 0 ? std::string(ev.name) : std::string();
    const auto push = [&](WatchOp op) { batch.events.push_back({name, op}); };
    if (ev.mask & (IN_MODIFY | IN_CLOSE_WRITE)) push(WatchOp::write);
    if (ev.mask & (IN_CREATE | IN_MOVED_TO)) push(WatchOp::create);
    if (ev.mask & (IN_MOVED_FROM | IN_MOVE_SELF)) push(WatchOp::rename);
    if (ev.mask & (IN_DELETE | IN_DELETE_SELF)) push(WatchOp::remove);
    if (ev.mask & IN_ATTRIB) push(WatchOp::chmod);
  }

  int fd_ = -1;
};

}  // namespace

std::unique_ptr<DirectoryWatcher> make_inotify_watcher(const std::filesystem::path& dir) {
  return std::make_unique<InotifyWatcher>(dir);
}

}  // namespace ntpmon::agent
