#pragma once
// The legend below the score graph (spec scores-api.md §4.5), as HTML.

#include <span>
#include <string>
#include <vector>

#include "json_history.h"

namespace ntpmon::web {

// Status (active, testing, candidate, pending, paused, deleted, others), then scorers before
// monitors, score descending, avg_rtt ascending (missing last), name.
std::vector<MonitorSectionEntry> sort_for_legend(std::span<const MonitorSectionEntry> monitors);

// "overall" for recentmedian, "legacy" for every, "<name> score" for another scorer, else the
// monitor's name.
std::string legend_name(const MonitorScore& monitor);

// A table of Active and Testing monitors side by side (name | score | RTT), then a table of
// the other statuses under their headings, three name|score pairs per row.
std::string render_graph_legend(std::span<const MonitorSectionEntry> monitors);

}  // namespace ntpmon::web
