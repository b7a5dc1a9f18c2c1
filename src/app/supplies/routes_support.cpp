// /api/v1/supplies/support...: the register of support to other
// organisations (对外支援), its totals and one delivery (the certificate page).
#include "app/photos/photos.h"
#include "app/supplies/module.h"

namespace lifeline::app::supplies {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr size_t kSupportBytes = 2 * photos::kMaxPhotos * (photos::kMaxPhotoBytes / 3 * 4 + 1024) + 64 * 1024;

Result<SupportFilter> filter_of(const Request& req) {
  SupportFilter f;
  LL_TRY(f.org, api::query_int(req, "org"));
  LL_TRY(f.item_id, api::query_int(req, "item_id"));
  f.from = query_text(req, "from");
  f.to = query_text(req, "to");
  f.recipient_type = query_text(req, "recipient_type");
  return f;
}

}  // namespace

void add_support_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/supplies/support",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               LL_TRY(auto list, m.support.list(actor, f));
               json items = json::array();
               for (const auto& s : list) items.push_back(to_json(s));
               return api::json(200, {{"items", items}});
             }));

  // The same as POST /supplies/movements with kind support.
  router.add(
      "POST", "/api/v1/supplies/support",
      gate(Permission::supplies_manage,
           [&m](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(auto retry, retry_of(req));
             LL_TRY(auto body, body_of(req));
             LL_TRY(auto mv, read_movement(body, std::string("support")));
             std::optional<Shortfall> shortfall;
             return recorded_response(m.movements.record(actor, mv, retry, &shortfall), shortfall, req);
           }),
      kSupportBytes);

  router.add("GET", "/api/v1/supplies/support/summary",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               LL_TRY(auto totals, m.support.totals(actor, f));
               return api::json(200, to_json(totals));
             }));

  router.add("GET", "/api/v1/supplies/support/{id}",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, m.support.get(actor, id));
               return api::json(200, to_json(s));
             }));
}

}  // namespace lifeline::app::supplies
