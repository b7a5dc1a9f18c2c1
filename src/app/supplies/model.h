// Prevention supplies (防疫物资): the records every part of the module shares.
// Quantities are thousandths of the item's base unit (quantity.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/supplies/quantity.h"
#include "core/clock.h"

namespace lifeline::app::supplies {

// Masks by grade, protective wear, disinfectants, thermometers; `other` for
// what a utility adds.
inline constexpr std::string_view kCategories[] = {
    "mask_n95", "mask_kn95",   "mask_surgical", "mask_ordinary",   "gloves",      "protective_suit", "goggles",
    "face_shield", "alcohol", "hypochlorite",  "chlorine_tablet", "thermometer", "other"};
inline constexpr std::string_view kKinds[] = {"receipt", "issue", "transfer", "return", "adjust", "scrap", "support"};
// Where a receipt comes from; `production`: made on site (a plant's hypochlorite generator).
inline constexpr std::string_view kReceiptSources[] = {"purchase", "donation", "transfer_in", "production"};
inline constexpr std::string_view kScrapReasons[] = {"expired", "damaged"};
inline constexpr std::string_view kRecipientTypes[] = {"hospital", "community", "government",
                                                       "company",  "school",    "other"};

template <size_t N>
bool one_of(std::string_view v, const std::string_view (&allowed)[N]) {
  for (auto a : allowed)
    if (a == v) return true;
  return false;
}
template <size_t N>
std::string list_of(const std::string_view (&allowed)[N]) {
  std::string out;
  for (auto a : allowed) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

struct Item {
  int64_t id = 0;
  int64_t utility_id = 0;
  std::string org_path;  // the utility's
  std::string code, name, category, spec, base_unit;
  std::optional<double> concentration;       // %
  std::optional<double> per_person_day;      // base units per person on duty per day
  std::optional<int64_t> large_issue_milli;  // request lines above need a second approval
  std::vector<PackUnit> units;
  bool active = true;
  int64_t version = 1;
};

struct Warehouse {
  int64_t id = 0;
  int64_t utility_id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::string code, name, address, keeper;
  bool active = true;
};

struct Lot {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string lot_no;
  std::optional<std::string> expires_on;
};

// What a movement did to one warehouse and lot.
struct Line {
  int64_t warehouse_id = 0;
  int64_t lot_id = 0;
  std::string lot_no;
  std::optional<std::string> expires_on;
  int64_t delta_milli = 0;
  int64_t used_milli = 0;
};

struct Movement {
  int64_t id = 0;
  int64_t utility_id = 0;
  int64_t org_id = 0;  // the warehouse's unit
  std::string org_path;
  std::string kind;
  std::optional<std::string> source;  // receipt source or scrap reason
  int64_t warehouse_id = 0;
  std::string warehouse_name;
  std::optional<int64_t> to_warehouse_id;
  std::string to_warehouse_name;
  int64_t item_id = 0;
  std::string item_name, item_code, base_unit;
  std::optional<int64_t> lot_id;
  int64_t quantity_milli = 0;
  std::optional<double> entered_quantity;
  std::string entered_unit;
  std::optional<int64_t> counted_milli, difference_milli;
  std::optional<int64_t> to_org_id;
  std::string to_org_name, to_name, purpose, supplier, reference, note;
  std::optional<int64_t> request_id, reverses_id, reversed_by;
  std::string day;
  Instant occurred_at, created_at;
  std::string created_by_name;
  std::vector<Line> lines;
};

// Why a movement was refused: the stock it needed is not there.
struct Shortfall {
  int64_t item_id = 0;
  std::string item, warehouse, unit;
  std::optional<std::string> lot_no;  // when a lot was chosen
  int64_t on_hand_milli = 0;          // usable (unexpired unless chosen) on hand
  int64_t requested_milli = 0;
};

}  // namespace lifeline::app::supplies
