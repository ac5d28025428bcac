#include "server_lookup.h"

#include <limits>

#include "ip_address.h"
#include "request_params.h"

namespace ntpmon::web {
namespace {

std::optional<std::uint32_t> server_id(const std::string& text) {
  auto id = parse_int64(text);
  if (!id || *id <= 0 || *id > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(*id);
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// The cached lookup under `key`, else `load` (cached when found).
template <typename Load>
std::optional<ServerInfo> cached(LookupCache& cache, const std::string& key, Load load) {
  if (auto hit = cache.server(key)) return hit;
  auto server = load();
  if (server) cache.put_server(key, *server);
  return server;
}

}  // namespace

std::optional<ServerInfo> find_api_server(WebStore& store, LookupCache& cache, const std::string& text) {
  if (auto id = server_id(text)) {
    return cached(cache, "id:" + std::to_string(*id), [&] { return store.server_by_id(*id); });
  }
  if (auto ip = canonical_ip(text)) return cached(cache, "ip:" + *ip, [&] { return store.server_by_ip(*ip); });
  return std::nullopt;
}

std::optional<ServerInfo> find_web_server(WebStore& store, LookupCache& cache, const std::string& text) {
  if (all_digits(text)) {
    auto id = server_id(text);
    if (!id) return std::nullopt;
    return cached(cache, "id:" + std::to_string(*id), [&] { return store.server_by_id(*id); });
  }
  if (auto ip = canonical_ip(text)) return cached(cache, "ip:" + *ip, [&] { return store.server_by_ip(*ip); });
  if (text.empty() || text.size() > 255) return std::nullopt;
  return cached(cache, "host:" + text, [&] { return store.server_by_hostname(text); });
}

}  // namespace ntpmon::web
