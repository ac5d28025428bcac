#pragma once
// A small thread-safe pool of soci sessions.
//
//   db::Pool pool(dsn, {.max_size = 4});
//   {
//     auto lease = pool.acquire();   // blocks while all connections are leased
//     GetServer(*lease, id);
//   }                                // back to the pool
//
// Connections are opened on demand up to max_size. A connection is checked (mysql_ping)
// when it is leased and replaced when it is dead; a lease marked broken is closed instead of
// returned. Leases may outlive the pool.

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>

#include "db/connect.h"
#include "db/dsn.h"

namespace soci {
class session;
}

namespace ntpmon::db {

struct PoolOptions {
  std::size_t max_size = 4;
  std::chrono::milliseconds acquire_timeout{30000};
  bool ping_on_acquire = true;
  ConnectOptions connect;
};

class PoolTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Pool;

class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  soci::session& session() const { return *session_; }
  soci::session& operator*() const { return *session_; }
  soci::session* operator->() const { return session_.get(); }

  // Close the connection when the lease ends instead of returning it (e.g. after error 2013).
  void mark_broken() { broken_ = true; }

 private:
  friend class Pool;
  struct State;
  Lease(std::shared_ptr<State> pool, std::unique_ptr<soci::session> session);
  void release() noexcept;

  std::shared_ptr<State> pool_;
  std::unique_ptr<soci::session> session_;
  bool broken_ = false;
};

class Pool {
 public:
  explicit Pool(Dsn dsn, PoolOptions options = {});
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Throws PoolTimeout when no connection frees up in time, ConnectError when a new
  // connection cannot be opened.
  Lease acquire();

  std::size_t open_connections() const;  // leased + idle
  std::size_t idle_connections() const;
  const Dsn& dsn() const;

 private:
  std::shared_ptr<Lease::State> state_;
};

}  // namespace ntpmon::db
