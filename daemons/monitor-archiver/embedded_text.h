#pragma once
// Files of the repository compiled into the program (embed_text_files.cmake):
//   "logscore.avsc"          the Avro schema of the archive files (§3.1)
//   "clickhouse/log_scores.sql", "clickhouse/archiver.sql"   ClickHouse statements (§3.2)

#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::archiver {

// Throws std::logic_error for a name that was not embedded (a build mistake).
std::string_view embedded_text(std::string_view name);

}  // namespace ntpmon::archiver
