// fileavro: exactly-once archiving into local Avro files.
//
// Every batch goes through three names in `avro_path` (all renames within one directory, so
// each step is atomic, and the directory is fsynced after each rename):
//
//   .<ts>-<first>.avro.tmp                being written; never trusted
//   .<ts>-<first>-<last>.avro.ready       complete and fsynced, id range in the name
//        -- the marker in log_scores_archive_status moves to <last> (the commit point) --
//   <ts>-<first>.avro                     published under the original's name (§3.1)
//
// recover(marker), at the start of every run under the run lock, settles what an interrupted
// run left behind:
//   * every *.avro.tmp is removed (a crash while writing);
//   * a *.ready file whose <last> <= marker was committed: it is renamed into place (its rows
//     may already be deleted from MySQL, so it is never removed);
//   * a *.ready file whose <last> > marker was not committed: it is removed. Its rows are all
//     above the marker, so cleanup has not deleted them and the next batch writes them again.
// A batch retried after a crash starts at the same first id (the first row above the marker),
// so its file takes the same name; no file ever holds a row that another file holds. Names
// that do not follow these patterns are never touched. A batch abandoned before its .ready
// rename (an error, a shutdown) removes its .tmp file at once; a .ready file is left for
// recover(), because only the marker can tell whether its commit went through.

#include "fileavro_backend.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace ntpmon::archiver {

namespace {

constexpr std::string_view kTmpSuffix = ".avro.tmp";
constexpr std::string_view kReadySuffix = ".avro.ready";

std::optional<std::int64_t> parse_signed(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// "<ts>-<first>" with ts possibly negative.
struct StagedName {
  std::int64_t ts = 0;
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last;
};

std::optional<StagedName> parse_staged(std::string_view name, std::string_view suffix, bool with_last) {
  if (name.size() <= suffix.size() + 1 || name.front() != '.' || !name.ends_with(suffix)) return std::nullopt;
  std::string_view body = name.substr(1, name.size() - 1 - suffix.size());
  std::size_t ts_end = body.find('-', body.starts_with('-') ? 1 : 0);
  if (ts_end == std::string_view::npos) return std::nullopt;
  StagedName out;
  auto ts = parse_signed(body.substr(0, ts_end));
  if (!ts) return std::nullopt;
  out.ts = *ts;
  std::string_view ids = body.substr(ts_end + 1);
  std::string_view first_text = ids;
  if (with_last) {
    std::size_t dash = ids.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    first_text = ids.substr(0, dash);
    out.last = parse_unsigned(ids.substr(dash + 1));
    if (!out.last) return std::nullopt;
  }
  auto first = parse_unsigned(first_text);
  if (!first) return std::nullopt;
  out.first = *first;
  return out;
}

std::string final_name(std::int64_t ts, std::uint64_t first) {
  return std::to_string(ts) + "-" + std::to_string(first) + ".avro";
}

void fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("open directory \"" + dir.string() + "\": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error("fsync directory \"" + dir.string() + "\": " + std::strerror(err));
}

void rename_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) throw std::runtime_error("rename \"" + from.string() + "\" to \"" + to.string() + "\": " + ec.message());
}

class FileAvroBatch : public BatchWriter {
 public:
  FileAvroBatch(const FileAvroSettings& settings, const LogScoreRecord& first)
      : dir_(settings.directory),
        ts_(first.ts),
        first_(first.id),
        tmp_(dir_ / ("." + std::to_string(ts_) + "-" + std::to_string(first_) + std::string(kTmpSuffix))),
        file_(std::make_unique<AvroLogScoreFile>(tmp_, settings.file)) {}

  ~FileAvroBatch() override {
    if (state_ == State::writing) {
      file_.reset();
      std::error_code ignored;
      std::filesystem::remove(tmp_, ignored);
    }
  }

  void append(std::span<const LogScoreRecord> records) override {
    for (const auto& r : records) file_->append(r);
    if (!records.empty()) last_ = records.back().id;
  }

  void make_durable() override {
    file_->finish();
    ready_ = dir_ / ("." + std::to_string(ts_) + "-" + std::to_string(first_) + "-" + std::to_string(last_) +
                     std::string(kReadySuffix));
    rename_file(tmp_, ready_);
    state_ = State::ready;
    fsync_directory(dir_);
  }

  void publish() override {
    rename_file(ready_, dir_ / final_name(ts_, first_));
    state_ = State::published;
    fsync_directory(dir_);
  }

  std::string location() const override { return (dir_ / final_name(ts_, first_)).string(); }

 private:
  enum class State { writing, ready, published };
  std::filesystem::path dir_;
  std::int64_t ts_;
  std::uint64_t first_;
  std::uint64_t last_ = 0;
  std::filesystem::path tmp_;
  std::filesystem::path ready_;
  std::unique_ptr<AvroLogScoreFile> file_;
  State state_ = State::writing;
};

}  // namespace

std::string avro_file_name(const LogScoreRecord& first) { return final_name(first.ts, first.id); }

FileAvroBackend::FileAvroBackend(FileAvroSettings settings, log::Logger logger)
    : settings_(std::move(settings)), logger_(std::move(logger)) {
  std::error_code ec;
  auto status = std::filesystem::status(settings_.directory, ec);
  if (ec) throw std::runtime_error("stat " + settings_.directory.string() + ": " + ec.message());
  if (!std::filesystem::exists(status)) {
    throw std::runtime_error("stat " + settings_.directory.string() + ": no such file or directory");
  }
  if (!std::filesystem::is_directory(status)) {
    throw std::runtime_error("path \"" + settings_.directory.string() + "\" is not a directory");
  }
}

void FileAvroBackend::recover(std::uint64_t marker) {
  const auto& dir = settings_.directory;
  bool changed = false;
  std::error_code ec;
  std::vector<std::filesystem::path> entries;
  for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) throw std::runtime_error("list \"" + dir.string() + "\": " + ec.message());
  for (const auto& path : entries) {
    std::string name = path.filename().string();
    if (parse_staged(name, kTmpSuffix, false)) {
      std::filesystem::remove(path);
      logger_.warn("removed a partly written Avro file of an interrupted run", {{"file", path.string()}});
      changed = true;
    } else if (auto staged = parse_staged(name, kReadySuffix, true)) {
      if (*staged->last <= marker) {
        auto target = dir / final_name(staged->ts, staged->first);
        rename_file(path, target);
        logger_.info("published the Avro file of a batch committed by an interrupted run",
                     {{"file", target.string()}, {"first_id", staged->first}, {"last_id", *staged->last}});
      } else {
        std::filesystem::remove(path);
        logger_.warn("removed the Avro file of a batch an interrupted run did not commit",
                     {{"file", path.string()}, {"last_id", *staged->last}, {"marker", marker}});
      }
      changed = true;
    }
  }
  if (changed) fsync_directory(dir);
}

std::unique_ptr<BatchWriter> FileAvroBackend::begin_batch(const LogScoreRecord& first) {
  return std::make_unique<FileAvroBatch>(settings_, first);
}

}  // namespace ntpmon::archiver
