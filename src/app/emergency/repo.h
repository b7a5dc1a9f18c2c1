// SQL for emergencies; no rules here.
#pragma once

#include "app/emergency/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::emergency::repo {

// All emergencies (optionally of one status), newest first, with covered units and history.
Result<std::vector<Emergency>> list(store::Tx& tx, const std::optional<std::string>& status);
Result<std::optional<Emergency>> find(store::Tx& tx, int64_t id);
Result<int64_t> insert(store::Tx& tx, const Emergency& e, int64_t declared_by);
Status update(store::Tx& tx, const Emergency& e);
Status add_history(store::Tx& tx, int64_t id, Instant at, const std::string& action, const std::string& level,
                   int64_t by_user, const std::optional<std::string>& note);

}  // namespace lifeline::app::emergency::repo
