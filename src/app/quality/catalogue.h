// The indicator catalogue of GB 5749-2022 《生活饮用水卫生标准》: the 97
// indicators (43 routine: Table 1's 39 and Table 2's 4 disinfectants; 54
// extended: Table 3), their limits, units, groups and GB/T 5750-2023 test
// methods; the disinfectant rules by agent (Table 2: limit in outlet and
// network-end water, minimum residual at the outlet and at the network end,
// contact time); and the 55 reference indicators of Appendix A (Table A.1),
// which a result may name but which no plan requires. docs/quality.md cites
// the source. Compiled in: the catalogue is the standard, not data to edit.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace lifeline::app::quality {

enum class Group { microbiological, toxicological, sensory, radioactive, disinfectant };
std::string_view to_string(Group g);

// How a limit reads: "≤ max", "≥ min", "min – max", "不应检出" (not
// detected), "无异臭、异味" / "无" (no abnormal odour / visible matter).
enum class LimitKind { max, min, range, not_detected, no_abnormal };
std::string_view to_string(LimitKind k);

struct Limit {
  LimitKind kind = LimitKind::max;
  double min = 0, max = 0;
  std::string_view text;  // as the standard prints it: "1", "不小于6.5且不大于8.5", "不应检出"
};

// Table 2: a disinfectant's limit in outlet and network-end water, its minimum
// residual at the outlet and at the network end (nullopt: no requirement) and
// the minimum contact time before the water leaves the plant.
struct DisinfectantRule {
  double max_mg_l = 0;
  std::optional<double> outlet_min_mg_l, end_min_mg_l;
  int contact_min = 0;
};

struct Indicator {
  std::string_view code;     // "turbidity", "free_chlorine": stable, used in the API and stored
  std::string_view name_zh;  // as the standard names it
  std::string_view name_en;
  std::string_view unit;     // "mg/L", "NTU", "度", "MPN/100mL", "CFU/mL", "个/10L", "Bq/L"; "" dimensionless or a finding
  Group group = Group::toxicological;
  bool routine = false;      // 常规指标 (else 扩展指标; reference indicators: neither, see `reference`)
  bool reference = false;    // Appendix A 参考指标
  Limit limit;
  std::string_view method;   // the GB/T 5750-2023 part and method
  std::optional<DisinfectantRule> disinfectant;
  // What a measured number may physically be; outside it the input is refused.
  double physical_min = 0, physical_max = 1e6;
  bool text_finding() const { return limit.kind == LimitKind::no_abnormal; }
};

// The 97 indicators of the standard (routine first, in the standard's order).
std::span<const Indicator> indicators();
// The 55 reference indicators of Appendix A.
std::span<const Indicator> reference_indicators();
// Either; nullptr when unknown.
const Indicator* find_indicator(std::string_view code);

// Whether `unit` (as a client wrote it) is the indicator's unit: exact, or a
// common spelling of it ("mg/l", "毫克/升", "CFU/100mL" for "MPN/100mL", "" or
// "无量纲" for pH). Empty means "the catalogue's unit" and always matches.
bool unit_matches(const Indicator& ind, std::string_view unit);

// The indicator sets of the Chinese sampling practice (CJ/T 206):
// the 9 daily items of raw and outlet water, the 7 items of network water,
// the shift's process items, and all 43 routine / all 97 codes.
std::vector<std::string_view> raw_daily_items();
std::vector<std::string_view> outlet_daily_items();
std::vector<std::string_view> network_items();
std::vector<std::string_view> shift_items();
std::vector<std::string_view> routine_items();
std::vector<std::string_view> all_items();

}  // namespace lifeline::app::quality
