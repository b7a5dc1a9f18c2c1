#include "app/accounts/login_attempts.h"

#include "app/accounts/repo.h"

namespace lifeline::app::accounts {

Status reserve_login_attempt(store::Tx& tx, const Config& config, const std::string& username,
                             const std::string& address, Instant now) {
  // An unknown username has no row to lock and no password to guess.
  LL_CHECK(tx.query("SELECT id FROM users WHERE username = ? FOR UPDATE", {username}));
  const auto since = now - std::chrono::minutes(config.login_window_minutes);
  LL_TRY(int64_t by_user, repo::count_failures(tx, "username", username, since));
  LL_TRY(int64_t by_address, repo::count_failures(tx, "remote_address", address, since));
  if (by_user >= config.login_max_failures || by_address >= 10LL * config.login_max_failures)
    return Error{ErrorCode::too_many_requests,
                 "too many failed logins; try again in " + std::to_string(config.login_window_minutes) + " minutes",
                 {}};
  return repo::add_failure(tx, username.substr(0, 64), address, now);
}

}  // namespace lifeline::app::accounts
