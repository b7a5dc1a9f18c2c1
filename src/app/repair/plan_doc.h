// The isolation plan an incident keeps (incidents.plan): network::Plan as a
// JSON document, in the shape GET /incidents/{id} shows it. Older documents
// (the engine's report as stored before) read back too.
#pragma once

#include <nlohmann/json.hpp>

#include "app/network/model.h"

namespace lifeline::app::repair {

nlohmann::json plan_json(const network::Plan& plan);
network::Plan plan_from_json(const nlohmann::json& doc);

}  // namespace lifeline::app::repair
