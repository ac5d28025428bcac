#pragma once
// §4.4: the system_settings row "scorer", {"batch_size": N}, re-read every round.
//
// batch_size is the number of log_scores ids one batch transaction of one scorer reads after
// its cursor (scorer rows included). The original read 50 rows a batch and paid several
// statements per row; here a batch is a handful of set-based statements whatever its size, so
// the default, when the setting is absent, 0 or negative (B18), is 50,000: each batch writes
// one server_scores row per server it touched (and recentmedian one servers row), so larger
// batches write less (measured with bench/scorer on 1M rows over 5,000 servers: the database
// spent 52 s of CPU with batches of 10,000 and 25 s with 50,000). --batch-size overrides the
// setting.

#include <cstdint>
#include <optional>
#include <string>

#include "log/logger.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

inline constexpr std::uint64_t kDefaultBatchSize = 50000;

struct ScorerSettings {
  std::optional<std::int64_t> batch_size;  // as stored; nullopt: absent
};

// Parses the JSON value; throws std::invalid_argument naming the problem (bad JSON, not an
// object, batch_size not an integer).
ScorerSettings parse_scorer_settings(const std::string& json);

// Reads the row; a missing row is the default, a bad value is logged and ignored.
ScorerSettings read_scorer_settings(soci::session& session, const log::Logger& logger);

// The batch size to use: the flag, else a positive setting, else the default.
std::uint64_t effective_batch_size(const std::optional<std::uint64_t>& flag, const ScorerSettings& settings);

}  // namespace ntpmon::scorer
