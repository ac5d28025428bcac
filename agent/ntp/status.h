#pragma once
// The measurement result: ServerStatus carries every field of spec §12.7 (protobuf
// monitor.v2 ServerStatus) in plain C++ types, plus the diagnostics §12.7 lists as "not
// reported" (reference id, kiss code, root delay/dispersion/distance).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntp/address.h"
#include "ntp/response.h"
#include "ntp/timestamp.h"

namespace ntpmon::ntp {

struct ServerStatus {
  // --- reported (field numbers of monitor.v2 ServerStatus) ---
  IpAddress ip;                                // ip_bytes (3): the target as given
  std::string ticket;                          // ticket (2): opaque bytes, set by the batch code
  std::string error;                           // error (4): "" or the §12.3/§12.5 text
  bool no_response = false;                    // no_response (5)
  SysTime ts{};                                // ts (6): sample time; the batch code overrides
  std::optional<std::chrono::nanoseconds> offset;  // offset (7): absent on failure and RATE
  std::optional<std::chrono::nanoseconds> rtt;     // rtt (8): absent on failure
  std::uint8_t stratum = 0;                    // stratum (9)
  std::uint8_t leap = 0;                       // leap (10): 0..3
  // test_id (1) is never set and has no member.

  // --- diagnostics, not reported ---
  std::uint32_t reference_id = 0;
  std::string kiss_code;
  std::optional<std::chrono::nanoseconds> root_delay;
  std::optional<std::chrono::nanoseconds> root_dispersion;
  std::optional<std::chrono::nanoseconds> root_distance;
};

// One sample as §12.5/§12.6 see it: Go's (status, response, error) triple.
struct Sample {
  ServerStatus status;              // status.error mirrors `error`
  std::optional<Response> response; // when a reply was accepted by §12.4
  std::string error;                // "" for a good sample
  // Raw datagrams of this exchange (capture buffer, §12.8).
  std::vector<std::vector<std::uint8_t>> datagrams;
  std::size_t datagrams_received = 0;
};

struct CheckResult {
  // The chosen sample's status; empty after a pre-check reject (§12.3), a cancellation,
  // or when no sample was taken. The caller builds the no-response status then (§11.6,
  // make_submission_status below).
  std::optional<ServerStatus> status;
  std::optional<Response> response;  // the chosen sample's reply (raw bytes included)
  std::string error;                 // "" on success
  bool cancelled = false;            // a stop request ended it: do not submit
  std::vector<Sample> samples;       // every sample taken, in order
  std::optional<std::size_t> chosen; // index into samples
};

// §11.6 step 6: the status the batch code submits for one server. No status -> a
// no-response status with `target`; copies `ticket`; on an error, sets `error` and, when
// it starts with "network:", no_response; sets ts = now.
ServerStatus make_submission_status(const CheckResult& result, const IpAddress& target,
                                    std::string ticket, SysTime now);

}  // namespace ntpmon::ntp
