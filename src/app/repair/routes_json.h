// The repair module's values as its routes answer them (JSON only here).
#pragma once

#include <nlohmann/json.hpp>

#include "app/repair/model.h"
#include "app/repair/sla.h"

namespace lifeline::app::repair {

nlohmann::json to_json(const SlaStatus& s);
nlohmann::json to_json(const WorkOrder& o);
nlohmann::json to_json(const WorkOrderList& list);
nlohmann::json to_json(const Incident& i);
nlohmann::json to_json(const IncidentList& list);
nlohmann::json to_json(const Team& t);
nlohmann::json to_json(const TeamList& list);
nlohmann::json to_json(const SlaView& v);
nlohmann::json to_json(const std::vector<DispatchSuggestion>& suggestions);
nlohmann::json to_json(const OutageNotice& n);

}  // namespace lifeline::app::repair
