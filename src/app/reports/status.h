// HQ's view of fixed-time reports: the status grid (units × deadlines of a
// day: on time, late, missing, acknowledged, or pending while not yet due)
// and a day's figures — the counts of that grid and, for every number field
// marked for the summary, the sum over units of their latest report in the
// period. The daily summary's `reports` section and GET /reports/figures
// answer from the same function.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/duty/civil_time.h"
#include "app/reports/model.h"
#include "app/runtime.h"
#include "store/database.h"

namespace lifeline::app::reports {

struct FieldSum {
  int64_t template_id = 0;
  std::string template_code, template_name, key, label, unit;
  double value = 0;
  int64_t units = 0;  // units whose latest report gave it
};

struct Figures {
  int64_t expected = 0;  // deadlines passed, cells due
  int64_t on_time = 0, late = 0, missing = 0, acknowledged = 0, returned = 0, pending = 0;
  std::vector<FieldSum> sums;
};

// The cells of a unit subtree from `from` to `to` (local days, inclusive).
Result<std::vector<Cell>> cells(store::Tx& tx, const duty::Zone& zone, const std::string& path, const std::string& from,
                                const std::string& to, Instant now);
Result<Figures> figures(store::Tx& tx, const duty::Zone& zone, const std::string& path, const std::string& from,
                        const std::string& to, Instant now);

class Status {
 public:
  explicit Status(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Cell>> grid(const Actor& actor, std::optional<int64_t> org, const std::string& date);
  Result<Figures> day_figures(const Actor& actor, std::optional<int64_t> org, const std::string& from,
                              const std::string& to);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::reports
