#include "batch_output.h"

#include <algorithm>
#include <stdexcept>

#include "json_rows.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

// Rows per procedure call: keeps each JSON document well below max_allowed_packet (16 MB in
// MariaDB by default) even with long attributes.
constexpr std::size_t kRowsPerCall = 5000;

template <typename Map, typename Fill, typename Call>
std::uint64_t write_chunks(const Map& rows, Fill fill, Call call) {
  JsonRows json;
  std::uint64_t n = 0;
  for (const auto& entry : rows) {
    json.begin_row();
    fill(json, entry);
    ++n;
    if (json.rows() == kRowsPerCall) call(json.take());
  }
  if (!json.empty()) call(json.take());
  return n;
}

}  // namespace

void BatchOutput::add(ServerState& state, ScoredRow row) {
  const auto server = row.server_id;
  auto found = state.rows.find(server);
  if (found == state.rows.end()) {
    throw std::logic_error("scorer batch: no server_scores row loaded for server " + std::to_string(server));
  }
  auto& ss = found->second;

  if (policy_ == ScorePolicy::always) {
    ss.score_raw = row.score;
    if (!ss.score_ts || *ss.score_ts < row.ts) ss.score_ts = row.ts;
    server_scores_[server] = {ss.score_raw, *ss.score_ts};
  } else if (!ss.score_ts || *ss.score_ts <= row.ts) {
    ss.score_raw = row.score;
    ss.score_ts = row.ts;
    server_scores_[server] = {row.score, row.ts};
  }

  if (overall_) {
    auto it = overall_scores_.find(server);
    if (it == overall_scores_.end() || it->second.ts < row.ts) overall_scores_[server] = {row.score, row.ts};
  }

  std::optional<scoring::RecordedScore> last;
  if (auto h = state.history.find(server); h != state.history.end()) last = h->second;
  if (scoring::record_if_new(last, {row.ts, row.score})) {
    state.history[server] = *last;
    log_rows_.push_back(std::move(row));
  }
}

WriteCounts BatchOutput::write(soci::session& session, std::uint32_t scorer_id) const {
  WriteCounts counts;
  // Inserted grouped by server, each server's rows in processing order: the inserts take
  // shared locks on the servers rows (foreign key) in ascending order, as the UPDATE of
  // servers takes its exclusive ones, so a scorer running beside this one cannot deadlock
  // with it.
  std::vector<const ScoredRow*> ordered;
  ordered.reserve(log_rows_.size());
  for (const auto& r : log_rows_) ordered.push_back(&r);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const ScoredRow* a, const ScoredRow* b) { return a->server_id < b->server_id; });
  counts.log_scores = write_chunks(
      ordered,
      [](JsonRows& j, const ScoredRow* row) {
        const auto& r = *row;
        j.field("s", r.server_id);
        j.field("t", r.ts);
        j.field("c", r.score);
        j.field("p", r.step);
        j.field("o", r.offset);
        j.field("r", r.rtt);
        if (r.attributes) j.field("a", std::string_view(*r.attributes));
      },
      [&](const std::string& doc) { sql::InsertScorerLogScores(session, scorer_id, doc); });
  counts.server_scores = write_chunks(
      server_scores_,
      [](JsonRows& j, const auto& e) {
        j.field("s", e.first);
        j.field("c", e.second.score);
        j.field("t", e.second.ts);
      },
      [&](const std::string& doc) { sql::SaveScorerServerScores(session, scorer_id, doc); });
  if (overall_) {
    counts.servers = write_chunks(
        overall_scores_,
        [](JsonRows& j, const auto& e) {
          j.field("s", e.first);
          j.field("c", e.second.score);
          j.field("t", e.second.ts);
        },
        [&](const std::string& doc) { sql::SaveOverallScores(session, doc); });
  }
  return counts;
}

}  // namespace ntpmon::scorer
