// Every password check — a login, the current password of a password change
// — is throttled the same way, per (source address, username) pair with a
// growing delay and per address with a cap, never per username alone: five
// wrong guesses from somewhere else must not lock an account's owner out.
//
//  - The first `login_max_failures` failures of a pair within
//    `login_window_minutes` cost nothing. After that each attempt waits
//    `login_delay_seconds` × 2^(failures − login_max_failures) after the last
//    failure, at most the window.
//  - An address with ten times `login_max_failures` failures within the
//    window waits until the oldest of them leaves it.
//
// A refusal is too_many_requests with retry_after_s (HTTP 429 + Retry-After).
//
// Race-free across servers: an attempt is reserved — counted as a failure —
// before its password is checked, in one write transaction that first locks
// the account's row, so concurrent guesses for one account are counted one
// after the other and see each other; a right password then clears the pair.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::accounts::throttle {

// Locks the account, refuses when the pair may not try a password now, else
// counts this attempt as a failure (cleared by `succeeded`). In its own write
// transaction, committed before the password is checked.
Status reserve(store::Tx& tx, const Config& config, const std::string& username, const std::string& address,
               Instant now);
// A right password clears the pair's failures (only that pair's).
Status succeeded(store::Tx& tx, const std::string& username, const std::string& address);

// The delay before the next attempt of a pair with `failures` failures in the window.
std::chrono::milliseconds delay_after(const Config& config, int64_t failures);

}  // namespace lifeline::app::accounts::throttle
