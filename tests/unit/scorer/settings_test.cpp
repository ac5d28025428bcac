// §4.4 settings of monitor-scorer, with the B18 fix (a bad or negative batch_size is not used).
#include <gtest/gtest.h>

#include <stdexcept>

#include "scorer_settings.h"

namespace ntpmon::scorer {
namespace {

TEST(ScorerSettings, ParsesBatchSize) {
  EXPECT_EQ(parse_scorer_settings(R"({"batch_size": 100})").batch_size, 100);
  EXPECT_FALSE(parse_scorer_settings("{}").batch_size);
  EXPECT_FALSE(parse_scorer_settings(R"({"batch_size": null, "other": 1})").batch_size);
  for (const char* bad : {"not json", "[1]", R"({"batch_size": "5"})", R"({"batch_size": 1.5})", "{\"batch_size\": 1} x"}) {
    EXPECT_THROW(parse_scorer_settings(bad), std::invalid_argument) << bad;
  }
}

TEST(ScorerSettings, EffectiveBatchSize) {
  EXPECT_EQ(effective_batch_size(std::nullopt, {}), kDefaultBatchSize);
  EXPECT_EQ(effective_batch_size(std::nullopt, {0}), kDefaultBatchSize);
  EXPECT_EQ(effective_batch_size(std::nullopt, {-5}), kDefaultBatchSize);
  EXPECT_EQ(effective_batch_size(std::nullopt, {100}), 100u);
  EXPECT_EQ(effective_batch_size(50, {100}), 50u);
}

}  // namespace
}  // namespace ntpmon::scorer
