#include "archive_process.h"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <utility>

#include "db/transaction.h"
#include "runtime/shutdown_signal.h"

namespace ntpmon::archiver {

namespace {

bool stop_requested(const ProcessContext& c) { return c.shutdown != nullptr && c.shutdown->stop_requested(); }

// A read in a transaction that retries transient database errors. A row that does not map is
// not a database error: it is rethrown as itself, so its message stays "<table> id N: ...".
template <class Fn>
auto read_with_retry(soci::session& session, Fn&& fn) {
  try {
    return db::with_transaction(session, std::forward<Fn>(fn));
  } catch (const db::TransactionError& e) {
    try {
      std::rethrow_if_nested(e);
    } catch (const SourceRowError&) {
      throw;
    } catch (...) {
    }
    throw;
  }
}

// The chunks of one batch, read one ahead: while the destination encodes chunk k, chunk k+1
// is fetched (and mapped) by a second thread. The session is only ever used by one thread at
// a time: the main thread touches it again only after the last chunk has been collected.
class ChunkReader {
 public:
  ChunkReader(ProcessContext& c, std::uint64_t after_id, std::uint64_t max_rows)
      : context_(c), remaining_(max_rows) {
    start(after_id);
  }
  ~ChunkReader() {
    if (pending_.valid()) pending_.wait();  // an abandoned batch: let the fetch finish first
  }
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // The next chunk in id order; empty once the batch has all its rows or the table has no more.
  std::vector<LogScoreRecord> next() {
    if (!pending_.valid()) return {};
    std::vector<LogScoreRecord> chunk = pending_.get();
    remaining_ -= chunk.size();
    if (chunk.size() == pending_want_ && remaining_ > 0) start(chunk.back().id);
    return chunk;
  }

 private:
  void start(std::uint64_t after_id) {
    pending_want_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(context_.read_chunk_rows, remaining_));
    if (pending_want_ == 0) return;
    pending_ = std::async(std::launch::async, [this, after_id, want = pending_want_] {
      return read_with_retry(context_.session, [&](soci::session& s) {
        return fetch_rows_after(s, context_.table, after_id, want);
      });
    });
  }

  ProcessContext& context_;
  std::uint64_t remaining_;
  std::uint32_t pending_want_ = 0;
  std::future<std::vector<LogScoreRecord>> pending_;
};

struct BatchOutcome {
  std::uint64_t rows = 0;
  std::uint64_t last_id = 0;
  bool stopped = false;
};

// One batch: the first max_rows rows after `after_id`, read in chunks and streamed into the
// destination, made durable, then committed by moving the marker.
BatchOutcome archive_batch(ProcessContext& c, const ArchiveStatus& status, Backend& backend, std::uint64_t after_id) {
  auto started = std::chrono::steady_clock::now();
  const std::uint64_t max_rows = backend.limits().max_rows;
  std::unique_ptr<BatchWriter> batch;
  BatchOutcome out;
  std::uint64_t first_id = 0;
  ChunkReader reader(c, after_id, max_rows);
  for (auto chunk = reader.next(); !chunk.empty(); chunk = reader.next()) {
    if (!batch) {
      batch = backend.begin_batch(chunk.front());
      first_id = chunk.front().id;
    }
    batch->append(chunk);
    out.rows += chunk.size();
    after_id = chunk.back().id;
    if (stop_requested(c)) {
      out.stopped = true;
      return out;  // the batch is discarded with `batch`
    }
  }
  if (!batch) return out;
  batch->make_durable();
  if (c.check_lock) c.check_lock();
  advance_marker(c.session, status.archiver, after_id);
  batch->publish();
  out.last_id = after_id;

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  c.logger.info("archived batch", {{"table", to_string(c.table)},
                                   {"rows", out.rows},
                                   {"first_id", first_id},
                                   {"last_id", out.last_id},
                                   {"seconds", seconds},
                                   {"rows_per_s", seconds > 0 ? static_cast<double>(out.rows) / seconds : 0.0},
                                   {"to", batch->location()}});
  return out;
}

}  // namespace

ProcessResult archive_process(ProcessContext& c, const ArchiveStatus& status, Backend& backend) {
  ProcessResult result;
  const BatchLimits& limits = backend.limits();
  // Settle what an interrupted run left, even when the interval gate skips this run: a
  // committed batch should not wait a day to become visible.
  backend.recover(status.after_id());
  if (status.too_soon(limits.interval.count())) {
    c.logger.debug("archived recently; skipping", {{"interval", limits.interval}});
    result.too_soon = true;
    return result;
  }
  std::uint64_t after_id = status.after_id();
  std::uint64_t pending = read_with_retry(c.session, [&](soci::session& s) {
    return count_rows_after(s, c.table, after_id);
  });
  if (pending < limits.min_rows) {
    c.logger.debug("too few rows to archive", {{"pending", pending}, {"min_rows", limits.min_rows}});
    return result;
  }
  if (pending > limits.max_rows) {
    c.logger.info("more rows pending than one batch holds", {{"pending", pending}, {"max_rows", limits.max_rows}});
  }
  while (pending > limits.min_rows) {
    BatchOutcome batch = archive_batch(c, status, backend, after_id);
    if (batch.stopped) {
      result.stopped = true;
      break;
    }
    if (batch.rows == 0) {
      c.logger.warn("no rows found although some were counted", {{"after_id", after_id}, {"pending", pending}});
      break;
    }
    ++result.batches;
    result.rows += batch.rows;
    after_id = batch.last_id;
    pending = pending > batch.rows ? pending - batch.rows : 0;
  }
  return result;
}

}  // namespace ntpmon::archiver
