#pragma once
// bench-web's data set (generate.sql) in a database of its own, kept between runs.

#include <string>

#include "db/dsn.h"

namespace ntpmon::bench_web {

inline constexpr int kDatasetVersion = 1;
inline constexpr long long kExpectedRows = 4999LL * 2000 + 25000;  // log_scores rows
inline constexpr int kServers = 5000;

// The DSN of the database holding a complete data set on the server of `server` (its database
// part is replaced): reused when its marker table says so (cheap to check), else generated
// (prints how long it took). `regenerate` forces a new one.
db::Dsn prepare_dataset(const db::Dsn& server, const std::string& database_name, bool regenerate);

// Reads the data set's tables once (warm.sql), so the buffer pool holds them.
void warm_buffer_pool(const db::Dsn& dataset);

}  // namespace ntpmon::bench_web
