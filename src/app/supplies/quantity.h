// Quantities of supplies. Stock is counted in whole thousandths of an item's
// base unit ("milli"): 1.5 kg is 1500, one 只 is 1000. Integers make sums,
// the never-negative rule and the database's CHECK exact; the API shows
// base units with up to three decimals.
//
// A quantity comes in any unit that converts to the item's base unit: one of
// the item's packaging units (1 盒 = 50 只, 1 桶 = 25 kg), or a metric unit of
// the same kind as the base unit (t, kg, g, mg; L, mL). Anything else — 箱
// for an item without that packaging, L for an item counted in kg — does not
// convert and is refused naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lifeline::app::supplies {

struct PackUnit {
  std::string unit;
  double factor = 1;  // base units in one
};

// Base units in one `unit` of an item with `base` and its packaging units;
// nullopt when the unit does not convert.
std::optional<double> unit_factor(std::string_view unit, std::string_view base, const std::vector<PackUnit>& packs);

// `quantity` of `unit` in thousandths of the base unit. Errors name `field`
// (quantity ≤ 0, not finite, too large, below a thousandth) or `unit_field`.
Result<int64_t> to_milli(double quantity, std::string_view unit, std::string_view base,
                         const std::vector<PackUnit>& packs, const std::string& field = "quantity",
                         const std::string& unit_field = "unit");

// Milli as base units for JSON (1500 → 1.5).
double from_milli(int64_t milli);
// "1,500 只", "140 t" for people: base units with the unit, large kg as t.
std::string format_quantity(int64_t milli, std::string_view base);

// True when `unit` is a metric unit lifeline converts by itself.
bool is_metric(std::string_view unit);

}  // namespace lifeline::app::supplies
