#include "api_key_auth.h"

#include "api/connect_error.h"
#include "api_key.h"

namespace ntpmon::monitor_api {
namespace {

std::optional<KeyOwner> find_owner(soci::session& session, const std::string& key) {
  auto lookup = api_key_lookup(key);
  if (!lookup) return std::nullopt;
  for (const auto& row : sql::GetApiKeysByLookup(session, *lookup)) {
    if (api_key_matches(key, row.token_hashed)) {
      return KeyOwner{row.id, row.account_id, sql::GetApiKeyMonitors(session, row.id)};
    }
  }
  return std::nullopt;
}

}  // namespace

KeyOwner authenticate_api_key(soci::session& session, const ApiRequest& request) {
  auto key = bearer_token(request);
  if (!key) {
    throw api::ApiError(api::ErrorCode::unauthenticated, "an API key is required (Authorization: Bearer <key>)");
  }
  auto owner = find_owner(session, *key);
  if (!owner) throw api::ApiError(api::ErrorCode::unauthenticated, "invalid API key");
  return std::move(*owner);
}

std::optional<KeyOwner> optional_api_key(soci::session& session, const ApiRequest& request) {
  auto key = bearer_token(request);
  if (!key) return std::nullopt;
  return find_owner(session, *key);
}

}  // namespace ntpmon::monitor_api
