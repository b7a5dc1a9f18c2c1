// /api/v1/incidents...
#include "app/repair/module.h"
#include "core/json_input.h"
#include "core/time.h"

namespace lifeline::app::repair {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Result<std::optional<Instant>> query_instant(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<Instant>();
  LL_TRY(Instant t, parse_instant(*v, name));
  return std::optional<Instant>(t);
}

}  // namespace

void add_incident_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Incidents& incidents = m.incidents;

  router.add("POST", "/api/v1/incidents",
             gate(Permission::incident_report, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewIncident n;
               auto org = in.integer("org_id", true, 1);
               auto type = in.choice("type", {"burst", "leak", "no_water", "low_pressure", "quality_complaint",
                                              "equipment_failure", "other"});
               auto source = in.choice("source", {"hotline", "patrol", "staff", "sensor"}, false);
               n.network_id = in.integer("network_id", false, 1);
               n.link = in.text("link", {.required = false, .max_len = 64});
               n.node = in.text("node", {.required = false, .max_len = 64});
               n.x = in.number("x", false);
               n.y = in.number("y", false);
               auto address = in.text("address", {.required = false, .max_len = 200});
               auto area = in.choice("area", {"urban", "suburban"}, false);
               n.diameter_mm = in.number("diameter_mm", false);
               n.heavy = in.boolean("heavy", false).value_or(false);
               auto description = in.text("description", {.required = false, .max_len = 2000});
               n.reported_at = in.instant("reported_at", false);
               n.photos = photos::read(in);
               LL_CHECK(in.finish());
               n.org_id = *org;
               n.type = *type;
               if (source) n.source = *source;
               if (address) n.address = *address;
               if (area) n.area = *area;
               if (description) n.description = *description;
               LL_TRY(auto created, incidents.create(actor, n));
               return api::json(201, created);
             }));

  router.add("GET", "/api/v1/incidents",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               IncidentFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               if (auto s = req.query_param("state"); s && !s->empty()) f.state = *s;
               LL_TRY(f.from, query_instant(req, "from"));
               LL_TRY(f.to, query_instant(req, "to"));
               f.type = req.query_param("type");
               if (f.type && f.type->empty()) f.type.reset();
               LL_TRY(auto list, incidents.list(actor, f));
               return api::json(200, list);
             }));

  router.add("GET", "/api/v1/incidents/{id}",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto i, incidents.get(actor, id));
               return api::json(200, i);
             }));

  router.add("GET", "/api/v1/incidents/{id}/dispatch-suggestions",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, incidents.dispatch_suggestions(actor, id));
               return api::json(200, s);
             }));

  router.add("GET", "/api/v1/incidents/{id}/outage-notice",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, incidents.outage_notice(actor, id));
               return api::json(200, s);
             }));
}

}  // namespace lifeline::app::repair
