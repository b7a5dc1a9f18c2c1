// /api/v1/quality/compliance, /trend, /customers/{id}/chlorine and the monthly
// disclosure table as JSON, XLSX and PDF.
#include "app/quality/module.h"
#include "sheets/table.h"

namespace lifeline::app::quality {

using http::Request;
using http::Response;

namespace {

std::optional<std::string> param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<Disclosure> disclosure_of(Module& m, Request& req, const Actor& actor) {
  LL_TRY(auto org, api::query_int(req, "org"));
  auto month = param(req, "month");
  if (!month) return Error::invalid("month", "give the month (YYYY-MM)");
  return m.compliance.disclosure(actor, org, *month);
}

}  // namespace

void add_compliance_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/quality/compliance",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               auto from = param(req, "from"), to = param(req, "to");
               if (!from) return Error::invalid("from", "give the first day (YYYY-MM-DD)");
               if (!to) return Error::invalid("to", "give the last day (YYYY-MM-DD)");
               LL_TRY(auto r, m.compliance.report(actor, org, *from, *to));
               return api::json(200, to_json(r));
             }));

  router.add("GET", "/api/v1/quality/trend",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto point, api::query_int(req, "point"));
               if (!point) return Error::invalid("point", "name the sampling point");
               auto indicator = param(req, "indicator");
               if (!indicator) return Error::invalid("indicator", "name the indicator");
               LL_TRY(auto t, m.compliance.trend(actor, *point, *indicator, param(req, "from"), param(req, "to")));
               return api::json(200, to_json(t));
             }));

  router.add("GET", "/api/v1/quality/customers/{id}/chlorine",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto c, m.compliance.chlorine_at(actor, id));
               return api::json(200, to_json(c));
             }));

  router.add("GET", "/api/v1/quality/disclosure",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto d, disclosure_of(m, req, actor));
               return api::json(200, to_json(d));
             }));

  router.add("GET", "/api/v1/quality/disclosure.xlsx",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto d, disclosure_of(m, req, actor));
               LL_TRY(auto bytes, disclosure_xlsx(d));
               Response out = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               out.set_header("Content-Disposition", "attachment; filename=\"quality-disclosure-" + d.month + ".xlsx\"");
               return out;
             }));

  router.add("GET", "/api/v1/quality/disclosure.pdf",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto d, disclosure_of(m, req, actor));
               LL_TRY(auto bytes, disclosure_pdf(d));
               Response out = Response::text(200, std::move(bytes), "application/pdf");
               out.set_header("Content-Disposition", "attachment; filename=\"quality-disclosure-" + d.month + ".pdf\"");
               return out;
             }));
}

}  // namespace lifeline::app::quality
