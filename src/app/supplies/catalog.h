// The catalogue (物资目录) and the stores: items with their units,
// categories and forecast rule; warehouses per unit; reorder point and
// safety stock per warehouse and item. Reading needs supplies.read, changing
// supplies.manage, all within the actor's utility (access.h).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "app/supplies/model.h"
#include "core/result.h"

namespace lifeline::app::supplies {

struct NewItem {
  std::optional<int64_t> org_id;  // a unit of the utility; default the actor's
  std::string code, name, category, spec, base_unit;
  std::optional<double> concentration, per_person_day, large_issue_quantity;  // in base units
  std::vector<PackUnit> units;
};

struct ItemPatch {
  std::optional<std::string> name, spec;
  std::optional<std::optional<double>> per_person_day, large_issue_quantity;
  std::optional<std::vector<PackUnit>> units;  // replaces the packaging units
  std::optional<bool> active;
};

struct NewWarehouse {
  int64_t org_id = 0;
  std::string code, name, address, keeper;
};

struct LevelInput {
  int64_t warehouse_id = 0, item_id = 0;
  double reorder_point = 0, safety_stock = 0;  // ≥ 0, in `unit`
  std::optional<std::string> unit;             // default the base unit
};

struct Level {
  int64_t warehouse_id = 0, item_id = 0;
  int64_t reorder_milli = 0, safety_milli = 0;
};

class Catalog {
 public:
  explicit Catalog(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Item>> items(const Actor& actor, std::optional<int64_t> org, const std::optional<std::string>& q);
  Result<Item> item(const Actor& actor, int64_t id);
  // The item with this code (a scanned barcode) in the actor's utility.
  Result<Item> item_by_code(const Actor& actor, const std::string& code, std::optional<int64_t> org);
  Result<Item> create_item(const Actor& actor, const NewItem& in);
  Result<Item> update_item(const Actor& actor, int64_t id, const ItemPatch& patch);

  Result<std::vector<Warehouse>> warehouses(const Actor& actor, std::optional<int64_t> org);
  Result<Warehouse> create_warehouse(const Actor& actor, const NewWarehouse& in);

  Result<Level> set_level(const Actor& actor, const LevelInput& in);

 private:
  Runtime& rt_;
};

// Checks packaging units: names 1–20 bytes, not the base unit, not metric,
// factor > 0, each once; errors name "units/2/factor".
std::vector<FieldError> check_units(const std::vector<PackUnit>& units, const std::string& base_unit);

nlohmann::json to_json(const Item& item);
nlohmann::json to_json(const Warehouse& w);
nlohmann::json to_json(const Level& l, const std::string& base_unit);

}  // namespace lifeline::app::supplies
