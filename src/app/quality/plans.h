// Sampling plans (采样计划) per utility and point type: the indicator set, the
// level that tests it and how often (every N hours, daily, weekly, twice a
// month, monthly, half-yearly). A plan is in force always, only in normal
// times, or only while the emergency policy raises sampling (the raised
// regime: any active response whose sampling_frequency_factor is above 1);
// which regime held on each day is kept (quality_regime_days). The Chinese
// defaults (CJ/T 206 practice) are one call away, and the coverage check
// asks for one network sampling point per 20,000 people served.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/quality/access.h"
#include "app/quality/model.h"
#include "app/runtime.h"
#include "store/database.h"

namespace lifeline::app::quality {

inline constexpr int64_t kPeoplePerNetworkPoint = 20000;

struct PlanFields {
  std::optional<std::string> point_type, regime, level, name, frequency;
  std::optional<std::vector<std::string>> indicators;
  std::optional<std::optional<int64_t>> every_hours;
  std::optional<int64_t> due_hour;
  std::optional<std::optional<double>> min_residual;
  std::optional<bool> active;
};

struct Regime {
  std::string regime = "normal";  // normal | raised
  std::optional<int64_t> emergency_id;
  std::string emergency_name, level;
  double factor = 1;
};

// A run of days under one regime (the history of the switch).
struct RegimePeriod {
  std::string regime, from, to, level;
  std::optional<int64_t> emergency_id;
};

struct Coverage {
  int64_t population_served = 0;  // 0: not set
  int64_t required = 0;           // ceil(population / 20,000)
  int64_t network_points = 0;     // active network, network-end, secondary and customer points
  bool ok = false;
};

struct PlanBook {
  Unit utility;
  std::vector<Plan> plans;
  Regime regime;
  std::vector<RegimePeriod> history;
  Coverage coverage;
};

class Plans {
 public:
  explicit Plans(Runtime& rt) : rt_(rt) {}

  Result<PlanBook> list(const Actor& actor, std::optional<int64_t> org);
  Result<Plan> create(const Actor& actor, std::optional<int64_t> org, const PlanFields& f);
  Result<Plan> update(const Actor& actor, int64_t id, const PlanFields& f, std::optional<int64_t> version);
  // Adds the CJ/T 206 default plans (normal and raised) to a utility that has none; returns them.
  Result<std::vector<Plan>> install_defaults(const Actor& actor, std::optional<int64_t> org);
  Result<Coverage> set_population(const Actor& actor, std::optional<int64_t> org, int64_t population);

 private:
  Runtime& rt_;
};

namespace plan_repo {
Result<std::vector<Plan>> select(store::Tx& tx, const std::string& where, const store::Params& params);
// The active plans of a utility in force under `regime`.
Result<std::vector<Plan>> in_force(store::Tx& tx, int64_t utility_id, const std::string& regime);
}  // namespace plan_repo

// The regime at a utility now, from the emergency policy.
Result<Regime> regime_at(store::Tx& tx, const std::string& utility_path);
// Days of the regime history, oldest first, folded into periods.
Result<std::vector<RegimePeriod>> regime_history(store::Tx& tx, int64_t utility_id);
Result<Coverage> coverage_of(store::Tx& tx, int64_t utility_id, const std::string& utility_path);

// The rules a stored plan keeps; errors name the fields.
std::vector<FieldError> check_plan(const Plan& p);
// The default plan set (CJ/T 206 practice, and the raised set of the emergency).
std::vector<Plan> default_plans();

nlohmann::json to_json(const Plan& p);
nlohmann::json to_json(const Regime& r);
nlohmann::json to_json(const Coverage& c);

}  // namespace lifeline::app::quality
