// The fileavro destination's exactly-once protocol on the file system (fileavro_backend.cpp):
// staged names, publish after commit, and what recover() does with what a crash left.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "fileavro_backend.h"
#include "log/logger.h"

namespace ntpmon::archiver {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "archiver-fileavro-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::set<std::string> names(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

LogScoreRecord record(std::uint64_t id, std::int64_t ts) { return {id, 1, 2, ts, 20, 1, std::nullopt, 5, 0, ""}; }

FileAvroBackend backend(const fs::path& dir) {
  return FileAvroBackend(FileAvroSettings{dir, {}, {1, 100, std::chrono::seconds(0)}}, log::Logger());
}

TEST(ArchiverFileAvroProtocol, NamesFollowTheFirstRecord) {
  EXPECT_EQ(avro_file_name(record(123, 1640995200)), "1640995200-123.avro");
  EXPECT_EQ(avro_file_name(record(103535350, 1547999353)), "1547999353-103535350.avro");
}

TEST(ArchiverFileAvroProtocol, BatchIsStagedThenPublished) {
  TempDir dir;
  auto b = backend(dir.path());
  auto batch = b.begin_batch(record(10, 1000));
  std::vector<LogScoreRecord> rows{record(10, 1000), record(11, 1001), record(15, 999)};
  batch->append(rows);
  EXPECT_EQ(names(dir.path()), (std::set<std::string>{".1000-10.avro.tmp"}));
  batch->make_durable();
  EXPECT_EQ(names(dir.path()), (std::set<std::string>{".1000-10-15.avro.ready"}));
  batch->publish();
  EXPECT_EQ(names(dir.path()), (std::set<std::string>{"1000-10.avro"}));
  EXPECT_EQ(read_avro_framing(dir.path() / "1000-10.avro").records(), 3u);
}

TEST(ArchiverFileAvroProtocol, AbandonedBatchLeavesNothing) {
  TempDir dir;
  auto b = backend(dir.path());
  {
    auto batch = b.begin_batch(record(10, 1000));
    std::vector<LogScoreRecord> rows{record(10, 1000)};
    batch->append(rows);
  }
  EXPECT_TRUE(names(dir.path()).empty());
}

TEST(ArchiverFileAvroProtocol, FailedAppendLeavesNothing) {
  TempDir dir;
  auto b = backend(dir.path());
  {
    auto batch = b.begin_batch(record(10, 1000));
    LogScoreRecord bad = record(11, 1000);
    bad.server_id = 3000000000u;
    std::vector<LogScoreRecord> rows{record(10, 1000), bad};
    EXPECT_THROW(batch->append(rows), AvroFileError);
  }
  EXPECT_TRUE(names(dir.path()).empty());
}

TEST(ArchiverFileAvroProtocol, ReadyFileOutlivesItsBatchUntilRecoverDecides) {
  TempDir dir;
  auto b = backend(dir.path());
  {
    auto batch = b.begin_batch(record(10, 1000));
    std::vector<LogScoreRecord> rows{record(10, 1000), record(20, 1001)};
    batch->append(rows);
    batch->make_durable();
    // the marker update "fails": the batch is dropped without publish()
  }
  EXPECT_EQ(names(dir.path()), (std::set<std::string>{".1000-10-20.avro.ready"}));
}

struct RecoverCase {
  const char* name;
  std::uint64_t marker;
  std::set<std::string> after;
};

class ArchiverFileAvroRecover : public testing::TestWithParam<RecoverCase> {};

TEST_P(ArchiverFileAvroRecover, SettlesWhatACrashLeft) {
  TempDir dir;
  auto b = backend(dir.path());
  {
    auto batch = b.begin_batch(record(10, 1000));
    std::vector<LogScoreRecord> rows{record(10, 1000), record(20, 1001)};
    batch->append(rows);
    batch->make_durable();
  }
  std::ofstream(dir.path() / ".1002-21.avro.tmp") << "partial";
  std::ofstream(dir.path() / "999-1.avro") << "an earlier batch";
  std::ofstream(dir.path() / "notes.txt") << "not ours";
  std::ofstream(dir.path() / ".hidden.avro.ready") << "not ours either";
  b.recover(GetParam().marker);
  EXPECT_EQ(names(dir.path()), GetParam().after);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverFileAvroRecover,
    testing::Values(
        // The marker reached the batch's last id: committed, so it is published.
        RecoverCase{"committed", 20, {"1000-10.avro", "999-1.avro", "notes.txt", ".hidden.avro.ready"}},
        RecoverCase{"committed_and_more", 500, {"1000-10.avro", "999-1.avro", "notes.txt", ".hidden.avro.ready"}},
        // The marker is still before it: not committed, so it is discarded.
        RecoverCase{"not_committed", 9, {"999-1.avro", "notes.txt", ".hidden.avro.ready"}},
        RecoverCase{"no_marker", 0, {"999-1.avro", "notes.txt", ".hidden.avro.ready"}}),
    [](const testing::TestParamInfo<RecoverCase>& info) { return std::string(info.param.name); });

TEST(ArchiverFileAvroProtocol, RetriedBatchReplacesNothingElse) {
  TempDir dir;
  auto b = backend(dir.path());
  for (int attempt = 0; attempt < 2; ++attempt) {
    b.recover(0);
    auto batch = b.begin_batch(record(10, 1000));
    std::vector<LogScoreRecord> rows{record(10, 1000), record(20, 1001)};
    if (attempt == 1) rows.push_back(record(30, 1002));  // more rows arrived meanwhile
    batch->append(rows);
    batch->make_durable();
    if (attempt == 1) batch->publish();  // the first attempt "crashed" before its commit
  }
  b.recover(30);
  EXPECT_EQ(names(dir.path()), (std::set<std::string>{"1000-10.avro"}));
  EXPECT_EQ(read_avro_framing(dir.path() / "1000-10.avro").records(), 3u);
}

TEST(ArchiverFileAvroProtocol, DirectoryMustExistAndBeADirectory) {
  TempDir dir;
  try {
    backend(dir.path() / "missing");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "stat " + (dir.path() / "missing").string() + ": No such file or directory");
  }
  std::ofstream(dir.path() / "file") << "x";
  try {
    backend(dir.path() / "file");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "path \"" + (dir.path() / "file").string() + "\" is not a directory");
  }
}

}  // namespace
}  // namespace ntpmon::archiver
