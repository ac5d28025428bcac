#pragma once
// The vocabulary of the monitor selector (spec/selector.md "Conventions", §4.3, §4.4):
// global status (monitors.status), server status (server_scores.status), the recommended
// state of a monitor for one server, and the constraint violation types. The text forms are
// the database's enum values and the strings stored in constraint_violation_type.

#include <cstdint>
#include <optional>
#include <string_view>

namespace ntpmon::selection {

// monitors.status
enum class GlobalStatus : std::uint8_t { pending, testing, active, paused, deleted };
// server_scores.status
enum class ServerStatus : std::uint8_t { candidate, testing, active, paused };
// §4.4 recommended state
enum class State : std::uint8_t { in, out, block, pending };
// §4.2 / §4.3; `none` means no current violation.
enum class Violation : std::uint8_t { none, limit, network_same_subnet, account, network_diversity };

std::string_view to_string(GlobalStatus status) noexcept;
std::string_view to_string(ServerStatus status) noexcept;
std::string_view to_string(State state) noexcept;
// "" for none; otherwise the text stored in server_scores.constraint_violation_type.
std::string_view to_string(Violation violation) noexcept;

std::optional<GlobalStatus> parse_global_status(std::string_view text) noexcept;
std::optional<ServerStatus> parse_server_status(std::string_view text) noexcept;
std::optional<State> parse_state(std::string_view text) noexcept;
// "" -> none; an unknown text -> nullopt.
std::optional<Violation> parse_violation(std::string_view text) noexcept;

}  // namespace ntpmon::selection
