#include "log/sink.h"

#include <unistd.h>

#include <cerrno>

namespace ntpmon::log {

void StderrSink::write(std::string_view line) {
  std::lock_guard lock(mutex_);
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a failing stderr
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void MemorySink::write(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  std::lock_guard lock(mutex_);
  lines_.emplace_back(line);
}

std::vector<std::string> MemorySink::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

void MemorySink::clear() {
  std::lock_guard lock(mutex_);
  lines_.clear();
}

std::shared_ptr<Sink> stderr_sink() {
  static const std::shared_ptr<Sink> sink = std::make_shared<StderrSink>();
  return sink;
}

}  // namespace ntpmon::log
