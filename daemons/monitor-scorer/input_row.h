#pragma once
// One log_scores row as a batch reads it (GetLogScoresAfter / GetLogScoresInScorerGaps).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ntpmon::scorer {

struct InputRow {
  std::uint64_t id = 0;
  std::uint32_t server_id = 0;
  std::optional<std::uint32_t> monitor_id;
  std::chrono::sys_seconds ts{};
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
  bool from_monitor = false;   // written by a regular monitor: to be scored
  bool server_exists = true;   // false: the server was deleted (foreign key checks were off)

  // A row the scorers score: from a regular monitor, for an existing server.
  bool scorable() const { return from_monitor && server_exists; }
};

// The generated row types of the two fetch queries have the same fields.
template <typename GeneratedRow>
InputRow to_input_row(GeneratedRow&& r) {
  InputRow row;
  row.id = r.id;
  row.server_id = r.server_id;
  row.monitor_id = r.monitor_id;
  row.ts = r.ts;
  row.score = r.score;
  row.step = r.step;
  row.offset = r.offset;
  row.rtt = r.rtt;
  row.attributes = std::move(r.attributes);
  row.from_monitor = r.from_monitor;
  row.server_exists = r.server_exists;
  return row;
}

}  // namespace ntpmon::scorer
