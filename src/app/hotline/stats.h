// Hotline statistics (热线统计) for any period and unit subtree: calls per
// day and category, handled %, handling times, repeat callers, follow-ups.
// Counts only: no number, address or summary leaves here (hotline.stats).
//
//   handled          calls no longer open (handled, transferred or closed)
//   handling time    received → closed, in minutes, over the closed calls;
//                    p90 by nearest rank (the smallest time ≥ 90 % of them)
//   repeat_callers   numbers that called more than once in the period
//   repeat_calls     calls beyond each number's first in the period
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/hotline/call.h"
#include "app/runtime.h"

namespace lifeline::app::hotline {

struct StatsQuery {
  std::optional<int64_t> org;
  std::optional<std::string> from, to;  // local days, inclusive; default the last 7 days
};

struct Tally {
  int64_t total = 0, handled = 0, closed = 0;
};

struct StatsReport {
  int64_t org_id = 0;
  std::string org_name, from, to;
  Tally all;
  int64_t open = 0;
  std::vector<std::pair<std::string, Tally>> by_day, by_category;
  std::optional<double> mean_handling_min, p90_handling_min;
  int64_t repeat_callers = 0, repeat_calls = 0, followed_up = 0;
  std::optional<double> satisfaction_mean;
};

class Stats {
 public:
  explicit Stats(Runtime& rt) : rt_(rt) {}

  Result<StatsReport> report(const Actor& actor, const StatsQuery& q);

 private:
  Runtime& rt_;
};

nlohmann::json to_json(const StatsReport& r);
// The report as a workbook: 汇总 (summary), 按日 (per day), 按类别 (per category).
Result<std::string> to_xlsx(const StatsReport& r);

}  // namespace lifeline::app::hotline
