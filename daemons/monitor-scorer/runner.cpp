#include "runner.h"

#include <exception>
#include <stdexcept>

#include "algorithm.h"
#include "scorer_metrics.h"
#include "scorer_settings.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

// The innermost message: a TransactionError nests the error that caused it.
std::string innermost_message(const std::exception& e) {
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    return innermost_message(inner);
  } catch (...) {
  }
  return e.what();
}

}  // namespace

Runner::Runner(soci::session& session, log::Logger logger, ScorerMetrics* metrics, RunnerOptions options)
    : session_(session), logger_(std::move(logger)), metrics_(metrics), options_(std::move(options)) {}

ScorerWorker* Runner::worker(std::uint32_t scorer_id) {
  auto it = slots_.find(scorer_id);
  return it == slots_.end() ? nullptr : it->second.worker.get();
}

RoundResult Runner::round() {
  if (metrics_) metrics_->runs().inc();
  RoundResult result;
  std::vector<sql::GetScorersRow> registry;
  ScorerSettings settings;
  try {
    registry = sql::GetScorers(session_);
    settings = read_scorer_settings(session_, logger_);
  } catch (...) {
    if (metrics_) metrics_->errors().inc();
    throw;
  }

  // B12: scorers that are no longer active (or lost their cursor) are dropped.
  std::set<std::uint32_t> live;
  for (const auto& r : registry) {
    if (!make_algorithm(r.hostname)) {
      if (unknown_reported_.insert(r.hostname).second) {
        logger_.warn("scorer not implemented", {{"scorer_id", r.id}, {"hostname", r.hostname}});
      }
      continue;
    }
    live.insert(r.id);
    if (!slots_.count(r.id)) {
      slots_.emplace(r.id, Slot{std::make_unique<ScorerWorker>(r.id, make_algorithm(r.hostname), logger_, metrics_),
                                runtime::Backoff(options_.failure_backoff)});
    }
  }
  std::erase_if(slots_, [&](const auto& kv) { return !live.count(kv.first); });
  result.scorers = slots_.size();

  BatchOptions batch_options;
  batch_options.row_limit = effective_batch_size(options_.batch_size, settings);
  batch_options.gap_horizon = options_.gap_horizon;

  for (auto& [id, slot] : slots_) {  // B11: by scorer id
    if (options_.stop_requested && options_.stop_requested()) break;
    if (slot.excluded || std::chrono::steady_clock::now() < slot.rest_until) {
      ++result.resting;
      continue;
    }
    try {
      const auto outcome = slot.worker->run_batch(session_, options_.lock_mode, batch_options, options_.retry);
      slot.backoff.reset();
      switch (outcome.status) {
        case BatchOutcome::Status::scored:
          ++result.worked;
          result.rows += outcome.monitor_rows;
          break;
        case BatchOutcome::Status::unavailable: ++result.unavailable; break;
        case BatchOutcome::Status::idle: break;
      }
    } catch (const std::exception& e) {
      ScorerFailure f{id, std::string(slot.worker->name()), innermost_message(e)};
      const auto rest = slot.backoff.next();
      slot.rest_until = std::chrono::steady_clock::now() + rest;
      logger_.error("scorer batch failed", {{"scorer", f.name}, {"scorer_id", id}, {"error", f.error},
                                            {"retry_in", rest}});
      result.failures.push_back(std::move(f));
    }
  }
  return result;
}

std::vector<ScorerFailure> Runner::run_until_caught_up() {
  std::vector<ScorerFailure> failures;
  bool first = true;
  while (!(options_.stop_requested && options_.stop_requested())) {
    const auto r = round();
    if (first && r.scorers == 0) throw std::runtime_error("no scorers configured");
    first = false;
    for (const auto& f : r.failures) {
      slots_.at(f.scorer_id).excluded = true;
      failures.push_back(f);
    }
    if (r.worked == 0) break;
  }
  return failures;
}

}  // namespace ntpmon::scorer
