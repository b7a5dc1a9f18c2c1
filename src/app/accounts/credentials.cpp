#include "app/accounts/credentials.h"

namespace lifeline::app::accounts::credentials {

Status change(store::Tx& tx, int64_t user_id, Instant now, const std::optional<std::string>& keep) {
  // The update takes the user's row lock: a concurrent login or token issue
  // reads the epoch either before (and its session dies here) or after.
  LL_TRY(int64_t changed, tx.exec("UPDATE users SET credential_epoch = credential_epoch + 1 WHERE id = ?", {user_id}));
  if (changed != 1) return Error::not_found("no such user");
  LL_TRY(int64_t fresh, epoch(tx, user_id));
  if (keep) {
    LL_CHECK(tx.exec("UPDATE sessions SET credential_epoch = ? WHERE token_hash = ? AND user_id = ?",
                     {fresh, *keep, user_id}));
    LL_CHECK(tx.exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", {user_id, *keep}));
  } else {
    LL_CHECK(tx.exec("DELETE FROM sessions WHERE user_id = ?", {user_id}));
  }
  LL_CHECK(tx.exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                   {to_millis(now), user_id}));
  return {};
}

Result<int64_t> epoch(store::Tx& tx, int64_t user_id) {
  LL_TRY(auto row, tx.query_one("SELECT credential_epoch FROM users WHERE id = ?", {user_id}));
  if (!row) return Error::not_found("no such user");
  return row->integer(0);
}

}  // namespace lifeline::app::accounts::credentials
