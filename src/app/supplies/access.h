// What the supplies parts share: who sees which warehouse and item, and the
// records read by id.
//
// Supplies belong to a utility: its storekeepers keep every warehouse of the
// utility (a storekeeper in 集团办公室 keeps the plants' stores too), and
// everyone in the utility sees its stock. So the scope of an actor inside a
// utility is the whole utility; an actor above the utilities (the
// association) sees the subtree of their unit. Another utility's warehouses,
// items and movements are not found (404).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "app/actor.h"
#include "app/runtime.h"
#include "app/supplies/model.h"
#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::supplies {

struct Unit {
  int64_t id = 0;
  std::string path, name, kind;
};

// The path prefix the actor's supplies scope covers (their utility's path,
// or their own unit's above the utilities).
Result<std::string> scope_path(store::Tx& tx, const Actor& actor);
inline bool in_scope(const std::string& scope, const std::string& path) { return path.starts_with(scope); }

// The unit `org` (default: the actor's) when inside the actor's supplies
// scope; not found naming `field` otherwise.
Result<Unit> unit_in_scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const std::string& field);
// The utility on a unit's path; invalid naming `field` for the units above utilities.
Result<Unit> utility_of(store::Tx& tx, const std::string& org_path, const std::string& field);

Result<std::optional<Warehouse>> find_warehouse(store::Tx& tx, int64_t id);
Result<std::optional<Item>> find_item(store::Tx& tx, int64_t id);
Result<std::optional<Item>> find_item_by_code(store::Tx& tx, int64_t utility_id, const std::string& code);
// The catalogues (with units) of the utilities that have a warehouse under
// `prefix`, by id: two queries however many items.
Result<std::map<int64_t, Item>> items_of_warehouses_under(store::Tx& tx, const std::string& prefix);
// With the actor's scope checked: another utility's is not found, naming `field`.
Result<Warehouse> visible_warehouse(store::Tx& tx, const Actor& actor, int64_t id, const std::string& field);
// An item of the warehouse's utility; another utility's item is not found naming `field`.
Result<Item> item_of_utility(store::Tx& tx, int64_t utility_id, int64_t id, const std::string& field);
Result<std::optional<Lot>> find_lot(store::Tx& tx, int64_t id);

// The warehouse nearest to a unit: at the unit, else at the closest unit
// above it within its utility. nullopt when the utility has none.
Result<std::optional<Warehouse>> nearest_warehouse(store::Tx& tx, const std::string& org_path);

// Not found naming a field (404 with the field in the problem's errors).
Error not_found_field(const std::string& field, const std::string& message);

// The utility's business dates (the configured zone, else Asia/Shanghai).
LocalTime local_time(const Runtime& rt);

}  // namespace lifeline::app::supplies
