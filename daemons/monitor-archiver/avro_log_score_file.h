#pragma once
// One Avro object container file of log score records (spec/archiver.md §3.1), written with
// the Avro C library (libavro-dev).
//
// avro-c re-serialises a schema without its logicalType attributes, so it cannot write the
// header itself: this class writes the header (the schema text of logscore.avsc verbatim,
// with `ts` as timestamp-micros at the type level, the codec and a random sync marker) and
// then lets avro-c append the blocks to that file (avro_file_writer_open_bs reads the codec
// and the sync marker back from our header). finish() closes the file, fsyncs it and walks
// its block framing, so a short write that avro-c's stdio writer did not report is caught.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "log_score_record.h"

namespace ntpmon::archiver {

enum class AvroCodec { null, deflate, snappy };
std::string_view to_string(AvroCodec codec);
std::optional<AvroCodec> parse_avro_codec(std::string_view name);

class AvroFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AvroFileOptions {
  AvroCodec codec = AvroCodec::snappy;
  // A block is written once it holds more than this many records (the original's constant
  // 50000 gives blocks of 50001 records).
  std::size_t block_records = 50000;
  // avro-c's block buffer; a block is also written when the buffer is full.
  std::size_t block_bytes = 16 * 1024 * 1024;
};

// The schema text written into every file (logscore.avsc, without its trailing newline).
std::string_view log_score_avro_schema();

// The container header: magic, metadata avro.schema and avro.codec, sync marker.
std::string avro_container_header(std::string_view schema_json, AvroCodec codec,
                                  const std::array<unsigned char, 16>& sync);

// What read_avro_framing() found: the record count of every block.
struct AvroFraming {
  std::string codec;
  std::vector<std::uint64_t> block_records;
  std::uint64_t records() const;
};

// Reads the header and the block framing (counts, sizes, sync markers) without decoding
// records. Throws AvroFileError naming the file and what is wrong (bad magic, a sync
// marker that does not match, a file that ends inside a block).
AvroFraming read_avro_framing(const std::filesystem::path& path);

class AvroLogScoreFile {
 public:
  // Creates (or truncates) `path` and writes the header. Throws AvroFileError
  // ("open file \"<path>\": ...").
  AvroLogScoreFile(std::filesystem::path path, const AvroFileOptions& options);
  ~AvroLogScoreFile();
  AvroLogScoreFile(const AvroLogScoreFile&) = delete;
  AvroLogScoreFile& operator=(const AvroLogScoreFile&) = delete;

  // Throws AvroFileError ("append: ...") for a value the schema cannot hold (server_id or
  // monitor_id above 2147483647) or a write failure.
  void append(const LogScoreRecord& record);
  // Writes the last block, closes, fsyncs and verifies the file. Throws AvroFileError.
  void finish();

  std::uint64_t records() const { return records_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void open_writer(std::string_view schema_text);

  struct AvroState;
  std::filesystem::path path_;
  AvroFileOptions options_;
  std::unique_ptr<AvroState> avro_;
  std::uint64_t records_ = 0;
  std::size_t in_block_ = 0;
};

}  // namespace ntpmon::archiver
