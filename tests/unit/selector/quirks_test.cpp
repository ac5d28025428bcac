// The upstream quirks the project reproduces (spec/selector.md "Ambiguities and upstream
// bugs"), each pinned by a pass built to show it. The held-back scenarios (P21-P43) test the
// same behaviours; these are the project's own constructions.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "selection/checks.h"
#include "selection/plan.h"

namespace {

using namespace ntpmon::selection;
using namespace std::chrono_literals;

const TimePoint kNow = std::chrono::floor<std::chrono::seconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours(12));
const Server kServer{1982, "192.0.2.10", std::nullopt};

constexpr auto A = ServerStatus::active;
constexpr auto T = ServerStatus::testing;
constexpr auto C = ServerStatus::candidate;
constexpr auto P = ServerStatus::paused;

// A GetMonitorPriority row: globally active, healthy, count 100, IP 10.<id>.0.1 (its own
// /20), priority as given (row order is the order rows are listed in).
struct Row {
  MonitorRow r;
  Row(std::uint32_t id, std::optional<ServerStatus> status, std::int64_t priority) {
    r.id = id;
    r.status = status;
    r.monitor_priority = priority;
    r.avg_rtt = static_cast<double>(priority);
    r.avg_step = 1.0;
    r.healthy = true;
    r.monitor_status = GlobalStatus::active;
    r.count = 100;
    r.monitor_ip = "10." + std::to_string(id) + ".0.1";
  }
  Row& global(GlobalStatus g) { r.monitor_status = g; return *this; }
  Row& unhealthy() { r.healthy = false; r.avg_step = -0.5; return *this; }
  Row& count(std::int64_t n) { r.count = n; return *this; }
  Row& account(std::uint32_t a, std::optional<std::string> flags = std::nullopt) {
    r.account_id = a;
    r.account_flags = std::move(flags);
    return *this;
  }
  Row& ip(std::optional<std::string> text) { r.monitor_ip = std::move(text); return *this; }
  Row& stored(std::string type, std::optional<TimePoint> since) {
    r.constraint_violation_type = std::move(type);
    r.constraint_violation_since = since;
    return *this;
  }
  Row& last_check(std::optional<TimePoint> t) { r.last_constraint_check = t; return *this; }
  operator MonitorRow() const { return r; }  // NOLINT: builder
};

using Expected = std::tuple<std::uint32_t, ServerStatus, ServerStatus, std::string>;

std::vector<Expected> changes_of(const Plan& plan) {
  std::vector<Expected> out;
  for (const Change& c : plan.changes) out.emplace_back(c.monitor_id, c.from, c.to, c.reason);
  return out;
}

std::vector<std::tuple<TrackingOp, std::uint32_t>> tracking_of(const Plan& plan) {
  std::vector<std::tuple<TrackingOp, std::uint32_t>> out;
  for (const TrackingWrite& w : plan.tracking) out.emplace_back(w.op, w.monitor_id);
  return out;
}

std::vector<MonitorRow> actives(std::uint32_t first, int n, std::int64_t first_priority = 1) {
  std::vector<MonitorRow> rows;
  for (int i = 0; i < n; ++i) rows.push_back(Row(first + static_cast<std::uint32_t>(i), A, first_priority + i));
  return rows;
}

void append(std::vector<MonitorRow>& rows, std::initializer_list<MonitorRow> more) {
  rows.insert(rows.end(), more.begin(), more.end());
}

// Ambiguities #1 (P39): Rule 5 phase 1 promotes a candidate, phase 2 uses the same candidate
// as a replacer; a testing monitor is demoted and the testing pool ends one short.
TEST(SelectorQuirks, Rule5PromotesTheSameCandidateTwice) {
  auto rows = actives(1, 7);
  append(rows, {Row(10, T, 100), Row(11, T, 110), Row(12, T, 120), Row(13, T, 130), Row(20, C, 50).count(9)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{20, C, T, "candidate to testing"},
                                                     {13, T, C, "replaced by better candidate"},
                                                     {20, C, T, "replacement promotion"}}));
}

// Ambiguities #1 (P40) and #10: Rule 3 phase 1 promotes a testing monitor, phase 2 swaps it
// in again with the one budget unit left (ceil(budget/2) swaps): an active is demoted and
// the gap stays open; Rule 5 then has no budget.
TEST(SelectorQuirks, Rule3PromotesTheSameMonitorTwiceWithOneUnitLeft) {
  auto rows = actives(1, 5, 10);
  append(rows, {Row(6, A, 200), Row(30, T, 5).count(32), Row(31, T, 300).count(32), Row(40, C, 1).count(9)});
  // Row order: priority ascending.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const MonitorRow& a, const MonitorRow& b) { return *a.monitor_priority < *b.monitor_priority; });
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{30, T, A, "promotion to active"},
                                                     {6, A, T, "active-testing swap (demote)"},
                                                     {30, T, A, "active-testing swap (promote)"}}));
}

// Ambiguities #1 (P23) and #9: Rule 5 promotes two candidates, Rule 6 (looking only at the
// original, empty testing list) promotes them again and more, ignoring count and budget.
TEST(SelectorQuirks, BootstrapRepromotesRule5Candidates) {
  auto rows = actives(1, 7);
  append(rows, {Row(20, C, 20).count(9), Row(21, C, 21).count(9), Row(22, C, 22).count(1), Row(23, C, 23).count(1)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{20, C, T, "candidate to testing"},
                                                     {21, C, T, "candidate to testing"},
                                                     {20, C, T, "bootstrap: promoting healthy candidate"},
                                                     {21, C, T, "bootstrap: promoting healthy candidate"},
                                                     {22, C, T, "bootstrap: promoting healthy candidate"},
                                                     {23, C, T, "bootstrap: promoting healthy candidate"}}));
}

// Ambiguities #1 (P43): Rule 1 moves a globally paused active monitor to candidate, then
// Rule 1.5 (Block is not skipped) moves it active -> testing; it ends server-testing.
TEST(SelectorQuirks, Rule15DemotesARule1BlockedMonitorAgain) {
  auto rows = actives(1, 9);
  rows.push_back(Row(10, A, 10).global(GlobalStatus::paused));
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{10, A, C, "blocked by constraints or global status"},
                                                     {10, A, T, "excess active demotion"}}));
}

// Ambiguities #1: Rule 2.5 picks a monitor Rule 3 just promoted to active.
TEST(SelectorQuirks, Rule25TrimsAMonitorRule3JustPromoted) {
  auto rows = actives(1, 6);
  for (std::uint32_t id = 21; id <= 27; ++id) rows.push_back(Row(id, T, 100 + id).count(5));
  rows.push_back(Row(28, T, 200).count(32));
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{28, T, A, "promotion to active"},
                                                     {28, T, C, "excess testing monitors (7 > target 5)"},
                                                     {27, T, C, "excess testing monitors (6 > target 5)"}}));
}

// Ambiguities #1: Rule 2.5 selects a testing monitor Rule 1 already blocked (state Block,
// no violation) and spends budget on it again.
TEST(SelectorQuirks, Rule25SelectsARule1BlockedTestingMonitor) {
  auto rows = actives(1, 7);
  for (std::uint32_t id = 21; id <= 26; ++id) rows.push_back(Row(id, T, 100 + id));
  rows.push_back(Row(27, T, 200).global(GlobalStatus::deleted));
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{27, T, C, "blocked by constraints or global status"},
                                                     {27, T, C, "excess testing monitors (6 > target 5)"}}));
}

// Ambiguities #3 (P22): fewer than 7 rows, no healthy In active/testing monitor and no Out
// monitor: the gate stops everything, bootstrap and Rule 7 included, but §9 still touches.
TEST(SelectorQuirks, EmergencyGateStopsBootstrapOnSmallPools) {
  std::vector<MonitorRow> rows{Row(20, C, 20).count(9), Row(21, C, 21).count(9), Row(22, C, 22).count(9),
                               Row(30, P, 30)};
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_TRUE(plan.parameters.gate);
  EXPECT_TRUE(plan.changes.empty());
  EXPECT_EQ(tracking_of(plan),
            (std::vector<std::tuple<TrackingOp, std::uint32_t>>{{TrackingOp::touch_last_constraint_check, 30}}));

  // A 7th monitor opens the gate: bootstrap runs.
  rows.push_back(Row(23, C, 23).count(9));
  rows.push_back(Row(24, C, 24).count(9));
  rows.push_back(Row(25, C, 25).count(9));
  EXPECT_FALSE(plan_pass(kServer, rows, kNow).changes.empty());
}

// Ambiguities #4: the total test does not count the monitor being promoted, so an account
// reaches X + 2 active+testing monitors on one server.
TEST(SelectorQuirks, LooseTotalAccountCap) {
  auto rows = actives(1, 5);
  append(rows, {Row(6, A, 6).account(100), Row(7, A, 7).account(100), Row(10, T, 10).account(100),
                Row(11, T, 11), Row(12, T, 12), Row(13, T, 13), Row(20, C, 20).account(100).count(9)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{20, C, T, "candidate to testing"}}));
  // 2 active + 2 testing = X + 2 for account 100.
}

// Ambiguities #5 (P21, P34): both members of a /20 conflict are flagged; two candidates in
// one /20 are both promoted because promotions see only the loaded statuses.
TEST(SelectorQuirks, NetworkDiversityFlagsBothSidesAndMissesSamePassPromotions) {
  auto rows = actives(1, 5);
  append(rows, {Row(6, A, 6).ip("10.50.1.1"), Row(7, A, 7).ip("10.50.2.1"), Row(20, C, 20).ip("10.60.1.1").count(9),
                Row(21, C, 21).ip("10.60.2.1").count(9)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  for (const Monitor& m : plan.monitors) {
    EXPECT_EQ(m.violation, (m.id == 6 || m.id == 7) ? Violation::network_diversity : Violation::none) << m.id;
  }
  // Both flagged actives are removed (Rule 2), both candidates promoted (Rule 5) and promoted
  // again by the bootstrap (the original testing list was empty).
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{7, A, T, "gradual removal (health or constraints)"},
                                                     {6, A, T, "gradual removal (health or constraints)"},
                                                     {20, C, T, "candidate to testing"},
                                                     {21, C, T, "candidate to testing"},
                                                     {20, C, T, "bootstrap: promoting healthy candidate"},
                                                     {21, C, T, "bootstrap: promoting healthy candidate"}}));
  EXPECT_EQ(tracking_of(plan), (std::vector<std::tuple<TrackingOp, std::uint32_t>>{
                                   {TrackingOp::set_violation, 6}, {TrackingOp::set_violation, 7}}));
}

// Ambiguities #6: over the account limit and in the server's /24: recorded as `limit`, not
// paused.
TEST(SelectorQuirks, LimitPrecedenceHidesSameSubnet) {
  auto rows = actives(1, 5);
  append(rows, {Row(6, A, 6).account(100), Row(7, A, 7).account(100), Row(8, A, 8).account(100).ip("192.0.2.99")});
  const Plan plan = plan_pass(kServer, rows, kNow);
  ASSERT_EQ(plan.monitors.back().id, 8u);
  EXPECT_EQ(plan.monitors.back().violation, Violation::limit);
  EXPECT_EQ(tracking_of(plan),
            (std::vector<std::tuple<TrackingOp, std::uint32_t>>{{TrackingOp::set_violation, 8}}));
}

// Ambiguities #7: an unparsable monitor IP is a same-subnet violation and pauses the monitor;
// an unparsable servers.ip pauses every monitor with a non-empty IP.
TEST(SelectorQuirks, UnparsableIpsPause) {
  auto rows = actives(1, 7);
  rows.push_back(Row(8, T, 8).ip("not-an-ip"));
  Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(plan.monitors.back().violation, Violation::network_same_subnet);
  EXPECT_EQ(tracking_of(plan), (std::vector<std::tuple<TrackingOp, std::uint32_t>>{
                                   {TrackingOp::set_violation, 8},
                                   {TrackingOp::set_status_paused, 8},
                                   {TrackingOp::set_pause_reason, 8}}));
  ASSERT_FALSE(plan.findings.empty());

  std::vector<MonitorRow> two{Row(1, A, 1), Row(2, A, 2).ip(std::nullopt)};
  plan = plan_pass(Server{1, "bogus", std::nullopt}, two, kNow);
  EXPECT_EQ(plan.monitors[0].violation, Violation::network_same_subnet);
  EXPECT_EQ(plan.monitors[1].violation, Violation::none);  // no IP: cannot check
}

// Ambiguities #8: Rule 2 uses the load-time active count, including the monitor Rule 1 just
// removed, so two performance removals take the actives below the safe threshold.
TEST(SelectorQuirks, Rule2CountsRule1Removals) {
  auto rows = actives(1, 4);
  append(rows, {Row(5, A, 5).unhealthy(), Row(6, A, 6).unhealthy(), Row(7, A, 7).global(GlobalStatus::paused)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{7, A, C, "blocked by constraints or global status"},
                                                     {6, A, T, "gradual removal (health or constraints)"},
                                                     {5, A, T, "gradual removal (health or constraints)"}}));
}

// Ambiguities #8: Rule 1.5 reserves budget for an Out active Rule 2 already demoted, so the
// excess active is not demoted.
TEST(SelectorQuirks, Rule15ReservesForAlreadyDemotedOutActives) {
  auto rows = actives(1, 8);
  rows.push_back(Row(9, A, 9).unhealthy());
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan),
            (std::vector<Expected>{{9, A, T, "gradual removal (health or constraints)"}}));
}

// Ambiguities #9: Rule 5 promotes an unhealthy candidate to testing.
TEST(SelectorQuirks, NoHealthCheckForTestingPromotions) {
  auto rows = actives(1, 7);
  append(rows, {Row(10, T, 10), Row(11, T, 11), Row(12, T, 12), Row(13, T, 13), Row(20, C, 20).unhealthy().count(9)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan), (std::vector<Expected>{{20, C, T, "candidate to testing"}}));
}

// Ambiguities #11 (P42, P41): §9 touches every due paused row, also beyond Rule 7's cap of 2;
// clearing a resolved violation also sets last_constraint_check; Rule 7 ignores the global
// status.
TEST(SelectorQuirks, PausedRowsTouchedBeyondTheUnpauseCap) {
  auto rows = actives(1, 7);
  append(rows, {Row(30, P, 30).global(GlobalStatus::deleted), Row(31, P, 31), Row(32, P, 32),
                Row(33, P, 33).stored("limit", kNow - 24h).last_check(kNow - 4h)});
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_EQ(changes_of(plan),
            (std::vector<Expected>{{30, P, C, "constraint resolution: unpausing resolved constraint"},
                                   {31, P, C, "constraint resolution: unpausing resolved constraint"}}));
  EXPECT_EQ(tracking_of(plan), (std::vector<std::tuple<TrackingOp, std::uint32_t>>{
                                   {TrackingOp::clear_violation, 33},
                                   {TrackingOp::touch_last_constraint_check, 30},
                                   {TrackingOp::touch_last_constraint_check, 31},
                                   {TrackingOp::touch_last_constraint_check, 32}}));
}

// §4.2: the exchange sort is implemented literally; with ties it differs from a stable sort.
TEST(SelectorQuirks, AccountLimitExchangeSortTieBreaking) {
  const std::string flags = R"({"monitors_per_server_limit": 1})";
  std::vector<MonitorRow> rows{Row(1, A, 20).account(100, flags), Row(2, A, 30).account(100, flags),
                               Row(3, A, 20).account(100, flags).unhealthy(),
                               Row(4, A, 30).account(100, flags).unhealthy()};
  const Evaluation evaluation = evaluate(kServer, rows);
  // The loop turns [1,2,3,4] (priorities 20,30,20,30) into [2,4,3,1]: 2, 4 and 3 are over
  // the cap of 1 (a stable descending sort would have kept 3 and flagged 1).
  EXPECT_EQ(account_limit_violations(evaluation.monitors, evaluation.limits), (std::set<std::uint32_t>{2, 3, 4}));
}

// Ambiguities #2 is the review write-back (+60/+20 min), tested with the database.

// D1: a NULL priority does not fail the pass: unhealthy, and never replaces anyone.
TEST(SelectorDeviations, D1NullPriorityIsUnhealthy) {
  auto rows = actives(1, 7);
  MonitorRow null_rtt = Row(20, C, 0).count(50);
  null_rtt.monitor_priority.reset();
  null_rtt.avg_rtt.reset();
  rows.push_back(null_rtt);
  const Plan plan = plan_pass(kServer, rows, kNow);
  EXPECT_FALSE(plan.monitors.back().healthy);
  EXPECT_EQ(plan.monitors.back().state, State::out);
  EXPECT_FALSE(outperforms(false, std::nullopt, false, 500));
  EXPECT_TRUE(outperforms(false, 500, false, std::nullopt));
  EXPECT_FALSE(plan.findings.empty());
}

}  // namespace
