#include "selection/tracking.h"

#include "selection/checks.h"

namespace ntpmon::selection {

std::string_view to_string(TrackingOp op) noexcept {
  switch (op) {
    case TrackingOp::set_violation: return "set_violation";
    case TrackingOp::set_status_paused: return "set_status";
    case TrackingOp::set_pause_reason: return "set_pause_reason";
    case TrackingOp::clear_violation: return "clear_violation";
    case TrackingOp::touch_last_constraint_check: return "touch_last_constraint_check";
  }
  return "?";
}

namespace {

void track_row(const Monitor& m, TimePoint now, std::vector<TrackingWrite>& out) {
  const std::string type(to_string(m.violation));
  if (m.violation == Violation::none) {
    if (m.stored_violation_type) {
      out.push_back({TrackingOp::clear_violation, m.id, Violation::none, std::nullopt, false,
                     "violation '" + *m.stored_violation_type + "' no longer found", "§8"});
    }
    return;
  }
  // Cannot happen (candidates are never flagged `limit`); upstream skips the row.
  if (m.violation == Violation::limit && m.server_status == ServerStatus::candidate) return;

  const bool same_stored = m.stored_violation_type && *m.stored_violation_type == type;
  if ((m.violation == Violation::network_same_subnet || m.violation == Violation::account) &&
      m.server_status != ServerStatus::paused) {
    const TimePoint since = same_stored && m.stored_violation_since ? *m.stored_violation_since : now;
    out.push_back({TrackingOp::set_violation, m.id, m.violation, since, false, "violation " + type + " recorded", "§8"});
    out.push_back({TrackingOp::set_status_paused, m.id, m.violation, std::nullopt, true,
                   "paused at once for violation " + type, "§8"});
    out.push_back({TrackingOp::set_pause_reason, m.id, m.violation, std::nullopt, true,
                   "pause reason constraint (" + type + ")", "§8"});
    return;
  }
  if (!same_stored) {
    out.push_back({TrackingOp::set_violation, m.id, m.violation, now, false, "violation " + type + " recorded", "§8"});
  } else if (!m.stored_violation_since) {
    out.push_back({TrackingOp::set_violation, m.id, m.violation, now, false,
                   "violation " + type + " recorded (stored since was NULL)", "§8"});
  }
  // Same type with a stored since: kept (the only grandfathering).
}

}  // namespace

std::vector<TrackingWrite> tracking_writes(std::span<const Monitor> monitors, TimePoint now) {
  std::vector<TrackingWrite> out;
  for (const Monitor& m : monitors) track_row(m, now, out);
  for (const Monitor& m : monitors) {
    if (m.server_status == ServerStatus::paused &&
        due_for_check(m.server_status, m.last_constraint_check, m.pause_reason, now)) {
      out.push_back({TrackingOp::touch_last_constraint_check, m.id, Violation::none, std::nullopt, false,
                     "paused row due for a constraint check", "§9"});
    }
  }
  return out;
}

}  // namespace ntpmon::selection
