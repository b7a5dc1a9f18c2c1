#include "app/accounts/repo.h"
#include "store/like.h"

namespace lifeline::app::accounts::repo {

namespace {
constexpr const char* kUserColumns =
    "u.id, u.username, u.display_name, u.role, u.org_id, o.name, o.path, u.phone, u.disabled, u.created_at,"
    " u.last_login_at FROM users u JOIN orgs o ON o.id = u.org_id";

User user_from(const store::Row& r) {
  User u;
  u.id = r.integer(0);
  u.username = r.text(1);
  u.display_name = r.text(2);
  u.role = r.text(3);
  u.org_id = r.integer(4);
  u.org_name = r.text(5);
  u.org_path = r.text(6);
  u.phone = r.opt_text(7);
  u.disabled = r.boolean(8);
  u.created_at = from_millis(r.integer(9));
  if (!r.is_null(10)) u.last_login_at = from_millis(r.integer(10));
  return u;
}

Result<std::optional<User>> one_user(store::Tx& tx, const std::string& where, const store::Value& v) {
  LL_TRY(auto row, tx.query_one(std::string("SELECT ") + kUserColumns + " WHERE " + where, {v}));
  if (!row) return std::optional<User>();
  return std::optional<User>(user_from(*row));
}


ApiToken token_from(const store::Row& r) {
  ApiToken t;
  t.id = r.integer(0);
  t.user_id = r.integer(1);
  t.name = r.text(2);
  t.scope = r.text(3);
  t.created_at = from_millis(r.integer(4));
  if (!r.is_null(5)) t.expires_at = from_millis(r.integer(5));
  if (!r.is_null(6)) t.revoked_at = from_millis(r.integer(6));
  if (!r.is_null(7)) t.last_used_at = from_millis(r.integer(7));
  return t;
}
constexpr const char* kTokenColumns =
    "SELECT id, user_id, name, scope, created_at, expires_at, revoked_at, last_used_at FROM api_tokens ";
}  // namespace

Result<std::optional<User>> find_user(store::Tx& tx, int64_t id) { return one_user(tx, "u.id = ?", id); }

Result<std::optional<User>> find_user_by_name(store::Tx& tx, const std::string& username) {
  return one_user(tx, "u.username = ?", username);
}

Result<std::optional<std::string>> password_hash(store::Tx& tx, int64_t user_id) {
  LL_TRY(auto row, tx.query_one("SELECT password_hash FROM users WHERE id = ?", {user_id}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->text(0));
}

Result<UserPage> list_users(store::Tx& tx, const std::string& scope, const UserFilter& f) {
  std::string sql = std::string("SELECT ") + kUserColumns + " WHERE o.path LIKE ? ESCAPE '\\'";
  store::Params p{store::like_prefix(scope)};
  if (f.q) {
    sql += " AND (u.username LIKE ? OR u.display_name LIKE ?)";
    std::string like = "%" + *f.q + "%";
    p.emplace_back(like);
    p.emplace_back(like);
  }
  if (f.after_id) {
    sql += " AND u.id > ?";
    p.emplace_back(*f.after_id);
  }
  sql += " ORDER BY u.id LIMIT ?";
  p.emplace_back(static_cast<int64_t>(f.limit + 1));
  LL_TRY(auto rows, tx.query(sql, p));
  UserPage page;
  for (const auto& r : rows) {
    if (page.items.size() == static_cast<size_t>(f.limit)) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(user_from(r));
  }
  return page;
}

Result<int64_t> insert_user(store::Tx& tx, const NewUser& u, const std::string& hash, Instant now) {
  return tx.insert(
      "INSERT INTO users (username, display_name, role, org_id, password_hash, phone, disabled, created_at)"
      " VALUES (?,?,?,?,?,?,0,?) RETURNING id",
      {u.username, u.display_name, u.role, u.org_id, hash, u.phone, to_millis(now)});
}

Status update_user(store::Tx& tx, const User& u) {
  return tx.execute("UPDATE users SET display_name = ?, role = ?, org_id = ?, disabled = ?, phone = ? WHERE id = ?",
                      {u.display_name, u.role, u.org_id, u.disabled, u.phone, u.id});
}

Status set_password_hash(store::Tx& tx, int64_t user_id, const std::string& hash) {
  return tx.execute("UPDATE users SET password_hash = ? WHERE id = ?", {hash, user_id});
}

Status touch_login(store::Tx& tx, int64_t user_id, Instant now) {
  return tx.execute("UPDATE users SET last_login_at = ? WHERE id = ?", {to_millis(now), user_id});
}

Status insert_session(store::Tx& tx, const std::string& hash, const SessionRow& s, int64_t credential_epoch) {
  return tx.execute(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, credential_epoch)"
      " VALUES (?,?,?,?,?,?,?)",
      {hash, s.user_id, s.csrf_token, to_millis(s.created_at), to_millis(s.last_seen_at), to_millis(s.expires_at),
       credential_epoch});
}

// A session issued before its user's last credential change is no session (accounts/credentials.h).
Result<std::optional<SessionRow>> find_session(store::Tx& tx, const std::string& hash) {
  LL_TRY(auto row, tx.query_one("SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at"
                                " FROM sessions s JOIN users u ON u.id = s.user_id"
                                " WHERE s.token_hash = ? AND s.credential_epoch = u.credential_epoch",
                                {hash}));
  if (!row) return std::optional<SessionRow>();
  return std::optional<SessionRow>(SessionRow{row->integer(0), row->text(1), from_millis(row->integer(2)),
                                              from_millis(row->integer(3)), from_millis(row->integer(4))});
}

Status touch_session(store::Tx& tx, const std::string& hash, Instant seen, Instant expires) {
  return tx.execute("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
                      {to_millis(seen), to_millis(expires), hash});
}

Status delete_session(store::Tx& tx, const std::string& hash) {
  return tx.execute("DELETE FROM sessions WHERE token_hash = ?", {hash});
}

Status delete_user_sessions(store::Tx& tx, int64_t user_id) {
  return tx.execute("DELETE FROM sessions WHERE user_id = ?", {user_id});
}

// Issued under the user's current credential epoch (accounts/credentials.h).
Result<int64_t> insert_token(store::Tx& tx, const ApiToken& t, const std::string& hash) {
  return tx.insert("INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, expires_at, credential_epoch)"
                   " VALUES (?,?,?,?,?,?,(SELECT credential_epoch FROM users WHERE id = ?)) RETURNING id",
                   {t.user_id, t.name, hash, t.scope, to_millis(t.created_at),
                    t.expires_at ? store::Value(to_millis(*t.expires_at)) : store::Value(), t.user_id});
}

// A token issued before its user's last credential change is no token.
Result<std::optional<ApiToken>> find_token(store::Tx& tx, const std::string& hash) {
  LL_TRY(auto row, tx.query_one(std::string(kTokenColumns) +
                                    "WHERE token_hash = ? AND credential_epoch ="
                                    " (SELECT credential_epoch FROM users WHERE users.id = api_tokens.user_id)",
                                {hash}));
  if (!row) return std::optional<ApiToken>();
  return std::optional<ApiToken>(token_from(*row));
}

Result<std::vector<ApiToken>> list_tokens(store::Tx& tx, int64_t user_id) {
  LL_TRY(auto rows, tx.query(std::string(kTokenColumns) + "WHERE user_id = ? ORDER BY id", {user_id}));
  std::vector<ApiToken> out;
  for (const auto& r : rows) out.push_back(token_from(r));
  return out;
}

Result<std::optional<ApiToken>> get_token(store::Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kTokenColumns) + "WHERE id = ?", {id}));
  if (!row) return std::optional<ApiToken>();
  return std::optional<ApiToken>(token_from(*row));
}

Status revoke_token(store::Tx& tx, int64_t id, Instant at) {
  return tx.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {to_millis(at), id});
}

Status touch_token(store::Tx& tx, int64_t id, Instant at) {
  return tx.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {to_millis(at), id});
}

}  // namespace lifeline::app::accounts::repo
