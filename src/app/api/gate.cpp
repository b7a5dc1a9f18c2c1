#include "app/api/gate.h"

#include <charconv>
#include <spdlog/spdlog.h>

#include "app/accounts/secrets.h"
#include "core/json_input.h"
#include "http/media_type.h"

namespace lifeline::app::api {

namespace {

bool is_safe(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// This site's origin as a browser names it: the public base URL's, else the
// Host header's with the scheme the deployment uses (https behind TLS, where
// cookie_secure is set). Empty when the Host header is no host.
std::string own_origin(const http::Request& req, const Config& config) {
  if (!config.public_base_url.empty()) {
    auto url = parse_base_url(config.public_base_url, "public_base_url");
    return url ? url->origin() : std::string();
  }
  auto own = parse_origin(std::string(config.cookie_secure ? "https" : "http") + "://" + req.header("host"));
  return own ? own->origin() : std::string();
}

// A browser sends Origin on cross-site requests; refuse any whose scheme, host
// or port is not this site's.
Status check_origin(const http::Request& req, const Config& config) {
  std::string origin = req.header("origin");
  if (origin.empty() || is_safe(req.method)) return {};
  auto given = parse_origin(origin);
  if (!given || given->origin() != own_origin(req, config)) return Error::forbidden("cross-origin request refused");
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
    const std::string token = authorization.substr(7);
    LL_TRY(actor, sessions_ ? sessions_->authenticate_bearer(token) : accounts_.authenticate_bearer(token));
  } else {
    auto cookie = req.cookie(kSessionCookie);
    if (!cookie) return Error::unauthenticated();
    LL_TRY(auto session, sessions_ ? sessions_->authenticate_session(*cookie) : accounts_.authenticate_session(*cookie));
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
  LL_CHECK(check_origin(req, gate.config()));
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
  out.admit = [this](const http::Request& req) -> Result<std::shared_ptr<const void>> {
    LL_CHECK(check_origin(req, config_));
    return std::shared_ptr<const void>();
  };
  out.handler = [this, endpoint = std::move(endpoint)](http::Request& req) {
    auto run = [&]() -> Result<http::Response> {
      LL_CHECK(check_origin(req, config_));
      return endpoint(req);
    };
    return render(run(), req);
  };
  return out;
}

Result<nlohmann::json> json_body(const http::Request& req) {
  // A cross-site form can post text/plain without a preflight; only a real
  // application/json (as a media type, not a substring) is read.
  std::string type = req.header("content-type");
  if (!type.empty()) {
    auto media = http::parse_media_type(type);
    if (!media || !media->is_json()) return Error::invalid("body", "Content-Type must be application/json");
  }
  return parse_json_body(req.body);
}

Result<HttpUrl> public_base(const Config& config) {
  if (!config.public_base_url.empty()) return parse_base_url(config.public_base_url, "public_base_url");
  if (config.host.empty() || config.host == "0.0.0.0" || config.host == "::" || config.host == "[::]")
    return Error::conflict("the server listens on every address: set public_base_url to the address phones open");
  return parse_base_url("http://" + (config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host) +
                            ":" + std::to_string(config.port),
                        "host");
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
