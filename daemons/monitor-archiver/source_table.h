#pragma once
// The tables an archive run can read (spec/archiver.md §1.2 app_valid_tables, §2.2 step 5)
// and reading them in id order. Each table has its own pair of queries in
// sql/queries/archiver.sql, since a table name cannot be a bound parameter.

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "log_score_record.h"

namespace soci {
class session;
}

namespace ntpmon::archiver {

enum class SourceTable { log_scores, log_scores_archive, log_scores_test };

// Every table this program has queries for, in the original's allow-list order.
std::span<const SourceTable> known_source_tables();
std::string_view to_string(SourceTable table);
std::optional<SourceTable> parse_source_table(std::string_view name);

// A row that cannot be archived (bad attributes, ts outside the Unix range); names the
// table and the row id.
class SourceRowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Rows with id > after_id (0: all rows).
std::uint64_t count_rows_after(soci::session& session, SourceTable table, std::uint64_t after_id);

// Up to max_rows rows with id > after_id in id order, mapped to records (§2.4). Throws
// SourceRowError for a row that does not map.
std::vector<LogScoreRecord> fetch_rows_after(soci::session& session, SourceTable table,
                                             std::uint64_t after_id, std::uint32_t max_rows);

}  // namespace ntpmon::archiver
