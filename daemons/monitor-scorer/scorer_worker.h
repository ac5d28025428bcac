#pragma once
// One scorer (a `type='score'` monitor and its algorithm) and the state it keeps between its
// batches. run_batch() is one batch in one transaction (§4.7): lock, read, compute, write,
// move the cursor, COMMIT; transient errors are retried (db::with_transaction), anything else
// rolls the batch back and is thrown.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithm.h"
#include "batch_input.h"
#include "batch_output.h"
#include "db/retry_policy.h"
#include "log/logger.h"
#include "server_state.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

class ScorerMetrics;

struct BatchOutcome {
  enum class Status {
    scored,       // committed a batch that read rows or changed gaps
    idle,         // nothing new for this scorer
    unavailable,  // held by another process (skip_locked), or no longer active / no cursor
  };
  Status status = Status::idle;
  std::size_t monitor_rows = 0;  // rows of regular monitors read (scored or skipped)
  std::size_t scored = 0;
  std::uint64_t cursor_before = 0;
  std::uint64_t cursor_after = 0;
  WriteCounts writes;
  std::vector<SkippedRow> skipped;
  std::chrono::duration<double> duration{};
  // Where the time of the committed attempt went (debug log): reading the batch, loading the
  // servers' state, computing (with recentmedian's cache loads), writing.
  std::chrono::duration<double> read_time{}, state_time{}, score_time{}, write_time{};
};

class ScorerWorker {
 public:
  ScorerWorker(std::uint32_t scorer_id, std::unique_ptr<Algorithm> algorithm, log::Logger logger,
               ScorerMetrics* metrics = nullptr);

  std::uint32_t scorer_id() const { return scorer_id_; }
  std::string_view name() const { return algorithm_->name(); }
  Algorithm& algorithm() { return *algorithm_; }

  // Throws db::TransactionError (with the cause nested, e.g. a ScoringError).
  BatchOutcome run_batch(soci::session& session, LockMode mode, const BatchOptions& options,
                         db::RetryPolicy retry);

 private:
  void report(const BatchOutcome& outcome);

  std::uint32_t scorer_id_;
  std::unique_ptr<Algorithm> algorithm_;
  ServerStateCache state_;
  log::Logger logger_;
  ScorerMetrics* metrics_;
};

}  // namespace ntpmon::scorer
