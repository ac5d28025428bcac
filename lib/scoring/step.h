#pragma once
// The step function of spec/scorer.md §2.4-§2.5: one NTP check result -> the step added to
// the (server, monitor) score, the cap that may lower it, and the final error text. Shared by
// the submit path of monitor-api and by the tests of the scorers.
//
//   auto r = scoring::compute_step({.stratum = 2, .offset = 50ms});   // r.step == 0.83365
//   double next = scoring::next_monitor_score(previous, r);           // §2.6

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ntpmon::scoring {

struct StepInput {
  bool no_response = false;
  std::int32_t stratum = 0;
  // The kiss code or error text as submitted; "untrusted zero offset" when the submit path's
  // zero-offset distrust (§2.3 step 2) applied.
  std::string error;
  // nullopt: the status carried no offset.
  std::optional<std::chrono::nanoseconds> offset;
};

struct StepResult {
  double step = 0;
  // The score is lowered to this after the update (§2.6); nullopt: no cap.
  std::optional<double> max_score;
  // The error to record: the input error, or "unexpected stratum 0" for a stratum-0 reply
  // without one (§2.5 row 4).
  std::string error;
};

// §2.5, evaluated top to bottom, first match wins; thresholds compared on integer nanoseconds.
StepResult compute_step(const StepInput& input);

// |d| as Go's time.Duration.Abs: the most negative value maps to the largest.
std::chrono::nanoseconds abs_duration(std::chrono::nanoseconds d) noexcept;

// Go's time.Duration.Seconds(): whole seconds plus the remaining nanoseconds / 1e9, so the
// value is exactly what the original compares and stores (`offset` column, §2.4).
double duration_seconds(std::chrono::nanoseconds d) noexcept;

}  // namespace ntpmon::scoring
