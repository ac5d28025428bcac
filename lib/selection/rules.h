#pragma once
// The selection rules (spec/selector.md §5, §6), in the original's execution order:
// Rule 1 -> Rule 2 -> Rule 1.5 -> Rule 3 -> Rule 5 -> Rule 2.5 -> Rule 7 -> Rule 6 (Rule 8 is
// a no-op). Each rule appends (monitor, from, to, reason) entries to one ordered change list
// and never looks at earlier entries for the same monitor (the duplicates this produces are
// upstream quirks the project reproduces, see "Ambiguities and upstream bugs" #1).
//
// The engine is iterative by nature (ordered lists, counters, budgets), so it is C++ fed by
// the SQL view GetMonitorPriority (sql/queries/selector.sql); it reads nothing else.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "selection/monitor.h"
#include "selection/promotion.h"

namespace ntpmon::selection {

enum class Rule : std::uint8_t { rule1, rule2, rule1_5, rule3, rule5, rule2_5, rule7, rule6 };

// "rule 1", "rule 1.5", ...
std::string_view to_string(Rule rule) noexcept;

struct Change {
  std::uint32_t monitor_id = 0;
  ServerStatus from = ServerStatus::candidate;
  ServerStatus to = ServerStatus::candidate;
  std::string reason;
  Rule rule = Rule::rule1;

  friend bool operator==(const Change&, const Change&) = default;
};

// §4.5: the rows split by loaded server status, each in row order (best first).
struct MonitorLists {
  std::vector<const Monitor*> active;
  std::vector<const Monitor*> testing;
  std::vector<const Monitor*> candidate;  // includes rows without server_scores
  std::vector<const Monitor*> paused;
};
MonitorLists group_by_server_status(std::span<const Monitor> monitors);

struct ChangeLimits {
  int active_removals = 2;
  int testing_removals = 2;
  int promotions = 2;
};

// §5 pass-wide parameters.
struct PassParameters {
  int blocked = 0;
  ChangeLimits limits;
  bool emergency_override = false;  // no server-active monitor at load time
  int healthy_active = 0;
  int healthy_testing = 0;
  bool gate = false;  // the emergency gate ("block all") fires: the rules produce nothing
};
PassParameters pass_parameters(std::span<const Monitor> monitors, const MonitorLists& lists);

class RuleEngine {
 public:
  // Inputs set from §5 for `monitors` (the original rows, row order) and `limits` (§4.1).
  RuleEngine(const Server& server, std::span<const Monitor> monitors, const AccountLimits& limits, TimePoint now);

  // The state the rules read and update. Rule-level tests set these to explicit values
  // before calling a single rule.
  MonitorLists lists;
  ChangeLimits limits;
  bool emergency_override = false;
  int working_active = 0;   // wa
  int working_testing = 0;  // wt
  AccountLimits working_limits;
  std::vector<Change> changes;

  // §6.1 Rule 1: Block monitors out of active/testing at once (recounts).
  void rule1();
  // §6.2 Rule 2: gradual removal of Out monitors within the thresholds (recounts).
  void rule2();
  // §6.3 Rule 1.5: demote excess healthy active monitors.
  void rule1_5();
  // §6.4 Rule 3: testing -> active (gap fill, then performance swaps); reduces promotions.
  void rule3();
  // §6.5 Rule 5: candidate -> testing (capacity, then performance swaps).
  void rule5();
  // §6.6 Rule 2.5: trim the testing pool to the dynamic target.
  void rule2_5();
  // §6.7 Rule 7: unpause resolved constraint violations (at most 2).
  void rule7();
  // §6.8 Rule 6: bootstrap an empty testing pool (up to 5 promotions).
  void rule6();

  // §12 step 5: every rule in order; nothing when `gate` is true. Returns the change list.
  const std::vector<Change>& run(bool gate);

 private:
  void recount(std::size_t first_change);
  void add(const Monitor& m, ServerStatus from, ServerStatus to, std::string reason, Rule rule);
  // §6.2 removal procedure R(list, from, to, current, safe, limit, activeAtLoad).
  void remove_gradually(const std::vector<const Monitor*>& list, ServerStatus from, ServerStatus to, int current,
                        int safe, int limit, int active_at_load);
  // §6.10 replacement procedure; returns the number of swaps.
  int replace(const std::vector<const Monitor*>& replacers, const std::vector<const Monitor*>& targets, int budget,
              bool testing_to_active, Rule rule);
  PromotionContext context() const { return {server_, monitors_, emergency_override}; }

  const Server& server_;
  std::span<const Monitor> monitors_;
  TimePoint now_;
};

}  // namespace ntpmon::selection
