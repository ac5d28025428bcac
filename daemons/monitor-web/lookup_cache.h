#pragma once
// A short-lived cache of the two lookups every history request makes before reading rows:
// the server a path names and the default monitor (the recentmedian scorer) of an IP family.
// Both change rarely, and the responses themselves may be cached by clients for 35 s and
// more, so answering them from memory for a few seconds saves two database round trips per
// request (bench/web). Thread-safe. Only found servers are cached, so a new server is visible
// at once; a TTL of zero disables the cache.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "server_model.h"

namespace ntpmon::web {

class LookupCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  explicit LookupCache(std::chrono::milliseconds ttl, std::size_t max_servers = 200000, Now now = Clock::now);

  // `key` is how the path named the server ("id:1001", "ip:192.0.2.10", "host:...").
  std::optional<ServerInfo> server(const std::string& key);
  void put_server(const std::string& key, const ServerInfo& server);

  // The outer optional: whether the family's answer is cached; the inner: the scorer's id.
  std::optional<std::optional<std::uint32_t>> default_scorer(const std::string& ip_version);
  void put_default_scorer(const std::string& ip_version, std::optional<std::uint32_t> id);

 private:
  template <typename V>
  struct Entry {
    V value;
    Clock::time_point expires;
  };

  std::chrono::milliseconds ttl_;
  std::size_t max_servers_;
  Now now_;
  std::mutex mutex_;
  std::map<std::string, Entry<ServerInfo>, std::less<>> servers_;
  std::map<std::string, Entry<std::optional<std::uint32_t>>, std::less<>> scorers_;
};

}  // namespace ntpmon::web
