#pragma once
// An archive destination (spec/archiver.md §1.6, §3), one file per kind. Adding a destination
// is one new file implementing this interface plus a line in backend_factory.cpp.
//
// The run drives every backend through the same exactly-once protocol:
//
//   backend.recover(marker)                      once per run, before the first batch
//   loop:
//     batch = backend.begin_batch(first record)
//     batch->append(chunk) ...                   the batch's rows in id order, in chunks
//     batch->make_durable()                      the rows are safe in the destination, or
//                                                staged so that publish() cannot fail
//     advance the marker in MySQL                the commit point
//     batch->publish()                           make them visible, if staged
//
// A crash anywhere leaves the marker at the last committed batch. recover() then finishes
// what was committed but not published and discards what was not committed, and the next
// batch starts again right after the marker; each backend makes that repeat harmless.
// Destroying a batch before make_durable() (an error, a shutdown) discards it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "log_score_record.h"

namespace ntpmon::archiver {

// §2.3/§2.6: nothing is archived while `min_rows` or fewer are pending; a batch holds at
// most `max_rows`; a destination runs at most once per `interval`.
struct BatchLimits {
  std::uint64_t min_rows = 0;
  std::uint64_t max_rows = 0;
  std::chrono::seconds interval{0};
};

class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  virtual void append(std::span<const LogScoreRecord> records) = 0;
  virtual void make_durable() = 0;
  virtual void publish() = 0;
  // Where the batch went, for the progress line (a file name, a table).
  virtual std::string location() const = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const BatchLimits& limits() const = 0;
  // `marker`: the archiver's committed marker (0: none).
  virtual void recover(std::uint64_t marker) = 0;
  virtual std::unique_ptr<BatchWriter> begin_batch(const LogScoreRecord& first) = 0;
};

}  // namespace ntpmon::archiver
