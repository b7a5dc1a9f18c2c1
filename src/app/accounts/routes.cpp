// /api/v1/auth, /me, /users, /roles, /tokens
#include "app/accounts/notices.h"
#include "app/accounts/service.h"
#include "app/api/routes.h"
#include "core/json_input.h"
#include "core/time.h"

namespace lifeline::app {

using http::Request;
using http::Response;

namespace {

std::string session_cookie(const std::string& value, int64_t max_age_s, bool secure) {
  return std::string(api::kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_s) + (secure ? "; Secure" : "");
}

Result<Response> login(accounts::Service& accounts, const Config& config, Request& req) {
  LL_TRY(auto body, api::json_body(req));
  JsonInput in(body);
  auto username = in.text("username", {.max_len = 64});
  auto password = in.text("password", {.max_len = 256});
  LL_CHECK(in.finish());
  LL_TRY(auto login, accounts.login(*username, *password, api::client_ip(req), req.request_id));
  nlohmann::json user = accounts::me_json(login.actor, login.csrf_token);
  LL_TRY(user["unseen_notices"], accounts.unseen_notices(login.actor));
  auto res = api::json(200, {{"user", user}, {"csrf_token", login.csrf_token}});
  // The browser keeps the cookie for the absolute limit; the server enforces the idle one.
  res.set_header("Set-Cookie", session_cookie(login.session_token, config.session_max_hours * 3600LL,
                                              config.cookie_secure));
  return res;
}

Result<accounts::NewUser> parse_new_user(const nlohmann::json& body) {
  JsonInput in(body);
  accounts::NewUser u;
  auto username = in.text("username", {.max_len = 64});
  auto display_name = in.text("display_name", {.max_len = 100});
  auto role = in.text("role", {.max_len = 40});
  auto org_id = in.integer("org_id", true, 1);
  auto password = in.text("password", {.max_len = 256});
  u.phone = in.text("phone", {.required = false, .max_len = 32});
  u.reason = in.text("reason", {.required = false, .max_len = 200}).value_or("");
  LL_CHECK(in.finish());
  u.username = *username;
  u.display_name = *display_name;
  u.role = *role;
  u.org_id = *org_id;
  u.password = *password;
  return u;
}

Result<accounts::UserPatch> parse_user_patch(const nlohmann::json& body) {
  JsonInput in(body);
  accounts::UserPatch p;
  p.display_name = in.text("display_name", {.required = false, .max_len = 100});
  p.role = in.text("role", {.required = false, .max_len = 40});
  p.org_id = in.integer("org_id", false, 1);
  p.disabled = in.boolean("disabled", false);
  p.phone = in.nullable_text("phone", {.max_len = 32});
  p.reason = in.text("reason", {.required = false, .max_len = 200}).value_or("");
  LL_CHECK(in.finish());
  return p;
}

// A user, and the part of the change that waits for a second person.
Response user_change(int applied_status, const accounts::UserChange& change, const Actor& actor, Instant now) {
  nlohmann::json out = accounts::to_json(change.user);
  out["pending_approval"] = change.pending ? accounts::to_json(*change.pending, actor, now) : nlohmann::json();
  return api::json(change.pending && applied_status == 200 ? 202 : applied_status, out);
}

}  // namespace

void add_account_routes(http::Router& router, const api::Gate& gate, accounts::Service& accounts) {
  router.add("POST", "/api/v1/auth/login",
             gate.open([&accounts, &gate](Request& req) { return login(accounts, gate.config(), req); }));

  router.add("POST", "/api/v1/auth/logout", gate(std::nullopt, [&accounts, &gate](Request& req, const Actor&)
                                                                 -> Result<Response> {
    if (auto cookie = req.cookie(api::kSessionCookie)) LL_CHECK(accounts.logout(*cookie));
    auto res = Response::no_content();
    res.set_header("Set-Cookie", session_cookie("", 0, gate.config().cookie_secure));
    return res;
  }));

  router.add("GET", "/api/v1/me", gate(std::nullopt, [&gate](Request& req, const Actor& actor) -> Result<Response> {
    std::string csrf;
    if (auto cookie = req.cookie(api::kSessionCookie); cookie && actor.token_scope.empty()) {
      LL_TRY(auto session, gate.accounts().authenticate_session(*cookie));
      csrf = session.csrf_token;
    }
    nlohmann::json me = accounts::me_json(actor, csrf);
    LL_TRY(me["unseen_notices"], gate.accounts().unseen_notices(actor));
    return api::json(200, me);
  }));

  // Account and token management: login sessions only (Gate::by_session).
  router.add("POST", "/api/v1/me/password",
             gate.by_session(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto current = in.text("current_password", {.max_len = 256});
               auto next = in.text("new_password", {.max_len = 256});
               LL_CHECK(in.finish());
               LL_CHECK(accounts.change_own_password(actor, *current, *next, req.cookie(api::kSessionCookie)));
               return Response::no_content();
             }));

  router.add("GET", "/api/v1/me/notices", gate(std::nullopt, [&accounts](Request&, const Actor& actor) -> Result<Response> {
    LL_TRY(auto list, accounts.notices(actor));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& n : list) items.push_back(accounts::notices::to_json(n));
    return api::json(200, {{"items", items}});
  }));

  router.add("POST", "/api/v1/me/notices/{id}/seen",
             gate.by_session(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(accounts.mark_notice_seen(actor, id));
               return Response::no_content();
             }));

  router.add("GET", "/api/v1/roles", gate(std::nullopt, [](Request&, const Actor&) -> Result<Response> {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : roles()) {
      nlohmann::json perms = nlohmann::json::array();
      for (auto p : r.permissions) perms.push_back(std::string(to_string(p)));
      out.push_back({{"id", r.id}, {"name_zh", r.name_zh}, {"name_en", r.name_en}, {"permissions", perms}});
    }
    return api::json(200, out);
  }));

  router.add("GET", "/api/v1/users",
             gate(Permission::users_read, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               accounts::UserFilter f;
               LL_TRY(f.org_id, api::query_int(req, "org"));
               LL_TRY(f.after_id, api::query_int(req, "cursor"));
               LL_TRY(auto limit, api::query_int(req, "limit"));
               if (limit && (*limit < 1 || *limit > 200)) return Error::invalid("limit", "must be between 1 and 200");
               if (limit) f.limit = static_cast<int>(*limit);
               if (auto q = req.query_param("q"); q && !q->empty()) f.q = *q;
               LL_TRY(auto page, accounts.list_users(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& u : page.items) items.push_back(accounts::to_json(u));
               return api::json(200, {{"items", items},
                                      {"next_cursor", page.next_cursor ? nlohmann::json(std::to_string(*page.next_cursor))
                                                                       : nlohmann::json()}});
             }));

  router.add("POST", "/api/v1/users",
             gate.by_session(Permission::users_write, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto u, parse_new_user(body));
               LL_TRY(auto change, accounts.add_user(actor, u));
               return user_change(201, change, actor, accounts.now());
             }));

  router.add("GET", "/api/v1/users/{id}",
             gate(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto user, accounts.get_user(actor, id));
               return api::json(200, accounts::to_json(user));
             }));

  router.add("PATCH", "/api/v1/users/{id}",
             gate.by_session(Permission::users_write, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto patch, parse_user_patch(body));
               LL_TRY(auto change, accounts.update_user(actor, id, patch));
               return user_change(200, change, actor, accounts.now());
             }));

  // 204 when applied; 202 with the approval when the account holds health.records.
  router.add("POST", "/api/v1/users/{id}/password",
             gate.by_session(Permission::users_write, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto password = in.text("password", {.max_len = 256});
               auto reason = in.text("reason", {.required = false, .max_len = 200});
               LL_CHECK(in.finish());
               LL_TRY(auto pending, accounts.reset_password(actor, id, *password, reason.value_or("")));
               if (!pending) return Response::no_content();
               return api::json(202, {{"pending_approval", accounts::to_json(*pending, actor, accounts.now())}});
             }));

  router.add("GET", "/api/v1/tokens", gate.by_session(std::nullopt, [&accounts](Request&, const Actor& actor) -> Result<Response> {
    LL_TRY(auto tokens, accounts.list_tokens(actor));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : tokens) items.push_back(accounts::to_json(t));
    return api::json(200, {{"items", items}});
  }));

  router.add("POST", "/api/v1/tokens",
             gate.by_session(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto name = in.text("name", {.max_len = 100});
               auto scope = in.choice("scope", {"read", "write"});
               auto expires = in.instant("expires_at", false);
               LL_CHECK(in.finish());
               LL_TRY(auto issued, accounts.issue_token(actor, *name, *scope, expires));
               auto out = accounts::to_json(issued.token);
               out["token"] = issued.secret;
               return api::json(201, out);
             }));

  router.add("DELETE", "/api/v1/tokens/{id}",
             gate.by_session(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(accounts.revoke_token(actor, id));
               return Response::no_content();
             }));
}

}  // namespace lifeline::app
