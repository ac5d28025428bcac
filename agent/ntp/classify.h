#pragma once
// Per-sample classification (spec §12.5) and best-sample selection (§12.6). Pure.

#include <cstddef>
#include <optional>
#include <span>

#include "ntp/exchange.h"
#include "ntp/status.h"

namespace ntpmon::ntp {

struct Classification {
  Sample sample;
  // True when the measurement ends with this sample (kiss code or bad stratum): the
  // remaining samples and the selection are skipped and this sample is the result.
  bool final = false;
};

// Classifies one finished (not cancelled) exchange with `target`, stamped `now`:
//   failure   -> no_response status with the error ("network: ..." or the §12.4 text);
//   stratum 0 or 16 with a kiss code -> final, error = the code; RATE drops the offset;
//   stratum 0 or 16 without          -> final, "bad stratum <n> (referenceID: 0x.., <raw>)";
//   stratum 11..255 (not 16)         -> final, "bad stratum <n>";
//   otherwise a good sample (leap 3 is NOT rejected, §21 A31).
Classification classify_sample(const IpAddress& target, Exchange exchange, SysTime now);

// The error text for a stratum 0/16 reply without a kiss code.
std::string bad_stratum_error(std::uint8_t stratum, std::uint32_t reference_id);

// §12.6: index of the best sample, nullopt for none.
std::optional<std::size_t> select_best(std::span<const Sample> samples);

}  // namespace ntpmon::ntp
