// The failed-login limit, race-free. An attempt is counted — as a failure —
// before its password is checked, in one write transaction that first locks
// the account's row: concurrent guesses for one account are counted one
// after the other and see each other, so no more than the allowed number
// get their password checked, whichever servers they reach. A successful
// login then clears the count (Service::login), as before.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::accounts {

// 429 when `username` (or `address`, at ten times the limit) has reached
// config.login_max_failures within the window; else records the attempt.
Status reserve_login_attempt(store::Tx& tx, const Config& config, const std::string& username,
                             const std::string& address, Instant now);

}  // namespace lifeline::app::accounts
