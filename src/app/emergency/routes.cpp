// /api/v1/emergencies and /api/v1/emergency-policy
#include "app/api/routes.h"
#include "app/emergency/service.h"
#include "core/json_input.h"

namespace lifeline::app {

using http::Request;
using http::Response;

void add_emergency_routes(http::Router& router, const api::Gate& gate, emergency::Service& service) {
  router.add("GET", "/api/v1/emergencies",
             gate(Permission::emergency_read, [&service](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto list, service.list(actor, req.query_param("status")));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : list) items.push_back(emergency::to_json(e));
               return api::json(200, {{"items", items}});
             }));

  router.add("GET", "/api/v1/emergencies/{id}",
             gate(Permission::emergency_read, [&service](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto e, service.get(actor, id));
               return api::json(200, emergency::to_json(e));
             }));

  router.add("POST", "/api/v1/emergencies",
             gate(Permission::emergency_declare, [&service](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               emergency::NewEmergency e;
               auto name = in.text("name", {.max_len = 200});
               auto level = in.choice("level", {"I", "II", "III", "IV"});
               auto ids = in.integer_list("org_ids", false);
               e.region = in.text("region", {.required = false, .max_len = 200});
               e.started_at = in.instant("started_at", false);
               LL_CHECK(in.finish());
               e.name = *name;
               e.level = *level;
               if (ids) e.org_ids = *ids;
               LL_TRY(auto declared, service.declare(actor, e));
               return api::json(201, emergency::to_json(declared));
             }));

  router.add("PATCH", "/api/v1/emergencies/{id}",
             gate(Permission::emergency_declare, [&service](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               emergency::EmergencyPatch p;
               p.name = in.text("name", {.required = false, .max_len = 200});
               p.level = in.choice("level", {"I", "II", "III", "IV"}, false);
               p.region = in.nullable_text("region", {.max_len = 200});
               p.note = in.text("note", {.required = false, .max_len = 1000});
               LL_CHECK(in.finish());
               LL_TRY(auto changed, service.change(actor, id, p));
               return api::json(200, emergency::to_json(changed));
             }));

  router.add("POST", "/api/v1/emergencies/{id}/end",
             gate(Permission::emergency_declare, [&service](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto reason = in.text("reason", {.max_len = 1000});
               LL_CHECK(in.finish());
               LL_TRY(auto ended, service.end(actor, id, *reason));
               return api::json(200, emergency::to_json(ended));
             }));

  router.add("GET", "/api/v1/emergency-policy",
             gate(Permission::emergency_read, [&service](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto active, service.policy_for(actor));
               nlohmann::json current = {{"org_id", actor.org_id}, {"emergency", nullptr}, {"policy", nullptr}};
               if (active) {
                 current["emergency"] = emergency::to_json(active->emergency);
                 current["policy"] = emergency::to_json(active->policy);
               }
               return api::json(200, {{"levels", emergency::policy_table_json()}, {"active", current}});
             }));
}

}  // namespace lifeline::app
