#pragma once
// Watching one directory for file events. The config manager polls fd() and calls read()
// when it is readable. An interface so tests can feed events and errors the kernel will not
// produce on demand (queue overflow, a closed stream).

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "reload/watch_event.h"

namespace ntpmon::agent {

struct WatchBatch {
  std::vector<WatchEvent> events;
  std::string error;    // non-empty: a watcher error (e.g. the event queue overflowed)
  bool closed = false;  // the watcher cannot deliver events any more
};

class DirectoryWatcher {
 public:
  virtual ~DirectoryWatcher() = default;
  // Readable when read() has something.
  virtual int fd() const = 0;
  virtual WatchBatch read() = 0;
};

class WatcherError : public std::runtime_error {
 public:
  enum class Stage { create, add };
  WatcherError(Stage stage, const std::string& message) : std::runtime_error(message), stage_(stage) {}
  Stage stage() const noexcept { return stage_; }

 private:
  Stage stage_;
};

// inotify on Linux: IN_MODIFY/IN_CLOSE_WRITE -> write; IN_CREATE/IN_MOVED_TO -> create;
// IN_MOVED_FROM/IN_MOVE_SELF -> rename; IN_DELETE -> remove; IN_ATTRIB -> chmod;
// IN_Q_OVERFLOW -> error; the watch going away (IN_IGNORED) -> closed. Throws WatcherError.
std::unique_ptr<DirectoryWatcher> make_inotify_watcher(const std::filesystem::path& dir);

}  // namespace ntpmon::agent
