#pragma once
// File-system events of the watched state directory and the rule that decides which of
// them mean "state.json may have changed" (spec/agent.md §10.3).

#include <string>
#include <string_view>

namespace ntpmon::agent {

enum class WatchOp { write, create, rename, remove, chmod };

struct WatchEvent {
  std::string name;  // base name inside the watched directory; "" for the directory itself
  WatchOp op;
};

std::string_view to_string(WatchOp op);

// True for write/create/rename of `state_file` and for the rename of `<state_file>.tmp`
// (the temp file of an atomic replace); everything else is ignored.
bool triggers_reload(const WatchEvent& event, std::string_view state_file = "state.json");

}  // namespace ntpmon::agent
