#include "monitor/worker.h"


namespace ntpmon::agent {

MonitorWorker::MonitorWorker(AppConfig& app, MonitorApi& api, WorkerSettings settings, log::Logger logger)
    : app_(app),
      api_(api),
      settings_(std::move(settings)),
      logger_(logger.with({{"ip_version", to_string(settings_.family)}})),
      store_(),
      local_check_(store_, settings_.family, settings_.measure, logger_, settings_.local_check) {}

MonitorWorker::~MonitorWorker() = default;

WorkerStats MonitorWorker::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void MonitorWorker::on_config_change() {
  if (!is_paused(app_.family(settings_.family))) return;
  std::lock_guard lock(mutex_);
  if (batch_stop_ && !batch_stop_->stop_requested()) {
    logger_.info("monitor paused: abandoning the batch in progress (or the local clock check before it) without submitting");
    batch_stop_->request_stop();
  }
}

bool MonitorWorker::wait_until_live(std::stop_token stop, bool first) {
  bool logged = false;
  while (!stop.stop_requested()) {
    auto waiter = app_.wait_for_config_change(stop);  // register first, then check (§21 A12)
    const FamilyState state = app_.family(settings_.family);
    if (is_live(state, settings_.family)) {
      if (logged) logger_.info(first ? "protocol is now active, starting monitor" : "protocol is now active");
      return true;
    }
    if (settings_.once) {
      logger_.info("protocol not active", {{"status", state.status}});
      return false;
    }
    if (!logged) {
      logger_.info(first ? "protocol not active, waiting for activation" : "protocol is inactive, waiting for activation",
                   {{"status", state.status}, {"ip", state.ip.value_or("")}});
      logged = true;
    } else {
      logger_.debug("protocol still inactive, continuing to wait", {{"status", state.status}});
    }
    if (waiter->wait(stop) == ChangeWaiter::Outcome::stopped) return false;
  }
  return false;
}

MonitorWorker::Attempt MonitorWorker::attempt(std::stop_token stop, std::string& error) {
  if (stop.stop_requested()) return Attempt::done;
  const auto ip = assigned_address(app_.family(settings_.family), settings_.family);
  if (!ip) return Attempt::done;  // unassigned meanwhile: the status gate waits

  // A pause (decision A5) stops the work in progress at once: the local clock check as well
  // as the batch.
  std::stop_source batch_stop;
  std::stop_callback forward(stop, [&batch_stop] { batch_stop.request_stop(); });
  {
    std::lock_guard lock(mutex_);
    batch_stop_ = batch_stop;
  }
  struct ForgetBatchStop {
    MonitorWorker& self;
    ~ForgetBatchStop() {
      std::lock_guard lock(self.mutex_);
      self.batch_stop_.reset();
    }
  } forget{*this};
  // A pause that arrived between the status gate and now.
  if (is_paused(app_.family(settings_.family))) batch_stop.request_stop();

  if (!local_check_.check(batch_stop.get_token())) {
    if (batch_stop.stop_requested()) return Attempt::done;  // stopped or paused
    const auto wait = local_check_.next_check_in();
    logger_.warn("local clock might not be okay",
                 {{"waiting", std::chrono::duration_cast<std::chrono::seconds>(wait)}});
    retry_pause(stop, wait);  // no RPCs meanwhile; a pause ends the wait
    return Attempt::done;
  }

  BatchContext ctx{api_, store_, settings_.family, ip->to_string(), settings_.measure, settings_.once, logger_};
  Attempt outcome = Attempt::done;
  try {
    const BatchResult r = run_batch(ctx, batch_stop.get_token());
    std::lock_guard lock(mutex_);
    if (r.abandoned) {
      if (!stop.stop_requested()) ++stats_.abandoned;
    } else if (r.count == 0) {
      outcome = settings_.once ? Attempt::done : Attempt::no_work;
    } else {
      ++stats_.batches;
      stats_.measured += r.count;
      logger_.info("batch processing", {{"count", r.count}, {"batchID", r.batch_id}});
    }
  } catch (const std::exception& e) {
    error = e.what();
    logger_.warn("batch processing", {{"err", error}});
    std::lock_guard lock(mutex_);
    ++stats_.failures;
    outcome = Attempt::failed;
  }
  return outcome;
}

bool MonitorWorker::retry_pause(std::stop_token stop, std::chrono::nanoseconds delay) {
  // Without this a pause (or any other loss of liveness) arriving during a "no work" backoff
  // of up to 2 minutes would only be seen when the backoff ends.
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stop.stop_requested()) {
    auto waiter = app_.wait_for_config_change(stop);  // register first, then check (§21 A12)
    if (!app_.is_live(settings_.family)) return true;
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds::zero()) return true;
    if (waiter->wait(stop, left) == ChangeWaiter::Outcome::timeout) return true;
  }
  return false;
}

std::optional<bool> MonitorWorker::run_sanity_check(std::stop_token stop) {
  const auto ip = assigned_address(app_.family(settings_.family), settings_.family);
  if (!ip || !app_.is_live(settings_.family)) return std::nullopt;
  try {
    store_.set(operational_config_from(api_.get_config(api::GetConfigRequest{ip->to_string()}, stop)));
  } catch (const std::exception& e) {
    logger_.warn("fetching config", {{"err", e.what()}});
    return false;
  }
  return local_check_.check(stop);
}

void MonitorWorker::run(std::stop_token stop) {
  if (!wait_until_live(stop, true)) return;
  logger_.info("starting monitor");

  ConfigRefresher refresher(app_, api_, store_, settings_.family, logger_, settings_.refresher);
  refresher.start(stop);
  if (!refresher.wait_released(stop) || stop.stop_requested()) return;

  Subscription pause_watch = app_.notifier().subscribe([this] { on_config_change(); });

  Backoff backoff(settings_.batch_backoff);
  while (!stop.stop_requested()) {
    if (!app_.is_live(settings_.family)) {
      if (!wait_until_live(stop, false)) break;
    } else {
      logger_.debug("protocol is already active");
    }
    // Retry the batch with backoff within the retry window (§11.5 step 4).
    backoff.reset();
    const auto window_start = std::chrono::steady_clock::now();
    std::string error;
    for (;;) {
      const Attempt a = attempt(stop, error);
      if (a == Attempt::done || stop.stop_requested()) break;
      const auto delay = backoff.next();
      if (std::chrono::steady_clock::now() - window_start + delay > settings_.retry_window) {
        if (a == Attempt::failed) logger_.warn("backoff error", {{"err", error}});
        break;
      }
      if (!app_.is_live(settings_.family)) break;  // the status gate waits instead
      if (!retry_pause(stop, delay)) break;
      if (!app_.is_live(settings_.family)) break;
    }
    if (settings_.once) {
      logger_.info("asked to only run once");
      break;
    }
  }
  pause_watch.reset();
  refresher.stop();
  logger_.debug("monitor done");
}

}  // namespace ntpmon::agent
