#pragma once
// §2.3 and §4: from the rows of GetMonitorPriority to the evaluated monitors (current
// violation and recommended state), the account-limit table, and what looked wrong in the
// data (reported, never fatal).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "selection/monitor.h"

namespace ntpmon::selection {

// Bad or unusual input found while evaluating: an unparsable IP, a NULL priority (D1), a
// monitor without a server_scores row, account flags that do not decode.
struct Finding {
  std::optional<std::uint32_t> monitor_id;  // nullopt: about the server
  std::optional<std::uint32_t> account_id;
  std::string problem;
};

struct Evaluation {
  std::vector<Monitor> monitors;  // row order
  AccountLimits limits;           // §4.1 original table
  std::vector<Finding> findings;
};

// §4.1 account table: X from the flags of the account's first row, counts of rows that are
// server-active / -testing.
AccountLimits build_account_limits(std::span<const MonitorRow> rows, std::vector<Finding>* findings = nullptr);

Evaluation evaluate(const Server& server, std::span<const MonitorRow> rows);

}  // namespace ntpmon::selection
