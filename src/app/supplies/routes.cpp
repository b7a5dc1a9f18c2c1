#include "app/supplies/module.h"

namespace lifeline::app::supplies {

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_catalog_routes(router, gate, m);
  add_movement_routes(router, gate, m);
  add_stock_routes(router, gate, m);
  add_request_routes(router, gate, m);
  add_support_routes(router, gate, m);
}

Result<nlohmann::json> body_of(const http::Request& req) {
  LL_TRY(auto body, api::json_body(req));
  constexpr size_t kMaxDepth = 32;
  struct At {
    const nlohmann::json* value;
    std::string path;
    size_t depth;
  };
  auto name = [](const std::string& path) { return path.empty() ? std::string("body") : path; };
  auto join = [](const std::string& path, const std::string& key) { return path.empty() ? key : path + "/" + key; };
  std::vector<At> todo{{&body, "", 0}};
  while (!todo.empty()) {
    At at = std::move(todo.back());
    todo.pop_back();
    const auto& v = *at.value;
    if (v.is_string()) {
      if (v.get_ref<const std::string&>().find('\0') != std::string::npos)
        return Error::invalid(name(at.path), "must not contain NUL characters");
      continue;
    }
    if (!v.is_object() && !v.is_array()) continue;
    if (at.depth >= kMaxDepth) return Error::invalid(name(at.path), "is nested too deeply");
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key().find('\0') != std::string::npos)
          return Error::invalid(name(at.path), "has a member name with a NUL character");
        todo.push_back({&it.value(), join(at.path, it.key()), at.depth + 1});
      }
    } else {
      for (size_t i = 0; i < v.size(); ++i) todo.push_back({&v[i], join(at.path, std::to_string(i)), at.depth + 1});
    }
  }
  return body;
}

std::optional<std::string> query_text(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<std::optional<Retry>> retry_of(const http::Request& req) {
  LL_TRY(auto key, api::idempotency_key(req));
  if (!key) return std::optional<Retry>();
  return std::optional<Retry>(Retry{*key, api::request_fingerprint(req)});
}

http::Response shortfall_problem(const Error& error, const Shortfall& s, const http::Request& req) {
  http::Response r = http::Response::problem(error, req);
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (body.is_object()) {
    body["item_id"] = s.item_id;
    body["item"] = s.item;
    body["warehouse"] = s.warehouse;
    body["on_hand"] = from_milli(s.on_hand_milli);
    body["requested"] = from_milli(s.requested_milli);
    body["unit"] = s.unit;
    body["lot_no"] = s.lot_no ? nlohmann::json(*s.lot_no) : nlohmann::json();
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return r;
}

Result<http::Response> recorded_response(const Result<Recorded>& r, const std::optional<Shortfall>& shortfall,
                                         const http::Request& req) {
  if (!r) {
    if (shortfall && r.error().code == ErrorCode::conflict) return shortfall_problem(r.error(), *shortfall, req);
    return r.error();
  }
  if (r->key_reused) return api::key_reused(req);
  if (r->replayed) return api::replay({r->status, r->body, true});
  return http::Response::text(r->status, r->body, "application/json");
}

}  // namespace lifeline::app::supplies
