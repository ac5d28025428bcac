#pragma once
// Every error text the NTP measurement produces, in one place. The texts marked "spec" are
// quoted from spec/agent.md §12/§13 and must not change: the scorer (spec/scorer.md §2.5)
// and the batch code (§11.6, prefix "network:") interpret them. The others are this
// implementation's own names for cases the spec leaves open.

#include <string_view>

namespace ntpmon::ntp::errors {

// §12.3 target pre-checks (spec).
inline constexpr std::string_view kLoopbackAddress = "loopback address";
inline constexpr std::string_view kPrivateAddress = "private address";
inline constexpr std::string_view kMulticastAddress = "multicast address";
inline constexpr std::string_view kInvalidIp = "invalid IP";

// §12.4 step 4 reply validation (spec).
inline constexpr std::string_view kInvalidMode = "invalid mode in response";
inline constexpr std::string_view kInvalidTransmitTime = "invalid transmit time in response";
inline constexpr std::string_view kResponseMismatch = "server response didn't match request";
inline constexpr std::string_view kTickedBackwards = "server clock ticked backwards";

// Reply validation, own additions (the spec only says "a short/unparsable datagram is also
// an error"; beevik/ntp does not check the version or a zero receive timestamp).
inline constexpr std::string_view kInvalidVersion = "invalid version in response";
inline constexpr std::string_view kInvalidReceiveTime = "invalid receive time in response";
// Followed by " (<n> bytes)".
inline constexpr std::string_view kShortPacket = "invalid response: short packet";

// §12.5 socket-level errors: "network: " + cause, without addresses (spec).
inline constexpr std::string_view kNetworkPrefix = "network: ";
inline constexpr std::string_view kTimeout = "network: i/o timeout";

// §12.5 classification (spec). "bad stratum <n>" and
// "bad stratum <n> (referenceID: 0x<hex>[, <raw refid bytes>])".
inline constexpr std::string_view kBadStratumPrefix = "bad stratum ";

// A stop request ended the measurement; the result must not be submitted (own).
inline constexpr std::string_view kCancelled = "measurement cancelled";

// §12.2 log message when no local address is configured (spec; logged by the caller).
inline constexpr std::string_view kNoLocalAddress = "Did not get valid local configuration IP";

// §13 local clock check probe failures (spec). kOffsetTooLarge is followed by the offset.
inline constexpr std::string_view kOffsetTooLarge = "offset too large: ";
inline constexpr std::string_view kNotInSync = "NotInSync";

}  // namespace ntpmon::ntp::errors
