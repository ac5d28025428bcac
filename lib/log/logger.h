#pragma once
// A logger value: a sink, a level threshold and fixed fields (e.g. component=scorer) that
// every event carries before its own fields. Copies are cheap and thread-safe to use;
// loggers derived with with() share the sink and the threshold of their parent.
//
//   log::Logger logger(log::stderr_sink(), log::Level::info);
//   auto scorer = logger.with({{"component", "scorer"}});
//   scorer.info("batch done", {{"server_id", 42}, {"rows", 1000}});
//   // ts=2026-01-02T03:04:05.123Z level=info msg="batch done" component=scorer server_id=42 rows=1000

#include <atomic>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "log/field.h"
#include "log/level.h"
#include "log/sink.h"

namespace ntpmon::log {

class Logger {
 public:
  // Logs to stderr at level info.
  Logger();
  explicit Logger(std::shared_ptr<Sink> sink, Level threshold = Level::info);

  // A logger with these fields added to the fixed ones (a repeated key replaces the old value).
  Logger with(std::initializer_list<Field> fields) const;
  Logger with(std::span<const Field> fields) const;

  void log(Level level, std::string_view msg, std::initializer_list<Field> fields = {}) const;
  void log(Level level, std::string_view msg, std::span<const Field> fields) const;

  void debug(std::string_view msg, std::initializer_list<Field> fields = {}) const {
    log(Level::debug, msg, fields);
  }
  void info(std::string_view msg, std::initializer_list<Field> fields = {}) const {
    log(Level::info, msg, fields);
  }
  void warn(std::string_view msg, std::initializer_list<Field> fields = {}) const {
    log(Level::warn, msg, fields);
  }
  void error(std::string_view msg, std::initializer_list<Field> fields = {}) const {
    log(Level::error, msg, fields);
  }

  bool enabled(Level level) const;
  Level level() const;
  // Changes the threshold of this logger and of every logger sharing its state.
  void set_level(Level level) const;

  const std::vector<Field>& fields() const { return *fields_; }

 private:
  struct Shared {
    std::shared_ptr<Sink> sink;
    std::atomic<Level> threshold;
  };
  Logger(std::shared_ptr<Shared> shared, std::shared_ptr<const std::vector<Field>> fields);

  std::shared_ptr<Shared> shared_;
  std::shared_ptr<const std::vector<Field>> fields_;
};

}  // namespace ntpmon::log
