#include "setup.h"

#include <array>
#include <cstdio>
#include <string_view>

#include "algorithm.h"
#include "db/transaction.h"
#include "sql/scorer.h"
#include "sqlrt/time.h"

namespace ntpmon::scorer {
namespace {

constexpr std::array<std::string_view, 2> kAlgorithms{kEvery, kRecentMedian};
constexpr std::string_view kTlsSuffix = ".scores.ntp.dev";

std::string setup_one(soci::session& s, std::string_view name, const SetupOptions& options) {
  const std::string hostname(name);
  std::uint32_t id = 0;
  std::string done;
  if (auto m = sql::FindScorerMonitor(s, hostname)) {
    id = m->id;
    if (m->status != sql::MonitorsStatus::active) {
      return hostname + ": scorer monitor " + std::to_string(id) + " is " + std::string(sql::to_string(m->status)) +
             "; left as it is";
    }
  } else {
    id = static_cast<std::uint32_t>(sql::InsertScorerMonitor(s, hostname, hostname + std::string(kTlsSuffix)));
    done = "registered as scorer monitor " + std::to_string(id);
  }
  const auto cursors = sql::CountScorerCursors(s, id);
  if (cursors && (cursors->status_rows > 0 || cursors->pending_rows > 0)) {
    if (done.empty()) return hostname + ": scorer monitor " + std::to_string(id) + " is already set up";
    return hostname + ": " + done;
  }
  if (!done.empty()) done += ", ";
  const auto last = sql::GetLastLogScoreID(s);
  const std::optional<std::uint64_t> end = last ? last->last_id : std::nullopt;
  if (options.start_after_id) {
    sql::InsertScorerPendingStart(s, id, *options.start_after_id);
    done += "starts after log_scores id " + std::to_string(*options.start_after_id);
  } else if (end) {
    sql::InsertScorerStatus(s, id, *end);
    done += "starts after log_scores id " + std::to_string(*end) + " (the current end)";
  } else {
    sql::InsertScorerPendingStart(s, id, 0);
    done += "starts with the first log_scores row (log_scores is empty)";
  }
  return hostname + ": " + done;
}

}  // namespace

std::vector<std::string> run_setup(soci::session& session, const SetupOptions& options) {
  return db::with_transaction(session, [&](soci::session& s) {
    std::vector<std::string> lines;
    for (auto name : kAlgorithms) lines.push_back(setup_one(s, name, options));
    return lines;
  });
}

std::vector<std::string> scorer_status_report(soci::session& session) {
  std::vector<std::string> lines;
  for (const auto& r : sql::GetScorerStatusReport(session)) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%-5u %-20s %-10llu %s", r.scorer_id, r.hostname.c_str(),
                  static_cast<unsigned long long>(r.log_score_id), sqlrt::format_datetime(r.modified_on).c_str());
    lines.emplace_back(buf);
  }
  if (lines.empty()) lines.emplace_back("No scorers found");
  return lines;
}

}  // namespace ntpmon::scorer
