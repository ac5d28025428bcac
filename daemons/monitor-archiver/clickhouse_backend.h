#pragma once
// The `clickhouse` destination: rows inserted into ClickHouse's log_scores table over the HTTP
// interface (spec/archiver.md §3.2). The protocol is described at the top of
// clickhouse_backend.cpp.

#include <chrono>
#include <memory>

#include "backend.h"
#include "clickhouse_client.h"
#include "log/logger.h"

namespace ntpmon::archiver {

struct ClickHouseSettings {
  ClickHouseEndpoint endpoint;
  std::chrono::seconds timeout{300};
  BatchLimits limits;
};

class ClickHouseBackend : public Backend {
 public:
  // Creates the table if it is missing (sql/clickhouse/log_scores.sql) and warns when an
  // existing table does not deduplicate. Throws ClickHouseError when the server cannot be
  // reached or refuses.
  ClickHouseBackend(ClickHouseSettings settings, log::Logger logger);
  ~ClickHouseBackend() override;

  const BatchLimits& limits() const override { return settings_.limits; }
  // Nothing to settle: each batch checks for rows an earlier attempt left.
  void recover(std::uint64_t) override {}
  std::unique_ptr<BatchWriter> begin_batch(const LogScoreRecord& first) override;

 private:
  ClickHouseSettings settings_;
  log::Logger logger_;
  std::unique_ptr<ClickHouseClient> client_;
};

}  // namespace ntpmon::archiver
