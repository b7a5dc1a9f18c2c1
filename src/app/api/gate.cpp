#include "app/api/gate.h"

#include <charconv>
#include <spdlog/spdlog.h>

#include "app/accounts/secrets.h"
#include "core/json_input.h"

namespace lifeline::app::api {

namespace {

bool is_safe(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// A browser sends Origin on cross-site requests; reject any that is not this host.
Status check_origin(const http::Request& req) {
  std::string origin = req.header("origin");
  if (origin.empty() || is_safe(req.method)) return {};
  std::string host = req.header("host");
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string::npos || origin.substr(scheme_end + 3) != host)
    return Error::forbidden("cross-origin request refused");
  return {};
}

http::Response render(const Result<http::Response>& r, const http::Request& req) {
  if (r) return *r;
  if (r.error().code == ErrorCode::internal) spdlog::error("{} {}: {}", req.request_id, req.path, r.error().message);
  return http::Response::problem(r.error(), req);
}

}  // namespace

Result<Actor> Gate::authenticate(const http::Request& req) const {
  Actor actor;
  std::string authorization = req.header("authorization");
  if (authorization.starts_with("Bearer ")) {
    LL_TRY(actor, accounts_.authenticate_bearer(authorization.substr(7)));
  } else {
    auto cookie = req.cookie(kSessionCookie);
    if (!cookie) return Error::unauthenticated();
    LL_TRY(auto session, accounts_.authenticate_session(*cookie));
    // Cookies ride along on cross-site requests; the CSRF token does not.
    if (!is_safe(req.method) && !same_secret(req.header("x-csrf-token"), session.csrf_token))
      return Error::forbidden("missing or wrong X-CSRF-Token");
    actor = std::move(session.actor);
  }
  actor.request_id = req.request_id;
  actor.remote_address = client_ip(req);
  return actor;
}

namespace {

enum class Callers { any, sessions };

// Who may call: origin, credentials, the session-only rule and the permission.
Result<Actor> admit(const Gate& gate, const http::Request& req, std::optional<Permission> permission,
                    Callers callers) {
  LL_CHECK(check_origin(req));
  LL_TRY(Actor actor, gate.authenticate(req));
  if (callers == Callers::sessions && !actor.token_scope.empty())
    return Error::forbidden("account and token management needs a login session, not an API token");
  if (permission && !actor.can(*permission)) return Error::forbidden();
  return actor;
}

http::GuardedHandler guarded(const Gate& gate, std::optional<Permission> permission, Endpoint endpoint,
                             Callers callers) {
  http::GuardedHandler out;
  out.admit = [&gate, permission, callers](const http::Request& req) -> Result<std::shared_ptr<const void>> {
    LL_TRY(Actor actor, admit(gate, req, permission, callers));
    return std::shared_ptr<const void>(std::make_shared<const Actor>(std::move(actor)));
  };
  out.handler = [&gate, permission, callers, endpoint = std::move(endpoint)](http::Request& req) {
    auto run = [&]() -> Result<http::Response> {
      // Decided on the headers when the request had a body; else here.
      if (req.admitted) return endpoint(req, *std::static_pointer_cast<const Actor>(req.admitted));
      LL_TRY(Actor actor, admit(gate, req, permission, callers));
      return endpoint(req, actor);
    };
    return render(run(), req);
  };
  return out;
}

}  // namespace

http::GuardedHandler Gate::operator()(std::optional<Permission> permission, Endpoint endpoint) const {
  return guarded(*this, permission, std::move(endpoint), Callers::any);
}

http::GuardedHandler Gate::by_session(std::optional<Permission> permission, Endpoint endpoint) const {
  return guarded(*this, permission, std::move(endpoint), Callers::sessions);
}

http::GuardedHandler Gate::open(OpenEndpoint endpoint) const {
  http::GuardedHandler out;
  out.admit = [](const http::Request& req) -> Result<std::shared_ptr<const void>> {
    LL_CHECK(check_origin(req));
    return std::shared_ptr<const void>();
  };
  out.handler = [endpoint = std::move(endpoint)](http::Request& req) {
    auto run = [&]() -> Result<http::Response> {
      LL_CHECK(check_origin(req));
      return endpoint(req);
    };
    return render(run(), req);
  };
  return out;
}

Result<nlohmann::json> json_body(const http::Request& req) {
  std::string type = req.header("content-type");
  if (!type.empty() && type.find("application/json") == std::string::npos)
    return Error::invalid("body", "Content-Type must be application/json");
  return parse_json_body(req.body);
}

namespace {
std::optional<int64_t> to_int(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

Result<int64_t> path_id(const http::Request& req, const char* name) {
  auto it = req.params.find(name);
  auto v = it == req.params.end() ? std::nullopt : to_int(it->second);
  if (!v || *v <= 0) return Error::not_found("no such resource");
  return *v;
}

Result<std::optional<int64_t>> query_int(const http::Request& req, const char* name) {
  auto s = req.query_param(name);
  if (!s || s->empty()) return std::optional<int64_t>();
  auto v = to_int(*s);
  if (!v) return Error::invalid(name, "must be an integer");
  return std::optional<int64_t>(*v);
}

http::Response json(int status, const nlohmann::json& body) { return http::Response::json(status, body); }

std::string client_ip(const http::Request& req) {
  const std::string& a = req.remote_address;
  auto colon = a.rfind(':');
  return colon == std::string::npos ? a : a.substr(0, colon);
}

}  // namespace lifeline::app::api
