#include "app/accounts/service.h"

#include <regex>

#include "app/accounts/approvals.h"
#include "app/accounts/credentials.h"
#include "app/accounts/notices.h"
#include "app/accounts/repo.h"
#include "app/accounts/secrets.h"
#include "app/accounts/throttle.h"
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
  // The attempt is counted first (throttle.h: race-free across servers),
  // then the user is read, without holding a lock during the deliberately
  // slow hash verification.
  LL_CHECK(rt_.db.run(TxMode::write,
                      [&](Tx& tx) { return throttle::reserve(tx, rt_.config, username, remote_address, now); }));
  struct Found {
    std::optional<User> user;
    std::optional<std::string> hash;
    int64_t epoch = 0;  // the session is issued under it (accounts/credentials.h)
  };
  auto found = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Found> {
    LL_TRY(auto user, repo::find_user_by_name(tx, username));
    Found f{user, std::nullopt, 0};
    if (user) {
      LL_TRY(f.hash, repo::password_hash(tx, user->id));
      LL_TRY(f.epoch, credentials::epoch(tx, user->id));
    }
    return f;
  });
  if (!found) return found.error();

  bool ok = verify_password(found->hash ? *found->hash : decoy_hash(rt_.config), password) && found->user &&
            !found->user->disabled;
  if (!ok) {
    Actor anonymous;
    anonymous.username = username.substr(0, 64);
    anonymous.request_id = request_id;
    anonymous.remote_address = remote_address;
    auto st = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {  // the failure was counted up front
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
                                  {user.id, login.csrf_token, now, now, login.expires_at}, found->epoch));
    LL_CHECK(throttle::succeeded(tx, username, remote_address));
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
  LL_TRY(auto change, add_user(actor, u));
  return change.user;
}

Result<UserChange> Service::add_user(const Actor& actor, const NewUser& u) {
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
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<UserChange> {
    LL_TRY(auto org, org::repo::find(tx, u.org_id));
    if (!org || !actor.sees(org->path)) return Error::invalid("org_id", "no such org unit in your scope");
    LL_TRY(auto existing, repo::find_user_by_name(tx, u.username));
    if (existing) return Error::invalid("username", "is already taken");
    LL_TRY(int64_t id, repo::insert_user(tx, u, hash, now));
    LL_TRY(auto user, repo::find_user(tx, id));
    UserChange out{*user, std::nullopt};
    // A health-records account starts disabled; a second person enables it.
    const bool second_person = approvals::applies_to(actor) && approvals::guarded_role(u.role);
    if (second_person) {
      out.user.disabled = true;
      LL_CHECK(repo::update_user(tx, out.user));
    }
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.create", "user", std::to_string(id), org->id, org->path, nullptr,
                            audit_view(out.user)}));
    if (second_person) {
      LL_TRY(out.pending, approvals::request(tx, actor, out.user, {"enable", u.role, std::nullopt, u.reason}, now,
                                             rt_.config));
    }
    return out;
  });
  if (r) rt_.events.publish({"user.changed", r->user.org_id, r->user.org_path, {{"id", r->user.id}}});
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

Result<UserChange> Service::update_user(const Actor& actor, int64_t id, const UserPatch& p) {
  if (!actor.can(Permission::users_write)) return Error::forbidden();
  if (p.role && !find_role(*p.role)) return Error::invalid("role", "unknown role");
  if (p.role && !may_grant(actor.role, *p.role)) return Error::invalid("role", "you may not grant this role");
  if (p.display_name && p.display_name->empty()) return Error::invalid("display_name", "must not be empty");
  if (p.disabled && *p.disabled && id == actor.user_id)
    return Error::invalid("disabled", "you cannot disable your own account");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<UserChange> {
    LL_CHECK(tx.query("SELECT id FROM users WHERE id = ? FOR UPDATE", {id}));  // a patch is applied to the latest row
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
    // What needs a second person waits for one; the rest of the patch applies now.
    auto second = second_person_part(actor, before, *user, p.reason);
    LL_CHECK(repo::update_user(tx, *user));
    if (user->disabled != before.disabled) {
      // Disabling or re-enabling is a credential change: older sessions and tokens end for good.
      LL_CHECK(credentials::change(tx, id, now));
    } else if (user->org_id != before.org_id || user->role != before.role) {
      LL_CHECK(repo::delete_user_sessions(tx, id));  // moving their scope ends their sessions
    }
    LL_CHECK(audit::record(tx, actor, now,
                           {user->disabled && !before.disabled ? "user.disable" : "user.update", "user",
                            std::to_string(id), user->org_id, user->org_path, audit_view(before),
                            audit_view(*user)}));
    if (before.disabled && !user->disabled && actor.user_id != id)
      LL_CHECK(notices::announce(tx, id, "enabled", {{"by", actor.display_name}}, now));
    UserChange out{*user, std::nullopt};
    if (second) {
      LL_TRY(out.pending, approvals::request(tx, actor, before, *second, now, rt_.config));
    }
    return out;
  });
  if (r) rt_.events.publish({"user.changed", r->user.org_id, r->user.org_path, {{"id", r->user.id}}});
  return r;
}

// Granting health.records, or re-enabling an account that holds it, waits
// for a second person (accounts/approvals.h): takes that part out of `after`.
std::optional<ApprovalRequest> Service::second_person_part(const Actor& actor, const User& before, User& after,
                                                           const std::string& reason) {
  if (!approvals::applies_to(actor)) return std::nullopt;
  if (after.role != before.role && approvals::guarded_role(after.role) && !approvals::guarded_role(before.role)) {
    ApprovalRequest grant{"grant", after.role, std::nullopt, reason};
    after.role = before.role;
    return grant;
  }
  if (before.disabled && !after.disabled && approvals::guarded_role(after.role)) {
    after.disabled = true;
    return ApprovalRequest{"enable", after.role, std::nullopt, reason};
  }
  return std::nullopt;
}

Result<std::optional<Approval>> Service::reset_password(const Actor& actor, int64_t id, const std::string& password,
                                                        const std::string& reason) {
  if (!actor.can(Permission::users_write)) return Error::forbidden();
  LL_CHECK(check_password_policy(password));
  LL_TRY(std::string hash, hash_password(password, cost(rt_.config)));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::optional<Approval>> {
    LL_TRY(auto user, repo::find_user(tx, id));
    if (!user || !actor.sees(user->org_path)) return Error::not_found("no such user");
    if (!may_grant(actor.role, user->role)) return Error::forbidden("you may not change this user");
    // Taking over a health-records account waits for a second person.
    if (approvals::applies_to(actor) && approvals::guarded_role(user->role) && actor.user_id != id) {
      LL_TRY(auto pending, approvals::request(tx, actor, *user, {"password_reset", std::nullopt, hash, reason}, now,
                                              rt_.config));
      return std::optional<Approval>(std::move(pending));
    }
    LL_CHECK(repo::set_password_hash(tx, id, hash));
    LL_CHECK(credentials::change(tx, id, now));  // every session and API token of the account ends
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.password_reset", "user", std::to_string(id), user->org_id, user->org_path,
                            nullptr, nullptr}));
    if (actor.user_id != id)
      LL_CHECK(notices::announce(tx, id, "password_reset", {{"by", actor.display_name}}, now));
    return std::optional<Approval>();
  });
}

Status Service::change_own_password(const Actor& actor, const std::string& current, const std::string& next,
                                    const std::optional<std::string>& session_token) {
  if (actor.user_id == 0 || !actor.token_scope.empty())
    return Error::forbidden("a password is changed from a login session, not with an API token");
  LL_CHECK(check_password_policy(next, "new_password"));
  const auto now = rt_.clock.now();
  // The current password is a password check like a login's: throttled alike.
  LL_CHECK(rt_.db.run(TxMode::write, [&](Tx& tx) {
    return throttle::reserve(tx, rt_.config, actor.username, actor.remote_address, now);
  }));
  auto hash = rt_.db.transact(TxMode::read,
                              [&](Tx& tx) { return repo::password_hash(tx, actor.user_id); });
  if (!hash) return hash.error();
  if (!*hash || !verify_password(**hash, current)) {
    auto st = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {  // the failure was counted up front
      LL_CHECK(audit::record(tx, actor, now,
                             {"auth.password_check_failed", "user", std::to_string(actor.user_id), actor.org_id,
                              actor.org_path, nullptr, nullptr}));
      return true;
    });
    if (!st) return st.error();
    return Error::invalid("current_password", "is not your current password");
  }
  LL_TRY(std::string fresh, hash_password(next, cost(rt_.config)));
  std::optional<std::string> keep;
  if (session_token) keep = token_hash(*session_token);
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_CHECK(repo::set_password_hash(tx, actor.user_id, fresh));
    // Every other session and every API token ends; this session stays.
    LL_CHECK(credentials::change(tx, actor.user_id, now, keep));
    LL_CHECK(throttle::succeeded(tx, actor.username, actor.remote_address));
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
  LL_CHECK(require_session(actor));
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
  LL_CHECK(require_session(actor));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::list_tokens(tx, actor.user_id); });
}

Status Service::revoke_token(const Actor& actor, int64_t id) {
  LL_CHECK(require_session(actor));
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

Status Service::require_session(const Actor& actor) {
  if (actor.user_id == 0 || !actor.token_scope.empty())
    return Error::forbidden("tokens are managed from a login session, not with an API token");
  return {};
}

Result<int64_t> Service::unseen_notices(const Actor& actor) {
  if (actor.user_id == 0) return int64_t{0};
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return notices::unseen(tx, actor.user_id); });
}

Result<std::vector<AccountNotice>> Service::notices(const Actor& actor) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return notices::list(tx, actor.user_id); });
}

Status Service::mark_notice_seen(const Actor& actor, int64_t id) {
  LL_CHECK(require_session(actor));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_CHECK(notices::mark_seen(tx, actor.user_id, id, now));
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
