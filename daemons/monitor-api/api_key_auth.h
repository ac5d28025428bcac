#pragma once
// API-key authentication of the HTTP API (spec/api.md §8.2): "Authorization: Bearer <key>",
// the row found by the key's lookup part, the SHA-256 compared in constant time, and the
// monitors rows the key speaks for.

#include <cstdint>
#include <optional>
#include <vector>

#include "http_types.h"
#include "sql/api_http.h"

namespace soci {
class session;
}

namespace ntpmon::monitor_api {

struct KeyOwner {
  std::uint32_t api_key_id = 0;
  std::optional<std::uint32_t> account_id;
  std::vector<sql::GetApiKeyMonitorsRow> monitors;  // current rows, deleted ones included
};

// Throws api::ApiError unauthenticated when the header is missing or malformed or no stored
// key matches.
KeyOwner authenticate_api_key(soci::session& session, const ApiRequest& request);
// The key owner when the request carries a valid key, nullopt otherwise (never throws for a
// bad key).
std::optional<KeyOwner> optional_api_key(soci::session& session, const ApiRequest& request);

}  // namespace ntpmon::monitor_api
