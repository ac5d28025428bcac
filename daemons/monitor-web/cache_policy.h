#pragma once
// Cache-Control values (spec scores-api.md §1.3.5, §6.6).

#include <chrono>
#include <span>
#include <string_view>

#include "history_model.h"

namespace ntpmon::web::cache {

inline constexpr std::string_view kError = "public,max-age=240";
inline constexpr std::string_view kPage = "s-maxage=600,max-age=300";
inline constexpr std::string_view kServerMonitors = "s-maxage=480,max-age=240";
inline constexpr std::string_view kGraph = "public,max-age=1800,s-maxage=1350";
inline constexpr std::string_view kShortLink = "max-age=14400, s-maxage=7200";
inline constexpr std::string_view kEmptyOrStale = "s-maxage=260,max-age=360";
inline constexpr std::string_view kSingleRow = "s-maxage=60,max-age=35";
inline constexpr std::string_view kHistory = "s-maxage=90,max-age=120";

// A 200 history response: empty, or the newest row more than 8 hours before now ->
// kEmptyOrStale; one row -> kSingleRow; else kHistory. (The newest row, not the last: D2.)
std::string_view for_history(std::span<const HistoryEntry> rows, std::chrono::sys_seconds now);

}  // namespace ntpmon::web::cache
