#pragma once
// Finding the server a path names (spec scores-api.md §1.3.1 for the data API, §1.4 `find`
// for the web paths).

#include <optional>
#include <string>

#include "lookup_cache.h"
#include "server_model.h"
#include "web_store.h"

namespace ntpmon::web {

// Data API: a decimal id > 0, else an IP address in any valid form (looked up by its
// canonical text). Hostnames and garbage find nothing. Deletion is not checked here. Found
// servers are cached for a few seconds (LookupCache).
std::optional<ServerInfo> find_api_server(WebStore& store, LookupCache& cache, const std::string& text);

// Web paths: all digits -> id; a valid IP -> by canonical text; else by hostname.
std::optional<ServerInfo> find_web_server(WebStore& store, LookupCache& cache, const std::string& text);

}  // namespace ntpmon::web
