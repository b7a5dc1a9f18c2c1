// GET /api/v1/audit
#include "app/api/routes.h"
#include "app/audit/audit.h"
#include "app/runtime.h"
#include "core/time.h"
#include "sheets/table.h"

namespace lifeline::app {

using http::Request;
using http::Response;

namespace {

Result<audit::Filter> filter_of(const Request& req) {
  audit::Filter f;
  LL_TRY(f.org_id, api::query_int(req, "org"));
  LL_TRY(f.before_id, api::query_int(req, "cursor"));
  LL_TRY(auto limit, api::query_int(req, "limit"));
  if (limit && (*limit < 1 || *limit > 500))
    return Error::invalid("limit", "must be between 1 and 500").keyed("not_between", {{"min", "1"}, {"max", "500"}});
  if (limit) f.limit = static_cast<int>(*limit);
  auto text = [&](const char* name) -> std::optional<std::string> {
    auto v = req.query_param(name);
    return v && !v->empty() ? v : std::nullopt;
  };
  f.actor = text("actor");
  f.action = text("action");
  f.entity = text("entity");
  if (auto from = text("from")) {
    LL_TRY(f.from, parse_instant(*from, "from"));
  }
  if (auto to = text("to")) {
    LL_TRY(f.to, parse_instant(*to, "to"));
  }
  return f;
}

// The audit trail as a spreadsheet: who (name and username), when, what, on what.
Result<std::string> audit_xlsx(const audit::Page& page) {
  sheets::Sheet sheet{"操作审计", {"时间", "操作人", "用户名", "操作", "对象", "对象编号", "来源地址", "请求编号", "变更前", "变更后"}, {}};
  auto text = [](const nlohmann::json& j) { return j.is_null() ? std::string() : j.dump(); };
  for (const auto& e : page.items)
    sheet.rows.push_back({format_instant(e.at), e.actor_display_name, e.actor_name, e.action, e.entity, e.entity_id,
                          e.remote_address, e.request_id, text(e.before), text(e.after)});
  return sheets::write_xlsx({sheet});
}

}  // namespace

void add_audit_routes(http::Router& router, const api::Gate& gate, Runtime& rt) {
  router.add("GET", "/api/v1/audit", gate(Permission::audit_read, [&rt](Request& req, const Actor& actor) -> Result<Response> {
    LL_TRY(auto f, filter_of(req));
    LL_TRY(auto page, rt.db.transact(store::TxMode::read, [&](store::Tx& tx) { return audit::list(tx, actor, f); }));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : page.items) items.push_back(audit::to_json(e));
    return api::json(200, {{"items", items},
                           {"next_cursor", page.next_cursor ? nlohmann::json(std::to_string(*page.next_cursor))
                                                            : nlohmann::json()}});
  }));

  router.add("GET", "/api/v1/audit/export.xlsx",
             gate(Permission::audit_read, [&rt](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               f.limit = audit::kMaxExport;
               LL_TRY(auto page, rt.db.transact(store::TxMode::read,
                                                [&](store::Tx& tx) { return audit::list(tx, actor, f); }));
               LL_TRY(auto bytes, audit_xlsx(page));
               Response out = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               out.set_header("Content-Disposition", "attachment; filename=\"audit.xlsx\"");
               return out;
             }));
}

}  // namespace lifeline::app
