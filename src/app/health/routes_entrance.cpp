// /api/v1/health/entrance-checks
#include "app/health/module.h"
#include "core/json_input.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

void add_entrance_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Entrance& entrance = m.entrance;

  router.add("POST", "/api/v1/health/entrance-checks",
             gate(Permission::health_manage, [&entrance](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewEntranceCheck c;
               auto org = in.integer("org_id", true, 1);
               c.employee_no = in.text("employee_no", {.required = false, .max_len = 50});
               c.staff_id = in.integer("staff_id", false, 1);
               auto temperature = in.number("temperature");
               c.at = in.instant("at", false);
               const nlohmann::json* visitor = in.raw("visitor", false);
               std::optional<Visitor> v;
               Status visitor_status;
               if (visitor && !visitor->is_null()) {
                 if (!visitor->is_object()) {
                   in.fail("visitor", "must be an object {name, phone, purpose, host}");
                 } else {
                   JsonInput vin(*visitor, "visitor/");
                   auto name = vin.text("name", {.max_len = 100});
                   Visitor x;
                   x.phone = vin.text("phone", {.required = false, .max_len = 30});
                   x.purpose = vin.text("purpose", {.required = false, .max_len = 200});
                   x.host = vin.text("host", {.required = false, .max_len = 100});
                   visitor_status = vin.finish();
                   if (name) x.name = *name;
                   v = x;
                 }
               }
               auto status = in.finish();
               if (!status || !visitor_status) {
                 std::vector<FieldError> errors;
                 if (!status) errors = status.error().fields;
                 if (!visitor_status)
                   errors.insert(errors.end(), visitor_status.error().fields.begin(),
                                 visitor_status.error().fields.end());
                 return Error::invalid(std::move(errors));
               }
               c.org_id = *org;
               c.temperature = *temperature;
               c.visitor = v;
               LL_TRY(auto recorded, entrance.record(actor, c));
               auto j = to_json(recorded, true);
               return api::json(201, j);
             }));

  router.add("GET", "/api/v1/health/entrance-checks",
             gate(Permission::health_records, [&entrance](Request& req, const Actor& actor) -> Result<Response> {
               EntranceFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               f.date = req.query_param("date");
               if (f.date && f.date->empty()) f.date.reset();
               auto alert = req.query_param("alert");
               if (alert && !alert->empty() && *alert != "true" && *alert != "false")
                 return Error::invalid("alert", "must be true or false");
               f.alert_only = alert && *alert == "true";
               LL_TRY(auto list, entrance.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& c : list.items) items.push_back(to_json(c, false));
               return api::json(200, {{"date", list.date},
                                      {"items", items},
                                      {"counts",
                                       {{"total", list.items.size()},
                                        {"alerts", list.alerts},
                                        {"visitors", list.visitors}}}});
             }));
}

}  // namespace lifeline::app::health
