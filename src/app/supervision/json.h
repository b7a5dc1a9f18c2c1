// Supervision's API shapes.
#pragma once

#include <nlohmann/json.hpp>

#include "app/supervision/model.h"

namespace lifeline::app::supervision {

nlohmann::json to_json(const Checklist& c);
nlohmann::json to_json(const Team& t);
nlohmann::json to_json(const Rectification& x, Instant now);
// With items and findings when loaded (one round), counts otherwise.
nlohmann::json to_json(const Round& r, Instant now);

}  // namespace lifeline::app::supervision
