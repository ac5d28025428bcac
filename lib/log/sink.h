#pragma once
// Where formatted log lines go. A sink receives whole lines and must be thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::log {

class Sink {
 public:
  virtual ~Sink() = default;
  // `line` ends with '\n'. Called concurrently from many threads.
  virtual void write(std::string_view line) = 0;
};

// Writes each line to file descriptor 2 with one write() call under a mutex, so lines
// from different threads never interleave.
class StderrSink final : public Sink {
 public:
  void write(std::string_view line) override;

 private:
  std::mutex mutex_;
};

// Keeps lines in memory; for tests.
class MemorySink final : public Sink {
 public:
  void write(std::string_view line) override;
  std::vector<std::string> lines() const;  // without the trailing '\n'
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// The process's stderr sink (one instance, so that all loggers share its mutex).
std::shared_ptr<Sink> stderr_sink();

}  // namespace ntpmon::log
