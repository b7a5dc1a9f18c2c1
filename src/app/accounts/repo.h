// SQL for accounts; no rules here.
#pragma once

#include "app/accounts/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::accounts::repo {

Result<std::optional<User>> find_user(store::Tx& tx, int64_t id);
Result<std::optional<User>> find_user_by_name(store::Tx& tx, const std::string& username);
Result<std::optional<std::string>> password_hash(store::Tx& tx, int64_t user_id);
Result<UserPage> list_users(store::Tx& tx, const std::string& scope_path, const UserFilter& f);
Result<int64_t> insert_user(store::Tx& tx, const NewUser& u, const std::string& password_hash, Instant now);
Status update_user(store::Tx& tx, const User& u);
Status set_password_hash(store::Tx& tx, int64_t user_id, const std::string& hash);
Status touch_login(store::Tx& tx, int64_t user_id, Instant now);

struct SessionRow {
  int64_t user_id;
  std::string csrf_token;
  Instant created_at, last_seen_at, expires_at;
};
Status insert_session(store::Tx& tx, const std::string& token_hash, const SessionRow& s, int64_t credential_epoch);
Result<std::optional<SessionRow>> find_session(store::Tx& tx, const std::string& token_hash);
Status touch_session(store::Tx& tx, const std::string& token_hash, Instant seen, Instant expires);
Status delete_session(store::Tx& tx, const std::string& token_hash);
Status delete_user_sessions(store::Tx& tx, int64_t user_id);


Result<int64_t> insert_token(store::Tx& tx, const ApiToken& t, const std::string& token_hash);
Result<std::optional<ApiToken>> find_token(store::Tx& tx, const std::string& token_hash);
Result<std::vector<ApiToken>> list_tokens(store::Tx& tx, int64_t user_id);
Result<std::optional<ApiToken>> get_token(store::Tx& tx, int64_t id);
Status revoke_token(store::Tx& tx, int64_t id, Instant at);
Status touch_token(store::Tx& tx, int64_t id, Instant at);

}  // namespace lifeline::app::accounts::repo
