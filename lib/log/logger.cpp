#include "log/logger.h"

#include <chrono>

#include "log/logfmt.h"

namespace ntpmon::log {

Logger::Logger() : Logger(stderr_sink(), Level::info) {}

Logger::Logger(std::shared_ptr<Sink> sink, Level threshold)
    : shared_(std::make_shared<Shared>()), fields_(std::make_shared<const std::vector<Field>>()) {
  shared_->sink = sink ? std::move(sink) : stderr_sink();
  shared_->threshold.store(threshold);
}

Logger::Logger(std::shared_ptr<Shared> shared, std::shared_ptr<const std::vector<Field>> fields)
    : shared_(std::move(shared)), fields_(std::move(fields)) {}

Logger Logger::with(std::initializer_list<Field> fields) const {
  return with(std::span<const Field>(fields.begin(), fields.size()));
}

Logger Logger::with(std::span<const Field> fields) const {
  auto merged = std::make_shared<std::vector<Field>>(*fields_);
  for (const Field& f : fields) {
    bool replaced = false;
    for (Field& existing : *merged) {
      if (existing.key == f.key) {
        existing.value = f.value;
        replaced = true;
        break;
      }
    }
    if (!replaced) merged->push_back(f);
  }
  return Logger(shared_, std::move(merged));
}

void Logger::log(Level level, std::string_view msg, std::initializer_list<Field> fields) const {
  log(level, msg, std::span<const Field>(fields.begin(), fields.size()));
}

void Logger::log(Level level, std::string_view msg, std::span<const Field> fields) const {
  if (!enabled(level)) return;
  shared_->sink->write(
      format_line(std::chrono::system_clock::now(), level, msg, *fields_, fields));
}

bool Logger::enabled(Level level) const {
  return static_cast<int>(level) >= static_cast<int>(shared_->threshold.load());
}

Level Logger::level() const { return shared_->threshold.load(); }

void Logger::set_level(Level level) const { shared_->threshold.store(level); }

}  // namespace ntpmon::log
