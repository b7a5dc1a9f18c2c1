// /api/v1/work-orders... and /api/v1/repair/sla
#include "app/repair/module.h"
#include "core/json_input.h"

namespace lifeline::app::repair {

using http::Request;
using http::Response;
using nlohmann::json;

void add_work_order_routes(http::Router& router, const api::Gate& gate, Module& m) {
  WorkOrders& orders = m.work_orders;

  router.add("GET", "/api/v1/work-orders",
             gate(Permission::supply_read, [&orders](Request& req, const Actor& actor) -> Result<Response> {
               WorkOrderFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               f.kind = req.query_param("kind");
               if (f.kind && f.kind->empty()) f.kind.reset();
               f.state = req.query_param("state");
               if (f.state && f.state->empty()) f.state.reset();
               LL_TRY(auto list, orders.list(actor, f));
               return api::json(200, list);
             }));

  router.add("GET", "/api/v1/work-orders/{id}",
             gate(Permission::supply_read, [&orders](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto o, orders.get(actor, id));
               return api::json(200, o);
             }));

  // Disconnection orders for arrears; 409 (stored as deferred) while the emergency policy forbids them.
  router.add("POST", "/api/v1/work-orders",
             gate(Permission::repair_dispatch, [&orders](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewDisconnection d;
               in.choice("kind", {"disconnection"});
               auto org = in.integer("org_id", true, 1);
               auto account = in.text("account_no", {.max_len = 50});
               auto address = in.text("address", {.max_len = 200});
               auto reason = in.text("reason", {.max_len = 500});
               LL_CHECK(in.finish());
               d.org_id = *org;
               d.account_no = *account;
               d.address = *address;
               d.reason = *reason;
               LL_TRY(auto created, orders.create_disconnection(actor, d));
               if (!created.deferred) return api::json(201, created.order);
               Response res = Response::problem(Error::conflict(created.message), req);
               auto problem = json::parse(res.body, nullptr, false);
               if (!problem.is_discarded()) {
                 problem["work_order"] = created.order;
                 res.body = problem.dump();
               }
               return res;
             }));

  router.add("POST", "/api/v1/work-orders/{id}/transitions",
             gate(std::nullopt, [&orders](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               Transition t;
               auto to = in.text("to", {.max_len = 20});
               t.team_id = in.integer("team_id", false, 1);
               auto note = in.text("note", {.required = false, .max_len = 1000});
               auto reason = in.text("reason", {.required = false, .max_len = 500});
               t.photos = photos::read(in);
               LL_CHECK(in.finish());
               t.to = *to;
               if (note) t.note = *note;
               if (reason) t.reason = *reason;
               LL_TRY(auto o, orders.transition(actor, id, t));
               return api::json(200, o);
             }));

  router.add("POST", "/api/v1/work-orders/{id}/materials",
             gate(Permission::work_order_progress, [&orders](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto item = in.text("item", {.max_len = 100});
               auto quantity = in.number("quantity");
               auto unit = in.text("unit", {.max_len = 20});
               LL_CHECK(in.finish());
               LL_TRY(auto o, orders.add_material(actor, id, {*item, *unit, *quantity}));
               return api::json(201, o);
             }));

  router.add("POST", "/api/v1/work-orders/{id}/follow-up",
             gate(std::nullopt, [&orders](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto result = in.text("result", {.max_len = 500});
               auto satisfaction = in.integer("satisfaction", true, 1, 5);
               auto note = in.text("note", {.required = false, .max_len = 1000});
               LL_CHECK(in.finish());
               LL_TRY(auto o, orders.follow_up(actor, id, {*result, note.value_or(""), *satisfaction}));
               return api::json(200, o);
             }));
}

void add_sla_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Sla& sla = m.sla;
  router.add("GET", "/api/v1/repair/sla", gate(Permission::supply_read, [&sla](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto s, sla.get(actor, org));
               return api::json(200, s);
             }));
  router.add("PUT", "/api/v1/repair/sla", gate(Permission::repair_dispatch, [&sla](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto settings, parse_sla(body));
               LL_TRY(auto s, sla.put(actor, org, settings));
               return api::json(200, s);
             }));
}

}  // namespace lifeline::app::repair
