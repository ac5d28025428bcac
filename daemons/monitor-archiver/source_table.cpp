#include "source_table.h"

#include <array>

#include "attributes.h"
#include "sql/archiver.h"

namespace ntpmon::archiver {

namespace {

constexpr std::array kTables{SourceTable::log_scores, SourceTable::log_scores_archive,
                             SourceTable::log_scores_test};

// The generated row types of the three Fetch queries have the same fields.
template <class Row>
LogScoreRecord to_record(Row& row, SourceTable table) {
  auto fail = [&](const std::string& problem) -> SourceRowError {
    return SourceRowError(std::string(to_string(table)) + " id " + std::to_string(row.id) + ": " + problem);
  };
  if (!row.ts_unix) throw fail("ts is outside the Unix time range");
  LogScoreRecord r;
  r.id = row.id;
  r.monitor_id = row.monitor_id.value_or(0);
  r.server_id = row.server_id;
  r.ts = *row.ts_unix;
  r.score = row.score;
  r.step = row.step;
  r.offset = row.offset;
  r.rtt = row.rtt;
  try {
    ScoreAttributes attributes = parse_score_attributes(row.attributes);
    r.leap = attributes.leap;
    r.error = std::move(attributes.error);
  } catch (const AttributesError& e) {
    throw fail(e.what());
  }
  return r;
}

template <class Row>
std::vector<LogScoreRecord> to_records(std::vector<Row> rows, SourceTable table) {
  std::vector<LogScoreRecord> out;
  out.reserve(rows.size());
  for (auto& row : rows) out.push_back(to_record(row, table));
  return out;
}

template <class Row>
std::uint64_t pending(const std::optional<Row>& row) {
  return row && row->pending > 0 ? static_cast<std::uint64_t>(row->pending) : 0;
}

}  // namespace

std::span<const SourceTable> known_source_tables() { return kTables; }

std::string_view to_string(SourceTable table) {
  switch (table) {
    case SourceTable::log_scores: return "log_scores";
    case SourceTable::log_scores_archive: return "log_scores_archive";
    case SourceTable::log_scores_test: return "log_scores_test";
  }
  return "?";
}

std::optional<SourceTable> parse_source_table(std::string_view name) {
  for (SourceTable t : kTables) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

std::uint64_t count_rows_after(soci::session& session, SourceTable table, std::uint64_t after_id) {
  switch (table) {
    case SourceTable::log_scores: return pending(sql::CountLogScoresAfter(session, after_id));
    case SourceTable::log_scores_archive: return pending(sql::CountLogScoresArchiveAfter(session, after_id));
    case SourceTable::log_scores_test: return pending(sql::CountLogScoresTestAfter(session, after_id));
  }
  return 0;
}

std::vector<LogScoreRecord> fetch_rows_after(soci::session& session, SourceTable table,
                                             std::uint64_t after_id, std::uint32_t max_rows) {
  switch (table) {
    case SourceTable::log_scores:
      return to_records(sql::FetchLogScoresAfter(session, after_id, max_rows), table);
    case SourceTable::log_scores_archive:
      return to_records(sql::FetchLogScoresArchiveAfter(session, after_id, max_rows), table);
    case SourceTable::log_scores_test:
      return to_records(sql::FetchLogScoresTestAfter(session, after_id, max_rows), table);
  }
  return {};
}

}  // namespace ntpmon::archiver
