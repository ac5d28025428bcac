#pragma once
// The scoring constants of spec/scorer.md §8 that the pure functions of this library use.

#include <chrono>
#include <cstdint>

namespace ntpmon::scoring {

inline constexpr double kDecay = 0.95;                       // §2.6 and §5
inline constexpr double kInitialScorerScore = -5.0;          // a new scorer server_scores row (§4.7)

// §2.5 step function
inline constexpr double kNoResponseStep = -5.0;
inline constexpr double kRateStep = -3.5;
inline constexpr double kDeniedStep = -10.0;                 // RSTR / DENY
inline constexpr double kDeniedCap = -50.0;
inline constexpr double kStratumZeroStep = -2.0;
inline constexpr double kStratumZeroCap = 5.0;
inline constexpr double kErrorStep = -4.0;                   // other errors, absent offset, big offset, bad stratum
inline constexpr double kLargeOffsetCap = -20.0;             // |offset| > 3 s (and `every`'s override)
inline constexpr double kMediumOffsetStep = -2.0;            // |offset| > 750 ms
inline constexpr double kGoodStep = 1.0;                     // |offset| <= 25 ms; also the step ceiling
inline constexpr std::int64_t kLargeOffsetNs = 3'000'000'000;
inline constexpr std::int64_t kMediumOffsetNs = 750'000'000;
inline constexpr std::int64_t kSmallOffsetNs = 25'000'000;
inline constexpr std::int32_t kBadStratum = 8;               // stratum >= 8 -> -4

// §2.5 strings
inline constexpr const char* kErrorRate = "RATE";
inline constexpr const char* kErrorRestricted = "RSTR";
inline constexpr const char* kErrorDenied = "DENY";
inline constexpr const char* kErrorUntrustedZeroOffset = "untrusted zero offset";
inline constexpr const char* kErrorUnexpectedStratumZero = "unexpected stratum 0";

// §6.2 recentmedian ladder (stage 3 includes `active`: the B7 fix)
inline constexpr std::chrono::seconds kRecentLookbackActive{1200};
inline constexpr std::chrono::seconds kRecentLookbackTesting{2700};
inline constexpr std::chrono::seconds kRecentLookbackAll{7200};
inline constexpr std::size_t kMedianMinimum = 3;

// §4.8 scorer history (dedup)
inline constexpr std::chrono::minutes kMinScoreInterval{15};
inline constexpr std::chrono::minutes kFastScoreInterval{5};  // kMinScoreInterval / 3
inline constexpr double kSimilarityThreshold = 0.05;
inline constexpr double kScoreEpsilon = 1e-12;

// §4.9: a row whose score cannot be computed is skipped when it is older than this.
inline constexpr std::chrono::hours kSkipOldRowsAfter{3};

}  // namespace ntpmon::scoring
