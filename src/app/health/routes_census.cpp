// /api/v1/health/census, /missing and /summary: counts for a unit subtree.
#include "app/health/module.h"
#include "core/json_input.h"
#include "sheets/table.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

namespace {
std::optional<std::string> param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}
}  // namespace

void add_census_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/health/census",
             gate(Permission::health_census, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto t, m.census.table(actor, org, param(req, "date")));
               return api::json(200, to_json(t));
             }));

  router.add("GET", "/api/v1/health/census/trend",
             gate(Permission::health_census, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto j, m.census.trend(actor, org, param(req, "from"), param(req, "to")));
               return api::json(200, j);
             }));

  router.add("GET", "/api/v1/health/census/export.xlsx",
             gate(Permission::health_census, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               auto date = param(req, "date");
               LL_TRY(auto bytes, m.census.export_xlsx(actor, org, date, param(req, "from"), param(req, "to")));
               Response r = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               r.set_header("Content-Disposition",
                            "attachment; filename=\"census-" + date.value_or("today") + ".xlsx\"");
               return r;
             }));

  router.add("GET", "/api/v1/health/missing",
             gate(Permission::health_census, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto j, m.census.missing(actor, org, param(req, "date")));
               return api::json(200, j);
             }));

  router.add("POST", "/api/v1/health/missing/remind",
             gate(Permission::health_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto org = in.integer("org", false, 1);
               auto date = in.text("date", {.required = false, .max_len = 10});
               LL_CHECK(in.finish());
               LL_TRY(auto j, m.census.remind(actor, org, date));
               return api::json(200, j);
             }));

  router.add("GET", "/api/v1/health/summary",
             gate(Permission::health_census, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto j, m.census.summary(actor, org, param(req, "date")));
               return api::json(200, j);
             }));
}

}  // namespace lifeline::app::health
