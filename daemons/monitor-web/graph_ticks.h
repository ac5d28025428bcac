#pragma once
// Axis ticks of the score graph, chosen as the original's chart library (d3) chooses them
// (spec scores-api.md §4.4 steps 1 and 2).

#include <cstdint>
#include <string>
#include <vector>

namespace ntpmon::web {

// About `count` "nice" values (1, 2 or 5 x 10^k apart) within [start, stop]; descending
// when stop < start; [start] when they are equal.
std::vector<double> nice_linear_ticks(double start, double stop, int count);

// Tick times in Unix milliseconds for the UTC time range [start_ms, stop_ms]: the interval
// of 1, 5, 15, 30 s; 1, 5, 15, 30 min; 1, 3, 6, 12 h; 1, 2 d; 1 week (from Sunday); 1, 3
// months; years closest by ratio to (stop - start) / count, ticks on its UTC boundaries.
std::vector<std::int64_t> utc_time_ticks(std::int64_t start_ms, std::int64_t stop_ms, int count);

struct TimeTick {
  std::int64_t ms;
  std::string label;
};

// The graph's time ticks with labels: 6 ticks requested for a range of at most one day
// (labels HH:MM), else 5 (the first tick of each UTC date labelled YYYY-MM-DD, or
// YYYY-MM-DD HH:MM when not at midnight, later ones HH:MM).
std::vector<TimeTick> graph_time_ticks(std::int64_t start_ms, std::int64_t stop_ms);

}  // namespace ntpmon::web
