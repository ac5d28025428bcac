#include "id_ranges.h"

namespace ntpmon::scorer {

std::vector<IdSpan> missing_spans(std::uint64_t after_id, std::span<const std::uint64_t> ids) {
  std::vector<IdSpan> out;
  std::uint64_t expected = after_id + 1;
  for (auto id : ids) {
    if (id > expected) out.push_back({expected, id - 1});
    if (id >= expected) expected = id + 1;
  }
  return out;
}

std::vector<IdSpan> subtract_ids(IdSpan gap, std::span<const std::uint64_t> present) {
  std::vector<IdSpan> out;
  std::uint64_t from = gap.first;
  bool open = true;  // `from` still inside the gap
  for (auto id : present) {
    if (id < gap.first || id > gap.last) continue;
    if (open && id > from) out.push_back({from, id - 1});
    if (id == gap.last) {
      open = false;
      break;
    }
    from = id + 1;
  }
  if (open && from <= gap.last) out.push_back({from, gap.last});
  return out;
}

}  // namespace ntpmon::scorer
