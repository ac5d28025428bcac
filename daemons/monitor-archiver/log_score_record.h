#pragma once
// One log_scores row as the archive destinations see it (spec/archiver.md §2.4): the
// original's record after the row mapping, before any destination-specific encoding.

#include <cstdint>
#include <optional>
#include <string>

namespace ntpmon::archiver {

struct LogScoreRecord {
  std::uint64_t id = 0;
  std::uint32_t monitor_id = 0;  // NULL in MySQL reads as 0
  std::uint32_t server_id = 0;
  std::int64_t ts = 0;           // Unix seconds (UTC)
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;  // mediumint; NULL stays absent, 0 is a value
  std::uint8_t leap = 0;            // from attributes; 0 means "none" in every destination
  std::string error;                // from attributes; "" means "none" in every destination

  bool operator==(const LogScoreRecord&) const = default;
};

}  // namespace ntpmon::archiver
