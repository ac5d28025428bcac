#include "runner.h"

#include <soci/soci.h>

#include <exception>
#include <thread>
#include <stdexcept>

#include "algorithm.h"
#include "db/transient.h"
#include "scorer_metrics.h"
#include "scoring_error.h"
#include "scorer_settings.h"
#include "shared_fetch.h"
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
  return shorten_error(e.what());
}

}  // namespace

Runner::Runner(soci::session& session, log::Logger logger, ScorerMetrics* metrics, RunnerOptions options)
    : session_(session), logger_(std::move(logger)), metrics_(metrics), options_(std::move(options)) {}

Runner::~Runner() = default;

Runner::Slot::Slot(std::unique_ptr<ScorerWorker> w, const runtime::BackoffPolicy& policy)
    : worker(std::move(w)), backoff(policy) {}
Runner::Slot::~Slot() = default;
Runner::Slot::Slot(Slot&&) noexcept = default;

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
      slots_.emplace(r.id, Slot(std::make_unique<ScorerWorker>(r.id, make_algorithm(r.hostname), logger_, metrics_),
                                options_.failure_backoff));
    }
  }
  std::erase_if(slots_, [&](const auto& kv) { return !live.count(kv.first); });
  result.scorers = slots_.size();

  SharedFetch shared_fetch;  // for this round only
  BatchOptions batch_options;
  batch_options.row_limit = effective_batch_size(options_.batch_size, settings);
  batch_options.gap_horizon = options_.gap_horizon;
  batch_options.shared_fetch = &shared_fetch;

  if (!options_.connect) {
    for (auto& [id, slot] : slots_) {  // B11: by scorer id
      if (options_.stop_requested && options_.stop_requested()) break;
      run_slot(id, slot, session_, batch_options, result);
    }
    return result;
  }
  // All scorers at once, each on its own connection; the round ends when all are done.
  std::vector<std::thread> threads;
  for (auto& [id, slot] : slots_) {
    threads.emplace_back([this, id = id, &slot = slot, &batch_options, &result] {
      try {
        if (!slot.session) slot.session = options_.connect();
      } catch (const std::exception& e) {
        std::lock_guard lock(result_mutex_);
        result.failures.push_back({id, std::string(slot.worker->name()), innermost_message(e)});
        logger_.error("cannot connect", {{"scorer_id", id}, {"error", innermost_message(e)}});
        return;
      }
      run_slot(id, slot, *slot.session, batch_options, result);
    });
  }
  for (auto& t : threads) t.join();
  return result;
}

void Runner::run_slot(std::uint32_t id, Slot& slot, soci::session& session, const BatchOptions& batch_options,
                      RoundResult& result) {
  if (slot.excluded || std::chrono::steady_clock::now() < slot.rest_until) {
    std::lock_guard lock(result_mutex_);
    ++result.resting;
    return;
  }
  try {
    const auto outcome = slot.worker->run_batch(session, options_.lock_mode, batch_options, options_.retry);
    slot.backoff.reset();
    std::lock_guard lock(result_mutex_);
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
    if (slot.session && db::is_connection_lost(e)) slot.session.reset();
    std::lock_guard lock(result_mutex_);
    result.failures.push_back(std::move(f));
  } catch (...) {
    std::lock_guard lock(result_mutex_);
    result.failures.push_back({id, std::string(slot.worker->name()), "unknown error"});
  }
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
