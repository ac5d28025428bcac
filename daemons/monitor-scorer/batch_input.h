#pragma once
// Reading one batch of a scorer (§4.6 with B3/B14/B13): the lock, the cursor, the rows after
// it, the rows that appeared in its gaps, and the gap bookkeeping the batch commits with it.
// All in the caller's transaction; see the header of sql/queries/scorer.sql.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "id_ranges.h"
#include "input_row.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

enum class LockMode {
  wait,         // wait for another process's batch of this scorer to commit (run)
  skip_locked,  // skip the scorer this round when another process holds it (server)
};

class SharedFetch;

struct BatchOptions {
  std::uint64_t row_limit = 10000;                  // ids read after the cursor per batch
  std::chrono::seconds gap_horizon{600};            // how long a gap is rescanned
  SharedFetch* shared_fetch = nullptr;              // the round's reads, shared between scorers
};

struct GapRecord {
  IdSpan span;
  std::chrono::sys_seconds first_seen{};
  bool expired = false;
  bool operator==(const GapRecord&) const = default;
};

struct BatchInput {
  std::uint32_t scorer_id = 0;
  std::uint64_t cursor = 0;        // the batch reads ids above this one
  bool pending_start = false;      // no scorer_status row yet (scorer_pending_start)
  std::uint64_t new_cursor = 0;    // the highest id read; == cursor when none was

  std::vector<InputRow> rows;      // rows found in gaps, then the rows after the cursor (id order each)
  // Id spans (first..last) that hold exactly the rows above: one per gap with rows, then
  // (cursor, new_cursor]. The state queries take them as (first - 1, last].
  std::vector<IdSpan> spans;

  std::vector<GapRecord> gaps_before;   // as read
  std::vector<GapRecord> gaps_after;    // as the batch leaves them (first_seen kept)

  bool empty() const { return rows.empty() && new_cursor == cursor && gaps_after == gaps_before; }
  std::size_t scorable_rows() const;
};

// Locks the scorer and reads its batch. nullopt: another process holds the scorer
// (skip_locked), or it was deactivated or lost its cursor since the round began.
std::optional<BatchInput> read_batch(soci::session& session, std::uint32_t scorer_id, LockMode mode,
                                     const BatchOptions& options);

// Moves the cursor (creating the scorer_status row of a pending scorer) and writes the gap
// changes. In the batch's transaction, after its other writes.
void commit_cursor_and_gaps(soci::session& session, const BatchInput& batch);

}  // namespace ntpmon::scorer
