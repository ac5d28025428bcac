#pragma once
// The offset-and-score graph as SVG (spec scores-api.md §4.3-4.4, §6.5): the server-side
// rendering of the original's chart, used inline on the page and as /graph/<ip>/offset.svg.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "history_model.h"

namespace ntpmon::web {

struct GraphSize {
  double width = 550;   // inner plot
  double height = 246;
};
inline constexpr GraphSize kPageGraph{550, 246};
inline constexpr GraphSize kGraphOnly{425, 166};

struct GraphOptions {
  GraphSize size = kPageGraph;
  // A document of its own (offset.svg): sets a sans-serif font, which a page provides otherwise.
  bool standalone = false;
};

// Draws every entry: a score point each, an offset point for each non-null offset.
std::string render_offset_graph(std::string_view server_ip, std::span<const HistoryEntry> entries,
                                const GraphOptions& options = {});

// Fill colours (§4.4 steps 6 and 7).
std::string_view score_point_colour(double step);
std::string_view offset_point_colour(double offset_seconds);

// An offset-axis tick label in milliseconds (§4.4 step 2): one decimal when the whole domain
// lies within (-3 ms, 3 ms), else none; U+2212 for the minus sign.
std::string offset_tick_label(double tick_seconds, double omax, double omin);

}  // namespace ntpmon::web
