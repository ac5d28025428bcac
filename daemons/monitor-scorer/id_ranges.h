#pragma once
// Id arithmetic of the scorer's cursor and gaps (see the header of sql/queries/scorer.sql):
// which ids a batch passed without seeing a row, and what is left of a gap when rows appear
// in it. Pure functions, unit tested.

#include <cstdint>
#include <span>
#include <vector>

namespace ntpmon::scorer {

// Ids first..last, both included.
struct IdSpan {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  bool operator==(const IdSpan&) const = default;
};

// The ids in (after_id, max(ids)] that are not in `ids` (ascending, all > after_id), as
// maximal spans.
std::vector<IdSpan> missing_spans(std::uint64_t after_id, std::span<const std::uint64_t> ids);

// `gap` without the ids in `present` (ascending): the remaining spans, in order.
std::vector<IdSpan> subtract_ids(IdSpan gap, std::span<const std::uint64_t> present);

}  // namespace ntpmon::scorer
