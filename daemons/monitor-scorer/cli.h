#pragma once
// The commands and settings of monitor-scorer (main.cpp wires them to CLI11 and the config
// loader).

#include <cstdint>
#include <iosfwd>
#include <optional>

#include "config/config.h"
#include "config/schema.h"
#include "db/database_config.h"
#include "log/logger.h"

namespace CLI {
class App;
}

namespace ntpmon::scorer {

inline constexpr const char* kProgram = "monitor-scorer";

// admin.listen, scorer.batch_size, scorer.gap_horizon, scorer.parallel, log.level.
void add_scorer_settings(config::Schema& schema);

class Commands {
 public:
  void add_to(CLI::App& app);
  // After parsing; returns the exit status.
  int run(const config::Config& cfg, const db::DatabaseConfig& database, const log::Logger& logger, std::ostream& out);

 private:
  CLI::App* setup_ = nullptr;
  CLI::App* run_ = nullptr;
  CLI::App* server_ = nullptr;
  CLI::App* status_ = nullptr;
  std::optional<std::uint64_t> start_after_id_;
};

}  // namespace ntpmon::scorer
