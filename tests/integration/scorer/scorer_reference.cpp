// Test-only: the SELECT statements below read results back.
#include "scorer_reference.h"

#include <soci/soci.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "sqlrt/time.h"
#include "text_rows.h"

namespace ntpmon::test {
namespace {

using std::chrono::sys_seconds;
using namespace std::chrono_literals;

// §4.8 isNew with the remembered (ts, score) of the last written row.
struct Last {
  sys_seconds ts;
  double score;
};

bool is_new(std::optional<Last>& last, sys_seconds ts, double score) {
  if (last) {
    if (ts < last->ts) return false;
    const double diff = std::fabs(score - last->score);
    if (diff <= 1e-12 && ts < last->ts + 15min) return false;
    bool close;
    if (score == 0 && last->score == 0) {
      close = true;
    } else if (score == 0 || last->score == 0) {
      close = diff <= 1e-12;
    } else {
      close = diff <= std::fabs(last->score) * 0.05;
    }
    if (close && ts < last->ts + 5min) return false;
  }
  last = Last{ts, score};
  return true;
}

std::string with_provenance(const std::optional<std::string>& chosen, std::uint64_t from_ls, std::uint64_t from_ss,
                            std::uint64_t chosen_ls, std::uint32_t chosen_monitor) {
  // The scenario's attributes are {"leap":1}, {"error":"..."} or {"leap":1,"error":"..."}:
  // keep their members and append the provenance in key order.
  std::string inner;
  if (chosen) inner = chosen->substr(1, chosen->size() - 2);
  std::string out = "{" + inner;
  if (!inner.empty()) out += ",";
  out += "\"from_ls_id\":" + std::to_string(from_ls) + ",\"from_ss_id\":" + std::to_string(from_ss) +
         ",\"chosen_ls_id\":" + std::to_string(chosen_ls) + ",\"chosen_monitor_id\":" + std::to_string(chosen_monitor) +
         "}";
  return out;
}

}  // namespace

ScorerResult expected_every(const std::vector<ScenarioRow>& rows) {
  ScorerResult out;
  std::map<std::uint32_t, double> score;
  std::map<std::uint32_t, std::optional<Last>> last;
  for (const auto& r : rows) {
    auto [it, fresh] = score.try_emplace(r.server_id, -5.0);
    double s = r.step + it->second * 0.95;
    if (r.offset && std::fabs(*r.offset) > 3.0) s = -20;  // the scenario's offsets are far from 3 s
    it->second = s;
    auto& ss = out.server_scores[r.server_id];
    ss.score = s;
    if (ss.ts < r.ts) ss.ts = r.ts;
    if (is_new(last[r.server_id], r.ts, s)) {
      out.log_rows[r.server_id].push_back({r.server_id, r.ts, s, r.step, r.offset, r.rtt, r.attributes});
    }
  }
  return out;
}

ScorerResult expected_recentmedian(const std::vector<ScenarioRow>& rows, const std::vector<ScenarioPair>& pairs,
                                   const std::map<std::uint32_t, std::uint64_t>& ss_ids, sys_seconds now) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> status;
  for (const auto& p : pairs) status[{p.server_id, p.monitor_id}] = p.status;
  std::map<std::uint32_t, std::vector<const ScenarioRow*>> by_server;
  for (const auto& r : rows) by_server[r.server_id].push_back(&r);

  struct Stage {
    std::chrono::seconds lookback;
    std::vector<std::string> statuses;
  };
  const std::vector<Stage> ladder{{1200s, {"active"}}, {2700s, {"active", "testing"}},
                                  {7200s, {"active", "testing", "candidate"}}};

  ScorerResult out;
  std::map<std::uint32_t, std::optional<Last>> last;
  for (const auto& r : rows) {
    std::vector<const ScenarioRow*> chosen_set;
    for (const auto& stage : ladder) {
      std::map<std::uint32_t, const ScenarioRow*> newest;  // per monitor
      for (const auto* c : by_server[r.server_id]) {
        if (c->ts > r.ts || c->ts < r.ts - stage.lookback) continue;
        auto st = status.find({c->server_id, c->monitor_id});
        if (st == status.end()) continue;
        if (std::find(stage.statuses.begin(), stage.statuses.end(), st->second) == stage.statuses.end()) continue;
        auto& n = newest[c->monitor_id];
        if (!n || std::tie(c->ts, c->id) > std::tie(n->ts, n->id)) n = c;
      }
      if (newest.empty()) continue;
      for (const auto& [m, c] : newest) chosen_set.push_back(c);
      break;
    }
    if (chosen_set.empty()) {
      if (r.ts < now - 3h) continue;
      throw std::runtime_error("reference: no recent scores for row " + std::to_string(r.id));
    }
    std::sort(chosen_set.begin(), chosen_set.end(),
              [](const ScenarioRow* a, const ScenarioRow* b) { return std::tie(a->ts, a->id) < std::tie(b->ts, b->id); });
    const ScenarioRow* chosen = chosen_set.front();
    if (chosen_set.size() >= 3) {
      auto sorted = chosen_set;
      std::stable_sort(sorted.begin(), sorted.end(), [](const ScenarioRow* a, const ScenarioRow* b) {
        if (a->score != b->score) return a->score < b->score;
        return a->rtt.value_or(0) < b->rtt.value_or(0);
      });
      std::size_t i = sorted.size() / 2;
      if (sorted.size() % 2 == 0) --i;
      chosen = sorted[i];
    }
    const auto ss_id = ss_ids.at(r.server_id);
    OutRow o{r.server_id, r.ts, chosen->score, chosen->step, std::nullopt, std::nullopt,
             with_provenance(chosen->attributes, r.id, ss_id, chosen->id, chosen->monitor_id)};
    auto ss = out.server_scores.find(r.server_id);
    if (ss == out.server_scores.end() || ss->second.ts <= r.ts) out.server_scores[r.server_id] = {o.score, r.ts};
    auto ov = out.overall.find(r.server_id);
    if (ov == out.overall.end() || ov->second.ts < r.ts) out.overall[r.server_id] = {o.score, r.ts};
    if (is_new(last[r.server_id], r.ts, o.score)) out.log_rows[r.server_id].push_back(std::move(o));
  }
  return out;
}

ScorerResult actual_result(soci::session& session, std::uint32_t scorer_id, bool overall) {
  ScorerResult out;
  const auto m = std::to_string(scorer_id);
  for (const auto& row : text_rows(session,
                                   "SELECT CAST(server_id AS CHAR), CAST(ts AS CHAR), CAST(score AS CHAR), "
                                   "CAST(step AS CHAR), CAST(`offset` AS CHAR), CAST(rtt AS CHAR), attributes "
                                   "FROM log_scores WHERE monitor_id = " + m + " ORDER BY id")) {
    OutRow o;
    o.server_id = static_cast<std::uint32_t>(std::stoul(*row[0]));
    o.ts = sqlrt::parse_datetime(*row[1]);
    o.score = std::stod(*row[2]);
    o.step = std::stod(*row[3]);
    if (row[4]) o.offset = std::stod(*row[4]);
    if (row[5]) o.rtt = std::stoi(*row[5]);
    o.attributes = row[6];
    out.log_rows[o.server_id].push_back(std::move(o));
  }
  for (const auto& row : text_rows(session, "SELECT CAST(server_id AS CHAR), CAST(score_raw AS CHAR), "
                                            "CAST(score_ts AS CHAR) FROM server_scores "
                                            "WHERE monitor_id = " + m + " AND score_ts IS NOT NULL")) {
    out.server_scores[static_cast<std::uint32_t>(std::stoul(*row[0]))] = {std::stod(*row[1]),
                                                                          sqlrt::parse_datetime(*row[2])};
  }
  if (overall) {
    for (const auto& row : text_rows(session, "SELECT CAST(id AS CHAR), CAST(score_raw AS CHAR), "
                                              "CAST(score_ts AS CHAR) FROM servers WHERE score_ts IS NOT NULL")) {
      out.overall[static_cast<std::uint32_t>(std::stoul(*row[0]))] = {std::stod(*row[1]),
                                                                      sqlrt::parse_datetime(*row[2])};
    }
  }
  return out;
}

std::map<std::uint32_t, std::uint64_t> scorer_server_score_ids(soci::session& session, std::uint32_t scorer_id) {
  std::map<std::uint32_t, std::uint64_t> out;
  for (const auto& row : text_rows(session, "SELECT CAST(server_id AS CHAR), CAST(id AS CHAR) FROM server_scores "
                                            "WHERE monitor_id = " + std::to_string(scorer_id))) {
    out[static_cast<std::uint32_t>(std::stoul(*row[0]))] = std::stoull(*row[1]);
  }
  return out;
}

std::uint32_t scorer_id(soci::session& session, const std::string& hostname) {
  return static_cast<std::uint32_t>(
      int_value(session, "SELECT CAST(id AS CHAR) FROM monitors WHERE type = 'score' AND hostname = '" + hostname + "'"));
}

}  // namespace ntpmon::test
