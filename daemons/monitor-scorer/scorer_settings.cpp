#include "scorer_settings.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sql/scorer.h"

namespace ntpmon::scorer {

ScorerSettings parse_scorer_settings(const std::string& json) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw std::invalid_argument("not a JSON object");
  ScorerSettings s;
  if (auto it = doc.find("batch_size"); it != doc.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw std::invalid_argument("batch_size is not an integer: " + it->dump());
    s.batch_size = it->get<std::int64_t>();
  }
  return s;
}

ScorerSettings read_scorer_settings(soci::session& session, const log::Logger& logger) {
  auto row = sql::GetScorerSettings(session);
  if (!row) return {};
  try {
    return parse_scorer_settings(row->value);
  } catch (const std::invalid_argument& e) {
    logger.warn("ignoring system_settings \"scorer\"", {{"error", e.what()}, {"value", row->value}});
    return {};
  }
}

std::uint64_t effective_batch_size(const std::optional<std::uint64_t>& flag, const ScorerSettings& settings) {
  if (flag && *flag > 0) return *flag;
  if (settings.batch_size && *settings.batch_size > 0) return static_cast<std::uint64_t>(*settings.batch_size);
  return kDefaultBatchSize;
}

}  // namespace ntpmon::scorer
