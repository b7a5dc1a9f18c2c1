// Small things every duty route file needs: optional query parameters, the
// If-Match version, the body read strictly (NUL and depth checked), the
// retry key of a phone POST, and an answer rendered as the service stored it.
#pragma once

#include <optional>
#include <string>

#include "app/api/gate.h"
#include "app/api/idempotency.h"
#include "app/duty/idempotent.h"
#include "app/duty/json.h"
#include "core/json_input.h"

namespace lifeline::app::duty::routes {

inline std::optional<std::string> param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// If-Match: "3" (or 3); absent means "whatever is there".
inline Result<std::optional<int64_t>> if_match(const http::Request& req) {
  std::string v = req.header("if-match");
  if (v.empty() || v == "*") return std::optional<int64_t>();
  if (v.starts_with("W/")) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.size() < 18 && v.find_first_not_of("0123456789") == std::string::npos)
    return std::optional<int64_t>(std::stoll(v));
  return Error::invalid("If-Match", "must be the version, e.g. \"3\"");
}

inline Result<nlohmann::json> body(const http::Request& req) {
  LL_TRY(auto b, api::json_body(req));
  LL_CHECK(check_body(b));
  return b;
}

inline Result<Retry> retry_of(const http::Request& req) {
  LL_TRY(auto key, api::idempotency_key(req));
  return Retry{key, api::request_fingerprint(req)};
}

inline http::Response answer(const http::Request& req, const Answer& a) {
  if (a.key_reused) return api::key_reused(req);
  if (a.replayed) return api::replay({a.status, a.body, true});
  http::Response r = http::Response::text(a.status, a.body, "application/json");
  return r;
}

}  // namespace lifeline::app::duty::routes
