// Rule-level acceptance cases R01-R08 (spec/selector.md A.4): single rules called with
// explicit, already-evaluated inputs, and applySelectionRules on injected states.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "scenario.h"
#include "selection/rules.h"

namespace {

using namespace ntpmon::selection;
using ntpmon::test::selector::scenario_json;
using nlohmann::json;

const TimePoint kNow = std::chrono::floor<std::chrono::seconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours(12));

using Triple = std::tuple<std::uint32_t, std::string, std::string>;
using Quad = std::tuple<std::uint32_t, std::string, std::string, std::string>;

std::vector<Triple> triples(const std::vector<Change>& changes) {
  std::vector<Triple> out;
  for (const Change& c : changes) out.emplace_back(c.monitor_id, to_string(c.from), to_string(c.to));
  return out;
}

std::vector<Quad> quads(const std::vector<Change>& changes) {
  std::vector<Quad> out;
  for (const Change& c : changes) out.emplace_back(c.monitor_id, to_string(c.from), to_string(c.to), c.reason);
  return out;
}

std::vector<Quad> expected_quads(const json& list) {
  std::vector<Quad> out;
  for (const json& c : list) out.emplace_back(c[0], c[1], c[2], c[3]);
  return out;
}

// Rule 2 members: [id, state, violation].
Monitor rule2_member(const json& j, ServerStatus status) {
  Monitor m;
  m.id = j[0];
  m.state = parse_state(j[1].get<std::string>()).value();
  m.violation = j[2].is_null() ? Violation::none : parse_violation(j[2].get<std::string>()).value();
  m.server_status = status;
  m.global = GlobalStatus::active;
  m.healthy = m.state != State::out;
  m.priority = 10;
  return m;
}

void run_rule2_case(const json& c, const json& params, const std::string& name) {
  std::vector<Monitor> monitors;
  for (const json& m : c["active"]) monitors.push_back(rule2_member(m, ServerStatus::active));
  for (const json& m : c["testing"]) monitors.push_back(rule2_member(m, ServerStatus::testing));
  ASSERT_EQ(c["active_at_load"].get<std::size_t>(), c["active"].size()) << name;
  const Server server{1, "192.0.2.10", std::nullopt};
  RuleEngine engine(server, monitors, {}, kNow);
  engine.limits.active_removals = params["limits"]["active_removals"];
  engine.limits.testing_removals = params["limits"]["testing_removals"];
  engine.rule2();
  std::vector<Triple> expected;
  for (const json& e : c["expected_changes"]) expected.emplace_back(e[0], e[1], e[2]);
  EXPECT_EQ(triples(engine.changes), expected) << name;
  for (const Change& ch : engine.changes) {
    EXPECT_EQ(ch.reason, "gradual removal (health or constraints)");
    EXPECT_EQ(ch.rule, Rule::rule2);
  }
}

TEST(SelectorRules, R01Rule2SafetyThresholds) {
  const json s = scenario_json("R01");
  ASSERT_EQ(s["cases"].size(), 8u);
  for (const json& c : s["cases"]) run_rule2_case(c, s["params"], c["name"]);
}

TEST(SelectorRules, R02ToR05Rule2) {
  for (const char* id : {"R02", "R03", "R04", "R05"}) {
    const json s = scenario_json(id);
    run_rule2_case(s, s["params"], id);
  }
}

TEST(SelectorRules, R06Rule3ActiveTestingSwaps) {
  const json s = scenario_json("R06");
  std::vector<Monitor> monitors;
  auto add = [&](const json& j, ServerStatus status) {
    Monitor m;
    m.id = j[0];
    m.priority = j[1].get<std::int64_t>();
    m.count = j[2];
    m.server_status = status;
    m.global = GlobalStatus::active;
    m.healthy = true;
    m.state = State::in;
    monitors.push_back(m);
  };
  for (const json& j : s["active"]) add(j, ServerStatus::active);
  for (const json& j : s["testing"]) add(j, ServerStatus::testing);
  const Server server{1, "", std::nullopt};
  RuleEngine engine(server, monitors, {}, kNow);
  const json& p = s["params"];
  engine.limits = {p["limits"]["active_removals"], p["limits"]["testing_removals"], p["limits"]["promotions"]};
  engine.working_active = p["working_active"];
  engine.working_testing = p["working_testing"];
  engine.emergency_override = p["emergency_override"];
  engine.rule3();
  EXPECT_EQ(quads(engine.changes), expected_quads(s["expected_changes"]));
}

TEST(SelectorRules, R07Rule6Bootstrap) {
  const json s = scenario_json("R07");
  const Server server{1, "192.168.1.100", 999};
  for (const json& c : s["cases"]) {
    std::vector<Monitor> monitors;
    auto add = [&](const json& j, ServerStatus status) {
      Monitor m;
      m.id = j[0];
      m.account_id = j[1].get<std::uint32_t>();
      m.global = parse_global_status(j[2].get<std::string>()).value();
      m.healthy = j[3];
      m.priority = 10;
      m.count = 0;
      m.server_status = status;
      monitors.push_back(m);
    };
    for (const json& j : c["testing"]) add(j, ServerStatus::testing);
    for (const json& j : c["candidates"]) add(j, ServerStatus::candidate);
    AccountLimits limits;
    for (const auto& [account, l] : c["limits"].items()) {
      limits[static_cast<std::uint32_t>(std::stoul(account))] = {l[0], l[1], l[2]};
    }
    RuleEngine engine(server, monitors, limits, kNow);
    engine.emergency_override = c["emergency_override"];
    engine.rule6();
    std::vector<std::uint32_t> promoted;
    for (const Change& ch : engine.changes) {
      promoted.push_back(ch.monitor_id);
      EXPECT_EQ(ch.from, ServerStatus::candidate) << c["name"];
      EXPECT_EQ(ch.to, ServerStatus::testing) << c["name"];
    }
    EXPECT_EQ(promoted, c["expected_promoted"].get<std::vector<std::uint32_t>>()) << c["name"];
    if (c.contains("reason")) {
      // Every promotion of a case carries the declared reason (in each case the promoted
      // monitors are all healthy, or the emergency variant applies to all).
      ASSERT_FALSE(engine.changes.empty());
      for (const Change& ch : engine.changes) {
        EXPECT_EQ(ch.reason, c["reason"].get<std::string>()) << c["name"] << " monitor " << ch.monitor_id;
        EXPECT_EQ(ch.rule, Rule::rule6) << c["name"];
      }
    }
  }
}

TEST(SelectorRules, R08ApplySelectionRulesOnInjectedStates) {
  const json s = scenario_json("R08");
  for (const json& c : s["cases"]) {
    std::vector<Monitor> monitors;
    for (const json& j : c["monitors"]) {
      Monitor m;
      m.id = j[0];
      m.server_status = parse_server_status(j[1].get<std::string>()).value();
      m.global = parse_global_status(j[2].get<std::string>()).value();
      m.state = parse_state(j[3].get<std::string>()).value();
      m.violation = j[4].is_null() ? Violation::none : parse_violation(j[4].get<std::string>()).value();
      m.healthy = j[5];
      m.priority = j[6].get<std::int64_t>();
      m.count = j[7];
      m.account_id = j[8].get<std::uint32_t>();
      monitors.push_back(m);
    }
    AccountLimits limits;
    for (const auto& [account, l] : c["limits"].items()) {
      limits[static_cast<std::uint32_t>(std::stoul(account))] = {l[0], l[1], l[2]};
    }
    std::optional<std::uint32_t> server_account;
    if (!c["server_account"].is_null()) server_account = c["server_account"].get<std::uint32_t>();
    const Server server{1, "", server_account};
    RuleEngine engine(server, monitors, limits, kNow);
    const PassParameters params = pass_parameters(monitors, engine.lists);
    engine.run(params.gate);
    EXPECT_EQ(quads(engine.changes), expected_quads(c["expected_changes"])) << c["source"];
  }
}

}  // namespace
