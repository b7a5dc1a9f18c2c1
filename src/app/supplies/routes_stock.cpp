// /api/v1/supplies/stock, /alerts, /purchase-suggestions: the stock board.
#include "app/supplies/module.h"

namespace lifeline::app::supplies {

using http::Request;
using http::Response;
using nlohmann::json;

void add_stock_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/supplies/stock",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto warehouse, api::query_int(req, "warehouse_id"));
               LL_TRY(auto board, m.stock.board(actor, org, warehouse));
               json items = json::array();
               for (const auto& s : board) items.push_back(to_json(s));
               return api::json(200, {{"items", items},
                                      {"use_window_days", kUseWindowDays},
                                      {"expiry_warning_days", kExpiryWarningDays}});
             }));

  router.add("GET", "/api/v1/supplies/alerts",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto alerts, m.stock.alerts(actor, org));
               json items = json::array();
               for (const auto& a : alerts) items.push_back(to_json(a));
               return api::json(200, {{"items", items}});
             }));

  router.add("GET", "/api/v1/supplies/purchase-suggestions",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.stock.purchase_list(actor, org));
               json items = json::array();
               for (const auto& s : list) items.push_back(to_json(s));
               return api::json(200, {{"items", items}, {"cover_days", kCoverDays}});
             }));
}

}  // namespace lifeline::app::supplies
