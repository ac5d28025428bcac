#include "submit_plan.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "api/connect_error.h"
#include "scoring/attributes.h"
#include "scoring/constants.h"
#include "scoring/recurrence.h"
#include "scoring/step.h"

namespace ntpmon::monitor_api {
namespace {

using api::ApiError;
using api::ErrorCode;
using json = nlohmann::json;

std::string at(std::size_t index) { return "list[" + std::to_string(index) + "]"; }

[[noreturn]] void invalid(std::size_t index, const std::string& field, const std::string& problem) {
  throw ApiError(ErrorCode::invalid_argument, at(index) + "." + field + ": " + problem);
}

std::string time_text(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<seconds> tod{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(tod.hours().count()), int(tod.minutes().count()), int(tod.seconds().count()));
  return buf;
}

// The shortest text that reads back as the same double (the server parses it exactly).
std::string double_text(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::int64_t rtt_micros(const api::Duration& d) {
  // Truncated to whole microseconds (scorer.md §2.4); |seconds| <= 315576000000 keeps this in range.
  return d.seconds * 1'000'000 + d.nanos / 1000;
}

// B22: a stratum is recorded only from a real answer: no timeout, no error, 1..15.
bool records_stratum(const CheckedResult& r, const std::string& final_error) {
  return !r.no_response && final_error.empty() && r.stratum >= 1 && r.stratum <= 15;
}

}  // namespace

std::vector<CheckedResult> check_results(const api::SubmitResultsRequest& request, const CheckContext& context,
                                         const api::TicketKeyRing& keys, std::uint64_t* signature_failures) {
  using namespace std::chrono;
  const auto now = floor<seconds>(context.now);
  std::vector<CheckedResult> out;
  out.reserve(request.list.size());
  for (std::size_t i = 0; i < request.list.size(); ++i) {
    const auto& s = request.list[i];
    CheckedResult r;
    r.index = i;
    auto ip = api::ip_from_bytes(s.ip_bytes);
    if (!ip) invalid(i, "ipBytes", std::to_string(s.ip_bytes.size()) + " bytes; an IP address has 4 or 16");
    r.ip = *ip;
    r.ip_text = ip->to_string();
    if (context.version > 2) {
      auto check = api::verify_ticket(keys, s.ticket, {context.monitor_id, context.batch_id, r.ip.bytes}, now);
      if (check != api::TicketCheck::ok) {
        if (signature_failures != nullptr) *signature_failures = request.list.size() - i;
        invalid(i, "ticket", "signature validation failed for server " + r.ip_text + ": " +
                                 std::string(api::to_string(check)));
      }
    }
    if (!s.ts) invalid(i, "ts", "missing");
    if (s.ts->seconds < (now - kMaxResultAge).time_since_epoch().count() ||
        s.ts->seconds > (now + kMaxResultFuture).time_since_epoch().count()) {
      invalid(i, "ts", api::format_timestamp(*s.ts) + " is more than 24h before or 1h after the server's clock");
    }
    // MySQL rounds a DATETIME's fractional seconds; round here so the value does not depend
    // on the server's mode.
    r.ts = sys_seconds(seconds(s.ts->seconds + (s.ts->nanos >= 500'000'000 ? 1 : 0)));
    if (s.offset) {
      if (!s.offset->fits_nanoseconds()) invalid(i, "offset", api::format_duration(*s.offset) + " is out of range");
      r.offset = s.offset->to_nanoseconds();
    }
    if (s.rtt) {
      if (s.rtt->seconds < 0 || s.rtt->nanos < 0) invalid(i, "rtt", api::format_duration(*s.rtt) + " is negative");
      std::int64_t us = rtt_micros(*s.rtt);
      if (us > kMaxRttMicros) {
        r.rtt_clamped = us;
        us = kMaxRttMicros;
      }
      r.rtt_us = static_cast<std::int32_t>(us);
    }
    if (s.stratum < 0 || s.stratum > 255) invalid(i, "stratum", std::to_string(s.stratum) + " is not 0..255");
    if (s.leap < 0 || s.leap > 3) invalid(i, "leap", std::to_string(s.leap) + " is not 0..3");
    r.stratum = s.stratum;
    r.leap = s.leap;
    r.no_response = s.no_response;
    r.error = s.error;
    out.push_back(std::move(r));
  }
  return out;
}

SubmitPlan plan_results(const std::vector<CheckedResult>& results, const std::vector<SubmitTarget>& targets,
                        bool trust_zero_offset) {
  std::unordered_map<std::string, const SubmitTarget*> by_ip;
  for (const auto& t : targets) by_ip.emplace(t.ip, &t);

  SubmitPlan plan;
  std::unordered_map<std::uint64_t, std::size_t> pair_index;                    // server_score_id -> plan.pairs
  std::unordered_map<std::uint64_t, std::optional<std::uint8_t>> pair_stratum;  // current value
  std::unordered_map<std::uint32_t, std::optional<std::uint8_t>> server_stratum;
  std::unordered_map<std::uint32_t, std::size_t> server_index;                  // server_id -> plan.servers

  for (const auto& r : results) {
    auto found = by_ip.find(r.ip_text);
    if (found == by_ip.end()) {
      throw ApiError(ErrorCode::failed_precondition, at(r.index) + ": no server has IP " + r.ip_text);
    }
    const SubmitTarget& t = *found->second;
    if (!t.server_score_id) {
      throw ApiError(ErrorCode::failed_precondition, at(r.index) + ": this monitor does not check server " +
                                                         std::to_string(t.server_id) + " (" + r.ip_text +
                                                         "): it has no server_scores row");
    }
    const std::uint64_t ss_id = *t.server_score_id;

    // §2.3 step 2: older agents' zero offsets without a stratum are not believed.
    std::string error = r.error;
    std::optional<std::chrono::nanoseconds> offset = r.offset;
    if (!trust_zero_offset && r.stratum == 0 && (!offset || offset->count() == 0) && error.empty()) {
      offset.reset();
      error = scoring::kErrorUntrustedZeroOffset;
    }
    scoring::StepResult step = scoring::compute_step({r.no_response, r.stratum, error, offset});

    auto [it, inserted] = pair_index.try_emplace(ss_id, plan.pairs.size());
    if (inserted) {
      plan.pairs.push_back({ss_id, t.score_raw, r.ts, std::nullopt});
      pair_stratum.emplace(ss_id, t.pair_stratum);
    }
    auto& pair = plan.pairs[it->second];
    double score = scoring::next_monitor_score(pair.score_raw, step);
    pair.score_raw = score;
    pair.score_ts = r.ts;

    if (records_stratum(r, step.error)) {
      auto value = static_cast<std::uint8_t>(r.stratum);
      auto& current_pair = pair_stratum[ss_id];
      if (current_pair != value) {
        current_pair = value;
        pair.stratum = value;
      }
      auto [s, first] = server_stratum.try_emplace(t.server_id, t.server_stratum);
      (void)first;
      if (s->second != value) {
        s->second = value;
        auto [idx, added] = server_index.try_emplace(t.server_id, plan.servers.size());
        if (added) {
          plan.servers.push_back({t.server_id, value});
        } else {
          plan.servers[idx->second].stratum = value;
        }
      }
    }

    scoring::Attributes attributes;
    attributes.leap = static_cast<std::int8_t>(r.leap);
    attributes.error = step.error;
    if (r.rtt_clamped) {
      attributes.warning = "rtt " + std::to_string(*r.rtt_clamped) + "us clamped to " + std::to_string(kMaxRttMicros) + "us";
    }
    SubmitPlan::LogRow row;
    row.server_id = t.server_id;
    row.ts = r.ts;
    row.score = score;
    row.step = step.step;
    if (offset) row.offset = scoring::duration_seconds(*offset);
    row.rtt_us = r.rtt_us;
    if (attributes.leap > 0 || !attributes.error.empty() || !attributes.warning.empty()) {
      row.attributes = scoring::to_json(attributes);
    }
    plan.log_rows.push_back(std::move(row));

    if (step.step == scoring::kNoResponseStep) {
      ++plan.timeout;
    } else if (step.step < 1) {
      ++plan.offset;
    } else {
      ++plan.ok;
    }
  }
  // One order for every transaction, so two submits changing strata do not deadlock on it.
  std::sort(plan.servers.begin(), plan.servers.end(),
            [](const SubmitPlan::ServerStratum& a, const SubmitPlan::ServerStratum& b) { return a.server_id < b.server_id; });
  return plan;
}

std::string distinct_ips_json(const std::vector<CheckedResult>& results) {
  json ips = json::array();
  std::unordered_set<std::string> seen;
  for (const auto& r : results) {
    if (seen.insert(r.ip_text).second) ips.push_back(r.ip_text);
  }
  return ips.dump();
}

std::string pair_updates_json(const SubmitPlan& plan) {
  json rows = json::array();
  for (const auto& p : plan.pairs) {
    rows.push_back(json::array({std::to_string(p.server_score_id), double_text(p.score_raw), time_text(p.score_ts),
                                p.stratum ? std::to_string(*p.stratum) : std::string()}));
  }
  return rows.dump();
}

std::string log_rows_json(const SubmitPlan& plan) {
  json rows = json::array();
  for (const auto& r : plan.log_rows) {
    json row{{"s", std::to_string(r.server_id)}, {"t", time_text(r.ts)}, {"c", double_text(r.score)},
             {"p", double_text(r.step)}};
    if (r.offset) row["o"] = double_text(*r.offset);
    if (r.rtt_us) row["r"] = std::to_string(*r.rtt_us);
    if (r.attributes) row["a"] = *r.attributes;
    rows.push_back(std::move(row));
  }
  // The attributes text is valid UTF-8 (it comes from a decoded JSON request), but never let
  // an unexpected byte abort the dump.
  return rows.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ntpmon::monitor_api
