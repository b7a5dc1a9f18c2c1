// /api/v1/hotline/stats and its spreadsheet: counts only (hotline.stats).
#include "app/hotline/module.h"
#include "sheets/table.h"

namespace lifeline::app::hotline {

using http::Request;
using http::Response;

namespace {

Result<StatsQuery> query(const Request& req) {
  StatsQuery q;
  LL_TRY(q.org, api::query_int(req, "org"));
  for (auto [name, field] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    auto v = req.query_param(name);
    if (v && !v->empty()) *field = *v;
  }
  return q;
}

}  // namespace

void add_stats_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/hotline/stats",
             gate(Permission::hotline_stats, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto q, query(req));
               LL_TRY(auto r, m.stats.report(actor, q));
               return api::json(200, to_json(r));
             }));

  router.add("GET", "/api/v1/hotline/stats/export.xlsx",
             gate(Permission::hotline_stats, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto q, query(req));
               LL_TRY(auto r, m.stats.report(actor, q));
               LL_TRY(auto bytes, to_xlsx(r));
               Response out = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               out.set_header("Content-Disposition",
                              "attachment; filename=\"hotline-" + r.from + "-" + r.to + ".xlsx\"");
               return out;
             }));
}

}  // namespace lifeline::app::hotline
