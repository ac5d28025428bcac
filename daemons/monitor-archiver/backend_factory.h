#pragma once
// The destination of a status row, chosen by its `archiver` name (spec/archiver.md §1.6).

#include <memory>
#include <string>

#include "backend.h"
#include "log/logger.h"
#include "settings.h"

namespace ntpmon::archiver {

// Throws std::runtime_error with the original's messages: "unknown archiver '<name>'",
// "avro_path not set for fileavro", "ch_dsn environment not set", "influxdb support has been
// removed"; gcsavro and bigquery are named as not supported.
std::unique_ptr<Backend> make_backend(const std::string& archiver, const ArchiverSettings& settings,
                                      const log::Logger& logger);

}  // namespace ntpmon::archiver
