// /api/v1/supplies/requests...: asking, approving (fully or partly, a second
// approval for large requests), issuing, confirming receipt.
#include "app/supplies/module.h"
#include "core/json_input.h"

namespace lifeline::app::supplies {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

std::optional<std::vector<NewRequestLine>> read_lines(JsonInput& in, bool required) {
  const json* raw = in.raw("lines", required);
  if (!raw) return std::nullopt;
  std::vector<NewRequestLine> out;
  if (!raw->is_array() || raw->size() > 50) {
    in.fail("lines", "must be an array of at most 50 {item_id, quantity, unit}");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    JsonInput l((*raw)[i], "lines/" + std::to_string(i) + "/");
    NewRequestLine line;
    line.item_id = l.integer("item_id", true, 1);
    line.quantity = l.number("quantity");
    line.unit = l.text("unit", {.required = false, .max_len = 20});
    if (auto st = l.finish(); !st) {
      for (const auto& f : st.error().fields) in.fail(f.field, f.message);
      continue;
    }
    out.push_back(line);
  }
  return out;
}

// POST /requests/{id}/<action>: an optional JSON body with `reason` or `note`.
Result<std::optional<std::string>> text_field(const Request& req, const char* name) {
  if (req.body.empty()) return std::optional<std::string>();
  LL_TRY(auto body, body_of(req));
  JsonInput in(body);
  auto v = in.text(name, {.required = false, .max_len = 500});
  LL_CHECK(in.finish());
  return v;
}

}  // namespace

void add_request_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/supplies/requests",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               RequestFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.warehouse_id, api::query_int(req, "warehouse_id"));
               f.state = query_text(req, "state");
               LL_TRY(auto list, m.requests.list(actor, f));
               json items = json::array();
               for (const auto& r : list) items.push_back(to_json(r));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/supplies/requests",
             gate(Permission::supplies_request, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, body_of(req));
               JsonInput in(body);
               NewRequest r;
               r.org_id = in.integer("org_id", false, 1);
               r.warehouse_id = in.integer("warehouse_id", false, 1);
               auto purpose = in.text("purpose", {.max_len = 200});
               r.needed_by = in.text("needed_by", {.required = false, .max_len = 10});
               auto lines = read_lines(in, true);
               LL_CHECK(in.finish());
               r.purpose = *purpose;
               r.lines = *lines;
               LL_TRY(auto created, m.requests.create(actor, r));
               return api::json(201, to_json(created));
             }));

  router.add("GET", "/api/v1/supplies/requests/{id}",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto r, m.requests.get(actor, id));
               return api::json(200, to_json(r));
             }));

  router.add("POST", "/api/v1/supplies/requests/{id}/approve",
             gate(Permission::supplies_approve, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               Approval a;
               if (!req.body.empty()) {
                 LL_TRY(auto body, body_of(req));
                 JsonInput in(body);
                 a.lines = read_lines(in, false);
                 a.note = in.text("note", {.required = false, .max_len = 500});
                 a.issue = in.boolean("issue", false).value_or(false);
                 LL_CHECK(in.finish());
               }
               std::optional<Shortfall> shortfall;
               auto r = m.requests.approve(actor, id, a, &shortfall);
               if (!r && shortfall && r.error().code == ErrorCode::conflict)
                 return shortfall_problem(r.error(), *shortfall, req);
               if (!r) return r.error();
               return api::json(200, to_json(*r));
             }));

  router.add("POST", "/api/v1/supplies/requests/{id}/reject",
             gate(Permission::supplies_approve, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto reason, text_field(req, "reason"));
               LL_TRY(auto r, m.requests.reject(actor, id, reason.value_or("")));
               return api::json(200, to_json(r));
             }));

  router.add("POST", "/api/v1/supplies/requests/{id}/issue",
             gate(Permission::supplies_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               std::optional<Shortfall> shortfall;
               auto r = m.requests.issue(actor, id, &shortfall);
               if (!r && shortfall && r.error().code == ErrorCode::conflict)
                 return shortfall_problem(r.error(), *shortfall, req);
               if (!r) return r.error();
               return api::json(200, to_json(*r));
             }));

  router.add("POST", "/api/v1/supplies/requests/{id}/confirm",
             gate(Permission::supplies_request, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto r, m.requests.confirm(actor, id));
               return api::json(200, to_json(r));
             }));

  router.add("POST", "/api/v1/supplies/requests/{id}/cancel",
             gate(Permission::supplies_request, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto reason, text_field(req, "reason"));
               LL_TRY(auto r, m.requests.cancel(actor, id, reason.value_or("")));
               return api::json(200, to_json(r));
             }));
}

}  // namespace lifeline::app::supplies
