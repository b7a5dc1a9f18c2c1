// Duty's JSON: how posts, rosters, overrides and weekly windows look in the
// API, and the strict readers of the nested shapes (a weekly window, a layer).
// Routes use these; services never see JSON except for the audit trail.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "app/duty/model.h"
#include "core/json_input.h"

namespace lifeline::app::duty {

nlohmann::json to_json(const Weekly& w);
nlohmann::json to_json(const Post& p);
nlohmann::json post_ref(int64_t id, const std::string& name, bool red_phone);
nlohmann::json person_ref(const std::optional<Person>& p);
nlohmann::json to_json(const Layer& l);
nlohmann::json to_json(const Roster& r);
nlohmann::json to_json(const Override& o);
nlohmann::json instant_json(const std::optional<Instant>& t);

// {"days": [1..7], "from": "HH:MM", "to": "HH:MM" (or "24:00")} with ISO
// weekdays (1 Monday … 7 Sunday); absent days mean every day, absent times
// the whole day. Errors go to `in` under `name/…`. JSON null: nullopt.
std::optional<Weekly> read_weekly(JsonInput& in, const std::string& name);
// What every duty, supervision and report body must pass before it is read:
// no NUL character in any string or key (named by its path, "layers/0/name"),
// nesting at most 32 deep. Walks iteratively: any depth is safe to look at.
Status check_body(const nlohmann::json& body);

// The `layers` array of a roster body.
std::vector<LayerInput> read_layers(JsonInput& in);

}  // namespace lifeline::app::duty
