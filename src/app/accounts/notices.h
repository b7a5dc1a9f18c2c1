// What an account's owner is told about changes someone else made to it (a
// password reset, re-enabling, a health-records grant, a request for one).
// Notices are written in the same transaction as the change, shown on the
// owner's next login (GET /me counts the unseen ones) and listed on the
// account page. Marking one seen hides the login banner; the list keeps it,
// so whoever takes over an account cannot make the announcement disappear.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "app/accounts/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::accounts::notices {

Status announce(store::Tx& tx, int64_t user_id, const std::string& kind, const nlohmann::json& params, Instant now);
// Newest first.
Result<std::vector<AccountNotice>> list(store::Tx& tx, int64_t user_id, int limit = 50);
Result<int64_t> unseen(store::Tx& tx, int64_t user_id);
// Only the owner's own notices; an unknown id is not_found.
Status mark_seen(store::Tx& tx, int64_t user_id, int64_t id, Instant now);

nlohmann::json to_json(const AccountNotice& n);

}  // namespace lifeline::app::accounts::notices
