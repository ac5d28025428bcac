#pragma once
// Rounds of the scorers (§4.5 with B11/B12): each round re-reads the registry (active scorer
// monitors with a cursor) and the "scorer" settings, then runs one batch of each scorer in
// order of its id. One scorer's failure does not keep the others from their batch.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "batch_input.h"
#include "db/retry_policy.h"
#include "log/logger.h"
#include "runtime/backoff.h"
#include "scorer_worker.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

class ScorerMetrics;

inline db::RetryPolicy default_batch_retry() {
  db::RetryPolicy p;
  p.backoff = runtime::BackoffPolicy{std::chrono::seconds(5), 1.5, std::chrono::seconds(60), 0.5};
  p.max_elapsed = std::chrono::minutes(10);
  return p;
}

struct RunnerOptions {
  LockMode lock_mode = LockMode::wait;
  std::optional<std::uint64_t> batch_size;  // --batch-size; else the setting, else the default
  std::chrono::seconds gap_horizon{600};
  // Transient errors within one batch (§4.9, B4): deadlock, lock wait timeout, lost
  // connection; 5 s, x1.5, up to 60 s, +-50 %, for at most 10 minutes, as the original.
  db::RetryPolicy retry = default_batch_retry();
  // After a failed batch a scorer rests for a while (continuous mode): 5 s to 120 s, x1.5,
  // +-50 %, the original's dbErrorBackoff.
  runtime::BackoffPolicy failure_backoff{std::chrono::seconds(5), 1.5, std::chrono::seconds(120), 0.5};
  // Between two scorers of a round; true stops the round.
  std::function<bool()> stop_requested;
  // When set, each scorer runs its batch of a round on a connection of its own, all scorers
  // at once (one thread each); otherwise one after the other on the runner's connection.
  std::function<std::unique_ptr<soci::session>()> connect;
};

struct ScorerFailure {
  std::uint32_t scorer_id = 0;
  std::string name;
  std::string error;
};

struct RoundResult {
  std::size_t scorers = 0;      // in the registry
  std::size_t worked = 0;       // scorers that committed a batch with something in it
  std::size_t rows = 0;         // regular monitors' rows read
  std::size_t unavailable = 0;  // held by another process
  std::size_t resting = 0;      // skipped after an earlier failure
  std::vector<ScorerFailure> failures;
};

class Runner {
 public:
  Runner(soci::session& session, log::Logger logger, ScorerMetrics* metrics, RunnerOptions options);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // One round. Throws when the registry cannot be read.
  RoundResult round();

  // `monitor-scorer run`: rounds until no scorer has anything left (a scorer that failed is
  // left out of the later rounds). Returns the failures; throws std::runtime_error "no scorers
  // configured" when the registry is empty.
  std::vector<ScorerFailure> run_until_caught_up();

  ScorerWorker* worker(std::uint32_t scorer_id);

 private:
  struct Slot {
    Slot(std::unique_ptr<ScorerWorker> w, const runtime::BackoffPolicy& policy);
    ~Slot();
    Slot(Slot&&) noexcept;
    std::unique_ptr<ScorerWorker> worker;
    runtime::Backoff backoff;
    std::chrono::steady_clock::time_point rest_until{};
    bool excluded = false;                    // run mode: failed for good
    std::unique_ptr<soci::session> session;   // parallel rounds: the scorer's own connection
  };

  // One batch of one scorer; records the outcome or the failure in `result`. Never throws.
  void run_slot(std::uint32_t id, Slot& slot, soci::session& session, const BatchOptions& batch_options,
                RoundResult& result);

  soci::session& session_;
  log::Logger logger_;
  ScorerMetrics* metrics_;
  RunnerOptions options_;
  std::map<std::uint32_t, Slot> slots_;
  std::set<std::string> unknown_reported_;
  std::mutex result_mutex_;  // parallel rounds write the round's result
};

}  // namespace ntpmon::scorer
