#include "app/supplies/quantity.h"

#include <cmath>
#include <cstdio>

namespace lifeline::app::supplies {

namespace {

struct Metric {
  std::string_view unit;
  char kind;       // 'm' mass, 'v' volume
  double in_base;  // in g or mL
};
// Chinese spellings as storekeepers write them, beside the symbols.
constexpr Metric kMetric[] = {
    {"t", 'm', 1e6},  {"吨", 'm', 1e6},  {"kg", 'm', 1e3}, {"千克", 'm', 1e3}, {"公斤", 'm', 1e3},
    {"g", 'm', 1},    {"克", 'm', 1},    {"mg", 'm', 1e-3}, {"L", 'v', 1e3}, {"升", 'v', 1e3},
    {"mL", 'v', 1},   {"ml", 'v', 1},    {"毫升", 'v', 1},
};

const Metric* metric(std::string_view unit) {
  for (const auto& m : kMetric)
    if (m.unit == unit) return &m;
  return nullptr;
}

// Above this a quantity is a typing error, not stock (10^12 base units).
constexpr double kMaxMilli = 1e15;

}  // namespace

bool is_metric(std::string_view unit) { return metric(unit) != nullptr; }

std::optional<double> unit_factor(std::string_view unit, std::string_view base, const std::vector<PackUnit>& packs) {
  if (unit == base) return 1.0;
  for (const auto& p : packs)
    if (p.unit == unit) return p.factor;
  const Metric* u = metric(unit);
  const Metric* b = metric(base);
  if (u && b && u->kind == b->kind) return u->in_base / b->in_base;
  return std::nullopt;
}

Result<int64_t> to_milli(double quantity, std::string_view unit, std::string_view base,
                         const std::vector<PackUnit>& packs, const std::string& field, const std::string& unit_field) {
  if (!std::isfinite(quantity) || quantity <= 0) return Error::invalid(field, "must be greater than 0");
  auto factor = unit_factor(unit, base, packs);
  if (!factor) {
    std::string known = std::string(base);
    for (const auto& p : packs) known += ", " + p.unit;
    return Error::invalid(unit_field, "\"" + std::string(unit) + "\" does not convert to " + std::string(base) +
                                          " (units of this item: " + known + ")");
  }
  const double milli = quantity * *factor * 1000.0;
  if (milli > kMaxMilli) return Error::invalid(field, "is too large");
  const auto rounded = static_cast<int64_t>(std::llround(milli));
  if (rounded < 1) return Error::invalid(field, "is below a thousandth of " + std::string(base));
  return rounded;
}

double from_milli(int64_t milli) { return static_cast<double>(milli) / 1000.0; }

std::string format_quantity(int64_t milli, std::string_view base) {
  double value = from_milli(milli);
  std::string unit(base);
  if ((base == "kg" || base == "千克" || base == "公斤") && std::fabs(value) >= 1000) {
    value /= 1000;
    unit = "t";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  std::string digits = buf;
  while (digits.back() == '0') digits.pop_back();
  if (digits.back() == '.') digits.pop_back();
  // Thousands separators on the integer part.
  size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  size_t start = digits[0] == '-' ? 1 : 0;
  for (size_t i = end; i > start + 3; i -= 3) digits.insert(i - 3, ",");
  return digits + " " + unit;
}

}  // namespace lifeline::app::supplies
