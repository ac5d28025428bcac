#pragma once
// bench-web's data set (generate.sql) in a database of its own, kept between runs.

#include <string>

#include "db/dsn.h"

namespace ntpmon::bench_web {

inline constexpr int kDatasetVersion = 1;
inline constexpr long long kExpectedRows = 4999LL * 2000 + 25000;  // log_scores rows
inline constexpr int kServers = 5000;

// The DSN of the database holding a complete data set: reused when its marker table says so
// (cheap to check), else generated (prints how long it took). `regenerate` forces a new one.
db::Dsn prepare_dataset(const std::string& database_name, bool regenerate);

}  // namespace ntpmon::bench_web
