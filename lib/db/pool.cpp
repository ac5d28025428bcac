#include "db/pool.h"

#include <soci/soci.h>

#include <condition_variable>
#include <mutex>
#include <vector>

namespace ntpmon::db {

struct Lease::State {
  Dsn dsn;
  PoolOptions options;
  mutable std::mutex mutex;
  std::condition_variable available;
  std::vector<std::unique_ptr<soci::session>> idle;
  std::size_t open = 0;  // leased + idle + being opened

  void give_back(std::unique_ptr<soci::session> session, bool broken) {
    {
      std::lock_guard lock(mutex);
      if (broken || !session) {
        --open;
      } else {
        idle.push_back(std::move(session));
      }
    }
    available.notify_one();
  }

  // Closes a dead connection outside the lock and frees its slot.
  void discard(std::unique_ptr<soci::session> session) {
    session.reset();
    give_back(nullptr, true);
  }
};

Lease::Lease(std::shared_ptr<State> pool, std::unique_ptr<soci::session> session)
    : pool_(std::move(pool)), session_(std::move(session)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)), session_(std::move(other.session_)), broken_(other.broken_) {}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::move(other.pool_);
    session_ = std::move(other.session_);
    broken_ = other.broken_;
  }
  return *this;
}

Lease::~Lease() { release(); }

void Lease::release() noexcept {
  if (!pool_) return;
  try {
    if (broken_) session_.reset();  // close outside the pool's lock
    pool_->give_back(std::move(session_), broken_);
  } catch (...) {
  }
  pool_.reset();
}

Pool::Pool(Dsn dsn, PoolOptions options) : state_(std::make_shared<Lease::State>()) {
  if (options.max_size == 0) throw std::invalid_argument("db::Pool: max_size must be at least 1");
  state_->dsn = std::move(dsn);
  state_->options = std::move(options);
}

Pool::~Pool() {
  std::lock_guard lock(state_->mutex);
  state_->open -= state_->idle.size();
  state_->idle.clear();
}

Lease Pool::acquire() {
  auto& st = *state_;
  const auto deadline = std::chrono::steady_clock::now() + st.options.acquire_timeout;
  for (;;) {
    std::unique_ptr<soci::session> session;
    bool open_new = false;
    {
      std::unique_lock lock(st.mutex);
      bool ready = st.available.wait_until(
          lock, deadline, [&] { return !st.idle.empty() || st.open < st.options.max_size; });
      if (!ready) {
        throw PoolTimeout("no database connection free within " +
                          std::to_string(st.options.acquire_timeout.count()) + " ms (pool of " +
                          std::to_string(st.options.max_size) + ")");
      }
      if (!st.idle.empty()) {
        session = std::move(st.idle.back());
        st.idle.pop_back();
      } else {
        ++st.open;  // reserve the slot while connecting without the lock
        open_new = true;
      }
    }
    if (open_new) {
      try {
        return Lease(state_, open_session(st.dsn, st.options.connect));
      } catch (...) {
        st.give_back(nullptr, true);
        throw;
      }
    }
    if (!st.options.ping_on_acquire || session->is_connected()) {
      return Lease(state_, std::move(session));
    }
    st.discard(std::move(session));  // dead (killed, timed out, server restarted): replace it
  }
}

std::size_t Pool::open_connections() const {
  std::lock_guard lock(state_->mutex);
  return state_->open;
}

std::size_t Pool::idle_connections() const {
  std::lock_guard lock(state_->mutex);
  return state_->idle.size();
}

const Dsn& Pool::dsn() const { return state_->dsn; }

}  // namespace ntpmon::db
