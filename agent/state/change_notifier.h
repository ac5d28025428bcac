#pragma once
// Change notifications of the agent's configuration (spec/agent.md §5.4).
//
// A waiter is one-shot: it becomes done at the first notification after its registration,
// when its parent stop token is requested, or when it is cancelled; a caller that wants the
// next change registers again. Race-free use: register, re-check the condition, then wait.
//
// Subscriptions are persistent listeners (used by the monitor workers to abandon a batch at
// once when the monitor is paused). Callbacks run on the notifying thread after every lock
// of the notifier is released; they must be quick and must not throw.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <vector>

namespace ntpmon::agent {

namespace detail {
struct WaiterState;
struct NotifierRegistry;
struct SubscriberEntry;
}  // namespace detail

class ChangeWaiter {
 public:
  enum class Outcome { changed, cancelled, timeout, stopped };

  ~ChangeWaiter();  // unregisters
  ChangeWaiter(const ChangeWaiter&) = delete;
  ChangeWaiter& operator=(const ChangeWaiter&) = delete;

  // Done after a notification, a cancellation, or the parent token's stop.
  bool done() const;
  // Waits until done (changed / cancelled), `timeout` passed, or `stop` requested.
  Outcome wait(std::stop_token stop = {}, std::optional<std::chrono::nanoseconds> timeout = std::nullopt);
  // Removes the waiter from the registry (idempotent) and makes it done.
  void cancel();
  std::uint64_t id() const { return id_; }

 private:
  friend class ChangeNotifier;
  struct ParentStop {
    ChangeWaiter* self;
    void operator()() const noexcept;
  };
  ChangeWaiter(std::shared_ptr<detail::NotifierRegistry> registry, std::uint64_t id,
               std::shared_ptr<detail::WaiterState> state);
  void finish(Outcome reason);

  std::shared_ptr<detail::NotifierRegistry> registry_;
  std::uint64_t id_;
  std::shared_ptr<detail::WaiterState> state_;
  std::optional<std::stop_callback<ParentStop>> parent_;  // last member: destroyed first
};

class Subscription {
 public:
  Subscription() = default;
  ~Subscription();
  Subscription(Subscription&&) noexcept;
  Subscription& operator=(Subscription&&) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  // After reset() returns the callback is not running and will not run again.
  void reset();

 private:
  friend class ChangeNotifier;
  Subscription(std::shared_ptr<detail::NotifierRegistry> registry, std::shared_ptr<detail::SubscriberEntry> entry);
  std::shared_ptr<detail::NotifierRegistry> registry_;
  std::shared_ptr<detail::SubscriberEntry> entry_;
};

class ChangeNotifier {
 public:
  ChangeNotifier();
  ~ChangeNotifier();
  ChangeNotifier(const ChangeNotifier&) = delete;
  ChangeNotifier& operator=(const ChangeNotifier&) = delete;

  // Registers a waiter; `parent` stopping makes it done and removes it (§21 A39).
  std::unique_ptr<ChangeWaiter> wait_for_change(std::stop_token parent = {});
  // Completes every registered waiter and clears the registry, then calls the subscribers.
  void notify();
  Subscription subscribe(std::function<void()> callback);

  std::size_t waiter_count() const;
  // Test hook (§20 test 59): the id the next registration increments from.
  void set_last_waiter_id(std::uint64_t id);

 private:
  std::shared_ptr<detail::NotifierRegistry> registry_;
};

}  // namespace ntpmon::agent
