#pragma once
// The inputs of one pass read from the database (spec/selector.md §2) with the named queries
// of sql/queries/selector.sql, converted to the pure engine's types.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "selection/monitor.h"

namespace soci {
class session;
}

namespace ntpmon::selector {

// §2.1: the server row does not exist; the pass fails without changes.
class ServerNotFound : public std::runtime_error {
 public:
  explicit ServerNotFound(std::uint32_t server_id)
      : std::runtime_error("server " + std::to_string(server_id) + " does not exist"), server_id_(server_id) {}
  std::uint32_t server_id() const { return server_id_; }

 private:
  std::uint32_t server_id_;
};

struct PassInputs {
  selection::Server server;
  std::vector<selection::MonitorRow> rows;  // GetMonitorPriority, row order
};

// SelectorGetServer + GetMonitorPriority. Throws ServerNotFound.
PassInputs load_pass_inputs(soci::session& session, std::uint32_t server_id);

}  // namespace ntpmon::selector
