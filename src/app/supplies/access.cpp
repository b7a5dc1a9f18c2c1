#include "app/supplies/access.h"

#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;

namespace {

constexpr const char* kItemSelect =
    "SELECT id, utility_id, org_path, code, name, category, spec, concentration, base_unit, per_person_day,"
    " large_issue_milli, active, version FROM supply_items ";
constexpr const char* kWarehouseSelect =
    "SELECT w.id, w.utility_id, w.org_id, w.org_path, o.name, w.code, w.name, w.address, w.keeper, w.active"
    " FROM supply_warehouses w JOIN orgs o ON o.id = w.org_id ";

std::optional<double> opt_real(const store::Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.real(i));
}

Item item_fields(const store::Row& r) {
  Item it;
  it.id = r.integer(0);
  it.utility_id = r.integer(1);
  it.org_path = r.text(2);
  it.code = r.text(3);
  it.name = r.text(4);
  it.category = r.text(5);
  it.spec = r.text(6);
  it.concentration = opt_real(r, 7);
  it.base_unit = r.text(8);
  it.per_person_day = opt_real(r, 9);
  it.large_issue_milli = r.opt_integer(10);
  it.active = r.boolean(11);
  it.version = r.integer(12);
  return it;
}

Result<Item> item_from_row(Tx& tx, const store::Row& r) {
  Item it = item_fields(r);
  LL_TRY(auto units, tx.query("SELECT unit, factor FROM supply_item_units WHERE item_id = ? ORDER BY factor, unit",
                              {it.id}));
  for (const auto& u : units) it.units.push_back({u.text(0), u.real(1)});
  return it;
}

Warehouse warehouse_from_row(const store::Row& r) {
  return Warehouse{r.integer(0), r.integer(1), r.integer(2), r.text(3), r.text(4),
                   r.text(5),    r.text(6),    r.text(7),    r.text(8), r.boolean(9)};
}

Result<std::optional<Unit>> find_unit(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE id = ?", {id}));
  if (!row) return std::optional<Unit>();
  return std::optional<Unit>(Unit{row->integer(0), row->text(1), row->text(2), row->text(3)});
}

}  // namespace

Error not_found_field(const std::string& field, const std::string& message) {
  Error e = Error::not_found(message);
  e.fields.push_back({field, message});
  return e;
}

LocalTime local_time(const Runtime& rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  return *lt;
}

Result<Unit> utility_of(Tx& tx, const std::string& org_path, const std::string& field) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {org_path}));
  if (!row) return Error::invalid(field, "must be a utility or a unit of one");
  return Unit{row->integer(0), row->text(1), row->text(2), row->text(3)};
}

Result<std::string> scope_path(Tx& tx, const Actor& actor) {
  if (actor.user_id == 0) return actor.org_path;  // the system: everything below its unit
  auto utility = utility_of(tx, actor.org_path, "org");
  return utility ? utility->path : actor.org_path;
}

Result<Unit> unit_in_scope(Tx& tx, const Actor& actor, std::optional<int64_t> org, const std::string& field) {
  LL_TRY(auto scope, scope_path(tx, actor));
  LL_TRY(auto unit, find_unit(tx, org.value_or(actor.org_id)));
  if (!unit || !in_scope(scope, unit->path)) return not_found_field(field, "no such org unit in your scope");
  return *unit;
}

Result<std::optional<Warehouse>> find_warehouse(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kWarehouseSelect) + "WHERE w.id = ?", {id}));
  if (!row) return std::optional<Warehouse>();
  return std::optional<Warehouse>(warehouse_from_row(*row));
}

Result<std::optional<Item>> find_item(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kItemSelect) + "WHERE id = ?", {id}));
  if (!row) return std::optional<Item>();
  LL_TRY(auto item, item_from_row(tx, *row));
  return std::optional<Item>(std::move(item));
}

Result<std::optional<Item>> find_item_by_code(Tx& tx, int64_t utility_id, const std::string& code) {
  LL_TRY(auto row, tx.query_one(std::string(kItemSelect) + "WHERE utility_id = ? AND code = ?", {utility_id, code}));
  if (!row) return std::optional<Item>();
  LL_TRY(auto item, item_from_row(tx, *row));
  return std::optional<Item>(std::move(item));
}

Result<std::map<int64_t, Item>> items_of_warehouses_under(Tx& tx, const std::string& prefix) {
  const std::string utilities =
      "SELECT utility_id FROM supply_warehouses WHERE org_path LIKE ? ESCAPE '\\'";
  LL_TRY(auto rows, tx.query(std::string(kItemSelect) + "WHERE utility_id IN (" + utilities + ")",
                             {store::like_prefix(prefix)}));
  std::map<int64_t, Item> out;
  for (const auto& r : rows) {
    Item it = item_fields(r);
    out.emplace(it.id, std::move(it));
  }
  LL_TRY(auto units, tx.query("SELECT u.item_id, u.unit, u.factor FROM supply_item_units u"
                              " JOIN supply_items i ON i.id = u.item_id WHERE i.utility_id IN (" + utilities + ")"
                              " ORDER BY u.item_id, u.factor, u.unit",
                              {store::like_prefix(prefix)}));
  for (const auto& u : units)
    if (auto it = out.find(u.integer(0)); it != out.end()) it->second.units.push_back({u.text(1), u.real(2)});
  return out;
}

Result<Warehouse> visible_warehouse(Tx& tx, const Actor& actor, int64_t id, const std::string& field) {
  LL_TRY(auto scope, scope_path(tx, actor));
  LL_TRY(auto w, find_warehouse(tx, id));
  if (!w || !in_scope(scope, w->org_path)) return not_found_field(field, "no such warehouse in your scope");
  return std::move(*w);
}

Result<Item> item_of_utility(Tx& tx, int64_t utility_id, int64_t id, const std::string& field) {
  LL_TRY(auto item, find_item(tx, id));
  if (!item || item->utility_id != utility_id)
    return not_found_field(field, "no such item in the warehouse's utility");
  return std::move(*item);
}

Result<std::optional<Lot>> find_lot(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one("SELECT id, item_id, lot_no, expires_on FROM supply_lots WHERE id = ?", {id}));
  if (!row) return std::optional<Lot>();
  return std::optional<Lot>(Lot{row->integer(0), row->integer(1), row->text(2), row->opt_text(3)});
}

Result<std::optional<Warehouse>> nearest_warehouse(Tx& tx, const std::string& org_path) {
  LL_TRY(auto utility, utility_of(tx, org_path, "org_id"));
  LL_TRY(auto row, tx.query_one(std::string(kWarehouseSelect) +
                                    "WHERE w.utility_id = ? AND w.active = 1 AND ? LIKE (w.org_path || '%')"
                                    " ORDER BY LENGTH(w.org_path) DESC, w.id LIMIT 1",
                                {utility.id, org_path}));
  if (!row) return std::optional<Warehouse>();
  return std::optional<Warehouse>(warehouse_from_row(*row));
}

}  // namespace lifeline::app::supplies
