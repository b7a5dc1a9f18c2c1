// The summary route and the JSON shape of a section (also used by the briefing).
#pragma once

#include <nlohmann/json.hpp>

#include "app/api/gate.h"
#include "app/summary/summary.h"
#include "http/router.h"

namespace lifeline::app::summary {

nlohmann::json to_json(const Figure& f);
nlohmann::json to_json(const Section& s);
void add_routes(http::Router& router, const api::Gate& gate, Registry& registry);

}  // namespace lifeline::app::summary
