#pragma once
// Whether a batch continues exactly where this process left the scorer after its last
// commit: the same cursor and the same gaps. If so, nothing else has scored for this scorer
// in between and what the process keeps in memory about the scorer (its server_scores rows,
// its history, recentmedian's candidate rows) is still what the database holds; if not
// (another process ran the scorer, a batch failed, or this is the first batch), it is read
// again.

#include <cstdint>
#include <optional>
#include <vector>

#include "batch_input.h"

namespace ntpmon::scorer {

class Continuity {
 public:
  bool continues(const BatchInput& batch) const;
  void committed(const BatchInput& batch);
  void reset();

 private:
  std::optional<std::uint64_t> cursor_;
  std::vector<IdSpan> gaps_;  // by span: a new gap's first_seen comes from the database clock
};

}  // namespace ntpmon::scorer
