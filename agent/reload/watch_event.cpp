#include "reload/watch_event.h"

namespace ntpmon::agent {

std::string_view to_string(WatchOp op) {
  switch (op) {
    case WatchOp::write: return "write";
    case WatchOp::create: return "create";
    case WatchOp::rename: return "rename";
    case WatchOp::remove: return "remove";
    case WatchOp::chmod: return "chmod";
  }
  return "?";
}

bool triggers_reload(const WatchEvent& event, std::string_view state_file) {
  if (event.name == state_file) {
    return event.op == WatchOp::write || event.op == WatchOp::create || event.op == WatchOp::rename;
  }
  if (event.name.size() == state_file.size() + 4 && event.name.compare(0, state_file.size(), state_file) == 0 &&
      event.name.compare(state_file.size(), 4, ".tmp") == 0) {
    return event.op == WatchOp::rename;
  }
  return false;
}

}  // namespace ntpmon::agent
