#pragma once
// The `fileavro` destination: one Avro object container file per batch in a local directory
// (spec/archiver.md §3.1). The protocol is described at the top of fileavro_backend.cpp.

#include <filesystem>
#include <memory>

#include "avro_log_score_file.h"
#include "backend.h"
#include "log/logger.h"

namespace ntpmon::archiver {

struct FileAvroSettings {
  std::filesystem::path directory;
  AvroFileOptions file;
  BatchLimits limits;
};

// The final name of a batch's file: "<ts>-<id>.avro" of its first record (§3.1).
std::string avro_file_name(const LogScoreRecord& first);

class FileAvroBackend : public Backend {
 public:
  // Throws std::runtime_error when the directory does not exist or is not a directory.
  FileAvroBackend(FileAvroSettings settings, log::Logger logger);

  const BatchLimits& limits() const override { return settings_.limits; }
  void recover(std::uint64_t marker) override;
  std::unique_ptr<BatchWriter> begin_batch(const LogScoreRecord& first) override;

 private:
  FileAvroSettings settings_;
  log::Logger logger_;
};

}  // namespace ntpmon::archiver
