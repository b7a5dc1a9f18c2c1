// Reports' API shapes.
#pragma once

#include <nlohmann/json.hpp>

#include "app/reports/model.h"

namespace lifeline::app::reports {

nlohmann::json to_json(const TemplateVersion& v);
// The template with its current version (and, with `history`, every version).
nlohmann::json to_json(const Template& t, bool history = false);
nlohmann::json to_json(const Submission& s);
nlohmann::json to_json(const Cell& c);
std::string clock_text(int minute);

}  // namespace lifeline::app::reports
