// clickhouse: exactly-once archiving into ClickHouse over HTTP.
//
//   append()        the batch's rows are encoded as RowBinary in memory (at most
//                   batch_ch_max_size rows, ~50 bytes each), keeping each row's offset
//   make_durable()  1. LogScoreIdsInBatch: which ids of first_id..last_id ClickHouse already
//                      holds (within the batch's dt range, so only its partitions are read)
//                   2. InsertLogScores with the other rows in one HTTP request; ClickHouse
//                      answers 200 once they are written
//   -- the marker moves in MySQL --
//   publish()       nothing
//
// A batch repeated after a crash, a failed marker update or a timeout therefore inserts only
// what the earlier attempt did not. The table is a ReplacingMergeTree keyed by id as well
// (sql/clickhouse/log_scores.sql), which collapses a copy that could still slip in (an insert
// ClickHouse completes after the archiver gave up on it and already checked again).
// An insert is all-or-nothing for the archiver: any error leaves the marker where it was.

#include "clickhouse_backend.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "clickhouse_row_binary.h"
#include "clickhouse_statements.h"

namespace ntpmon::archiver {

namespace {

constexpr std::string_view kTableFile = "clickhouse/log_scores.sql";
constexpr std::string_view kStatementsFile = "clickhouse/archiver.sql";

std::unordered_set<std::uint64_t> parse_ids(const std::string& body) {
  if (body.size() % sizeof(std::uint64_t) != 0) {
    throw ClickHouseError("clickhouse: LogScoreIdsInBatch returned " + std::to_string(body.size()) +
                          " bytes, not a list of UInt64");
  }
  std::unordered_set<std::uint64_t> ids;
  ids.reserve(body.size() / sizeof(std::uint64_t));
  for (std::size_t pos = 0; pos < body.size(); pos += sizeof(std::uint64_t)) {
    std::uint64_t id = 0;
    std::memcpy(&id, body.data() + pos, sizeof id);
    ids.insert(id);
  }
  return ids;
}

class ClickHouseBatch : public BatchWriter {
 public:
  ClickHouseBatch(ClickHouseClient& client, const log::Logger& logger) : client_(client), logger_(logger) {}

  void append(std::span<const LogScoreRecord> records) override {
    for (const auto& r : records) {
      rows_.push_back({r.id, encoded_.size()});
      append_row_binary(encoded_, r);
      std::int64_t day = utc_day_number(r.ts);
      first_day_ = std::min(first_day_, day);
      last_day_ = std::max(last_day_, day);
    }
  }

  void make_durable() override {
    if (rows_.empty()) return;
    std::string present = client_.execute(clickhouse_statement(
        kStatementsFile, "LogScoreIdsInBatch",
        {{"first_day", format_day(first_day_)},
         {"last_day", format_day(last_day_)},
         {"first_id", std::to_string(rows_.front().id)},
         {"last_id", std::to_string(rows_.back().id)}}));
    std::string_view body = encoded_;
    std::string filtered;
    if (!present.empty()) {
      auto ids = parse_ids(present);
      filtered.reserve(encoded_.size());
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (ids.contains(rows_[i].id)) continue;
        std::size_t end = i + 1 < rows_.size() ? rows_[i + 1].offset : encoded_.size();
        filtered.append(encoded_, rows_[i].offset, end - rows_[i].offset);
      }
      logger_.warn("clickhouse already holds rows of this batch from an interrupted attempt; inserting the rest",
                   {{"first_id", rows_.front().id}, {"last_id", rows_.back().id}, {"present", ids.size()}});
      body = filtered;
    }
    if (!body.empty()) client_.execute(clickhouse_statement(kStatementsFile, "InsertLogScores"), body);
  }

  void publish() override {}

  std::string location() const override { return client_.endpoint().redacted() + " table log_scores"; }

 private:
  struct Row {
    std::uint64_t id;
    std::size_t offset;
  };
  ClickHouseClient& client_;
  const log::Logger& logger_;
  std::string encoded_;
  std::vector<Row> rows_;
  std::int64_t first_day_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t last_day_ = std::numeric_limits<std::int64_t>::min();
};

}  // namespace

ClickHouseBackend::ClickHouseBackend(ClickHouseSettings settings, log::Logger logger)
    : settings_(std::move(settings)),
      logger_(std::move(logger)),
      client_(std::make_unique<ClickHouseClient>(settings_.endpoint, settings_.timeout)) {
  client_->execute(clickhouse_statement(kTableFile, "CreateLogScores"));
  std::string engine = client_->execute(clickhouse_statement(kStatementsFile, "LogScoresEngine"));
  while (!engine.empty() && (engine.back() == '\n' || engine.back() == '\r')) engine.pop_back();
  if (engine != "ReplacingMergeTree") {
    logger_.warn("clickhouse table log_scores does not deduplicate by id; the archiver still skips ids it "
                 "already inserted, but a copy ClickHouse accepts after a timeout would stay",
                 {{"engine", engine}, {"clickhouse", settings_.endpoint.redacted()}});
  }
}

ClickHouseBackend::~ClickHouseBackend() = default;

std::unique_ptr<BatchWriter> ClickHouseBackend::begin_batch(const LogScoreRecord&) {
  return std::make_unique<ClickHouseBatch>(*client_, logger_);
}

}  // namespace ntpmon::archiver
