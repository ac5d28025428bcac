#include "scorer_worker.h"

#include <utility>

#include "db/transaction.h"
#include "db/transient.h"
#include "scorer_metrics.h"
#include "scoring_error.h"

namespace ntpmon::scorer {
namespace {

std::string retry_reason(unsigned code) {
  if (code == db::kErLockDeadlock) return "deadlock";
  if (code == db::kErLockWaitTimeout) return "lock_wait_timeout";
  return "connection";
}

}  // namespace

ScorerWorker::ScorerWorker(std::uint32_t scorer_id, std::unique_ptr<Algorithm> algorithm, log::Logger logger,
                           ScorerMetrics* metrics)
    : scorer_id_(scorer_id),
      algorithm_(std::move(algorithm)),
      logger_(logger.with({{"scorer", std::string(algorithm_->name())}, {"scorer_id", scorer_id}})),
      metrics_(metrics) {}

BatchOutcome ScorerWorker::run_batch(soci::session& session, LockMode mode, const BatchOptions& options,
                                     db::RetryPolicy retry) {
  const auto started = std::chrono::steady_clock::now();
  auto user_on_retry = retry.on_retry;
  retry.on_retry = [&, user_on_retry](const db::RetryEvent& e) {
    if (metrics_) {
      if (e.error_code == db::kErLockDeadlock) metrics_->deadlocks().inc();
      metrics_->retries(name(), retry_reason(e.error_code)).inc();
    }
    logger_.warn("batch failed, retrying", {{"attempt", e.attempt}, {"error", shorten_error(e.error)}, {"delay", e.delay}});
    if (user_on_retry) user_on_retry(e);
  };

  BatchOutcome outcome;
  std::optional<BatchInput> committed;
  try {
    db::with_transaction(
        session,
        [&](soci::session& s) {
          outcome = BatchOutcome{};
          committed.reset();
          try {
            auto lap = std::chrono::steady_clock::now();
            const auto split = [&lap] {
              const auto now = std::chrono::steady_clock::now();
              return std::chrono::duration<double>(now - std::exchange(lap, now));
            };
            auto batch = read_batch(s, scorer_id_, mode, options);
            outcome.read_time = split();
            if (!batch) {
              outcome.status = BatchOutcome::Status::unavailable;
              return;
            }
            outcome.cursor_before = batch->cursor;
            outcome.cursor_after = batch->cursor;
            if (batch->empty()) return;
            outcome.status = BatchOutcome::Status::scored;
            for (const auto& r : batch->rows) {
              if (!r.from_monitor) continue;
              ++outcome.monitor_rows;
              if (!r.server_exists) {
                outcome.skipped.push_back({r.id, r.server_id, "missing_server",
                                           "server " + std::to_string(r.server_id) + " does not exist"});
              }
            }
            ServerState& state = state_.prepare(s, *batch);
            outcome.state_time = split();
            BatchOutput output(algorithm_->policy(), algorithm_->writes_overall_score());
            ScoringContext context{std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()),
                                   &outcome.skipped};
            algorithm_->score(s, *batch, state, output, context);
            outcome.score_time = split();
            outcome.writes = output.write(s, scorer_id_);
            outcome.writes.server_scores_created = state.created_rows;
            commit_cursor_and_gaps(s, *batch);
            outcome.write_time = split();
            outcome.scored = batch->scorable_rows();
            outcome.cursor_after = batch->new_cursor;
            committed = std::move(*batch);
          } catch (...) {
            algorithm_->failed();
            state_.reset();
            throw;
          }
        },
        retry);
  } catch (const std::exception& e) {
    algorithm_->failed();
    state_.reset();
    if (metrics_) {
      metrics_->errors().inc();
      if (const auto* tx = dynamic_cast<const db::TransactionError*>(&e); tx && tx->error_code() == db::kErLockDeadlock) {
        metrics_->deadlocks().inc();
      }
    }
    throw;
  }
  if (committed) {
    state_.committed(*committed);
    algorithm_->committed(*committed);
  }
  outcome.duration = std::chrono::steady_clock::now() - started;
  report(outcome);
  return outcome;
}

void ScorerWorker::report(const BatchOutcome& o) {
  for (const auto& s : o.skipped) {
    if (metrics_) metrics_->skipped(name(), s.reason).inc();
    if (s.reason == "missing_server") {
      logger_.error("log_scores row not scored", {{"log_score_id", s.log_score_id}, {"server_id", s.server_id},
                                                  {"reason", s.reason}, {"error", s.detail}});
    } else {
      logger_.warn("could not calculate score, skipping old entry",
                   {{"log_score_id", s.log_score_id}, {"server_id", s.server_id}, {"error", s.detail}});
    }
  }
  if (o.status != BatchOutcome::Status::scored) return;
  if (metrics_) {
    metrics_->processed(name()).inc(static_cast<double>(o.monitor_rows));
    metrics_->batch_duration(name()).observe(o.duration.count());
    metrics_->batch_size(name()).observe(static_cast<double>(o.monitor_rows));
    metrics_->sql_updates("insert_log_score").inc(static_cast<double>(o.writes.log_scores));
    metrics_->sql_updates("update_server_score").inc(static_cast<double>(o.writes.server_scores));
    metrics_->sql_updates("insert_server_score").inc(static_cast<double>(o.writes.server_scores_created));
    metrics_->sql_updates("update_server").inc(static_cast<double>(o.writes.servers));
    metrics_->sql_updates("update_scorer_status").inc();
  }
  logger_.debug("batch committed", {{"rows", o.monitor_rows}, {"scored", o.scored}, {"log_scores", o.writes.log_scores},
                                    {"cursor", o.cursor_after}, {"duration", o.duration}, {"read", o.read_time},
                                    {"state", o.state_time}, {"score", o.score_time}, {"write", o.write_time}});
}

}  // namespace ntpmon::scorer
