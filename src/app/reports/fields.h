// A report's typed fields: reading a template's field list (the editor's
// input), checking a submission's values against it, and both as JSON.
//
//   number   a finite number, optionally within [min, max], with its unit
//   text     up to 2,000 bytes
//   choice   one of the options
//   boolean  yes / no
//   table    rows of columns (number, text, choice, boolean), at most max_rows
//
// Errors name the field: "fields/2/options", "values/inflow",
// "values/supplies/3/qty". Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "app/reports/model.h"
#include "core/json_input.h"

namespace lifeline::app::reports {

// The `fields` array of a template body (errors go to `in`).
std::vector<Field> read_fields(JsonInput& in);
nlohmann::json to_json(const std::vector<Field>& fields);
// As stored (trusted: written by to_json).
std::vector<Field> fields_from_json(const nlohmann::json& j);

// The values of a submission, checked and normalised (absent optional fields
// are left out); an error names every bad value.
Result<nlohmann::json> check_values(const std::vector<Field>& fields, const nlohmann::json& values);

}  // namespace lifeline::app::reports
