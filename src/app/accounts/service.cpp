#include "app/accounts/service.h"

#include <regex>

#include "app/accounts/repo.h"
#include "app/accounts/secrets.h"
#include "app/audit/audit.h"
#include "app/org/repo.h"
#include "app/privacy.h"
#include "core/time.h"

namespace lifeline::app::accounts {

using store::Tx;
using store::TxMode;

namespace {

PasswordCost cost(const Config& c) { return c.password_cost == "min" ? PasswordCost::min : PasswordCost::interactive; }

// A hash to verify against when the username does not exist, so that a
// wrong username takes as long as a wrong password.
const std::string& decoy_hash(const Config& c) {
  static const std::string interactive = *hash_password("decoy-password", PasswordCost::interactive);
  static const std::string min = *hash_password("decoy-password", PasswordCost::min);
  return cost(c) == PasswordCost::min ? min : interactive;
}

Status check_username(const std::string& username) {
  static const std::regex pattern("^[A-Za-z0-9_.-]{2,64}$");
  if (!std::regex_match(username, pattern))
    return Error::invalid("username", "use 2-64 letters, digits, '_', '.' or '-'");
  return {};
}

nlohmann::json audit_view(const User& u) {
  nlohmann::json j = to_json(u);
  j.erase("last_login_at");
  return j;
}

}  // namespace

Service::Service(Runtime& rt) : rt_(rt) {}

Actor Service::actor_for(const User& u) const {
  Actor a;
  a.user_id = u.id;
  a.username = u.username;
  a.display_name = u.display_name;
  a.role = u.role;
  a.org_id = u.org_id;
  a.org_name = u.org_name;
  a.org_path = u.org_path;
  return a;
}

Result<Login> Service::login(const std::string& username, const std::string& password,
                             const std::string& remote_address, const std::string& request_id) {
  const auto now = rt_.clock.now();
  const auto since = now - std::chrono::minutes(rt_.config.login_window_minutes);
  // Read phase: throttle check and the user, without holding the write lock
  // during the deliberately slow hash verification.
  struct Found {
    std::optional<User> user;
    std::optional<std::string> hash;
  };
  auto found = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Found> {
    LL_TRY(int64_t by_user, repo::count_failures(tx, "username", username, since));
    LL_TRY(int64_t by_address, repo::count_failures(tx, "remote_address", remote_address, since));
    if (by_user >= rt_.config.login_max_failures || by_address >= 10LL * rt_.config.login_max_failures) {
      Error e{ErrorCode::too_many_requests,
              "too many failed logins; try again in " + std::to_string(rt_.config.login_window_minutes) +
                  " minutes",
              {}};
      return e;
    }
    LL_TRY(auto user, repo::find_user_by_name(tx, username));
    std::optional<std::string> hash;
    if (user) {
      LL_TRY(hash, repo::password_hash(tx, user->id));
    }
    return Found{user, hash};
  });
  if (!found) return found.error();

  bool ok = verify_password(found->hash ? *found->hash : decoy_hash(rt_.config), password) && found->user &&
            !found->user->disabled;
  if (!ok) {
    Actor anonymous;
    anonymous.username = username.substr(0, 64);
    anonymous.request_id = request_id;
    anonymous.remote_address = remote_address;
    auto st = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
      LL_CHECK(repo::add_failure(tx, username.substr(0, 64), remote_address, now));
      // Filed under the account's unit when it exists, else under the root,
      // so the admins who can act on it see it.
      const User* known = found->user ? &*found->user : nullptr;
      LL_CHECK(audit::record(tx, anonymous, now,
                             {"auth.login_failed", "user", known ? std::to_string(known->id) : "",
                              known ? known->org_id : 1, known ? known->org_path : "/1/", nullptr, nullptr}));
      return true;
    });
    if (!st) return st.error();
    return Error::unauthenticated("wrong username or password");
  }

  const User& user = *found->user;
  Login login;
  login.session_token = random_token("lls_");
  login.csrf_token = random_token();
  login.expires_at = now + std::chrono::minutes(rt_.config.session_idle_minutes);
  login.actor = actor_for(user);
  login.actor.request_id = request_id;
  login.actor.remote_address = remote_address;
  auto st = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_CHECK(repo::insert_session(tx, token_hash(login.session_token),
                                  {user.id, login.csrf_token, now, now, login.expires_at}));
    LL_CHECK(repo::clear_failures(tx, username));
    LL_CHECK(repo::touch_login(tx, user.id, now));
    LL_CHECK(audit::record(tx, login.actor, now,
                           {"auth.login", "user", std::to_string(user.id), user.org_id, user.org_path, nullptr,
                            nullptr}));
    return true;
  });
  if (!st) return st.error();
  return login;
}

Status Service::logout(const std::string& session_token) {
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_CHECK(repo::delete_session(tx, token_hash(session_token)));
    return true;
  });
  if (!r) return r.error();
  return {};
}

Result<SessionAuth> Service::authenticate_session(const std::string& session_token) {
  const auto now = rt_.clock.now();
  const std::string hash = token_hash(session_token);
  struct Seen {
    SessionAuth auth;
    bool refresh = false;
  };
  auto seen = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Seen> {
    LL_TRY(auto session, repo::find_session(tx, hash));
    if (!session || session->expires_at <= now) return Error::unauthenticated("session expired; log in again");
    LL_TRY(auto user, repo::find_user(tx, session->user_id));
    if (!user || user->disabled) return Error::unauthenticated("account disabled");
    // Sliding expiry, written at most once a minute so reads stay reads.
    bool refresh = now - session->last_seen_at > std::chrono::minutes(1);
    return Seen{{actor_for(*user), session->csrf_token}, refresh};
  });
  if (!seen) return seen.error();
  if (seen->refresh) {
    auto st = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
      LL_TRY(auto session, repo::find_session(tx, hash));
      if (!session) return true;
      auto cap = session->created_at + std::chrono::hours(rt_.config.session_max_hours);
      auto expires = std::min(cap, now + std::chrono::minutes(rt_.config.session_idle_minutes));
      LL_CHECK(repo::touch_session(tx, hash, now, expires));
      return true;
    });
    if (!st) return st.error();
  }
  return std::move(seen->auth);
}

Result<Actor> Service::authenticate_bearer(const std::string& token) {
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::pair<Actor, int64_t>> {
    LL_TRY(auto t, repo::find_token(tx, token_hash(token)));
    if (!t || t->revoked_at || (t->expires_at && *t->expires_at <= now))
      return Error::unauthenticated("invalid or revoked API token");
    LL_TRY(auto user, repo::find_user(tx, t->user_id));
    if (!user || user->disabled) return Error::unauthenticated("account disabled");
    Actor a = actor_for(*user);
    a.token_scope = t->scope;
    return std::pair(a, t->id);
  });
  if (!r) return r.error();
  // Last use is informational; a failure to record it must not fail the request.
  (void)rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_CHECK(repo::touch_token(tx, r->second, now));
    return true;
  });
  return r->first;
}

Result<User> Service::create_user(const Actor& actor, const NewUser& u) {
  if (!actor.can(Permission::users_write)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (auto st = check_username(u.username); !st) errors.push_back(st.error().fields[0]);
  if (auto st = check_password_policy(u.password); !st) errors.push_back(st.error().fields[0]);
  if (!find_role(u.role)) errors.push_back({"role", "unknown role"});
  else if (!may_grant(actor.role, u.role)) errors.push_back({"role", "you may not grant this role"});
  if (u.display_name.empty()) errors.push_back({"display_name", "must not be empty"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  LL_TRY(std::string hash, hash_password(u.password, cost(rt_.config)));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<User> {
    LL_TRY(auto org, org::repo::find(tx, u.org_id));
    if (!org || !actor.sees(org->path)) return Error::invalid("org_id", "no such org unit in your scope");
    LL_TRY(auto existing, repo::find_user_by_name(tx, u.username));
    if (existing) return Error::invalid("username", "is already taken");
    LL_TRY(int64_t id, repo::insert_user(tx, u, hash, now));
    LL_TRY(auto user, repo::find_user(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.create", "user", std::to_string(id), org->id, org->path, nullptr,
                            audit_view(*user)}));
    return *user;
  });
  if (r) rt_.events.publish({"user.changed", r->org_id, r->org_path, {{"id", r->id}}});
  return r;
}

Result<User> Service::get_user(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::users_read) && actor.user_id != id) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<User> {
    LL_TRY(auto user, repo::find_user(tx, id));
    if (!user || !actor.sees(user->org_path)) return Error::not_found("no such user");
    return *user;
  });
}

Result<UserPage> Service::list_users(const Actor& actor, const UserFilter& f) {
  if (!actor.can(Permission::users_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<UserPage> {
    std::string scope = actor.org_path;
    if (f.org_id) {
      LL_TRY(auto org, org::repo::find(tx, *f.org_id));
      if (!org || !actor.sees(org->path)) return Error::not_found("no such org unit");
      scope = org->path;
    }
    return repo::list_users(tx, scope, f);
  });
}

Result<User> Service::update_user(const Actor& actor, int64_t id, const UserPatch& p) {
  if (!actor.can(Permission::users_write)) return Error::forbidden();
  if (p.role && !find_role(*p.role)) return Error::invalid("role", "unknown role");
  if (p.role && !may_grant(actor.role, *p.role)) return Error::invalid("role", "you may not grant this role");
  if (p.display_name && p.display_name->empty()) return Error::invalid("display_name", "must not be empty");
  if (p.disabled && *p.disabled && id == actor.user_id)
    return Error::invalid("disabled", "you cannot disable your own account");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<User> {
    LL_TRY(auto user, repo::find_user(tx, id));
    if (!user || !actor.sees(user->org_path)) return Error::not_found("no such user");
    if (!may_grant(actor.role, user->role)) return Error::forbidden("you may not change this user");
    User before = *user;
    if (p.display_name) user->display_name = *p.display_name;
    if (p.role) user->role = *p.role;
    if (p.disabled) user->disabled = *p.disabled;
    if (p.phone) user->phone = *p.phone;
    if (p.org_id) {
      LL_TRY(auto org, org::repo::find(tx, *p.org_id));
      if (!org || !actor.sees(org->path)) return Error::invalid("org_id", "no such org unit in your scope");
      user->org_id = org->id;
      user->org_path = org->path;
      user->org_name = org->name;
    }
    LL_CHECK(repo::update_user(tx, *user));
    // Disabling a user or moving their scope ends their sessions at once.
    if (user->disabled || user->org_id != before.org_id || user->role != before.role)
      LL_CHECK(repo::delete_user_sessions(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {user->disabled && !before.disabled ? "user.disable" : "user.update", "user",
                            std::to_string(id), user->org_id, user->org_path, audit_view(before),
                            audit_view(*user)}));
    return *user;
  });
  if (r) rt_.events.publish({"user.changed", r->org_id, r->org_path, {{"id", r->id}}});
  return r;
}

Status Service::reset_password(const Actor& actor, int64_t id, const std::string& password) {
  if (!actor.can(Permission::users_write)) return Error::forbidden();
  LL_CHECK(check_password_policy(password));
  LL_TRY(std::string hash, hash_password(password, cost(rt_.config)));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto user, repo::find_user(tx, id));
    if (!user || !actor.sees(user->org_path)) return Error::not_found("no such user");
    if (!may_grant(actor.role, user->role)) return Error::forbidden("you may not change this user");
    LL_CHECK(repo::set_password_hash(tx, id, hash));
    LL_CHECK(repo::delete_user_sessions(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.password_reset", "user", std::to_string(id), user->org_id, user->org_path,
                            nullptr, nullptr}));
    return true;
  });
  if (!r) return r.error();
  return {};
}

Status Service::change_own_password(const Actor& actor, const std::string& current, const std::string& next) {
  if (actor.user_id == 0) return Error::forbidden();
  LL_CHECK(check_password_policy(next, "new_password"));
  auto hash = rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::password_hash(tx, actor.user_id); });
  if (!hash) return hash.error();
  if (!*hash || !verify_password(**hash, current))
    return Error::invalid("current_password", "is not your current password");
  LL_TRY(std::string fresh, hash_password(next, cost(rt_.config)));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_CHECK(repo::set_password_hash(tx, actor.user_id, fresh));
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.password_change", "user", std::to_string(actor.user_id), actor.org_id,
                            actor.org_path, nullptr, nullptr}));
    return true;
  });
  if (!r) return r.error();
  return {};
}

Result<IssuedToken> Service::issue_token(const Actor& actor, const std::string& name, const std::string& scope,
                                         std::optional<Instant> expires_at) {
  if (actor.user_id == 0 || !actor.token_scope.empty()) return Error::forbidden("tokens are issued from a login session");
  if (scope != "read" && scope != "write") return Error::invalid("scope", "must be read or write");
  const auto now = rt_.clock.now();
  if (expires_at && *expires_at <= now) return Error::invalid("expires_at", "must be in the future");
  IssuedToken out;
  out.secret = random_token("llt_");
  out.token = {0, actor.user_id, name, scope, now, expires_at, std::nullopt, std::nullopt};
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(int64_t id, repo::insert_token(tx, out.token, token_hash(out.secret)));
    LL_CHECK(audit::record(tx, actor, now,
                           {"token.create", "api_token", std::to_string(id), actor.org_id, actor.org_path, nullptr,
                            {{"name", name}, {"scope", scope}}}));
    return id;
  });
  if (!r) return r.error();
  out.token.id = *r;
  return out;
}

Result<std::vector<ApiToken>> Service::list_tokens(const Actor& actor) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::list_tokens(tx, actor.user_id); });
}

Status Service::revoke_token(const Actor& actor, int64_t id) {
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto t, repo::get_token(tx, id));
    if (!t || t->user_id != actor.user_id) return Error::not_found("no such token");
    LL_CHECK(repo::revoke_token(tx, id, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {"token.revoke", "api_token", std::to_string(id), actor.org_id, actor.org_path,
                            to_json(*t), nullptr}));
    return true;
  });
  if (!r) return r.error();
  return {};
}

nlohmann::json to_json(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"org_id", u.org_id},
          {"org_name", u.org_name},
          {"phone_masked", u.phone ? nlohmann::json(mask_phone(*u.phone)) : nlohmann::json()},
          {"disabled", u.disabled},
          {"created_at", format_instant(u.created_at)},
          {"last_login_at", u.last_login_at ? nlohmann::json(format_instant(*u.last_login_at)) : nlohmann::json()}};
}

nlohmann::json to_json(const ApiToken& t) {
  auto opt = [](const std::optional<Instant>& i) { return i ? nlohmann::json(format_instant(*i)) : nlohmann::json(); };
  return {{"id", t.id},           {"name", t.name},
          {"scope", t.scope},     {"created_at", format_instant(t.created_at)},
          {"expires_at", opt(t.expires_at)}, {"revoked_at", opt(t.revoked_at)},
          {"last_used_at", opt(t.last_used_at)}};
}

nlohmann::json me_json(const Actor& a, const std::string& csrf_token) {
  nlohmann::json perms = nlohmann::json::array();
  if (const auto* role = find_role(a.role))
    for (auto p : role->permissions)
      if (a.can(p)) perms.push_back(std::string(to_string(p)));
  return {{"id", a.user_id},     {"username", a.username}, {"display_name", a.display_name},
          {"role", a.role},      {"org_id", a.org_id},     {"org_name", a.org_name},
          {"permissions", perms}, {"csrf_token", csrf_token}};
}

}  // namespace lifeline::app::accounts
