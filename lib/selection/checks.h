#pragma once
// The selector's pure checks (spec/selector.md §4, §6.7, §6.9, §6.10). Each is a function of
// its inputs only; the acceptance cases C01-C09 call them directly.

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "selection/monitor.h"
#include "selection/status.h"

namespace ntpmon::selection {

// §4.3a network_same_subnet: with both IPs non-empty, a violation when either does not parse,
// none across families, else when the monitor's /24 (IPv6 /48) holds the server's IP.
bool same_subnet_violation(std::string_view monitor_ip, std::string_view server_ip);

// §4.3c / §6.9c network_diversity for `target` (only active and testing can conflict): an
// unparsable monitor IP is a violation, an empty one is not; otherwise a violation when some
// other row (id differs) that is server-active or -testing has a parsable IP of the same
// family inside the monitor's /20 (IPv6 /44). Unparsable IPs of other rows are ignored.
bool network_diversity_violation(std::uint32_t monitor_id, std::string_view monitor_ip, ServerStatus target,
                                 std::span<const Monitor> rows);

// §4.2 the per-category account-limit check: the ids flagged `limit`. Rows with an account
// and server status active or testing are grouped by (account, status) in row order; a group
// of n over its cap (X for active, X+1 for testing; X from `limits`, default 2) is reordered
// by the original's exchange sort (worst priority first) and its first n - cap are flagged.
std::set<std::uint32_t> account_limit_violations(std::span<const Monitor> rows, const AccountLimits& limits);

// §4.4 the recommended state.
State recommended_state(GlobalStatus global, ServerStatus server_status, Violation violation, bool healthy);

// §6.10 outperforms(b, w): health first, then at least 5 % and 5 points lower priority.
// (D1: a NULL priority counts as worse than any priority.)
bool outperforms(bool b_healthy, std::optional<std::int64_t> b_priority, bool w_healthy,
                 std::optional<std::int64_t> w_priority);

// §6.7 step 2: is a paused row due for a resolution check? Never for a row that is not
// server-paused.
bool due_for_check(ServerStatus server_status, std::optional<TimePoint> last_check,
                   const std::optional<std::string>& pause_reason, TimePoint now);

// §6.7 resolved: is the stored violation of a paused row gone? Never for a row that is not
// server-paused.
bool violation_resolved(ServerStatus server_status, const std::optional<std::string>& stored_type,
                        std::string_view monitor_ip, std::string_view server_ip,
                        std::optional<std::uint32_t> monitor_account, std::optional<std::uint32_t> server_account);

// The reason text of a promotion made under emergencyOverride (C09): "emergency promotion:
// zero active monitors", "... to testing: ...", with a "bootstrap " prefix for Rule 6;
// `base` unchanged for any other target.
std::string emergency_reason(std::string_view base, ServerStatus to, bool bootstrap);

}  // namespace ntpmon::selection
