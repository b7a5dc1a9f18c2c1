// GET /api/v1/audit
#include "app/api/routes.h"
#include "app/audit/audit.h"
#include "app/runtime.h"
#include "core/time.h"

namespace lifeline::app {

using http::Request;
using http::Response;

void add_audit_routes(http::Router& router, const api::Gate& gate, Runtime& rt) {
  router.add("GET", "/api/v1/audit", gate(Permission::audit_read, [&rt](Request& req, const Actor& actor) -> Result<Response> {
    audit::Filter f;
    LL_TRY(f.org_id, api::query_int(req, "org"));
    LL_TRY(f.before_id, api::query_int(req, "cursor"));
    LL_TRY(auto limit, api::query_int(req, "limit"));
    if (limit && (*limit < 1 || *limit > 500)) return Error::invalid("limit", "must be between 1 and 500");
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
    LL_TRY(auto page, rt.db.transact(store::TxMode::read, [&](store::Tx& tx) { return audit::list(tx, actor, f); }));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : page.items) items.push_back(audit::to_json(e));
    return api::json(200, {{"items", items},
                           {"next_cursor", page.next_cursor ? nlohmann::json(std::to_string(*page.next_cursor))
                                                            : nlohmann::json()}});
  }));
}

}  // namespace lifeline::app
