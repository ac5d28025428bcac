#pragma once
// A scoring algorithm as the batch processor drives it: given a batch's input rows and the
// loaded state of its servers, it computes one scorer score per scorable row and hands each
// to BatchOutput (which applies the history and the server_scores/servers rules).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "batch_input.h"
#include "batch_output.h"
#include "server_state.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

// A row that was read but not scored, reported once its batch has committed.
struct SkippedRow {
  std::uint64_t log_score_id = 0;
  std::uint32_t server_id = 0;
  std::string reason;  // metric label: missing_server, no_recent_scores, bad_attributes
  std::string detail;
};

struct ScoringContext {
  std::chrono::sys_seconds now{};  // for the 3 h "skip old rows" rule (§4.9)
  std::vector<SkippedRow>* skipped = nullptr;
};

class Algorithm {
 public:
  virtual ~Algorithm() = default;
  virtual std::string_view name() const = 0;
  virtual ScorePolicy policy() const = 0;
  virtual bool writes_overall_score() const = 0;

  // In the batch transaction. Throws ScoringError for a row that cannot be scored and is not
  // old enough to skip.
  virtual void score(soci::session& session, const BatchInput& batch, ServerState& state, BatchOutput& out,
                     const ScoringContext& context) = 0;

  // After the batch committed / after an attempt failed.
  virtual void committed(const BatchInput&) {}
  virtual void failed() {}
};

// "every" and "recentmedian" (the monitors.hostname of the scorer monitor); nullptr for
// another name.
std::unique_ptr<Algorithm> make_algorithm(std::string_view name);

inline constexpr std::string_view kEvery = "every";
inline constexpr std::string_view kRecentMedian = "recentmedian";  // the main scorer: sets servers.score_raw

}  // namespace ntpmon::scorer
