#include "lookup_cache.h"

namespace ntpmon::web {

LookupCache::LookupCache(std::chrono::milliseconds ttl, std::size_t max_servers, Now now)
    : ttl_(ttl), max_servers_(max_servers), now_(std::move(now)) {}

std::optional<ServerInfo> LookupCache::server(const std::string& key) {
  if (ttl_.count() <= 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = servers_.find(key);
  if (it == servers_.end()) return std::nullopt;
  if (it->second.expires <= now_()) {
    servers_.erase(it);
    return std::nullopt;
  }
  return it->second.value;
}

void LookupCache::put_server(const std::string& key, const ServerInfo& server) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  if (servers_.size() >= max_servers_) servers_.clear();  // crude, but bounded
  servers_.insert_or_assign(key, Entry<ServerInfo>{server, now_() + ttl_});
}

std::optional<std::optional<std::uint32_t>> LookupCache::default_scorer(const std::string& ip_version) {
  if (ttl_.count() <= 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = scorers_.find(ip_version);
  if (it == scorers_.end() || it->second.expires <= now_()) return std::nullopt;
  return it->second.value;
}

void LookupCache::put_default_scorer(const std::string& ip_version, std::optional<std::uint32_t> id) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  scorers_.insert_or_assign(ip_version, Entry<std::optional<std::uint32_t>>{id, now_() + ttl_});
}

}  // namespace ntpmon::web
