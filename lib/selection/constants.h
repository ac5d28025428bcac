#pragma once
// The selector's compile-time constants (spec/selector.md §3). The selector reads no
// system_settings key (§2.4): every threshold is one of these.

#include <chrono>
#include <cstdint>

namespace ntpmon::selection {

inline constexpr int kTargetActive = 7;             // T
inline constexpr int kBaseTesting = 5;              // B
inline constexpr int kActiveSafeThreshold = 5;      // max(1, T - 2), Rule 2
inline constexpr int kTestingSafeThreshold = 3;     // max(1, B - 2), Rule 2
inline constexpr std::int64_t kMinCountForTesting = 9;   // candidate -> testing (Rule 5, §6.10)
inline constexpr std::int64_t kMinCountForActive = 32;   // testing -> active (Rule 3, §6.10)
inline constexpr int kChangeLimitBase = 2;
inline constexpr int kChangeLimitManyBlocked = 3;   // more than one monitor in state Block
inline constexpr int kChangeLimitNoActive = 4;      // no server-active monitor (wins)
inline constexpr int kRule5Phase1Cap = 2;
inline constexpr int kBootstrapPromotions = 5;      // = B
inline constexpr int kRule7UnpauseCap = 2;
inline constexpr int kSameSubnetPrefixV4 = 24;
inline constexpr int kSameSubnetPrefixV6 = 48;
inline constexpr int kDiversityPrefixV4 = 20;
inline constexpr int kDiversityPrefixV6 = 44;
inline constexpr std::int64_t kDefaultAccountLimit = 2;  // X when accounts.flags gives none
inline constexpr double kReplacementMinPercent = 5.0;   // §6.10 outperforms
inline constexpr std::int64_t kReplacementMinPoints = 5;
inline constexpr std::chrono::hours kConstraintRecheck{8};    // pause_reason constraint / NULL
inline constexpr std::chrono::hours kExcessRecheck{120};      // pause_reason excess
inline constexpr std::chrono::hours kLogWindow{24};
inline constexpr int kReviewBatchSize = 10;
inline constexpr std::chrono::minutes kNextReviewChanged{60};
inline constexpr std::chrono::minutes kNextReviewUnchanged{20};

}  // namespace ntpmon::selection
