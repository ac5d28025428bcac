#include "avro_log_score_file.h"

#include <avro.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>

#include "embedded_text.h"

namespace ntpmon::archiver {

namespace {

constexpr std::string_view kMagic{"Obj\x01", 4};

// Avro's long: zig-zag, then base-128 varint.
void put_long(std::string& out, std::int64_t value) {
  auto n = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

void put_bytes(std::string& out, std::string_view bytes) {
  put_long(out, static_cast<std::int64_t>(bytes.size()));
  out.append(bytes);
}

std::string avro_error(std::string_view what) { return std::string(what) + ": " + avro_strerror(); }

std::string errno_text() { return std::strerror(errno); }

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw AvroFileError("write \"" + path.string() + "\": " + errno_text());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads the file's framing through a small buffered reader.
class FramingReader {
 public:
  explicit FramingReader(const std::filesystem::path& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw fail("cannot open");
  }

  AvroFileError fail(const std::string& problem) const {
    return AvroFileError("avro file \"" + path_.string() + "\": " + problem);
  }

  bool at_end() { return in_.peek() == std::char_traits<char>::eof(); }

  std::string read_exact(std::size_t n, const char* what) {
    std::string buf(n, '\0');
    in_.read(buf.data(), static_cast<std::streamsize>(n));
    if (static_cast<std::size_t>(in_.gcount()) != n) throw fail(std::string("ends inside ") + what);
    return buf;
  }

  void skip(std::int64_t n, const char* what) {
    if (n < 0) throw fail(std::string("negative size of ") + what);
    in_.seekg(n, std::ios::cur);
    if (!in_) throw fail(std::string("ends inside ") + what);
  }

  std::int64_t read_long(const char* what) {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int c = in_.get();
      if (c == std::char_traits<char>::eof()) throw fail(std::string("ends inside ") + what);
      n |= static_cast<std::uint64_t>(c & 0x7f) << shift;
      if ((c & 0x80) == 0) return static_cast<std::int64_t>((n >> 1) ^ (~(n & 1) + 1));
    }
    throw fail(std::string("bad varint in ") + what);
  }

 private:
  std::filesystem::path path_;
  std::ifstream in_;
};

std::array<unsigned char, 16> random_sync() {
  std::random_device random;
  std::array<unsigned char, 16> sync{};
  for (auto& b : sync) b = static_cast<unsigned char>(random() & 0xff);
  return sync;
}

}  // namespace

std::string_view to_string(AvroCodec codec) {
  switch (codec) {
    case AvroCodec::null: return "null";
    case AvroCodec::deflate: return "deflate";
    case AvroCodec::snappy: return "snappy";
  }
  return "?";
}

std::optional<AvroCodec> parse_avro_codec(std::string_view name) {
  for (AvroCodec c : {AvroCodec::null, AvroCodec::deflate, AvroCodec::snappy}) {
    if (to_string(c) == name) return c;
  }
  return std::nullopt;
}

std::string_view log_score_avro_schema() {
  std::string_view text = embedded_text("logscore.avsc");
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return text;
}

std::string avro_container_header(std::string_view schema_json, AvroCodec codec,
                                  const std::array<unsigned char, 16>& sync) {
  std::string out(kMagic);
  put_long(out, 2);  // one map block of two entries, then the end marker
  put_bytes(out, "avro.schema");
  put_bytes(out, schema_json);
  put_bytes(out, "avro.codec");
  put_bytes(out, to_string(codec));
  put_long(out, 0);
  out.append(reinterpret_cast<const char*>(sync.data()), sync.size());
  return out;
}

std::uint64_t AvroFraming::records() const {
  std::uint64_t n = 0;
  for (auto c : block_records) n += c;
  return n;
}

AvroFraming read_avro_framing(const std::filesystem::path& path) {
  FramingReader in(path);
  if (in.read_exact(4, "the magic") != kMagic) throw in.fail("not an Avro object container file (bad magic)");
  AvroFraming framing;
  for (std::int64_t count = in.read_long("the metadata"); count != 0; count = in.read_long("the metadata")) {
    if (count < 0) {
      count = -count;
      in.read_long("the metadata");  // block size in bytes, not needed
    }
    for (std::int64_t i = 0; i < count; ++i) {
      std::int64_t key_len = in.read_long("a metadata key");
      if (key_len < 0 || key_len > 4096) throw in.fail("bad metadata key length");
      std::string key = in.read_exact(static_cast<std::size_t>(key_len), "a metadata key");
      std::int64_t value_len = in.read_long("a metadata value");
      if (key == "avro.codec" && value_len >= 0 && value_len < 64) {
        framing.codec = in.read_exact(static_cast<std::size_t>(value_len), "the codec name");
      } else {
        in.skip(value_len, "a metadata value");
      }
    }
  }
  std::string sync = in.read_exact(16, "the sync marker");
  while (!in.at_end()) {
    std::int64_t count = in.read_long("a block count");
    std::int64_t size = in.read_long("a block size");
    if (count < 0) throw in.fail("negative block count");
    in.skip(size, "a block");
    if (in.read_exact(16, "a block's sync marker") != sync) throw in.fail("a block's sync marker does not match the header");
    framing.block_records.push_back(static_cast<std::uint64_t>(count));
  }
  if (framing.codec.empty()) framing.codec = "null";
  return framing;
}

// ---- the writer ----

struct AvroLogScoreFile::AvroState {
  avro_schema_t schema = nullptr;
  avro_value_iface_t* iface = nullptr;
  avro_value_t value{};
  bool has_value = false;
  avro_file_writer_t writer = nullptr;
  avro_value_t fields[10]{};

  ~AvroState() {
    if (writer != nullptr) avro_file_writer_close(writer);
    if (has_value) avro_value_decref(&value);
    if (iface != nullptr) avro_value_iface_decref(iface);
    if (schema != nullptr) avro_schema_decref(schema);
  }
};

AvroLogScoreFile::AvroLogScoreFile(std::filesystem::path path, const AvroFileOptions& options)
    : path_(std::move(path)), options_(options), avro_(std::make_unique<AvroState>()) {
  std::string_view schema_text = log_score_avro_schema();
  {
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw AvroFileError("open file \"" + path_.string() + "\": " + errno_text());
    try {
      write_all(fd, avro_container_header(schema_text, options_.codec, random_sync()), path_);
    } catch (...) {
      ::close(fd);
      ::unlink(path_.c_str());
      throw;
    }
    if (::close(fd) != 0) {
      std::string error = "close \"" + path_.string() + "\": " + errno_text();
      ::unlink(path_.c_str());
      throw AvroFileError(error);
    }
  }
  try {
    open_writer(schema_text);
  } catch (...) {
    avro_.reset();
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);  // no half-made file stays behind
    throw;
  }
}

void AvroLogScoreFile::open_writer(std::string_view schema_text) {
  auto& a = *avro_;
  if (avro_schema_from_json_length(schema_text.data(), schema_text.size(), &a.schema) != 0) {
    throw AvroFileError(avro_error("logscore.avsc"));
  }
  a.iface = avro_generic_class_from_schema(a.schema);
  if (a.iface == nullptr) throw AvroFileError(avro_error("avro value class"));
  if (avro_generic_value_new(a.iface, &a.value) != 0) throw AvroFileError(avro_error("avro value"));
  a.has_value = true;
  for (std::size_t i = 0; i < std::size(a.fields); ++i) {
    if (avro_value_get_by_index(&a.value, i, &a.fields[i], nullptr) != 0) {
      throw AvroFileError(avro_error("avro record field"));
    }
  }
  if (avro_file_writer_open_bs(path_.c_str(), &a.writer, options_.block_bytes) != 0) {
    a.writer = nullptr;
    throw AvroFileError(avro_error("NewOCFWriter: \"" + path_.string() + "\""));
  }
}

AvroLogScoreFile::~AvroLogScoreFile() = default;

void AvroLogScoreFile::append(const LogScoreRecord& r) {
  auto& a = *avro_;
  if (a.writer == nullptr) throw AvroFileError("append: \"" + path_.string() + "\" is already closed");
  auto fail = [&](const std::string& problem) {
    return AvroFileError("append: log score id " + std::to_string(r.id) + ": " + problem);
  };
  auto check = [&](int rc) {
    if (rc != 0) throw fail(avro_strerror());
  };
  auto as_int = [&](std::uint32_t v, const char* name) {
    if (v > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max())) {
      throw fail(std::string(name) + " " + std::to_string(v) + " does not fit an Avro int");
    }
    return static_cast<std::int32_t>(v);
  };
  auto set_null = [&](avro_value_t& field) {
    avro_value_t branch;
    check(avro_value_set_branch(&field, 0, &branch));
    check(avro_value_set_null(&branch));
  };
  auto set_present = [&](avro_value_t& field) {
    avro_value_t branch;
    check(avro_value_set_branch(&field, 1, &branch));
    return branch;
  };
  constexpr std::int64_t kMaxSeconds = std::numeric_limits<std::int64_t>::max() / 1'000'000;
  if (r.id > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw fail("id does not fit an Avro long");
  }
  if (r.ts > kMaxSeconds || r.ts < -kMaxSeconds) throw fail("ts does not fit microseconds in an Avro long");

  check(avro_value_set_long(&a.fields[0], static_cast<std::int64_t>(r.id)));
  check(avro_value_set_int(&a.fields[1], as_int(r.server_id, "server_id")));
  check(avro_value_set_int(&a.fields[2], as_int(r.monitor_id, "monitor_id")));
  check(avro_value_set_long(&a.fields[3], r.ts * 1'000'000));
  check(avro_value_set_float(&a.fields[4], static_cast<float>(r.score)));
  check(avro_value_set_float(&a.fields[5], static_cast<float>(r.step)));
  if (r.offset) {
    avro_value_t b = set_present(a.fields[6]);
    check(avro_value_set_float(&b, static_cast<float>(*r.offset)));
  } else {
    set_null(a.fields[6]);
  }
  if (r.rtt) {
    avro_value_t b = set_present(a.fields[7]);
    check(avro_value_set_int(&b, *r.rtt));
  } else {
    set_null(a.fields[7]);
  }
  if (r.leap != 0) {
    avro_value_t b = set_present(a.fields[8]);
    check(avro_value_set_int(&b, r.leap));
  } else {
    set_null(a.fields[8]);
  }
  if (!r.error.empty()) {
    avro_value_t b = set_present(a.fields[9]);
    // The length avro-c expects counts the terminating NUL.
    check(avro_value_set_string_len(&b, r.error.c_str(), r.error.size() + 1));
  } else {
    set_null(a.fields[9]);
  }
  check(avro_file_writer_append_value(a.writer, &a.value));
  ++records_;
  if (++in_block_ > options_.block_records) {
    check(avro_file_writer_sync(a.writer));
    in_block_ = 0;
  }
}

void AvroLogScoreFile::finish() {
  auto& a = *avro_;
  if (a.writer == nullptr) throw AvroFileError("finish: \"" + path_.string() + "\" is already closed");
  avro_file_writer_t writer = a.writer;
  a.writer = nullptr;  // avro_file_writer_close frees it only when it succeeds; never close twice
  if (avro_file_writer_close(writer) != 0) throw AvroFileError(avro_error("close \"" + path_.string() + "\""));
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw AvroFileError("reopen \"" + path_.string() + "\" for fsync: " + errno_text());
  int rc = ::fsync(fd);
  int fsync_errno = errno;
  ::close(fd);
  if (rc != 0) throw AvroFileError("fsync \"" + path_.string() + "\": " + std::strerror(fsync_errno));
  AvroFraming framing = read_avro_framing(path_);
  if (framing.records() != records_) {
    throw AvroFileError("avro file \"" + path_.string() + "\" holds " + std::to_string(framing.records()) +
                        " records, " + std::to_string(records_) + " were written");
  }
}

}  // namespace ntpmon::archiver
