#pragma once
// The rows of spec scores-api.md §7.0 as the renderers receive them (names resolved,
// attributes decoded), for the renderer tests.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "history_model.h"

namespace ntpmon::web::test {

inline HistoryEntry row(std::uint64_t id, std::int64_t ts, std::optional<double> offset, double step, double score,
                        std::optional<std::uint32_t> monitor, std::string name, std::optional<std::int32_t> rtt,
                        int leap = 0, std::string error = {}) {
  return {id, ts, offset, step, score, monitor, std::move(name), rtt, leap, std::move(error)};
}

// log_scores by id.
inline HistoryEntry ls(std::uint64_t id) {
  switch (id) {
    case 1001: return row(1001, 1748778000, 0.000412, 1, 19.4, 21, "defra1-1gw2pjj", 21345);
    case 1002: return row(1002, 1748778000, {}, 1, 19.4, 1, "recentmedian", {});
    case 1003: return row(1003, 1748778330, {}, -5, 14.25, 23, "uspao1-21wase0", {}, 0, "i/o timeout");
    case 1004: return row(1004, 1748778330, {}, 1, 19.13, 1, "recentmedian", {});
    case 1005: return row(1005, 1748778900, -0.0000007, 1, 19.96, 21, "defra1-1gw2pjj", 20000, 1);
    case 1006: return row(1006, 1748340000, 0.002, 1, 17, 24, "sgsin (24)", 150000);
    case 2001: return row(2001, 1748772000, -0.0000000004, 1, 20, 22, "defra1-1gw2pjj", 187);
    case 2002:
      return row(2002, 1748772900, 3.25, -4, 10.9, 22, "defra1-1gw2pjj", 45678, 3,
                 "kiss of death \"RATE\", backing off");
    case 2003: return row(2003, 1748772900, {}, 1, 19.9, 1, "recentmedian", {});
    case 3001: return row(3001, 1747728000, {}, -5, 5, std::nullopt, "", {});
    case 3002: return row(3002, 1747728000, {}, -5, 4.5, 21, "defra1-1gw2pjj", {}, 0, "net\x01work unreachable");
    case 3003: return row(3003, 1747729800, 0.0125, 1, 5.2, 21, "defra1-1gw2pjj", 30000);
    default: return {};
  }
}

inline std::vector<HistoryEntry> rows(std::initializer_list<std::uint64_t> ids) {
  std::vector<HistoryEntry> out;
  for (auto id : ids) out.push_back(ls(id));
  return out;
}

// server_scores joined with monitors, by server, ordered by monitor id.
inline std::vector<MonitorScore> server_scores(std::uint32_t server) {
  constexpr std::int64_t t114530 = 1748778330, t115500 = 1748778900, t101500 = 1748772900;
  switch (server) {
    case 1001:
      return {{1, "recentmedian", "score", t114530, 19.13, "active"},
              {2, "every", "score", t114530, 18.0, "active"},
              {21, "defra1-1gw2pjj", "monitor", t115500, 19.96, "active"},
              {23, "uspao1-21wase0", "monitor", t114530, 14.25, "testing"},
              {24, "sgsin (24)", "monitor", 1748340000, 17.0, "candidate"}};
    case 1002:
      return {{1, "recentmedian", "score", t101500, 19.9, "active"},
              {22, "defra1-1gw2pjj", "monitor", t101500, 10.86, "active"}};
    case 1003:
      return {{21, "defra1-1gw2pjj", "monitor", 1747729800, 5.2, "testing"}};
    default:
      return {};
  }
}

}  // namespace ntpmon::web::test
