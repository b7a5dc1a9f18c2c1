// /api/v1/supplies/movements...: recording (Idempotency-Key), reversing,
// the ledger with filters and its XLSX export.
#include <algorithm>

#include "app/photos/photos.h"
#include "app/supplies/module.h"
#include "core/json_input.h"
#include "sheets/table.h"

namespace lifeline::app::supplies {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// Photos of a delivery and of its signed receipt: up to 2 × 9 camera pictures.
constexpr size_t kSupportBytes = 2 * photos::kMaxPhotos * (photos::kMaxPhotoBytes / 3 * 4 + 1024) + 64 * 1024;

Result<MovementFilter> filter_of(const Request& req) {
  MovementFilter f;
  LL_TRY(f.org, api::query_int(req, "org"));
  LL_TRY(f.warehouse_id, api::query_int(req, "warehouse_id"));
  LL_TRY(f.item_id, api::query_int(req, "item_id"));
  LL_TRY(f.before_id, api::query_int(req, "cursor"));
  LL_TRY(auto limit, api::query_int(req, "limit"));
  if (limit) f.limit = static_cast<int>(std::clamp<int64_t>(*limit, 1, 500));
  f.kind = query_text(req, "kind");
  f.from = query_text(req, "from");
  f.to = query_text(req, "to");
  return f;
}

}  // namespace

// The movement's fields from a JSON body; `kind` forced for /supplies/support.
Result<NewMovement> read_movement(const json& body, const std::optional<std::string>& forced_kind) {
  JsonInput in(body);
  NewMovement mv;
  std::optional<std::string> kind =
      forced_kind ? in.choice("kind", {"support"}, false).value_or(*forced_kind)
                  : in.choice("kind", {"receipt", "issue", "transfer", "return", "adjust", "scrap", "support"});
  mv.reverses = in.integer("reverses", false, 1);
  mv.warehouse_id = in.integer("warehouse_id", false, 1);
  mv.item_id = in.integer("item_id", false, 1);
  mv.item_code = in.text("item_code", {.required = false, .max_len = 64});
  mv.to_warehouse_id = in.integer("to_warehouse_id", false, 1);
  mv.lot_id = in.integer("lot_id", false, 1);
  mv.to_org_id = in.integer("to_org_id", false, 1);
  mv.quantity = in.number("quantity", false);
  mv.counted_quantity = in.number("counted_quantity", false);
  mv.unit = in.text("unit", {.required = false, .max_len = 20});
  mv.source = in.text("source", {.required = false, .max_len = 20});
  if (auto reason = in.choice("reason", {"expired", "damaged"}, false)) mv.source = reason;
  mv.lot_no = in.text("lot_no", {.required = false, .max_len = 64});
  mv.expires_on = in.text("expires_on", {.required = false, .max_len = 10});
  mv.to_name = in.text("to_name", {.required = false, .max_len = 100});
  mv.purpose = in.text("purpose", {.required = false, .max_len = 200});
  mv.supplier = in.text("supplier", {.required = false, .max_len = 100});
  mv.reference = in.text("reference", {.required = false, .max_len = 64});
  mv.note = in.text("note", {.required = false, .max_len = 1000});
  mv.occurred_at = in.instant("occurred_at", false);
  // Support to another organisation: the recipient and the delivery.
  auto recipient = in.text("recipient_name", {.required = false, .max_len = 100});
  auto type = in.text("recipient_type", {.required = false, .max_len = 20});
  auto contact = in.text("contact_name", {.required = false, .max_len = 50});
  auto phone = in.text("contact_phone", {.required = false, .max_len = 40});
  auto concentration = in.number("concentration", false);
  auto by = in.text("delivered_by", {.required = false, .max_len = 100});
  auto at = in.instant("delivered_at", false);
  auto vehicle = in.text("vehicle", {.required = false, .max_len = 40});
  auto pictures = photos::read(in, "photos");
  auto receipt = photos::read(in, "receipt_photos");
  LL_CHECK(in.finish());
  mv.kind = *kind;
  const bool support_fields = recipient || type || contact || phone || concentration || by || at || vehicle ||
                              !pictures.empty() || !receipt.empty();
  if (mv.kind == "support" || support_fields) {
    Delivery d;
    d.recipient_name = recipient.value_or("");
    d.recipient_type = type.value_or("");
    d.contact_name = contact.value_or("");
    d.contact_phone = phone.value_or("");
    d.concentration = concentration;
    d.delivered_by = by.value_or("");
    d.delivered_at = at;
    d.vehicle = vehicle.value_or("");
    d.photos = std::move(pictures);
    d.receipt = std::move(receipt);
    if (!mv.reverses) mv.support = std::move(d);
  }
  return mv;
}

void add_movement_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add(
      "POST", "/api/v1/supplies/movements",
      gate(Permission::supplies_manage,
           [&m](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(auto retry, retry_of(req));
             LL_TRY(auto body, body_of(req));
             LL_TRY(auto mv, read_movement(body, std::nullopt));
             std::optional<Shortfall> shortfall;
             return recorded_response(m.movements.record(actor, mv, retry, &shortfall), shortfall, req);
           }),
      kSupportBytes);

  router.add("POST", "/api/v1/supplies/movements/{id}/reverse",
             gate(Permission::supplies_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto retry, retry_of(req));
               std::optional<std::string> note;
               if (!req.body.empty()) {
                 LL_TRY(auto body, body_of(req));
                 JsonInput in(body);
                 note = in.text("note", {.required = false, .max_len = 1000});
                 LL_CHECK(in.finish());
               }
               LL_TRY(auto original, m.movements.get(actor, id));
               NewMovement mv;
               mv.kind = original.kind;
               mv.reverses = id;
               mv.note = note;
               std::optional<Shortfall> shortfall;
               return recorded_response(m.movements.record(actor, mv, retry, &shortfall), shortfall, req);
             }));

  router.add("GET", "/api/v1/supplies/movements",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               LL_TRY(auto page, m.movements.list(actor, f));
               json items = json::array();
               for (const auto& mv : page.items) items.push_back(to_json(mv));
               return api::json(200, {{"items", items},
                                      {"next_cursor", page.next_cursor ? json(*page.next_cursor) : json()}});
             }));

  router.add("GET", "/api/v1/supplies/movements/export.xlsx",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               LL_TRY(auto bytes, m.movements.export_xlsx(actor, f));
               Response r = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               r.set_header("Content-Disposition",
                            "attachment; filename=\"supplies-ledger.xlsx\"; filename*=UTF-8''%E5%87%BA%E5%85%A5%E5%BA%93"
                            "%E5%8F%B0%E8%B4%A6.xlsx");
               return r;
             }));

  router.add("GET", "/api/v1/supplies/movements/{id}",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto mv, m.movements.get(actor, id));
               return api::json(200, to_json(mv));
             }));
}

}  // namespace lifeline::app::supplies
