#include "app/supplies/catalog.h"

#include <cmath>
#include <set>

#include "app/audit/audit.h"
#include "app/supplies/access.h"
#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;
using store::TxMode;

namespace {

// The path prefix a list covers: `org`'s utility (or the unit itself above
// the utilities), else the actor's whole scope.
Result<std::string> list_prefix(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  if (!org) return scope_path(tx, actor);
  LL_TRY(auto unit, unit_in_scope(tx, actor, org, "org"));
  auto utility = utility_of(tx, unit.path, "org");
  return utility ? utility->path : unit.path;
}

std::optional<int64_t> opt_milli(const std::optional<double>& base_units) {
  if (!base_units) return std::nullopt;
  return static_cast<int64_t>(std::llround(*base_units * 1000.0));
}

Status replace_units(Tx& tx, int64_t item_id, const std::vector<PackUnit>& units) {
  LL_CHECK(tx.execute("DELETE FROM supply_item_units WHERE item_id = ?", {item_id}));
  for (const auto& u : units)
    LL_CHECK(tx.execute("INSERT INTO supply_item_units (item_id, unit, factor) VALUES (?,?,?)",
                        {item_id, u.unit, u.factor}));
  return {};
}

Result<Item> reload_item(Tx& tx, int64_t id) {
  LL_TRY(auto item, find_item(tx, id));
  if (!item) return Error::internal("item vanished");
  return std::move(*item);
}

bool nonnegative(const std::optional<double>& v) { return !v || (std::isfinite(*v) && *v >= 0); }

}  // namespace

std::vector<FieldError> check_units(const std::vector<PackUnit>& units, const std::string& base_unit) {
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string at = "units/" + std::to_string(i) + "/";
    const auto& u = units[i];
    if (u.unit.empty() || u.unit.size() > 20) errors.push_back({at + "unit", "must be 1 to 20 bytes"});
    else if (u.unit == base_unit) errors.push_back({at + "unit", "is the base unit"});
    else if (is_metric(u.unit)) errors.push_back({at + "unit", "metric units convert by themselves"});
    else if (!seen.insert(u.unit).second) errors.push_back({at + "unit", "is given twice"});
    if (!std::isfinite(u.factor) || u.factor <= 0 || u.factor > 1e9)
      errors.push_back({at + "factor", "must be greater than 0 (base units in one " + u.unit + ")"});
  }
  return errors;
}

Result<std::vector<Item>> Catalog::items(const Actor& actor, std::optional<int64_t> org,
                                         const std::optional<std::string>& q) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Item>> {
    LL_TRY(auto prefix, list_prefix(tx, actor, org));
    std::string sql = "SELECT id FROM supply_items WHERE org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(prefix)};
    if (q && !q->empty()) {
      std::string like = "%";
      for (char ch : *q) {
        if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
        like += ch;
      }
      like += '%';
      sql += " AND (name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\')";
      params.insert(params.end(), {like, like});
    }
    LL_TRY(auto rows, tx.query(sql + " ORDER BY category, name LIMIT 1000", params));
    std::vector<Item> out;
    for (const auto& r : rows) {
      LL_TRY(auto item, reload_item(tx, r.integer(0)));
      out.push_back(std::move(item));
    }
    return out;
  });
}

Result<Item> Catalog::item(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Item> {
    LL_TRY(auto scope, scope_path(tx, actor));
    LL_TRY(auto item, find_item(tx, id));
    if (!item || !in_scope(scope, item->org_path))
      return Error::not_found("no such item");
    return std::move(*item);
  });
}

Result<Item> Catalog::item_by_code(const Actor& actor, const std::string& code, std::optional<int64_t> org) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Item> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org, "org"));
    LL_TRY(auto utility, utility_of(tx, unit.path, "org"));
    LL_TRY(auto item, find_item_by_code(tx, utility.id, code));
    if (!item) return not_found_field("code", "no item with this code");
    return std::move(*item);
  });
}

Result<Item> Catalog::create_item(const Actor& actor, const NewItem& in) {
  if (!actor.can(Permission::supplies_manage)) return Error::forbidden();
  std::vector<FieldError> errors = check_units(in.units, in.base_unit);
  if (!one_of(in.category, kCategories)) errors.push_back({"category", "must be one of: " + list_of(kCategories)});
  if (in.concentration && (!std::isfinite(*in.concentration) || *in.concentration <= 0 || *in.concentration > 100))
    errors.push_back({"concentration", "must be a percentage above 0 and at most 100"});
  if (!nonnegative(in.per_person_day)) errors.push_back({"per_person_day", "must not be negative"});
  if (!nonnegative(in.large_issue_quantity)) errors.push_back({"large_issue_quantity", "must not be negative"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Item> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, in.org_id, "org_id"));
    LL_TRY(auto utility, utility_of(tx, unit.path, "org_id"));
    LL_TRY(auto taken, tx.query_one("SELECT MAX(CASE WHEN code = ? THEN 1 ELSE 0 END) FROM supply_items"
                                    " WHERE utility_id = ? AND (code = ? OR name = ?) HAVING COUNT(*) > 0",
                                    {in.code, utility.id, in.code, in.name}));
    if (taken) return Error::invalid(taken->boolean(0) ? "code" : "name", "is already in the catalogue");
    LL_TRY(int64_t id, tx.insert("INSERT INTO supply_items (utility_id, org_path, code, name, category, spec,"
                                 " concentration, base_unit, per_person_day, large_issue_milli, created_at)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {utility.id, utility.path, in.code, in.name, in.category, in.spec, in.concentration,
                                  in.base_unit, in.per_person_day, opt_milli(in.large_issue_quantity),
                                  to_millis(now)}));
    LL_CHECK(replace_units(tx, id, in.units));
    LL_TRY(auto item, reload_item(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.item.create", "supply_item", std::to_string(id), utility.id, utility.path,
                            nullptr, to_json(item)}));
    return item;
  });
}

Result<Item> Catalog::update_item(const Actor& actor, int64_t id, const ItemPatch& p) {
  if (!actor.can(Permission::supplies_manage)) return Error::forbidden();
  if (!nonnegative(p.per_person_day ? *p.per_person_day : std::nullopt))
    return Error::invalid("per_person_day", "must not be negative");
  if (!nonnegative(p.large_issue_quantity ? *p.large_issue_quantity : std::nullopt))
    return Error::invalid("large_issue_quantity", "must not be negative");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Item> {
    LL_TRY(auto scope, scope_path(tx, actor));
    LL_TRY(auto row, tx.query_one("SELECT id FROM supply_items WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto before, find_item(tx, id));
    if (!row || !before || !in_scope(scope, before->org_path)) return Error::not_found("no such item");
    if (p.units) {
      auto errors = check_units(*p.units, before->base_unit);
      if (!errors.empty()) return Error::invalid(std::move(errors));
      LL_CHECK(replace_units(tx, id, *p.units));
    }
    if (p.name) {
      LL_TRY(auto taken, tx.query_one("SELECT 1 FROM supply_items WHERE utility_id = ? AND name = ? AND id <> ?",
                                      {before->utility_id, *p.name, id}));
      if (taken) return Error::invalid("name", "is already in the catalogue");
    }
    LL_CHECK(tx.execute(
        "UPDATE supply_items SET name = ?, spec = ?, per_person_day = ?, large_issue_milli = ?, active = ?,"
        " version = version + 1 WHERE id = ?",
        {p.name.value_or(before->name), p.spec.value_or(before->spec),
         p.per_person_day ? *p.per_person_day : before->per_person_day,
         p.large_issue_quantity ? opt_milli(*p.large_issue_quantity) : before->large_issue_milli,
         p.active.value_or(before->active), id}));
    LL_TRY(auto after, reload_item(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.item.update", "supply_item", std::to_string(id), after.utility_id,
                            after.org_path, to_json(*before), to_json(after)}));
    return after;
  });
}

Result<std::vector<Warehouse>> Catalog::warehouses(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Warehouse>> {
    std::string prefix;
    if (org) {
      LL_TRY(auto unit, unit_in_scope(tx, actor, org, "org"));
      prefix = unit.path;
    } else {
      LL_TRY(prefix, scope_path(tx, actor));
    }
    LL_TRY(auto rows, tx.query("SELECT id FROM supply_warehouses WHERE org_path LIKE ? ESCAPE '\\'"
                               " ORDER BY org_path, name",
                               {store::like_prefix(prefix)}));
    std::vector<Warehouse> out;
    for (const auto& r : rows) {
      LL_TRY(auto w, find_warehouse(tx, r.integer(0)));
      if (w) out.push_back(std::move(*w));
    }
    return out;
  });
}

Result<Warehouse> Catalog::create_warehouse(const Actor& actor, const NewWarehouse& in) {
  if (!actor.can(Permission::supplies_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Warehouse> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, in.org_id, "org_id"));
    LL_TRY(auto utility, utility_of(tx, unit.path, "org_id"));
    LL_TRY(auto taken, tx.query_one("SELECT MAX(CASE WHEN code = ? THEN 1 ELSE 0 END) FROM supply_warehouses"
                                    " WHERE utility_id = ? AND (code = ? OR name = ?) HAVING COUNT(*) > 0",
                                    {in.code, utility.id, in.code, in.name}));
    if (taken) return Error::invalid(taken->boolean(0) ? "code" : "name", "is already used by a warehouse");
    LL_TRY(int64_t id, tx.insert("INSERT INTO supply_warehouses (utility_id, org_id, org_path, code, name, address,"
                                 " keeper, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                                 {utility.id, unit.id, unit.path, in.code, in.name, in.address, in.keeper,
                                  to_millis(now)}));
    LL_TRY(auto w, find_warehouse(tx, id));
    if (!w) return Error::internal("warehouse vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.warehouse.create", "supply_warehouse", std::to_string(id), unit.id, unit.path,
                            nullptr, to_json(*w)}));
    return std::move(*w);
  });
}

Result<Level> Catalog::set_level(const Actor& actor, const LevelInput& in) {
  if (!actor.can(Permission::supplies_manage)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (!std::isfinite(in.reorder_point) || in.reorder_point < 0)
    errors.push_back({"reorder_point", "must not be negative"});
  if (!std::isfinite(in.safety_stock) || in.safety_stock < 0)
    errors.push_back({"safety_stock", "must not be negative"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Level> {
    LL_TRY(auto w, visible_warehouse(tx, actor, in.warehouse_id, "warehouse_id"));
    LL_TRY(auto item, item_of_utility(tx, w.utility_id, in.item_id, "item_id"));
    const std::string unit = in.unit.value_or(item.base_unit);
    auto milli = [&](double q, const char* field) -> Result<int64_t> {
      if (q == 0) return int64_t{0};
      return to_milli(q, unit, item.base_unit, item.units, field);
    };
    LL_TRY(int64_t reorder, milli(in.reorder_point, "reorder_point"));
    LL_TRY(int64_t safety, milli(in.safety_stock, "safety_stock"));
    LL_CHECK(tx.execute("INSERT INTO supply_levels (warehouse_id, item_id, reorder_milli, safety_milli, updated_at)"
                        " VALUES (?,?,?,?,?) ON CONFLICT (warehouse_id, item_id) DO UPDATE SET"
                        " reorder_milli = excluded.reorder_milli, safety_milli = excluded.safety_milli,"
                        " updated_at = excluded.updated_at",
                        {w.id, item.id, reorder, safety, to_millis(now)}));
    Level level{w.id, item.id, reorder, safety};
    nlohmann::json after = to_json(level, item.base_unit);
    after["item"] = item.name;
    after["warehouse"] = w.name;
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.level.set", "supply_level", std::to_string(w.id) + ":" + std::to_string(item.id),
                            w.org_id, w.org_path, nullptr, after}));
    return level;
  });
}

nlohmann::json to_json(const Item& it) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : it.units) units.push_back({{"unit", u.unit}, {"factor", u.factor}});
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", it.id},
          {"utility_id", it.utility_id},
          {"code", it.code},
          {"name", it.name},
          {"category", it.category},
          {"spec", it.spec},
          {"concentration", opt(it.concentration)},
          {"base_unit", it.base_unit},
          {"units", units},
          {"per_person_day", opt(it.per_person_day)},
          {"large_issue_quantity",
           it.large_issue_milli ? nlohmann::json(from_milli(*it.large_issue_milli)) : nlohmann::json()},
          {"active", it.active},
          {"version", it.version}};
}

nlohmann::json to_json(const Warehouse& w) {
  return {{"id", w.id},           {"utility_id", w.utility_id}, {"org_id", w.org_id}, {"org_name", w.org_name},
          {"code", w.code},       {"name", w.name},             {"address", w.address}, {"keeper", w.keeper},
          {"active", w.active}};
}

nlohmann::json to_json(const Level& l, const std::string& base_unit) {
  return {{"warehouse_id", l.warehouse_id},
          {"item_id", l.item_id},
          {"reorder_point", from_milli(l.reorder_milli)},
          {"safety_stock", from_milli(l.safety_milli)},
          {"unit", base_unit}};
}

}  // namespace lifeline::app::supplies
