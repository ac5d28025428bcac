// Test-only: the INSERT statements below build fixtures.
#include "scorer_scenario.h"

#include <soci/soci.h>

#include <charconv>
#include <random>
#include <sstream>

#include "scoring/recurrence.h"
#include "scoring/step.h"
#include "sqlrt/time.h"

namespace ntpmon::test {
namespace {

using namespace std::chrono_literals;

const char* pair_status(int k) {
  static const char* const kStatuses[] = {"active", "active",    "active",    "active", "active",
                                          "testing", "testing", "candidate", "candidate", "paused"};
  return kStatuses[k % 10];
}

// One check result of a monitor. Servers differ as in the pool: most are healthy (almost
// every check good), some are mediocre (medium offsets, timeouts), a few are bad (big offsets,
// kiss codes, errors).
struct Check {
  scoring::StepInput input;
  std::optional<double> offset_seconds;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
};

enum class Health { healthy, mediocre, bad };

Health server_health(int server_index) {
  const int h = (server_index * 37) % 100;
  if (h < 80) return Health::healthy;
  if (h < 95) return Health::mediocre;
  return Health::bad;
}

Check random_check(std::mt19937_64& rng, Health health) {
  std::uniform_int_distribution<int> pick(0, 99);
  std::uniform_int_distribution<int> ms(0, 20);
  std::uniform_int_distribution<int> rtt_us(1000, 200000);
  Check c;
  c.input.stratum = 2;
  int p = pick(rng);
  // Shift the draw: healthy servers almost always land in the first branch.
  if (health == Health::healthy) p = p < 96 ? 0 : 70 + (p - 96) * 7;
  if (health == Health::bad) p = 40 + p * 60 / 100;
  if (p < 70) {
    c.input.offset = std::chrono::milliseconds(ms(rng));
  } else if (p < 80) {
    c.input.offset = std::chrono::milliseconds(30 + ms(rng) * 10);
  } else if (p < 86) {
    c.input.no_response = true;
  } else if (p < 90) {
    c.input.offset = std::chrono::milliseconds(3500 + ms(rng));
  } else if (p < 93) {
    c.input.stratum = 0;
    c.input.error = "RATE";
  } else if (p < 95) {
    c.input.stratum = 0;
    c.input.error = "a<b&c";  // escaped on the way through JSON
  } else {
    c.input.offset = std::chrono::milliseconds(ms(rng));
    c.attributes = R"({"leap":1})";
  }
  if (c.input.offset) c.offset_seconds = scoring::duration_seconds(*c.input.offset);
  if (!c.input.no_response) c.rtt = rtt_us(rng);
  return c;
}

std::string json_error_attributes(const std::string& error, bool leap) {
  std::string out = "{";
  if (leap) out += "\"leap\":1,";
  std::string escaped;
  for (char ch : error) {
    if (ch == '<') escaped += "\\u003c";
    else if (ch == '>') escaped += "\\u003e";
    else if (ch == '&') escaped += "\\u0026";
    else escaped += ch;
  }
  return out + "\"error\":\"" + escaped + "\"}";
}

}  // namespace

std::string sql_text(const std::optional<std::string>& text) {
  if (!text) return "NULL";
  std::string out = "'";
  for (char ch : *text) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

std::string sql_datetime(std::chrono::sys_seconds ts) {
  std::string out(1, '\'');
  out.append(sqlrt::format_datetime(ts)).push_back('\'');
  return out;
}

std::string sql_double(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  return std::string(buf, end);
}

Scenario make_scenario(ScenarioSpec spec) {
  if (spec.end == std::chrono::sys_seconds{}) {
    spec.end = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  Scenario sc;
  sc.spec = spec;
  for (int i = 0; i < spec.servers; ++i) sc.server_ids.push_back(spec.first_server_id + static_cast<std::uint32_t>(i));
  for (int i = 0; i < spec.monitors; ++i) sc.monitor_ids.push_back(spec.first_monitor_id + static_cast<std::uint32_t>(i));
  const int pairs = std::min(spec.pairs_per_server, spec.monitors);
  auto monitor_of = [&](int server_index, int k) {
    return sc.monitor_ids[static_cast<std::size_t>((server_index * 7 + k) % spec.monitors)];
  };
  for (int s = 0; s < spec.servers; ++s) {
    for (int k = 0; k < pairs; ++k) sc.pairs.push_back({sc.server_ids[static_cast<std::size_t>(s)], monitor_of(s, k), pair_status(k)});
  }

  std::mt19937_64 rng(spec.seed);
  std::vector<double> pair_score(static_cast<std::size_t>(spec.servers * pairs), 0.0);
  const int per_server = std::max(1, spec.rows / spec.servers);
  const auto start = spec.end - spec.span;
  const auto spacing = std::chrono::duration_cast<std::chrono::seconds>(spec.span / per_server);
  sc.rows.reserve(static_cast<std::size_t>(spec.rows));
  for (int r = 0; r < spec.rows; ++r) {
    const int s = r % spec.servers;
    const int j = r / spec.servers;
    const int k = j % pairs;
    const auto check = random_check(rng, server_health(s));
    const auto step = scoring::compute_step(check.input);
    auto& score = pair_score[static_cast<std::size_t>(s * pairs + k)];
    score = scoring::next_monitor_score(score, step);
    ScenarioRow row;
    row.id = spec.first_row_id + static_cast<std::uint64_t>(r);
    row.server_id = sc.server_ids[static_cast<std::size_t>(s)];
    row.monitor_id = monitor_of(s, k);
    row.ts = std::min(spec.end, start + spacing * j + std::chrono::seconds(s % std::max<long>(1, spacing.count())));
    row.score = score;
    row.step = step.step;
    row.offset = check.offset_seconds;
    row.rtt = check.rtt;
    if (!step.error.empty()) {
      row.attributes = json_error_attributes(step.error, check.attributes.has_value());
    } else {
      row.attributes = check.attributes;
    }
    sc.rows.push_back(std::move(row));
  }
  return sc;
}

void load_scenario_setup(soci::session& session, const Scenario& sc) {
  {
    std::ostringstream q;
    q << "INSERT INTO monitors (id, type, hostname, tls_name, status, config, created_on) VALUES ";
    for (std::size_t i = 0; i < sc.monitor_ids.size(); ++i) {
      const auto id = sc.monitor_ids[i];
      q << (i ? "," : "") << "(" << id << ",'monitor','m" << id << "','m" << id << ".test.mon.ntppool.dev','active','',UTC_TIMESTAMP())";
    }
    session << q.str();
  }
  for (std::size_t from = 0; from < sc.server_ids.size(); from += 1000) {
    std::ostringstream q;
    q << "INSERT INTO servers (id, ip, created_on) VALUES ";
    for (std::size_t i = from; i < std::min(sc.server_ids.size(), from + 1000); ++i) {
      const auto id = sc.server_ids[i];
      q << (i > from ? "," : "") << "(" << id << ",'10." << (id >> 16) << "." << ((id >> 8) & 255) << "." << (id & 255)
        << "',UTC_TIMESTAMP())";
    }
    session << q.str();
  }
  for (std::size_t from = 0; from < sc.pairs.size(); from += 1000) {
    std::ostringstream q;
    q << "INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on) VALUES ";
    for (std::size_t i = from; i < std::min(sc.pairs.size(), from + 1000); ++i) {
      const auto& p = sc.pairs[i];
      q << (i > from ? "," : "") << "(" << p.monitor_id << "," << p.server_id << ",0,'" << p.status << "',UTC_TIMESTAMP())";
    }
    session << q.str();
  }
}

void load_scenario_rows(soci::session& session, const std::vector<ScenarioRow>& rows, std::size_t rows_per_statement) {
  for (std::size_t from = 0; from < rows.size(); from += rows_per_statement) {
    std::ostringstream q;
    q << "INSERT INTO log_scores (id, server_id, monitor_id, ts, score, step, `offset`, rtt, attributes) VALUES ";
    for (std::size_t i = from; i < std::min(rows.size(), from + rows_per_statement); ++i) {
      const auto& r = rows[i];
      q << (i > from ? "," : "") << "(" << r.id << "," << r.server_id << "," << r.monitor_id << "," << sql_datetime(r.ts)
        << "," << sql_double(r.score) << "," << sql_double(r.step) << ","
        << (r.offset ? sql_double(*r.offset) : std::string("NULL")) << ","
        << (r.rtt ? std::to_string(*r.rtt) : std::string("NULL")) << "," << sql_text(r.attributes) << ")";
    }
    session << q.str();
  }
}

void setup_scorers_from_start(soci::session& session) {
  session << "INSERT INTO monitors (type, hostname, tls_name, status, config, created_on) VALUES "
             "('score','every','every.scores.ntp.dev','active','',UTC_TIMESTAMP()),"
             "('score','recentmedian','recentmedian.scores.ntp.dev','active','',UTC_TIMESTAMP())";
  session << "INSERT INTO scorer_pending_start (scorer_id, start_after_id, created_on) "
             "SELECT id, 0, UTC_TIMESTAMP() FROM monitors WHERE type = 'score'";
}

}  // namespace ntpmon::test
