// /api/v1/supplies/items, /warehouses, /levels: the catalogue and the stores.
#include "app/supplies/module.h"
#include "core/json_input.h"

namespace lifeline::app::supplies {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// [{unit, factor}]; errors name "units/2/factor".
std::optional<std::vector<PackUnit>> read_units(JsonInput& in) {
  const json* raw = in.raw("units", false);
  if (!raw) return std::nullopt;
  std::vector<PackUnit> out;
  if (!raw->is_array() || raw->size() > 10) {
    in.fail("units", "must be an array of at most 10 {unit, factor}");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    JsonInput u((*raw)[i], "units/" + std::to_string(i) + "/");
    auto unit = u.text("unit", {.max_len = 20});
    auto factor = u.number("factor");
    if (auto st = u.finish(); !st) {
      for (const auto& f : st.error().fields) in.fail(f.field, f.message);
      continue;
    }
    out.push_back({*unit, *factor});
  }
  return out;
}

std::optional<std::optional<double>> nullable_number(JsonInput& in, const char* name) {
  if (in.is_null(name)) {
    in.raw(name, false);
    return std::optional<double>();
  }
  if (!in.has(name)) return std::nullopt;
  auto v = in.number(name);
  if (!v) return std::nullopt;
  return std::optional<double>(*v);
}

}  // namespace

void add_catalog_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/supplies/items",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               json items = json::array();
               if (auto code = query_text(req, "code")) {
                 // A scanned code: the one item, or none.
                 auto item = m.catalog.item_by_code(actor, *code, org);
                 if (item) items.push_back(to_json(*item));
                 else if (item.error().code != ErrorCode::not_found || item.error().fields.empty() ||
                          item.error().fields.front().field != "code")
                   return item.error();
                 return api::json(200, {{"items", items}});
               }
               LL_TRY(auto list, m.catalog.items(actor, org, query_text(req, "q")));
               for (const auto& i : list) items.push_back(to_json(i));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/supplies/items",
             gate(Permission::supplies_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, body_of(req));
               JsonInput in(body);
               NewItem it;
               it.org_id = in.integer("org_id", false, 1);
               auto code = in.text("code", {.max_len = 64});
               auto name = in.text("name", {.max_len = 100});
               auto category = in.text("category", {.max_len = 40});
               it.spec = in.text("spec", {.required = false, .max_len = 100}).value_or("");
               auto base_unit = in.text("base_unit", {.max_len = 20});
               it.concentration = in.number("concentration", false);
               it.per_person_day = in.number("per_person_day", false);
               it.large_issue_quantity = in.number("large_issue_quantity", false);
               auto units = read_units(in);
               LL_CHECK(in.finish());
               it.code = *code;
               it.name = *name;
               it.category = *category;
               it.base_unit = *base_unit;
               if (units) it.units = *units;
               LL_TRY(auto created, m.catalog.create_item(actor, it));
               return api::json(201, to_json(created));
             }));

  router.add("GET", "/api/v1/supplies/items/{id}",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto item, m.catalog.item(actor, id));
               return api::json(200, to_json(item));
             }));

  router.add("PATCH", "/api/v1/supplies/items/{id}",
             gate(Permission::supplies_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, body_of(req));
               JsonInput in(body);
               ItemPatch p;
               p.name = in.text("name", {.required = false, .max_len = 100});
               p.spec = in.text("spec", {.required = false, .max_len = 100});
               p.per_person_day = nullable_number(in, "per_person_day");
               p.large_issue_quantity = nullable_number(in, "large_issue_quantity");
               p.units = read_units(in);
               p.active = in.boolean("active", false);
               LL_CHECK(in.finish());
               LL_TRY(auto item, m.catalog.update_item(actor, id, p));
               return api::json(200, to_json(item));
             }));

  router.add("GET", "/api/v1/supplies/warehouses",
             gate(Permission::supplies_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.catalog.warehouses(actor, org));
               json items = json::array();
               for (const auto& w : list) items.push_back(to_json(w));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/supplies/warehouses",
             gate(Permission::supplies_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, body_of(req));
               JsonInput in(body);
               NewWarehouse w;
               auto org = in.integer("org_id", true, 1);
               auto code = in.text("code", {.max_len = 40});
               auto name = in.text("name", {.max_len = 100});
               w.address = in.text("address", {.required = false, .max_len = 200}).value_or("");
               w.keeper = in.text("keeper", {.required = false, .max_len = 50}).value_or("");
               LL_CHECK(in.finish());
               w.org_id = *org;
               w.code = *code;
               w.name = *name;
               LL_TRY(auto created, m.catalog.create_warehouse(actor, w));
               return api::json(201, to_json(created));
             }));

  router.add("PUT", "/api/v1/supplies/levels",
             gate(Permission::supplies_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, body_of(req));
               JsonInput in(body);
               LevelInput l;
               auto warehouse = in.integer("warehouse_id", true, 1);
               auto item = in.integer("item_id", true, 1);
               auto reorder = in.number("reorder_point");
               auto safety = in.number("safety_stock", false);
               l.unit = in.text("unit", {.required = false, .max_len = 20});
               LL_CHECK(in.finish());
               l.warehouse_id = *warehouse;
               l.item_id = *item;
               l.reorder_point = *reorder;
               l.safety_stock = safety.value_or(0);
               LL_TRY(auto level, m.catalog.set_level(actor, l));
               LL_TRY(auto it, m.catalog.item(actor, level.item_id));
               return api::json(200, to_json(level, it.base_unit));
             }));
}

}  // namespace lifeline::app::supplies
