#include "state/change_notifier.h"

#include <condition_variable>

namespace ntpmon::agent {
namespace detail {

struct WaiterState {
  std::mutex mutex;
  std::condition_variable_any cv;
  bool done = false;
  ChangeWaiter::Outcome reason = ChangeWaiter::Outcome::changed;

  void finish(ChangeWaiter::Outcome why) {
    {
      std::lock_guard lock(mutex);
      if (done) return;
      done = true;
      reason = why;
    }
    cv.notify_all();
  }
};

struct SubscriberEntry {
  std::mutex mutex;  // held while the callback runs
  bool active = true;
  std::function<void()> callback;
};

struct NotifierRegistry {
  mutable std::mutex mutex;
  std::uint64_t last_id = 0;
  std::map<std::uint64_t, std::shared_ptr<WaiterState>> waiters;
  std::vector<std::shared_ptr<SubscriberEntry>> subscribers;

  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex);
    waiters.erase(id);
  }
};

}  // namespace detail

// ---- ChangeWaiter ----

ChangeWaiter::ChangeWaiter(std::shared_ptr<detail::NotifierRegistry> registry, std::uint64_t id,
                           std::shared_ptr<detail::WaiterState> state)
    : registry_(std::move(registry)), id_(id), state_(std::move(state)) {}

ChangeWaiter::~ChangeWaiter() {
  parent_.reset();
  registry_->remove(id_);
}

void ChangeWaiter::ParentStop::operator()() const noexcept { self->finish(Outcome::cancelled); }

void ChangeWaiter::finish(Outcome reason) {
  registry_->remove(id_);
  state_->finish(reason);
}

bool ChangeWaiter::done() const {
  std::lock_guard lock(state_->mutex);
  return state_->done;
}

ChangeWaiter::Outcome ChangeWaiter::wait(std::stop_token stop, std::optional<std::chrono::nanoseconds> timeout) {
  std::unique_lock lock(state_->mutex);
  const auto ready = [this] { return state_->done; };
  bool done;
  if (timeout) {
    done = state_->cv.wait_for(lock, stop, *timeout, ready);
  } else {
    done = state_->cv.wait(lock, stop, ready);
  }
  if (done) return state_->reason;
  return stop.stop_requested() ? Outcome::stopped : Outcome::timeout;
}

void ChangeWaiter::cancel() { finish(Outcome::cancelled); }

// ---- Subscription ----

Subscription::Subscription(std::shared_ptr<detail::NotifierRegistry> registry,
                           std::shared_ptr<detail::SubscriberEntry> entry)
    : registry_(std::move(registry)), entry_(std::move(entry)) {}

Subscription::~Subscription() { reset(); }

Subscription::Subscription(Subscription&& other) noexcept
    : registry_(std::move(other.registry_)), entry_(std::move(other.entry_)) {}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    registry_ = std::move(other.registry_);
    entry_ = std::move(other.entry_);
  }
  return *this;
}

void Subscription::reset() {
  if (!entry_) return;
  {
    std::lock_guard lock(entry_->mutex);
    entry_->active = false;
  }
  {
    std::lock_guard lock(registry_->mutex);
    std::erase(registry_->subscribers, entry_);
  }
  entry_.reset();
  registry_.reset();
}

// ---- ChangeNotifier ----

ChangeNotifier::ChangeNotifier() : registry_(std::make_shared<detail::NotifierRegistry>()) {}

ChangeNotifier::~ChangeNotifier() = default;

std::unique_ptr<ChangeWaiter> ChangeNotifier::wait_for_change(std::stop_token parent) {
  auto state = std::make_shared<detail::WaiterState>();
  std::uint64_t id;
  {
    std::lock_guard lock(registry_->mutex);
    id = ++registry_->last_id;  // wraps around silently (§5.4)
    registry_->waiters[id] = state;
  }
  std::unique_ptr<ChangeWaiter> waiter(new ChangeWaiter(registry_, id, std::move(state)));
  // May run the callback at once when the parent is already stopped.
  waiter->parent_.emplace(std::move(parent), ChangeWaiter::ParentStop{waiter.get()});
  return waiter;
}

void ChangeNotifier::notify() {
  std::map<std::uint64_t, std::shared_ptr<detail::WaiterState>> fired;
  std::vector<std::shared_ptr<detail::SubscriberEntry>> subscribers;
  {
    std::lock_guard lock(registry_->mutex);
    fired.swap(registry_->waiters);
    subscribers = registry_->subscribers;
  }
  for (auto& [id, state] : fired) state->finish(ChangeWaiter::Outcome::changed);
  for (auto& entry : subscribers) {
    std::lock_guard lock(entry->mutex);
    if (entry->active && entry->callback) entry->callback();
  }
}

Subscription ChangeNotifier::subscribe(std::function<void()> callback) {
  auto entry = std::make_shared<detail::SubscriberEntry>();
  entry->callback = std::move(callback);
  {
    std::lock_guard lock(registry_->mutex);
    registry_->subscribers.push_back(entry);
  }
  return Subscription(registry_, std::move(entry));
}

std::size_t ChangeNotifier::waiter_count() const {
  std::lock_guard lock(registry_->mutex);
  return registry_->waiters.size();
}

void ChangeNotifier::set_last_waiter_id(std::uint64_t id) {
  std::lock_guard lock(registry_->mutex);
  registry_->last_id = id;
}

}  // namespace ntpmon::agent
