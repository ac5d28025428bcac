#include "selection/status.h"

namespace ntpmon::selection {

std::string_view to_string(GlobalStatus status) noexcept {
  switch (status) {
    case GlobalStatus::pending: return "pending";
    case GlobalStatus::testing: return "testing";
    case GlobalStatus::active: return "active";
    case GlobalStatus::paused: return "paused";
    case GlobalStatus::deleted: return "deleted";
  }
  return "?";
}

std::string_view to_string(ServerStatus status) noexcept {
  switch (status) {
    case ServerStatus::candidate: return "candidate";
    case ServerStatus::testing: return "testing";
    case ServerStatus::active: return "active";
    case ServerStatus::paused: return "paused";
  }
  return "?";
}

std::string_view to_string(State state) noexcept {
  switch (state) {
    case State::in: return "in";
    case State::out: return "out";
    case State::block: return "block";
    case State::pending: return "pending";
  }
  return "?";
}

std::string_view to_string(Violation violation) noexcept {
  switch (violation) {
    case Violation::none: return "";
    case Violation::limit: return "limit";
    case Violation::network_same_subnet: return "network_same_subnet";
    case Violation::account: return "account";
    case Violation::network_diversity: return "network_diversity";
  }
  return "?";
}

std::optional<GlobalStatus> parse_global_status(std::string_view text) noexcept {
  for (auto s : {GlobalStatus::pending, GlobalStatus::testing, GlobalStatus::active, GlobalStatus::paused,
                 GlobalStatus::deleted}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::optional<ServerStatus> parse_server_status(std::string_view text) noexcept {
  for (auto s : {ServerStatus::candidate, ServerStatus::testing, ServerStatus::active, ServerStatus::paused}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::optional<State> parse_state(std::string_view text) noexcept {
  for (auto s : {State::in, State::out, State::block, State::pending}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::optional<Violation> parse_violation(std::string_view text) noexcept {
  for (auto v : {Violation::none, Violation::limit, Violation::network_same_subnet, Violation::account,
                 Violation::network_diversity}) {
    if (to_string(v) == text) return v;
  }
  return std::nullopt;
}

}  // namespace ntpmon::selection
