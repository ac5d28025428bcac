#pragma once
// SubmitResults as pure functions (spec/api.md §4.5, scorer.md §2.3-§2.7 with B20-B23), so
// the rules are unit-tested without a database:
//
//   check_results()  validates every status before anything is written: IP bytes, ticket
//                    (version > 2), ts, offset, rtt, stratum, leap. Any problem refuses the
//                    whole call with invalid_argument naming list[i].
//   plan_results()   given the servers and pair rows the database holds, computes the step,
//                    the per-monitor score (chained when a server repeats), the stratum
//                    updates and the log_scores rows, in list order. A server or pair the
//                    database does not have refuses the whole call (B21).
//
// The database side (rpc_submit_results.cpp) then writes the plan in one transaction.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/ip_address.h"
#include "api/messages.h"
#include "api/ticket.h"

namespace ntpmon::monitor_api {

// The rtt column is a signed MEDIUMINT of microseconds (B23).
inline constexpr std::int32_t kMaxRttMicros = 8'388'607;
// How far a result's ts may lie from the server's clock.
inline constexpr std::chrono::hours kMaxResultAge{24};
inline constexpr std::chrono::hours kMaxResultFuture{1};

struct CheckedResult {
  std::size_t index = 0;
  api::IpAddress ip;
  std::string ip_text;  // canonical, as servers.ip stores it
  bool no_response = false;
  std::string error;
  std::chrono::sys_seconds ts{};  // rounded to whole seconds as MySQL rounds DATETIME
  std::optional<std::chrono::nanoseconds> offset;
  std::optional<std::int32_t> rtt_us;       // absent: NULL (B23)
  std::optional<std::int64_t> rtt_clamped;  // the submitted rtt in µs when it was clamped
  std::int32_t stratum = 0;
  std::int32_t leap = 0;
};

struct CheckContext {
  std::uint32_t monitor_id = 0;
  std::string batch_id;  // canonical ULID text
  std::int32_t version = 0;
  std::chrono::system_clock::time_point now;
};

// Throws api::ApiError invalid_argument ("list[3].ticket: ...") for the first bad status.
// `signature_failures` (if given) receives how many statuses were left when a ticket failed
// (the signature_validation counter of §2.3 step 1).
std::vector<CheckedResult> check_results(const api::SubmitResultsRequest& request, const CheckContext& context,
                                         const api::TicketKeyRing& keys, std::uint64_t* signature_failures = nullptr);

// A server and this monitor's pair row for it, as GetSubmitTargets returns them.
struct SubmitTarget {
  std::uint32_t server_id = 0;
  std::string ip;
  std::optional<std::uint8_t> server_stratum;
  std::optional<std::uint64_t> server_score_id;  // nullopt: no pair row
  double score_raw = 0;
  std::optional<std::uint8_t> pair_stratum;
};

struct SubmitPlan {
  struct PairUpdate {
    std::uint64_t server_score_id = 0;
    double score_raw = 0;
    std::chrono::sys_seconds score_ts{};
    std::optional<std::uint8_t> stratum;  // set when a valid response brought a different one
  };
  struct ServerStratum {
    std::uint32_t server_id = 0;
    std::uint8_t stratum = 0;
  };
  struct LogRow {
    std::uint32_t server_id = 0;
    std::chrono::sys_seconds ts{};
    double score = 0;
    double step = 0;
    std::optional<double> offset;  // seconds
    std::optional<std::int32_t> rtt_us;
    std::optional<std::string> attributes;
  };
  std::vector<PairUpdate> pairs;         // one per pair, final values
  std::vector<ServerStratum> servers;    // servers whose stratum changes, by server id
  std::vector<LogRow> log_rows;          // one per status, list order
  std::uint64_t ok = 0, offset = 0, timeout = 0;  // tests_completed_total results
};

// `trust_zero_offset`: §4.5 step 6 for this monitor's client_version. Throws api::ApiError
// failed_precondition naming list[i] for a server or pair row that does not exist.
SubmitPlan plan_results(const std::vector<CheckedResult>& results, const std::vector<SubmitTarget>& targets,
                        bool trust_zero_offset);

// The JSON array parameters of the batched statements in sql/queries/api.sql.
std::string distinct_ips_json(const std::vector<CheckedResult>& results);
std::string pair_updates_json(const SubmitPlan& plan);
std::string log_rows_json(const SubmitPlan& plan);  // for sql/procedures/api_writes.sql

}  // namespace ntpmon::monitor_api
