// SLA clocks of repair work orders (抢修时限), per priority level and per
// utility. Defaults follow Chinese utility practice (issue 5):
//   level 1 (burst on a main, heavy leak): respond 5 min, on site 30 min urban /
//           50 min suburban, leak stopped (isolated) 4 h, repaired 24 h;
//   level 2 (other bursts and leaks, no water): respond 10 min, on site 1 h urban /
//           1.5 h suburban, isolated 8 h, repaired 48 h;
//   level 3 (pressure, quality, equipment, other): respond within the local day,
//           repaired in 72 h.
// Every clock runs from the reported time. Deadlines are fixed when the order
// is made (a later settings change does not move them) and scaled by the
// emergency policy's priority_repair_sla_factor when a priority customer is
// affected while an emergency is active.
//
// A clock is pending, warning (the warning fraction of its time has elapsed),
// breached (past due, not done), met or missed (done, late). The order's SLA
// state is its worst clock: breached > missed > warning > pending > met.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/local_time.h"
#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::repair {

struct LevelClocks {
  std::optional<int64_t> respond_min;
  bool respond_same_day = false;  // level 3: before local midnight of the reported day
  std::optional<int64_t> on_site_urban_min, on_site_suburban_min, isolated_min, repaired_min;
};

struct SlaSettings {
  double warning_fraction = 0.8;
  std::array<LevelClocks, 3> levels;  // [0] is level 1
};

SlaSettings default_sla();
nlohmann::json to_json(const SlaSettings& s);
// A PUT body; errors name "levels/1/on_site_min/urban" and so on.
Result<SlaSettings> parse_sla(const nlohmann::json& body);

// The utility's settings, or the defaults.
Result<SlaSettings> load_sla(store::Tx& tx, int64_t utility_id);
Status save_sla(store::Tx& tx, int64_t utility_id, const SlaSettings& s, Instant now);

// The clocks of a new order, as stored in work_orders.sla:
// {"factor", "warning_fraction", "clocks": [{"name", "start", "due"} (epoch ms)]}.
nlohmann::json fix_deadlines(const SlaSettings& s, int64_t priority, const std::string& area, Instant reported_at,
                             double factor, const LocalTime& local);

// A state change of the order, for deciding when a clock was done.
struct Step {
  std::string to;
  Instant at;
};

// {"clocks": [{name, due_at, done_at, state}], "state", "factor"} at `now`.
// `ended_at`: when the order was closed or cancelled (clocks stop there).
nlohmann::json evaluate(const nlohmann::json& stored, const std::vector<Step>& steps, Instant now,
                        std::optional<Instant> ended_at);

// GET/PUT /repair/sla: the settings of the utility of `org` (default: the actor's).
class Sla {
 public:
  explicit Sla(Runtime& rt) : rt_(rt) {}
  Result<nlohmann::json> get(const Actor& actor, std::optional<int64_t> org);
  // repair.dispatch; applies to orders made from now on.
  Result<nlohmann::json> put(const Actor& actor, std::optional<int64_t> org, const SlaSettings& s);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::repair
