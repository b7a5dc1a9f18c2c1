// A credential change ends what came before it. Setting or resetting a
// password, disabling or re-enabling an account raises the user's credential
// epoch (migration 0013): every session and API token carries the epoch it
// was issued under and is honoured only while that is still the user's, so a
// change ends all older sessions and tokens in one statement, including one
// issued concurrently with it. The rows are also deleted (sessions) and
// marked revoked (tokens), so the token list says what happened.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::accounts::credentials {

// Ends every session and token of the user, except the session whose hash is
// `keep` (changing one's own password keeps the session it was changed in).
Status change(store::Tx& tx, int64_t user_id, Instant now, const std::optional<std::string>& keep = std::nullopt);

// The epoch new sessions and tokens of the user are issued under.
Result<int64_t> epoch(store::Tx& tx, int64_t user_id);

}  // namespace lifeline::app::accounts::credentials
