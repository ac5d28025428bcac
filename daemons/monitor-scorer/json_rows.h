#pragma once
// Builds the JSON arrays of objects the write procedures read with JSON_TABLE
// (sql/procedures/scorer_writes.sql). Doubles are written in the shortest form that reads
// back to the same double, so the table gets the computed value bit for bit; a NULL is an
// absent key (JSON_TABLE reads it as NULL in MySQL and MariaDB alike).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::scorer {

class JsonRows {
 public:
  void begin_row();
  void field(std::string_view key, std::int64_t value);
  void field(std::string_view key, std::uint64_t value);
  void field(std::string_view key, std::uint32_t value) { field(key, static_cast<std::uint64_t>(value)); }
  void field(std::string_view key, std::int32_t value) { field(key, static_cast<std::int64_t>(value)); }
  // Throws std::invalid_argument for NaN or infinity (no JSON form, and no valid score).
  void field(std::string_view key, double value);
  void field(std::string_view key, std::chrono::sys_seconds value);  // "YYYY-MM-DD HH:MM:SS"
  void field(std::string_view key, std::string_view text);            // JSON string, escaped
  template <typename T>
  void field(std::string_view key, const std::optional<T>& value) {
    if (value) field(key, *value);
  }

  std::size_t rows() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  // The array; the builder is empty afterwards.
  std::string take();

 private:
  void key(std::string_view k);
  std::string text_;
  std::size_t rows_ = 0;
  bool first_field_ = true;
};

}  // namespace ntpmon::scorer
