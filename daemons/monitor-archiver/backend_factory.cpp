#include "backend_factory.h"

#include <stdexcept>

#include "clickhouse_backend.h"
#include "fileavro_backend.h"

namespace ntpmon::archiver {

std::unique_ptr<Backend> make_backend(const std::string& archiver, const ArchiverSettings& settings,
                                      const log::Logger& logger) {
  auto scoped = logger.with({{"archiver", archiver}});
  if (archiver == "fileavro") {
    if (!settings.fileavro) throw std::runtime_error("avro_path not set for fileavro");
    return std::make_unique<FileAvroBackend>(*settings.fileavro, scoped);
  }
  if (archiver == "clickhouse") {
    if (!settings.clickhouse) throw std::runtime_error("ch_dsn environment not set");
    return std::make_unique<ClickHouseBackend>(*settings.clickhouse, scoped);
  }
  if (archiver == "gcsavro" || archiver == "bigquery") {
    throw std::runtime_error("archiver '" + archiver + "' is not supported by this implementation (GCS and BigQuery are out of scope)");
  }
  if (archiver == "influxdb") throw std::runtime_error("influxdb support has been removed");
  throw std::runtime_error("unknown archiver '" + archiver + "'");
}

}  // namespace ntpmon::archiver
