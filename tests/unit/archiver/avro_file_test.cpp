// Avro container files (spec/archiver.md §3.1): the record encoding against the hex test
// vectors of §7, the header, the block layout, the codecs, and the errors.
#include <avro.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "avro_log_score_file.h"

namespace ntpmon::archiver {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "archiver-avro-XXXXXX").string();
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

// ---- an independent reader of the container framing (codec null): metadata and block payloads ----

struct RawFile {
  std::map<std::string, std::string> meta;
  std::vector<std::pair<long long, std::string>> blocks;  // record count, payload
};

long long read_long(const std::string& s, std::size_t& pos) {
  unsigned long long n = 0;
  int shift = 0;
  while (true) {
    auto b = static_cast<unsigned char>(s.at(pos++));
    n |= static_cast<unsigned long long>(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  return static_cast<long long>(n >> 1) ^ -static_cast<long long>(n & 1);
}

std::string read_bytes(const std::string& s, std::size_t& pos) {
  auto n = static_cast<std::size_t>(read_long(s, pos));
  std::string out = s.substr(pos, n);
  pos += n;
  return out;
}

RawFile read_raw(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  RawFile f;
  EXPECT_EQ(s.substr(0, 4), std::string("Obj\x01", 4));
  std::size_t pos = 4;
  for (long long n = read_long(s, pos); n != 0; n = read_long(s, pos)) {
    for (long long i = 0; i < n; ++i) {
      std::string key = read_bytes(s, pos);
      f.meta[key] = read_bytes(s, pos);
    }
  }
  std::string sync = s.substr(pos, 16);
  pos += 16;
  while (pos < s.size()) {
    long long count = read_long(s, pos);
    std::string payload = read_bytes(s, pos);
    EXPECT_EQ(s.substr(pos, 16), sync);
    pos += 16;
    f.blocks.emplace_back(count, payload);
  }
  return f;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

LogScoreRecord tv1() {
  return {123, 10, 20, 1640995200, 15.5, 0.1, 0.05, 150, 1, "test error"};
}
LogScoreRecord tv2() { return {124, 0, 21, 1640995260, 16.0, 0.2, std::nullopt, std::nullopt, 0, ""}; }
LogScoreRecord tv3() { return {125, 12, 22, 1640995320, -5.25, -1.0, -0.0125, 0, 0, ""}; }
LogScoreRecord tv4() { return {103535350, 1, 200, 1547999353, 19.2, 0.9, std::nullopt, 11234, 0, ""}; }
LogScoreRecord tv5a() { return {200, 20, 30, 1640995300, 20.5, 0.2, std::nullopt, std::nullopt, 0, ""}; }
LogScoreRecord tv5b() { return {201, 21, 31, 1640995360, 21.0, 0.3, std::nullopt, std::nullopt, 0, ""}; }

void write_file(const fs::path& path, const std::vector<LogScoreRecord>& records, AvroFileOptions options) {
  AvroLogScoreFile file(path, options);
  for (const auto& r : records) file.append(r);
  file.finish();
}

struct HexVector {
  const char* name;
  LogScoreRecord record;
  const char* hex;
};

class ArchiverAvroEncoding : public testing::TestWithParam<HexVector> {};

TEST_P(ArchiverAvroEncoding, RecordMatchesTheSpecHex) {
  TempDir dir;
  auto path = dir.path() / "one.avro";
  write_file(path, {GetParam().record}, {.codec = AvroCodec::null});
  RawFile f = read_raw(path);
  ASSERT_EQ(f.blocks.size(), 1u);
  EXPECT_EQ(f.blocks[0].first, 1);
  EXPECT_EQ(hex(f.blocks[0].second), GetParam().hex);
}

INSTANTIATE_TEST_SUITE_P(
    TestVectors, ArchiverAvroEncoding,
    testing::Values(
        HexVector{"tv1", tv1(), "f60128148080cbffbe9eea0500007841cdcccc3d02cdcc4c3d02ac020202021474657374206572726f72"},
        HexVector{"tv2", tv2(), "f8012a00809ce7b8bf9eea0500008041cdcc4c3e00000000"},
        HexVector{"tv3", tv3(), "fa012c1880b883f2bf9eea050000a8c0000080bf02cdcc4cbc02000000"},
        HexVector{"tv4", tv4(), "eccbde6290030280c1e2f8b5f9bf059a9999416666663f0002c4af010000"}),
    [](const testing::TestParamInfo<HexVector>& info) { return std::string(info.param.name); });

TEST(ArchiverAvroFile, Tv5TwoRecordsInOneBlock) {
  TempDir dir;
  auto path = dir.path() / "tv5.avro";
  write_file(path, {tv5a(), tv5b()}, {.codec = AvroCodec::null});
  RawFile f = read_raw(path);
  ASSERT_EQ(f.blocks.size(), 1u);
  EXPECT_EQ(f.blocks[0].first, 2);
  EXPECT_EQ(hex(f.blocks[0].second),
            std::string("90033c288084fadebf9eea050000a441cdcc4c3e00000000") +
                "92033e2a80a09698c09eea050000a8419a99993e00000000");
}

TEST(ArchiverAvroFile, HeaderCarriesTheSchemaWithTimestampMicrosAndTheCodec) {
  TempDir dir;
  for (AvroCodec codec : {AvroCodec::null, AvroCodec::deflate, AvroCodec::snappy}) {
    auto path = dir.path() / (std::string(to_string(codec)) + ".avro");
    write_file(path, {tv1()}, {.codec = codec});
    RawFile f = read_raw(path);
    EXPECT_EQ(f.meta.at("avro.codec"), to_string(codec));
    EXPECT_EQ(f.meta.at("avro.schema"), log_score_avro_schema());
    EXPECT_NE(f.meta.at("avro.schema").find(R"({"type":"long","logicalType":"timestamp-micros"})"),
              std::string::npos);
    EXPECT_EQ(read_avro_framing(path).codec, to_string(codec));
  }
}

TEST(ArchiverAvroFile, SyncMarkersDifferBetweenFiles) {
  TempDir dir;
  write_file(dir.path() / "a.avro", {tv1()}, {});
  write_file(dir.path() / "b.avro", {tv1()}, {});
  auto header = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return s;
  };
  auto a = header(dir.path() / "a.avro");
  auto b = header(dir.path() / "b.avro");
  EXPECT_NE(a.substr(a.size() - 16), b.substr(b.size() - 16));
}

// ---- values read back with avro-c's own reader, for every codec ----

struct ReadRecord {
  long long id, server_id, monitor_id, ts;
  float score, step;
  std::optional<float> offset;
  std::optional<int> rtt, leap;
  std::optional<std::string> error;
};

std::vector<ReadRecord> read_with_avro_c(const fs::path& path) {
  avro_file_reader_t reader;
  EXPECT_EQ(avro_file_reader(path.c_str(), &reader), 0) << avro_strerror();
  avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  avro_value_t value;
  avro_generic_value_new(iface, &value);
  std::vector<ReadRecord> out;
  auto field = [&](const char* name) {
    avro_value_t f;
    EXPECT_EQ(avro_value_get_by_name(&value, name, &f, nullptr), 0) << name;
    return f;
  };
  auto branch = [](avro_value_t f) -> std::optional<avro_value_t> {
    int disc = 0;
    avro_value_get_discriminant(&f, &disc);
    if (disc == 0) return std::nullopt;
    avro_value_t b;
    avro_value_get_current_branch(&f, &b);
    return b;
  };
  while (avro_file_reader_read_value(reader, &value) == 0) {
    ReadRecord r{};
    int64_t l = 0;
    int32_t i = 0;
    float fl = 0;
    auto f = field("id");
    avro_value_get_long(&f, &l);
    r.id = l;
    f = field("server_id");
    avro_value_get_int(&f, &i);
    r.server_id = i;
    f = field("monitor_id");
    avro_value_get_int(&f, &i);
    r.monitor_id = i;
    f = field("ts");
    avro_value_get_long(&f, &l);
    r.ts = l;
    f = field("score");
    avro_value_get_float(&f, &r.score);
    f = field("step");
    avro_value_get_float(&f, &r.step);
    if (auto b = branch(field("offset"))) {
      avro_value_get_float(&*b, &fl);
      r.offset = fl;
    }
    if (auto b = branch(field("rtt"))) {
      avro_value_get_int(&*b, &i);
      r.rtt = i;
    }
    if (auto b = branch(field("leap"))) {
      avro_value_get_int(&*b, &i);
      r.leap = i;
    }
    if (auto b = branch(field("error"))) {
      const char* s = nullptr;
      size_t size = 0;
      avro_value_get_string(&*b, &s, &size);
      r.error = std::string(s, size - 1);
    }
    out.push_back(r);
  }
  avro_value_decref(&value);
  avro_value_iface_decref(iface);
  avro_schema_decref(schema);
  avro_file_reader_close(reader);
  return out;
}

TEST(ArchiverAvroFile, EveryCodecReadsBackWithAvroC) {
  TempDir dir;
  std::vector<LogScoreRecord> records{tv1(), tv2(), tv3(), tv4(), tv5a(), tv5b()};
  records.push_back({7, 3, 4, 1700000000, 1, 2, 3, -1, 200, std::string("with\ttab, quote \" and é")});
  for (AvroCodec codec : {AvroCodec::null, AvroCodec::deflate, AvroCodec::snappy}) {
    SCOPED_TRACE(std::string(to_string(codec)));
    auto path = dir.path() / (std::string(to_string(codec)) + ".avro");
    write_file(path, records, {.codec = codec, .block_records = 2});
    auto read = read_with_avro_c(path);
    ASSERT_EQ(read.size(), records.size());
    for (std::size_t k = 0; k < records.size(); ++k) {
      const auto& w = records[k];
      const auto& r = read[k];
      EXPECT_EQ(r.id, static_cast<long long>(w.id));
      EXPECT_EQ(r.server_id, w.server_id);
      EXPECT_EQ(r.monitor_id, w.monitor_id);
      EXPECT_EQ(r.ts, w.ts * 1000000);
      EXPECT_EQ(r.score, static_cast<float>(w.score));
      EXPECT_EQ(r.step, static_cast<float>(w.step));
      EXPECT_EQ(r.offset.has_value(), w.offset.has_value());
      if (w.offset) {
        EXPECT_EQ(*r.offset, static_cast<float>(*w.offset));
      }
      EXPECT_EQ(r.rtt, w.rtt);
      EXPECT_EQ(r.leap, w.leap ? std::optional<int>(w.leap) : std::nullopt);
      EXPECT_EQ(r.error, w.error.empty() ? std::nullopt : std::optional<std::string>(w.error));
    }
  }
}

// ---- block layout (§3.1, TV8) ----

std::vector<LogScoreRecord> sequence(std::size_t n) {
  std::vector<LogScoreRecord> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = {i + 1, 1, 2, 1640995200 + static_cast<std::int64_t>(i), 20, 1, 0.001, 10, 0, ""};
  }
  return out;
}

TEST(ArchiverAvroFile, BlocksHold50001Records) {
  TempDir dir;
  write_file(dir.path() / "a.avro", sequence(50010), {});
  EXPECT_EQ(read_avro_framing(dir.path() / "a.avro").block_records, (std::vector<std::uint64_t>{50001, 9}));
}

TEST(ArchiverAvroFile, Tv8BlockLayoutOf500001Records) {
  TempDir dir;
  write_file(dir.path() / "a.avro", sequence(500001), {});
  std::vector<std::uint64_t> expected(9, 50001);
  expected.push_back(49992);
  EXPECT_EQ(read_avro_framing(dir.path() / "a.avro").block_records, expected);
}

TEST(ArchiverAvroFile, EmptyFileIsAValidContainer) {
  TempDir dir;
  write_file(dir.path() / "a.avro", {}, {});
  EXPECT_TRUE(read_avro_framing(dir.path() / "a.avro").block_records.empty());
}

// ---- errors ----

TEST(ArchiverAvroFile, Tv19ServerIdAboveIntRangeIsAnAppendError) {
  TempDir dir;
  AvroLogScoreFile file(dir.path() / "a.avro", {});
  LogScoreRecord r = tv1();
  r.server_id = 3000000000u;
  try {
    file.append(r);
    FAIL() << "server_id 3000000000 was accepted";
  } catch (const AvroFileError& e) {
    EXPECT_NE(std::string(e.what()).find("append: log score id 123: server_id 3000000000 does not fit an Avro int"),
              std::string::npos)
        << e.what();
  }
  r.server_id = 20;
  r.monitor_id = 2147483648u;
  EXPECT_THROW(file.append(r), AvroFileError);
  EXPECT_EQ(file.records(), 0u);
}

TEST(ArchiverAvroFile, Tv19NegativeRttIsWrittenAsIs) {
  TempDir dir;
  LogScoreRecord r = tv1();
  r.rtt = -1;
  write_file(dir.path() / "a.avro", {r}, {});
  EXPECT_EQ(read_with_avro_c(dir.path() / "a.avro").at(0).rtt, -1);
}

TEST(ArchiverAvroFile, UnwritablePathIsAnOpenError) {
  try {
    AvroLogScoreFile file("/nonexistent-dir/x.avro", {});
    FAIL();
  } catch (const AvroFileError& e) {
    EXPECT_NE(std::string(e.what()).find("open file \"/nonexistent-dir/x.avro\""), std::string::npos) << e.what();
  }
}

TEST(ArchiverAvroFile, FramingCheckFindsATruncatedFile) {
  TempDir dir;
  auto path = dir.path() / "a.avro";
  write_file(path, sequence(1000), {});
  fs::resize_file(path, fs::file_size(path) - 5);
  try {
    read_avro_framing(path);
    FAIL() << "truncated file passed";
  } catch (const AvroFileError& e) {
    EXPECT_NE(std::string(e.what()).find("ends inside"), std::string::npos) << e.what();
  }
}

TEST(ArchiverAvroFile, FramingCheckRejectsOtherFiles) {
  TempDir dir;
  auto path = dir.path() / "x.avro";
  std::ofstream(path) << "hello";
  EXPECT_THROW(read_avro_framing(path), AvroFileError);
}

TEST(ArchiverAvroFile, CodecNames) {
  EXPECT_EQ(parse_avro_codec("deflate"), AvroCodec::deflate);
  EXPECT_EQ(parse_avro_codec("snappy"), AvroCodec::snappy);
  EXPECT_EQ(parse_avro_codec("null"), AvroCodec::null);
  EXPECT_EQ(parse_avro_codec("lzma"), std::nullopt);
}

}  // namespace
}  // namespace ntpmon::archiver
