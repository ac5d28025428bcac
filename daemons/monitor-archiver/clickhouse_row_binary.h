#pragma once
// ClickHouse's RowBinary encoding of a record, in the column order of InsertLogScores
// (sql/clickhouse/archiver.sql): dt, id, monitor_id, server_id, ts, score, step, offset, rtt,
// leap, error. Little-endian numbers; a Nullable value is a flag byte (1 = NULL) and the value
// when the flag is 0; a String is its length as an unsigned LEB128 varint and its bytes.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "log_score_record.h"

namespace ntpmon::archiver {

// Days since 1970-01-01 of the UTC date of `ts` (ClickHouse's Date).
std::int64_t utc_day_number(std::int64_t ts);

// "YYYY-MM-DD" of a day number.
std::string format_day(std::int64_t day);

// Appends the record. Throws std::invalid_argument (naming the id) for a ts outside
// ClickHouse's DateTime range (1970-01-01 to 2106-02-07).
void append_row_binary(std::string& out, const LogScoreRecord& record);

}  // namespace ntpmon::archiver
