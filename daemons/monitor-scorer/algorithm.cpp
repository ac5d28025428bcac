#include "algorithm.h"

#include "every_algorithm.h"
#include "recent_median_algorithm.h"

namespace ntpmon::scorer {

std::unique_ptr<Algorithm> make_algorithm(std::string_view name) {
  if (name == kEvery) return std::make_unique<EveryAlgorithm>();
  if (name == kRecentMedian) return std::make_unique<RecentMedianAlgorithm>();
  return nullptr;
}

}  // namespace ntpmon::scorer
