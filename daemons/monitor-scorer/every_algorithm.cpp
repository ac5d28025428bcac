#include "every_algorithm.h"

#include "scoring/recurrence.h"

namespace ntpmon::scorer {

void EveryAlgorithm::score(soci::session&, const BatchInput& batch, ServerState& state, BatchOutput& out,
                           const ScoringContext&) {
  for (const auto& r : batch.rows) {
    if (!r.scorable()) continue;
    const double previous = state.rows.at(r.server_id).score_raw;
    ScoredRow s;
    s.server_id = r.server_id;
    s.ts = r.ts;
    s.score = scoring::next_every_score(previous, r.step, r.offset);
    s.step = r.step;
    s.offset = r.offset;
    s.rtt = r.rtt;
    s.attributes = r.attributes;  // copied verbatim (§5)
    out.add(state, std::move(s));
  }
}

}  // namespace ntpmon::scorer
