#include "selection/rules.h"

#include <algorithm>

#include "selection/checks.h"
#include "selection/constants.h"

namespace ntpmon::selection {
namespace {

constexpr std::string_view kReasonBlocked = "blocked by constraints or global status";
constexpr std::string_view kReasonGradual = "gradual removal (health or constraints)";
constexpr std::string_view kReasonExcessActive = "excess active demotion";
constexpr std::string_view kReasonPromoteActive = "promotion to active";
constexpr std::string_view kReasonCandidateToTesting = "candidate to testing";
constexpr std::string_view kReasonUnpause = "constraint resolution: unpausing resolved constraint";
constexpr std::string_view kReasonBootstrapHealthy = "bootstrap: promoting healthy candidate";
constexpr std::string_view kReasonBootstrapOther = "bootstrap: promoting candidate";
constexpr std::string_view kReasonBootstrapBase = "bootstrap promotion";

bool globally_promotable(const Monitor& m) {
  return m.global == GlobalStatus::active || m.global == GlobalStatus::testing;
}

}  // namespace

std::string_view to_string(Rule rule) noexcept {
  switch (rule) {
    case Rule::rule1: return "rule 1";
    case Rule::rule2: return "rule 2";
    case Rule::rule1_5: return "rule 1.5";
    case Rule::rule3: return "rule 3";
    case Rule::rule5: return "rule 5";
    case Rule::rule2_5: return "rule 2.5";
    case Rule::rule7: return "rule 7";
    case Rule::rule6: return "rule 6";
  }
  return "?";
}

MonitorLists group_by_server_status(std::span<const Monitor> monitors) {
  MonitorLists lists;
  for (const Monitor& m : monitors) {
    switch (m.server_status) {
      case ServerStatus::active: lists.active.push_back(&m); break;
      case ServerStatus::testing: lists.testing.push_back(&m); break;
      case ServerStatus::candidate: lists.candidate.push_back(&m); break;
      case ServerStatus::paused: lists.paused.push_back(&m); break;
    }
  }
  return lists;
}

PassParameters pass_parameters(std::span<const Monitor> monitors, const MonitorLists& lists) {
  PassParameters p;
  bool any_out = false;
  for (const Monitor& m : monitors) {
    if (m.state == State::block) p.blocked += 1;
    if (m.state == State::out) any_out = true;
  }
  int base = kChangeLimitBase;
  if (p.blocked > 1) base = kChangeLimitManyBlocked;
  if (lists.active.empty()) base = kChangeLimitNoActive;
  p.limits = {base, base, base};
  p.emergency_override = lists.active.empty();
  for (const Monitor* m : lists.active) p.healthy_active += (m->healthy && m->state == State::in) ? 1 : 0;
  for (const Monitor* m : lists.testing) p.healthy_testing += (m->healthy && m->state == State::in) ? 1 : 0;
  p.gate = kTargetActive > static_cast<int>(monitors.size()) && p.healthy_active == 0 && p.healthy_testing == 0 &&
           !any_out;
  return p;
}

RuleEngine::RuleEngine(const Server& server, std::span<const Monitor> monitors, const AccountLimits& account_limits,
                       TimePoint now)
    : lists(group_by_server_status(monitors)), server_(server), monitors_(monitors), now_(now) {
  const PassParameters p = pass_parameters(monitors, lists);
  limits = p.limits;
  emergency_override = p.emergency_override;
  working_active = static_cast<int>(lists.active.size());
  working_testing = static_cast<int>(lists.testing.size());
  working_limits = account_limits;
}

void RuleEngine::add(const Monitor& m, ServerStatus from, ServerStatus to, std::string reason, Rule rule) {
  changes.push_back({m.id, from, to, std::move(reason), rule});
}

// recount(changes) of §5, over the changes from `first_change` on.
void RuleEngine::recount(std::size_t first_change) {
  for (std::size_t i = first_change; i < changes.size(); ++i) {
    const Change& c = changes[i];
    if (c.from == ServerStatus::active && c.to != ServerStatus::active) working_active -= 1;
    if (c.to == ServerStatus::testing) working_testing += 1;
    if (c.from == ServerStatus::testing && c.to != ServerStatus::testing) working_testing -= 1;
  }
}

// Rule 1 (§6.1): every Active-list, then every Testing-list monitor in state Block goes to
// candidate at once; unlimited.
void RuleEngine::rule1() {
  const std::size_t first = changes.size();
  for (const Monitor* m : lists.active) {
    if (m->state == State::block) add(*m, ServerStatus::active, ServerStatus::candidate, std::string(kReasonBlocked), Rule::rule1);
  }
  for (const Monitor* m : lists.testing) {
    if (m->state == State::block) add(*m, ServerStatus::testing, ServerStatus::candidate, std::string(kReasonBlocked), Rule::rule1);
  }
  recount(first);
}

// §6.2 removal procedure: C Out monitors with a violation, P without. Performance removals
// are held back (skipPerf) when removing the violators alone reaches the safe threshold;
// violators always go, within `limit`. Walks from the worst end.
void RuleEngine::remove_gradually(const std::vector<const Monitor*>& list, ServerStatus from, ServerStatus to,
                                  int current, int safe, int limit, int active_at_load) {
  int c = 0;
  int p = 0;
  for (const Monitor* m : list) {
    if (m->state != State::out) continue;
    (m->violation != Violation::none ? c : p) += 1;
  }
  if (c + p == 0) return;
  const bool skip_perf = (current - c <= safe) && p > 0;
  int n = 0;
  if (from == ServerStatus::testing && active_at_load == 0 && current > safe) {
    n = std::min({c + p, limit, current - safe});
  } else if (c == 0 && (current <= safe || skip_perf)) {
    n = 0;
  } else if (c > 0 && (current <= safe || skip_perf)) {
    n = std::min(limit, c);
  } else {
    n = std::min(limit, current - safe);
  }
  int taken = 0;
  for (auto it = list.rbegin(); it != list.rend() && taken < n; ++it) {
    const Monitor& m = **it;
    if (m.state != State::out) continue;
    if (skip_perf && m.violation == Violation::none) continue;
    add(m, from, to, std::string(kReasonGradual), Rule::rule2);
    taken += 1;
  }
}

// Rule 2 (§6.2): Out actives to testing against the load-time active count (safe 5), then Out
// testing monitors to candidate (safe 3, counting the actives just demoted). Rule 1's
// removals are not charged.
void RuleEngine::rule2() {
  const std::size_t first = changes.size();
  const int active_at_load = static_cast<int>(lists.active.size());
  remove_gradually(lists.active, ServerStatus::active, ServerStatus::testing, active_at_load, kActiveSafeThreshold,
                   limits.active_removals, active_at_load);
  int demoted_to_testing = 0;
  for (std::size_t i = first; i < changes.size(); ++i) {
    if (changes[i].from == ServerStatus::active && changes[i].to == ServerStatus::testing) demoted_to_testing += 1;
  }
  remove_gradually(lists.testing, ServerStatus::testing, ServerStatus::candidate,
                   static_cast<int>(lists.testing.size()) + demoted_to_testing, kTestingSafeThreshold,
                   limits.testing_removals, active_at_load);
  recount(first);
}

// Rule 1.5 (§6.3): with more than 7 working actives and budget left after Rules 1 and 2
// (reserving budget for every Out active), demote the non-Out monitors among the last k
// positions of the Active list. Disabled under emergencyOverride.
void RuleEngine::rule1_5() {
  int demotions_so_far = 0;
  for (const Change& c : changes) {
    if (c.from == ServerStatus::active && c.to != ServerStatus::active) demotions_so_far += 1;
  }
  if (!(working_active > kTargetActive && working_active > 1 && !emergency_override &&
        limits.active_removals > demotions_so_far)) {
    return;
  }
  const int excess = working_active - kTargetActive;
  int out_actives = 0;
  for (const Monitor* m : lists.active) out_actives += m->state == State::out ? 1 : 0;
  const int left = limits.active_removals - demotions_so_far;
  const int reserved = std::min(out_actives, left);
  const int available = std::max(0, left - reserved);
  const int k = std::min(excess, available);
  if (k <= 0) return;
  const std::size_t size = lists.active.size();
  const std::size_t start = size - std::min(size, static_cast<std::size_t>(k));
  for (std::size_t i = start; i < size; ++i) {
    const Monitor& m = *lists.active[i];
    if (m.state == State::out) continue;  // not replaced by another
    add(m, ServerStatus::active, ServerStatus::testing, std::string(kReasonExcessActive), Rule::rule1_5);
    working_active -= 1;
    working_testing += 1;
  }
}

// Rule 3 (§6.4): fill the active gap from the Testing list (count >= 32, §6.9), then swap
// better testing monitors for worse actives with the rest of the promotion budget.
void RuleEngine::rule3() {
  const std::size_t first = changes.size();
  int promoted = 0;
  const int to_add = std::max(0, kTargetActive - working_active);
  if (to_add > 0 && limits.promotions > 0) {
    const int need = std::min(to_add, limits.promotions);
    for (const Monitor* m : lists.testing) {
      if (promoted >= need) break;
      if (m->count < kMinCountForActive) continue;
      if (!can_promote(*m, ServerStatus::active, working_limits, context())) continue;
      std::string reason = emergency_override ? emergency_reason(kReasonPromoteActive, ServerStatus::active, false)
                                              : std::string(kReasonPromoteActive);
      add(*m, ServerStatus::testing, ServerStatus::active, std::move(reason), Rule::rule3);
      record_move(working_limits, *m, ServerStatus::testing, ServerStatus::active);
      working_active += 1;
      working_testing -= 1;
      promoted += 1;
    }
  }
  const int budget = limits.promotions - promoted;
  if (budget > 0 && !lists.testing.empty() && !lists.active.empty()) {
    replace(lists.testing, lists.active, budget, true, Rule::rule3);
  }
  limits.promotions = std::max(0, limits.promotions - static_cast<int>(changes.size() - first));
}

// Rule 5 (§6.5): promote up to min(promotions, 2, capacity) candidates (count >= 9, global
// active/testing, §6.9 without a health requirement), then swap better candidates for worse
// testing monitors with the rest of the budget.
void RuleEngine::rule5() {
  if (limits.promotions <= 0 || lists.candidate.empty()) return;
  const int gap = std::max(0, kTargetActive - working_active);
  const int dynamic_target = kBaseTesting + gap;
  const int capacity = std::max(0, dynamic_target - working_testing);
  const int need = std::min({limits.promotions, kRule5Phase1Cap, capacity});
  int promoted = 0;
  for (const Monitor* m : lists.candidate) {
    if (promoted >= need) break;
    if (!globally_promotable(*m)) continue;
    if (m->count < kMinCountForTesting) continue;
    if (!can_promote(*m, ServerStatus::testing, working_limits, context())) continue;
    std::string reason = emergency_override
                             ? emergency_reason(kReasonCandidateToTesting, ServerStatus::testing, false)
                             : std::string(kReasonCandidateToTesting);
    add(*m, ServerStatus::candidate, ServerStatus::testing, std::move(reason), Rule::rule5);
    record_move(working_limits, *m, ServerStatus::candidate, ServerStatus::testing);
    working_testing += 1;
    promoted += 1;
  }
  const int budget = limits.promotions - promoted;
  if (budget > 0 && !lists.testing.empty()) replace(lists.candidate, lists.testing, budget, false, Rule::rule5);
}

// Rule 2.5 (§6.6): while the working testing count exceeds 5 + active gap, demote original
// testing monitors that are not Out and have no violation, worst first, within what is left
// of the testing-removal budget.
void RuleEngine::rule2_5() {
  const int gap = std::max(0, kTargetActive - working_active);
  const int dynamic_target = kBaseTesting + gap;
  if (working_testing <= dynamic_target) return;
  const int excess = working_testing - dynamic_target;
  int so_far = 0;
  for (const Change& c : changes) {
    if (c.from == ServerStatus::testing && c.to == ServerStatus::candidate) so_far += 1;
  }
  const int k = std::min(excess, std::max(0, limits.testing_removals - so_far));
  int demoted = 0;
  for (auto it = lists.testing.rbegin(); it != lists.testing.rend() && demoted < k; ++it) {
    const Monitor& m = **it;
    if (m.state == State::out || m.violation != Violation::none) continue;
    add(m, ServerStatus::testing, ServerStatus::candidate,
        "excess testing monitors (" + std::to_string(working_testing) + " > target " +
            std::to_string(dynamic_target) + ")",
        Rule::rule2_5);
    working_testing -= 1;
    demoted += 1;
  }
}

// Rule 7 (§6.7): paused monitors due for a check whose stored violation is resolved go back
// to candidate, at most 2 per pass. Global status is not consulted.
void RuleEngine::rule7() {
  int unpaused = 0;
  for (const Monitor* m : lists.paused) {
    if (unpaused >= kRule7UnpauseCap) break;
    if (!due_for_check(m->server_status, m->last_constraint_check, m->pause_reason, now_)) continue;
    if (!violation_resolved(m->server_status, m->stored_violation_type, m->ip, server_.ip, m->account_id,
                            server_.account_id)) {
      continue;
    }
    add(*m, ServerStatus::paused, ServerStatus::candidate, std::string(kReasonUnpause), Rule::rule7);
    unpaused += 1;
  }
}

// Rule 6 (§6.8): when the original Testing list is empty, promote up to 5 globally
// active/testing candidates, healthy ones first; no count requirement and no budget.
void RuleEngine::rule6() {
  if (!lists.testing.empty() || lists.candidate.empty()) return;
  std::vector<const Monitor*> healthy;
  std::vector<const Monitor*> other;
  for (const Monitor* m : lists.candidate) {
    if (!globally_promotable(*m)) continue;
    (m->healthy ? healthy : other).push_back(m);
  }
  int promoted = 0;
  auto walk = [&](const std::vector<const Monitor*>& group, std::string_view plain_reason) {
    for (const Monitor* m : group) {
      if (promoted >= kBootstrapPromotions) return;
      if (!can_promote(*m, ServerStatus::testing, working_limits, context())) continue;
      std::string reason = emergency_override ? emergency_reason(kReasonBootstrapBase, ServerStatus::testing, true)
                                              : std::string(plain_reason);
      add(*m, ServerStatus::candidate, ServerStatus::testing, std::move(reason), Rule::rule6);
      record_move(working_limits, *m, ServerStatus::candidate, ServerStatus::testing);
      working_testing += 1;
      promoted += 1;
    }
  };
  walk(healthy, kReasonBootstrapHealthy);
  walk(other, kReasonBootstrapOther);
}

// §6.10 replacement: for each eligible target (not Out, no violation) from the worst end, the
// best still-eligible replacer that outperforms it, has the minimum count and passes §6.9
// (with the target's demotion applied to a copy of the working limits) takes its place.
// A swap costs 2 (testing -> active) or 1 (candidate -> testing) of `budget`.
int RuleEngine::replace(const std::vector<const Monitor*>& replacers, const std::vector<const Monitor*>& targets,
                        int budget, bool testing_to_active, Rule rule) {
  const int cost = testing_to_active ? 2 : 1;
  const std::int64_t min_count = testing_to_active ? kMinCountForActive : kMinCountForTesting;
  const ServerStatus target_from = testing_to_active ? ServerStatus::active : ServerStatus::testing;
  const ServerStatus target_to = testing_to_active ? ServerStatus::testing : ServerStatus::candidate;
  const ServerStatus replacer_from = testing_to_active ? ServerStatus::testing : ServerStatus::candidate;
  const ServerStatus replacer_to = testing_to_active ? ServerStatus::active : ServerStatus::testing;
  const std::string_view demote_reason =
      testing_to_active ? "active-testing swap (demote)" : "replaced by better candidate";
  const std::string_view promote_reason =
      testing_to_active ? "active-testing swap (promote)" : "replacement promotion";

  std::vector<const Monitor*> eligible_targets;
  for (const Monitor* m : targets) {
    if (m->state != State::out && m->violation == Violation::none) eligible_targets.push_back(m);
  }
  std::vector<const Monitor*> eligible_replacers;
  for (const Monitor* m : replacers) {
    if (globally_promotable(*m)) eligible_replacers.push_back(m);
  }
  if (eligible_targets.empty() || eligible_replacers.empty()) return 0;

  int swaps = 0;
  for (auto t = eligible_targets.rbegin(); t != eligible_targets.rend(); ++t) {
    if (swaps * cost >= budget) break;
    const Monitor& target = **t;
    for (auto r = eligible_replacers.begin(); r != eligible_replacers.end(); ++r) {
      const Monitor& replacer = **r;
      if (!outperforms(replacer.healthy, replacer.priority, target.healthy, target.priority)) break;
      if (replacer.count < min_count) continue;
      AccountLimits trial = working_limits;
      record_move(trial, target, target_from, target_to);
      if (!can_promote(replacer, replacer_to, trial, context())) continue;
      add(target, target_from, target_to, std::string(demote_reason), rule);
      add(replacer, replacer_from, replacer_to, std::string(promote_reason), rule);
      record_move(working_limits, target, target_from, target_to);
      record_move(working_limits, replacer, replacer_from, replacer_to);
      eligible_replacers.erase(r);
      swaps += 1;
      break;
    }
  }
  return swaps;
}

const std::vector<Change>& RuleEngine::run(bool gate) {
  if (gate) return changes;
  rule1();
  rule2();
  rule1_5();
  rule3();
  rule5();
  rule2_5();
  rule7();
  rule6();
  // Rule 8 (out-of-order optimisation) is disabled upstream and produces nothing.
  return changes;
}

}  // namespace ntpmon::selection
