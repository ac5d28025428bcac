#pragma once
// §8 violation tracking and pausing, §9 the paused-row timestamp touch: the writes to
// server_scores made after the status changes, decided on the loaded rows.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "selection/monitor.h"

namespace ntpmon::selection {

enum class TrackingOp : std::uint8_t {
  set_violation,                // constraint_violation_type = type, constraint_violation_since = since
  set_status_paused,            // status = 'paused' (§8 pause, step 2)
  set_pause_reason,             // pause_reason = 'constraint', last_constraint_check = NOW() (step 3)
  clear_violation,              // type, since, pause_reason = NULL; last_constraint_check = NOW()
  touch_last_constraint_check,  // last_constraint_check = NOW() (§9)
};

// "set_violation", "set_status", "set_pause_reason", "clear_violation",
// "touch_last_constraint_check" (the op names of the acceptance scenarios).
std::string_view to_string(TrackingOp op) noexcept;

struct TrackingWrite {
  TrackingOp op = TrackingOp::set_violation;
  std::uint32_t monitor_id = 0;
  Violation type = Violation::none;   // set_violation
  std::optional<TimePoint> since;     // set_violation
  // Steps 2 and 3 of a pause run only when the step before succeeded.
  bool requires_previous = false;
  std::string reason;                 // for the log and the audit record
  std::string_view section;           // "§8" or "§9"

  friend bool operator==(const TrackingWrite&, const TrackingWrite&) = default;
};

// Every row in row order (§8), then every loaded-paused row that is due for a check (§9).
std::vector<TrackingWrite> tracking_writes(std::span<const Monitor> monitors, TimePoint now);

}  // namespace ntpmon::selection
