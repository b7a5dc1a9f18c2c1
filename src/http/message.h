// Plain request and response values. No Beast types here: only server.cpp
// and client.cpp include Boost.Beast, so the rest of the code compiles fast.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace lifeline::http {

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // as received: path?query
  std::string path;                               // percent-decoded, no query
  std::map<std::string, std::string> query;       // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::map<std::string, std::string> params;      // from the route pattern: {id}
  std::string remote_address;
  std::string request_id;                         // X-Request-Id (given or generated)
  // What the route's admission check decided on the headers (see Router's
  // Admission); null when none ran.
  std::shared_ptr<const void> admitted;

  std::string header(std::string_view name) const;  // "" when absent; name any case
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void set_header(std::string name, std::string value);
  std::string header(std::string_view name) const;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
  // RFC 9457 problem+json: type, title, status, detail, instance, request_id,
  // and "errors": [{"field", "message"}] for per-field problems.
  static Response problem(const Error& error, const Request& request);
};

// The HTTP status an error code maps to.
int status_for(ErrorCode code);
// Retry-After of a 429 or 503 problem: the error's own, else 60 s (throttled) or 5 s (busy).
int retry_after_seconds(const Error& error);

}  // namespace lifeline::http
