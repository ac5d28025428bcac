#pragma once
// A score that cannot be computed for one input row (§4.7: recentmedian without candidates,
// or a chosen row whose attributes do not parse). Not transient: the batch is rolled back and
// not retried; the message names the scorer, the log_scores row and its server.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::scorer {

// An error text short enough for a log line: a database error names the statement and its
// bound values, and a batch binds JSON documents of megabytes. Keeps the start (the error)
// and the end (the query name).
inline std::string shorten_error(std::string text, std::size_t head = 600, std::size_t tail = 200) {
  if (text.size() <= head + tail + 64) return text;
  std::string out(text, 0, head);
  out.append(" [... ").append(std::to_string(text.size() - head - tail)).append(" characters left out ...] ");
  out.append(text, text.size() - tail, tail);
  return out;
}

class ScoringError : public std::runtime_error {
 public:
  ScoringError(std::string_view scorer, std::uint64_t log_score_id, std::uint32_t server_id, const std::string& problem)
      : std::runtime_error("scorer \"" + std::string(scorer) + "\": log_scores row " + std::to_string(log_score_id) +
                           " (server " + std::to_string(server_id) + "): " + problem),
        log_score_id_(log_score_id),
        server_id_(server_id) {}

  std::uint64_t log_score_id() const { return log_score_id_; }
  std::uint32_t server_id() const { return server_id_; }

 private:
  std::uint64_t log_score_id_;
  std::uint32_t server_id_;
};

}  // namespace ntpmon::scorer
