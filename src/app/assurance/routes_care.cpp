// /api/v1/priority-customers/{id}/care-plan and /patrols.
#include "app/assurance/module.h"
#include "core/json_input.h"

namespace lifeline::app::assurance {

using http::Request;
using http::Response;

namespace {
// Nine phone pictures of up to 2 MiB each, in base64, and the rest of the body.
constexpr size_t kPatrolBytes = photos::kMaxPhotos * (photos::kMaxPhotoBytes / 3 * 4 + 1024) + 64 * 1024;
}  // namespace

void add_care_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Care& care = m.care;

  router.add("PUT", "/api/v1/priority-customers/{id}/care-plan",
             gate(Permission::supply_manage, [&care](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               CarePlan p;
               auto per_day = in.integer("patrols_per_day", true, 0, 24);
               auto pressure = in.boolean("pressure_check", false);
               auto contact = in.text("contact_on_call", {.required = false, .max_len = 100});
               auto measures = in.text("measures", {.required = false, .max_len = 2000});
               LL_CHECK(in.finish());
               p.patrols_per_day = *per_day;
               p.pressure_check = pressure.value_or(false);
               p.contact_on_call = contact;
               p.measures = measures.value_or("");
               LL_TRY(auto plan, care.put_plan(actor, id, p));
               return api::json(200, to_json(plan));
             }));

  router.add("GET", "/api/v1/priority-customers/{id}/patrols",
             gate(Permission::supply_read, [&care](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto limit, api::query_int(req, "limit"));
               if (limit && (*limit < 1 || *limit > 500)) return Error::invalid("limit", "must be between 1 and 500");
               LL_TRY(auto list, care.patrols(actor, id, limit.value_or(100)));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& p : list) items.push_back(to_json(p, actor.can(Permission::supply_manage)));
               return api::json(200, {{"items", items}});
             }));

  router.add(
      "POST", "/api/v1/priority-customers/{id}/patrols",
      gate(Permission::patrol_record,
           [&care](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(int64_t id, api::path_id(req));
             LL_TRY(auto body, api::json_body(req));
             JsonInput in(body);
             NewPatrol p;
             p.done_at = in.instant("done_at", false);
             auto ok = in.boolean("ok");
             p.pressure_m = in.number("pressure_m", false);
             auto findings = in.text("findings", {.required = false, .max_len = 2000});
             p.photos = photos::read(in);
             LL_CHECK(in.finish());
             p.ok = *ok;
             p.findings = findings.value_or("");
             LL_TRY(auto patrol, care.record(actor, id, p));
             return api::json(201, to_json(patrol));
           }),
      kPatrolBytes);
}

}  // namespace lifeline::app::assurance
