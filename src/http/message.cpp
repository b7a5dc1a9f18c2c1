#include "http/message.h"

#include <algorithm>
#include <cctype>

namespace lifeline::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const char* title_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid: return "The request is invalid";
    case ErrorCode::not_found: return "Not found";
    case ErrorCode::conflict: return "Conflict with the current state";
    case ErrorCode::precondition_failed: return "Precondition failed";
    case ErrorCode::unauthenticated: return "Login required";
    case ErrorCode::forbidden: return "Forbidden";
    case ErrorCode::too_many_requests: return "Too many requests";
    case ErrorCode::payload_too_large: return "Payload too large";
    case ErrorCode::unavailable: return "Service unavailable";
    case ErrorCode::internal: return "Internal error";
  }
  return "Internal error";
}

}  // namespace

std::string Request::header(std::string_view name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  // "a=1; b=2" (RFC 6265 cookie-string); values may be quoted.
  std::string_view rest = headers.count("cookie") ? std::string_view(headers.at("cookie")) : std::string_view();
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (iequals(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string Response::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return {};
}

Response Response::json(int status, const nlohmann::json& body) {
  // Invalid UTF-8 from stored data must not turn a good answer into a 500.
  return text(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::problem(const Error& error, const Request& request) {
  const bool internal = error.code == ErrorCode::internal;
  nlohmann::json body = {
      {"type", internal ? std::string("about:blank") : std::string("/problems/") + to_string(error.code)},
      {"title", title_for(error.code)},
      {"status", status_for(error.code)},
      // An internal message may name tables, files or SQL: people get the request id instead.
      {"detail", internal ? "An unexpected error occurred. Quote the request id when reporting it."
                          : error.message},
      {"instance", request.path},
      {"request_id", request.request_id},
      {"code", to_string(error.code)},
  };
  nlohmann::json errors = nlohmann::json::array();
  if (!internal) {
    for (const auto& f : error.fields) errors.push_back({{"field", f.field}, {"message", f.message}});
  }
  body["errors"] = std::move(errors);
  Response r = json(status_for(error.code), body);
  r.set_header("Content-Type", "application/problem+json");
  // Every 429 and 503 says when to come back, so clients back off instead of hammering.
  if (error.code == ErrorCode::too_many_requests || error.code == ErrorCode::unavailable)
    r.set_header("Retry-After", std::to_string(retry_after_seconds(error)));
  return r;
}

int retry_after_seconds(const Error& error) {
  if (error.retry_after_s > 0) return error.retry_after_s;
  return error.code == ErrorCode::too_many_requests ? 60 : 5;
}

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid: return 400;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::precondition_failed: return 412;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::too_many_requests: return 429;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

}  // namespace lifeline::http
