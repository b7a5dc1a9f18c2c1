// /api/v1/hotline/calls/{id}/incident: a call becomes (or joins) an incident.
#include "app/hotline/module.h"
#include "core/json_input.h"

namespace lifeline::app::hotline {

using http::Request;
using http::Response;

void add_grouping_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("POST", "/api/v1/hotline/calls/{id}/incident",
             gate(Permission::hotline_take, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               IncidentRequest r;
               if (!req.body.empty()) {
                 LL_TRY(auto body, api::json_body(req));
                 JsonInput in(body);
                 r.incident_id = in.integer("incident_id", false, 1);
                 r.force_new = in.boolean("new", false).value_or(false);
                 r.type = in.choice("type", {"burst", "leak", "no_water", "low_pressure", "quality_complaint",
                                             "equipment_failure", "other"},
                                    false);
                 r.link = in.text("link", {.required = false, .max_len = 100});
                 r.node = in.text("node", {.required = false, .max_len = 100});
                 r.area = in.choice("area", {"urban", "suburban"}, false);
                 r.description = in.text("description", {.required = false, .max_len = 2000});
                 if (r.incident_id && (r.force_new || r.type || r.link || r.node || r.area || r.description))
                   in.fail("incident_id", "link to an incident, or describe a new one: not both");
                 LL_CHECK(in.finish());
               }
               LL_TRY(auto linked, m.grouping.to_incident(actor, id, r));
               LL_TRY(auto call, call_json(m, actor, linked.call));
               return api::json(linked.grouped || r.incident_id ? 200 : 201,
                                {{"call", call}, {"incident", linked.incident}, {"grouped", linked.grouped}});
             }));
}

}  // namespace lifeline::app::hotline
