// The gate every API request passes: who is calling (session cookie or bearer
// token), CSRF and Origin checks on state-changing requests, the permission
// the endpoint needs, and mapping of errors to problem+json. Routes stay
// thin: parse, call a service, render.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/accounts/service.h"
#include "app/accounts/session_cache.h"
#include "app/actor.h"
#include "core/result.h"
#include "core/url.h"
#include "http/router.h"

namespace lifeline::app::api {

inline constexpr const char* kSessionCookie = "ll_session";

using Endpoint = std::function<Result<http::Response>(http::Request&, const Actor&)>;
using OpenEndpoint = std::function<Result<http::Response>(http::Request&)>;

class Gate {
 public:
  // `sessions`: authenticate through the cache (Platform passes one); null: ask the service each time.
  Gate(accounts::Service& accounts, const Config& config, accounts::SessionCache* sessions = nullptr)
      : accounts_(accounts), config_(config), sessions_(sessions) {}

  // An endpoint for authenticated callers holding `permission` (if given).
  // Its admission check decides on the headers, before a body is read.
  http::GuardedHandler operator()(std::optional<Permission> permission, Endpoint endpoint) const;
  // Account and token management: a login session only, never an API token
  // (a token must not change the password or the tokens of its account).
  http::GuardedHandler by_session(std::optional<Permission> permission, Endpoint endpoint) const;
  // An endpoint without authentication (login); still Origin-checked.
  http::GuardedHandler open(OpenEndpoint endpoint) const;
  // Authentication and CSRF alone, for streams.
  Result<Actor> authenticate(const http::Request& request) const;

  const Config& config() const { return config_; }
  accounts::Service& accounts() const { return accounts_; }

 private:
  accounts::Service& accounts_;
  const Config& config_;
  accounts::SessionCache* sessions_;
};

// Request helpers for routes.
Result<nlohmann::json> json_body(const http::Request& request);
Result<int64_t> path_id(const http::Request& request, const char* name = "id");
Result<std::optional<int64_t>> query_int(const http::Request& request, const char* name);
http::Response json(int status, const nlohmann::json& body);
// Where people reach this server, for absolute links (a check-in QR code):
// public_base_url, else http://host:port of the listener; an error when no
// public_base_url is set and the server listens on every address.
Result<HttpUrl> public_base(const Config& config);
// The client's IP without the port (throttling and audit count addresses, not connections).
std::string client_ip(const http::Request& request);

}  // namespace lifeline::app::api
