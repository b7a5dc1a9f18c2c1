// /api/v1/hotline/calls...: logging, the list, one call, its transitions and
// the audited reveal of the caller's number.
#include "app/hotline/module.h"
#include "app/hotline/phone.h"
#include "core/json_input.h"

namespace lifeline::app::hotline {

using http::Request;
using http::Response;

namespace {

std::optional<std::string> param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

}  // namespace

Result<nlohmann::json> call_json(Module& m, const Actor& actor, const Call& c) {
  LL_TRY(auto nearby, m.grouping.candidates(actor, c));
  return to_json(c, m.calls.now(), nearby);
}

void add_call_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("POST", "/api/v1/hotline/calls",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewCall c;
               c.org_id = in.integer("org_id", false, 1);
               c.received_at = in.instant("received_at", false);
               auto phone = in.text("caller_phone", {.max_len = 40});
               auto category = in.choice("category", {"no_water", "low_pressure", "burst_leak", "quality", "billing",
                                                      "epidemic_policy", "other"});
               auto address = in.text("address", {.required = false, .max_len = 200});
               auto summary = in.text("summary", {.max_len = 1000});
               c.x = in.number("x", false);
               c.y = in.number("y", false);
               // The service checks these too; here they join the other fields' errors.
               if (phone && !normalise_phone(*phone)) in.fail("caller_phone", "not a Chinese mobile or landline number");
               if (c.x.has_value() != c.y.has_value()) in.fail(c.x ? "y" : "x", "give both x and y, or neither");
               LL_CHECK(in.finish());
               c.caller_phone = *phone;
               c.category = *category;
               c.address = address.value_or("");
               c.summary = *summary;
               LL_TRY(auto logged, m.calls.log(actor, c));
               LL_TRY(auto j, call_json(m, actor, logged));
               return api::json(201, j);
             }));

  router.add("GET", "/api/v1/hotline/calls",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               CallFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               f.state = param(req, "state");
               f.from = param(req, "from");
               f.to = param(req, "to");
               f.q = param(req, "q");
               LL_TRY(auto list, m.calls.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& c : list.items) items.push_back(to_json(c, m.calls.now()));
               return api::json(200, {{"items", items},
                                      {"counts",
                                       {{"total", list.total},
                                        {"open", list.open},
                                        {"handled", list.handled},
                                        {"transferred", list.transferred},
                                        {"closed", list.closed}}}});
             }));

  router.add("GET", "/api/v1/hotline/calls/{id}",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto c, m.calls.get(actor, id));
               LL_TRY(auto j, call_json(m, actor, c));
               return api::json(200, j);
             }));

  router.add("POST", "/api/v1/hotline/calls/{id}/transitions",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               Transition t;
               auto to = in.choice("to", {"handled", "transferred", "closed"});
               t.note = in.text("note", {.required = false, .max_len = 1000});
               t.transferred_to = in.text("transferred_to", {.required = false, .max_len = 200});
               t.resolution = in.text("resolution", {.required = false, .max_len = 1000});
               LL_CHECK(in.finish());
               t.to = *to;
               LL_TRY(auto c, m.calls.transition(actor, id, t));
               LL_TRY(auto j, call_json(m, actor, c));
               return api::json(200, j);
             }));

  router.add("GET", "/api/v1/hotline/calls/{id}/caller",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto phone, m.calls.caller(actor, id));
               Response r = api::json(200, {{"caller_phone", phone}});
               r.set_header("Cache-Control", "no-store");
               return r;
             }));
}

}  // namespace lifeline::app::hotline
