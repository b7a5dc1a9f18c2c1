// /api/v1/quality/exceedances: the list, one case with its retests and
// samples, and the written cause and action.
#include "app/quality/module.h"
#include "core/json_input.h"

namespace lifeline::app::quality {

using http::Request;
using http::Response;

void add_exceedance_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/quality/exceedances",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               ExceedanceFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.point, api::query_int(req, "point"));
               if (auto s = req.query_param("state"); s && !s->empty()) f.state = *s;
               LL_TRY(auto list, m.exceedances.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : list) items.push_back(to_json(e));
               return api::json(200, {{"items", items}});
             }));

  router.add("GET", "/api/v1/quality/exceedances/{id}",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto v, m.exceedances.get(actor, id));
               nlohmann::json j = to_json(v.exceedance);
               nlohmann::json retests = nlohmann::json::array();
               for (const auto& t : v.retests) retests.push_back(to_json(t));
               nlohmann::json samples = nlohmann::json::array();
               for (const auto& s : v.samples) samples.push_back(to_json(s));
               j["retests"] = retests;
               j["samples"] = samples;
               return api::json(200, j);
             }));

  router.add("POST", "/api/v1/quality/exceedances/{id}/cause",
             gate(Permission::quality_approve, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_CHECK(refuse_nul(body));
               JsonInput in(body);
               auto cause = in.text("cause", {.max_len = 2000});
               auto action = in.text("action", {.max_len = 2000});
               LL_CHECK(in.finish());
               LL_TRY(auto e, m.exceedances.set_cause(actor, id, *cause, *action));
               return api::json(200, to_json(e));
             }));
}

}  // namespace lifeline::app::quality
