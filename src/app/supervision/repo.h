// SQL for supervision; no rules here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/supervision/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::supervision::repo {

Result<std::vector<Checklist>> checklists(store::Tx& tx, const std::string& where, const store::Params& params);
Result<std::optional<Checklist>> find_checklist(store::Tx& tx, int64_t id);

// A supervision team (command body of kind supervision_team) with its units.
Result<std::optional<Team>> find_team(store::Tx& tx, int64_t id);
Result<std::vector<Team>> teams_of(store::Tx& tx, const std::string& path);

// Rounds without their items and findings (lists), or complete (one).
Result<std::vector<Round>> rounds(store::Tx& tx, const std::string& where, const store::Params& params, Instant now);
Result<std::optional<Round>> find_round(store::Tx& tx, int64_t id, Instant now);

Result<std::vector<Rectification>> rectifications(store::Tx& tx, const std::string& where, const store::Params& params);
Result<std::optional<Rectification>> find_rectification(store::Tx& tx, int64_t id);

}  // namespace lifeline::app::supervision::repo
