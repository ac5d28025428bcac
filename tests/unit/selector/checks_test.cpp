// Check-level acceptance cases C01-C09 (spec/selector.md A.5) and the parsing rules under
// them: IP addresses as netip reads them, accounts.flags as Go's encoding/json decodes them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

#include "scenario.h"
#include "selection/account_flags.h"
#include "selection/checks.h"
#include "selection/evaluation.h"
#include "selection/ip_address.h"
#include "selection/promotion.h"

namespace {

using namespace ntpmon::selection;
using ntpmon::test::selector::relative_time;
using ntpmon::test::selector::scenario_json;
using nlohmann::json;

const TimePoint kNow = std::chrono::floor<std::chrono::seconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours(12));

std::optional<std::uint32_t> opt_id(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::uint32_t>();
}

std::string str_or_empty(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "";
  return j[key].get<std::string>();
}

TEST(SelectorChecks, C01SameSubnet) {
  const json s = scenario_json("C01");
  for (const json& c : s["cases"]) {
    EXPECT_EQ(same_subnet_violation(c["monitor_ip"].get<std::string>(), c["server_ip"].get<std::string>()),
              c["violation"].get<bool>())
        << c.dump();
  }
}

TEST(SelectorChecks, C02NetworkDiversity) {
  const json s = scenario_json("C02");
  for (const json& c : s["cases"]) {
    std::vector<Monitor> rows;
    for (const json& e : c["existing"]) {
      Monitor m;
      m.id = e[0];
      m.ip = e[1];
      m.server_status = parse_server_status(e[2].get<std::string>()).value();
      rows.push_back(m);
    }
    EXPECT_EQ(network_diversity_violation(c["monitor_id"], c["monitor_ip"].get<std::string>(),
                                          parse_server_status(c["target"].get<std::string>()).value(), rows),
              c["violation"].get<bool>())
        << c.dump();
  }
}

TEST(SelectorChecks, C03IterativeAccountLimits) {
  const json s = scenario_json("C03");
  for (const json& c : s["cases"]) {
    std::vector<MonitorRow> rows;
    for (const json& r : c["rows"]) {
      MonitorRow row;
      row.id = r[0];
      if (!r[1].is_null()) row.account_id = r[1].get<std::uint32_t>();
      if (!r[2].is_null()) row.status = parse_server_status(r[2].get<std::string>()).value();
      row.monitor_priority = r[3].get<std::int64_t>();
      row.healthy = true;
      row.monitor_status = GlobalStatus::active;
      if (!c["L"].is_null()) {
        row.account_flags = json{{"monitors_per_server_limit", c["L"]}, {"monitor_enabled", true}}.dump();
      }
      rows.push_back(row);
    }
    const Evaluation evaluation = evaluate(Server{1, "192.0.2.1", std::nullopt}, rows);
    const auto flagged = account_limit_violations(evaluation.monitors, evaluation.limits);
    const auto expected = c["flagged_limit"].get<std::set<std::uint32_t>>();
    EXPECT_EQ(flagged, expected) << c["name"];
    for (const Monitor& m : evaluation.monitors) {
      EXPECT_EQ(m.violation == Violation::limit, expected.contains(m.id)) << c["name"] << " monitor " << m.id;
    }
  }
}

TEST(SelectorChecks, C04RecommendedState) {
  const json s = scenario_json("C04");
  for (const json& c : s["cases"]) {
    const Violation v = c["violation"].is_null() ? Violation::none
                                                 : parse_violation(c["violation"].get<std::string>()).value();
    const bool healthy = c["healthy"].is_null() ? true : c["healthy"].get<bool>();
    EXPECT_EQ(recommended_state(parse_global_status(c["global"].get<std::string>()).value(),
                                parse_server_status(c["server"].get<std::string>()).value(), v, healthy),
              parse_state(c["state"].get<std::string>()).value())
        << c.dump();
    // "healthy: null" means irrelevant: the other value gives the same state.
    if (c["healthy"].is_null()) {
      EXPECT_EQ(recommended_state(parse_global_status(c["global"].get<std::string>()).value(),
                                  parse_server_status(c["server"].get<std::string>()).value(), v, false),
                parse_state(c["state"].get<std::string>()).value())
          << c.dump();
    }
  }
}

TEST(SelectorChecks, C05Outperforms) {
  const json s = scenario_json("C05");
  for (const json& c : s["cases"]) {
    EXPECT_EQ(outperforms(c["b_healthy"], c["b_priority"].get<std::int64_t>(), c["w_healthy"],
                          c["w_priority"].get<std::int64_t>()),
              c["result"].get<bool>())
        << c.dump();
  }
}

TEST(SelectorChecks, C06DueForCheck) {
  const json s = scenario_json("C06");
  for (const json& c : s["cases"]) {
    std::optional<TimePoint> last;
    if (!c["last_constraint_check"].is_null()) last = relative_time(c["last_constraint_check"], kNow);
    EXPECT_EQ(due_for_check(parse_server_status(c["server_status"].get<std::string>()).value(), last,
                            c["pause_reason"].get<std::string>(), kNow),
              c["due"].get<bool>())
        << c.dump();
  }
}

TEST(SelectorChecks, C07Resolved) {
  const json s = scenario_json("C07");
  for (const json& c : s["cases"]) {
    std::optional<std::string> stored;
    if (!c["stored_type"].is_null()) stored = c["stored_type"].get<std::string>();
    EXPECT_EQ(violation_resolved(parse_server_status(c["server_status"].get<std::string>()).value(), stored,
                                 str_or_empty(c, "monitor_ip"), str_or_empty(c, "server_ip"),
                                 opt_id(c, "monitor_account"), opt_id(c, "server_account")),
              c["resolved"].get<bool>())
        << c.dump();
  }
}

TEST(SelectorChecks, C08PromotionAllowed) {
  const json s = scenario_json("C08");
  for (const json& c : s["cases"]) {
    const json& jm = c["monitor"];
    Monitor m;
    m.id = jm["id"];
    m.account_id = opt_id(jm, "account");
    m.ip = str_or_empty(jm, "ip");
    m.global = parse_global_status(jm["global"].get<std::string>()).value();
    m.server_status = parse_server_status(jm["server"].get<std::string>()).value();
    m.healthy = jm.value("healthy", true);
    m.priority = 10;
    const Server server{1, str_or_empty(c["server"], "ip"), opt_id(c["server"], "account")};
    AccountLimits limits;
    for (const auto& [account, l] : c["limits"].items()) {
      limits[static_cast<std::uint32_t>(std::stoul(account))] = {l[0], l[1], l[2]};
    }
    std::vector<Monitor> rows;
    for (const json& e : c["existing"]) {
      Monitor other;
      other.id = e[0];
      if (!e[1].is_null()) other.account_id = e[1].get<std::uint32_t>();
      other.ip = e[2];
      other.server_status = parse_server_status(e[3].get<std::string>()).value();
      rows.push_back(other);
    }
    const PromotionContext context{server, rows, c["emergency"].get<bool>()};
    EXPECT_EQ(can_promote(m, parse_server_status(c["target"].get<std::string>()).value(), limits, context),
              c["allowed"].get<bool>())
        << c.dump();
  }
}

TEST(SelectorChecks, C09EmergencyReason) {
  const json s = scenario_json("C09");
  for (const json& c : s["cases"]) {
    EXPECT_EQ(emergency_reason(c["base"].get<std::string>(), parse_server_status(c["to"].get<std::string>()).value(),
                               c["bootstrap"].get<bool>()),
              c["reason"].get<std::string>())
        << c.dump();
  }
}

// netip.ParseAddr's grammar, which decides what "does not parse" means in §4.3.
TEST(SelectorIpAddress, ParsesLikeNetip) {
  struct Case {
    const char* text;
    bool ok;
    bool v4;
  };
  const Case cases[] = {
      {"192.0.2.1", true, true},       {"0.0.0.0", true, true},          {"255.255.255.255", true, true},
      {"256.0.0.1", false, false},     {"01.2.3.4", false, false},       {"1.2.3", false, false},
      {"1.2.3.4.5", false, false},     {"1.2.3.4 ", false, false},       {" 1.2.3.4", false, false},
      {"1..2.3", false, false},        {"", false, false},               {"not-an-ip", false, false},
      {"2001:db8::1", true, false},    {"::", true, false},              {"::ffff:192.0.2.1", true, false},
      {"fe80::1%eth0", true, false},   {"fe80::1%", false, false},       {"%eth0", false, false},
      {"2001:db8::1::2", false, false}, {"12345::1", false, false},      {"2001:db8::g", false, false},
      {"1.2.3.4:80", false, false},    {"::ffff:01.2.3.4", false, false},
  };
  for (const Case& c : cases) {
    const auto ip = parse_ip(c.text);
    EXPECT_EQ(ip.has_value(), c.ok) << c.text;
    if (ip && c.ok) {
      EXPECT_EQ(ip->is_v4, c.v4) << c.text;
    }
  }
}

TEST(SelectorIpAddress, PrefixContains) {
  const auto net = parse_ip("192.0.2.77").value();
  EXPECT_TRUE(prefix_contains(net, 24, parse_ip("192.0.2.1").value()));
  EXPECT_FALSE(prefix_contains(net, 24, parse_ip("192.0.3.1").value()));
  EXPECT_TRUE(prefix_contains(net, 20, parse_ip("192.0.15.1").value()));
  EXPECT_FALSE(prefix_contains(net, 20, parse_ip("192.0.16.1").value()));
  // IPv4-mapped IPv6 is IPv6 (netip Is4 is false): never in an IPv4 prefix.
  EXPECT_FALSE(prefix_contains(net, 24, parse_ip("::ffff:192.0.2.1").value()));
  const auto net6 = parse_ip("2001:db8:1234::1").value();
  EXPECT_TRUE(prefix_contains(net6, 48, parse_ip("2001:db8:1234:ffff::9").value()));
  EXPECT_FALSE(prefix_contains(net6, 48, parse_ip("2001:db8:1235::1").value()));
  // An address with a zone is never contained (netip Prefix.Contains).
  EXPECT_FALSE(prefix_contains(net6, 48, parse_ip("2001:db8:1234::2%eth0").value()));
  // A monitor with a zone still has a prefix.
  EXPECT_TRUE(same_subnet_violation("2001:db8:1234::1%eth0", "2001:db8:1234::2"));
}

TEST(SelectorAccountFlags, DecodesLikeGoEncodingJson) {
  struct Case {
    std::optional<std::string> flags;
    std::int64_t limit;
    bool decode_error;
  };
  const Case cases[] = {
      {std::nullopt, 2, false},
      {"null", 2, false},
      {"{}", 2, false},
      {R"({"monitors_per_server_limit": 3})", 3, false},
      {R"({"monitors_per_server_limit": 3, "monitor_enabled": true, "monitor_limit": 10})", 3, false},
      {R"({"MONITORS_PER_SERVER_LIMIT": 4})", 4, false},
      {"{\"monitor\xC5\xBF_per_server_limit\": 5}", 5, false},  // U+017F folds to 's' in Go
      {R"({"monitors_per_server_limit": 0})", 2, false},
      {R"({"monitors_per_server_limit": -1})", 2, false},
      {R"({"monitors_per_server_limit": null})", 2, false},
      {R"({"monitors_per_server_limit": 3, "monitors_per_server_limit": null})", 3, false},
      {R"({"monitors_per_server_limit": 3, "Monitors_Per_Server_Limit": 6})", 6, false},
      {R"({"monitor_per_server_limit": 3})", 2, false},  // the design doc's misspelling: unknown member
      {R"({"other": {"monitors_per_server_limit": 9}, "x": [1, "a"]})", 2, false},
      {R"({"monitors_per_server_limit": 1.0})", 2, true},
      {R"({"monitors_per_server_limit": 1e1})", 2, true},
      {R"({"monitors_per_server_limit": "3"})", 2, true},
      {R"({"monitors_per_server_limit": 9223372036854775808})", 2, true},
      {R"({"monitors_per_server_limit": 3, "monitor_enabled": "yes"})", 2, true},
      {R"({"monitors_per_server_limit": 3, "monitor_enabled": 1})", 2, true},
      {R"({"monitors_per_server_limit": 3, "monitor_limit": 2.5})", 2, true},
      {R"({"monitors_per_server_limit": [3]})", 2, true},
      {R"([1, 2])", 2, true},
      {R"("text")", 2, true},
      {R"(7)", 2, true},
      {R"({"monitors_per_server_limit": 3)", 2, true},
      {R"({"monitors_per_server_limit": 3} x)", 2, true},
      {"", 2, true},
      {"not json", 2, true},
  };
  for (const Case& c : cases) {
    const AccountFlagsLimit result = per_server_limit_from_flags(c.flags);
    EXPECT_EQ(result.per_server_limit, c.limit) << c.flags.value_or("NULL");
    EXPECT_EQ(result.decode_error.has_value(), c.decode_error) << c.flags.value_or("NULL");
  }
}

}  // namespace
