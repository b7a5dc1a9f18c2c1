#include "app/quality/plans.h"

#include <algorithm>
#include <set>

#include "app/audit/audit.h"
#include "app/emergency/service.h"
#include "app/quality/access.h"
#include "core/time.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

const char* const kSelect =
    "SELECT id, utility_id, org_path, point_type, regime, level, name, indicators, frequency, every_hours, due_hour,"
    " min_residual, active, version, created_at, updated_at FROM quality_plans ";

Plan from_row(const store::Row& r) {
  Plan p;
  p.id = r.integer(0);
  p.utility_id = r.integer(1);
  p.org_path = r.text(2);
  p.point_type = r.text(3);
  p.regime = r.text(4);
  p.level = r.text(5);
  p.name = r.text(6);
  p.indicators = from_json_text(r.text(7));
  p.frequency = r.text(8);
  p.every_hours = r.opt_integer(9);
  p.due_hour = r.integer(10);
  if (!r.is_null(11)) p.min_residual = r.real(11);
  p.active = r.boolean(12);
  p.version = r.integer(13);
  p.created_at = from_millis(r.integer(14));
  p.updated_at = from_millis(r.integer(15));
  return p;
}

nlohmann::json audit_json(const Plan& p) {
  nlohmann::json j = to_json(p);
  j.erase("created_at");
  j.erase("updated_at");
  return j;
}

bool plant_type(const std::string& t) { return t == "raw" || t == "process" || t == "outlet"; }

void apply(Plan& p, const PlanFields& f) {
  if (f.point_type) p.point_type = *f.point_type;
  if (f.regime) p.regime = *f.regime;
  if (f.level) p.level = *f.level;
  if (f.name) p.name = *f.name;
  if (f.frequency) p.frequency = *f.frequency;
  if (f.indicators) p.indicators = *f.indicators;
  if (f.every_hours) p.every_hours = *f.every_hours;
  if (f.due_hour) p.due_hour = *f.due_hour;
  if (f.min_residual) p.min_residual = *f.min_residual;
  if (f.active) p.active = *f.active;
}

Result<Unit> manageable_utility(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto unit, unit_for_query(tx, actor, org, "org"));
  auto utility = utility_of(tx, unit.path);
  if (!utility) return Error::invalid("org", "plans belong to a utility: name the utility or one of its units");
  if (!actor.sees(utility->path)) return Error::forbidden("plans are managed at the utility");
  return *utility;
}

Plan plan(const char* type, const char* regime, const char* level, const char* name,
          const std::vector<std::string_view>& items, const char* frequency, std::optional<int64_t> hours = {},
          int64_t due = 10, std::optional<double> min_residual = {}) {
  Plan p;
  p.point_type = type;
  p.regime = regime;
  p.level = level;
  p.name = name;
  for (auto i : items) p.indicators.emplace_back(i);
  p.frequency = frequency;
  p.every_hours = hours;
  p.due_hour = due;
  p.min_residual = min_residual;
  return p;
}

}  // namespace

std::vector<FieldError> check_plan(const Plan& p) {
  std::vector<FieldError> errors;
  if (!is_point_type(p.point_type))
    errors.push_back({"point_type", "must be one of: raw, process, outlet, network, network_end, secondary, customer"});
  if (!one_of(p.regime, {"always", "normal", "raised"}))
    errors.push_back({"regime", "must be one of: always, normal, raised"});
  if (!one_of(p.level, {"shift", "plant", "centre"})) errors.push_back({"level", "must be one of: shift, plant, centre"});
  else if (p.level != "centre" && is_point_type(p.point_type) && !plant_type(p.point_type))
    errors.push_back({"level", "network water is tested by the quality centre (centre)"});
  if (blank(p.name)) errors.push_back({"name", "must not be empty"});
  if (p.indicators.empty()) errors.push_back({"indicators", "name at least one indicator"});
  std::set<std::string> seen;
  for (size_t i = 0; i < p.indicators.size(); ++i) {
    const std::string field = "indicators/" + std::to_string(i);
    if (!find_indicator(p.indicators[i])) errors.push_back({field, "unknown indicator '" + p.indicators[i] + "'"});
    else if (!seen.insert(p.indicators[i]).second) errors.push_back({field, "is listed twice"});
  }
  if (!one_of(p.frequency, {"hours", "daily", "weekly", "twice_monthly", "monthly", "half_yearly"}))
    errors.push_back({"frequency", "must be one of: hours, daily, weekly, twice_monthly, monthly, half_yearly"});
  if (p.frequency == "hours") {
    if (!p.every_hours) errors.push_back({"every_hours", "give the interval in hours"});
    else if (*p.every_hours <= 0) errors.push_back({"every_hours", "a frequency must be above zero"});
    else if (*p.every_hours > 24 || 24 % *p.every_hours != 0)
      errors.push_back({"every_hours", "must divide the day: 1, 2, 3, 4, 6, 8, 12 or 24"});
  } else if (p.every_hours) {
    errors.push_back({"every_hours", "only a plan of frequency 'hours' takes an interval"});
  }
  if (p.due_hour < 0 || p.due_hour > 23) errors.push_back({"due_hour", "must be between 0 and 23"});
  if (p.min_residual && !(*p.min_residual >= 0 && *p.min_residual <= 4))
    errors.push_back({"min_residual", "must be between 0 and 4 mg/L"});
  return errors;
}

std::vector<Plan> default_plans() {
  const auto net = network_items();
  const std::vector<std::string_view> raised_net = {"turbidity", "free_chlorine", "hpc", "total_coliforms"};
  const std::vector<std::string_view> process = {"turbidity", "ph"};
  return {
      // Raw and outlet water: the 9 items daily at the plant laboratory.
      plan("raw", "always", "plant", "原水9项日检", raw_daily_items(), "daily", {}, 10),
      plan("outlet", "always", "plant", "出厂水9项日检", outlet_daily_items(), "daily", {}, 10),
      // The shift's process tests: turbidity, residual chlorine and pH.
      plan("process", "normal", "shift", "工艺水班组检测", process, "hours", 4),
      plan("outlet", "normal", "shift", "出厂水班组检测", shift_items(), "hours", 4),
      // The quality centre: outlet routine items monthly, every indicator half-yearly.
      plan("outlet", "always", "centre", "出厂水常规指标月检", routine_items(), "monthly", {}, 14),
      plan("outlet", "always", "centre", "出厂水全分析（97项）", all_items(), "half_yearly", {}, 14),
      // Network water: the 7 items at least twice a month; ends and secondary supply monthly.
      plan("network", "normal", "centre", "管网水7项", net, "twice_monthly", {}, 15),
      plan("network_end", "normal", "centre", "末梢水7项", net, "monthly", {}, 15),
      plan("secondary", "normal", "centre", "二次供水7项", net, "monthly", {}, 15),
      plan("customer", "normal", "centre", "重点用户7项", net, "monthly", {}, 15),
      // Raised (emergency): outlets every 2 h, network and hospital points daily, stricter residual.
      plan("process", "raised", "shift", "工艺水加密检测（每2小时）", process, "hours", 2),
      plan("outlet", "raised", "shift", "出厂水加密检测（每2小时）", shift_items(), "hours", 2, 10, 0.5),
      plan("network", "raised", "centre", "管网水加密检测（每日）", raised_net, "daily", {}, 11, 0.1),
      plan("network_end", "raised", "centre", "末梢水加密检测（每日）", raised_net, "daily", {}, 11, 0.1),
      plan("secondary", "raised", "centre", "二次供水加密检测（每日）", raised_net, "daily", {}, 11, 0.1),
      plan("customer", "raised", "centre", "医院及发热门诊加密检测（每日）", raised_net, "daily", {}, 9, 0.1),
  };
}

namespace plan_repo {

Result<std::vector<Plan>> select(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Plan> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<Plan>> in_force(Tx& tx, int64_t utility_id, const std::string& regime) {
  return select(tx, "WHERE utility_id = ? AND active = 1 AND (regime = 'always' OR regime = ?) ORDER BY id",
                {utility_id, regime});
}

}  // namespace plan_repo

Result<Regime> regime_at(Tx& tx, const std::string& utility_path) {
  Regime r;
  LL_TRY(auto active, emergency::policy_at(tx, utility_path));
  if (active && active->policy.sampling_frequency_factor > 1.0) {
    r.regime = "raised";
    r.emergency_id = active->emergency.id;
    r.emergency_name = active->emergency.name;
    r.level = active->emergency.level;
    r.factor = active->policy.sampling_frequency_factor;
  }
  return r;
}

Result<std::vector<RegimePeriod>> regime_history(Tx& tx, int64_t utility_id) {
  LL_TRY(auto rows, tx.query("SELECT day, regime, emergency_id, COALESCE(level, '') FROM quality_regime_days"
                             " WHERE utility_id = ? ORDER BY day",
                             {utility_id}));
  std::vector<RegimePeriod> out;
  for (const auto& r : rows) {
    const std::string day = r.text(0);
    if (!out.empty() && out.back().regime == r.text(1) && out.back().emergency_id == r.opt_integer(2) &&
        add_days(out.back().to, 1) == day) {
      out.back().to = day;
      continue;
    }
    out.push_back({r.text(1), day, day, r.text(3), r.opt_integer(2)});
  }
  return out;
}

Result<Coverage> coverage_of(Tx& tx, int64_t utility_id, const std::string&) {
  Coverage c;
  LL_TRY(auto s, tx.query_one("SELECT population_served FROM quality_settings WHERE utility_id = ?", {utility_id}));
  if (s) c.population_served = s->integer(0);
  LL_TRY(auto n, tx.query_one("SELECT COUNT(*) FROM quality_points WHERE utility_id = ? AND active = 1"
                              " AND type IN ('network', 'network_end', 'secondary', 'customer')",
                              {utility_id}));
  c.network_points = n ? n->integer(0) : 0;
  c.required = (c.population_served + kPeoplePerNetworkPoint - 1) / kPeoplePerNetworkPoint;
  c.ok = c.population_served > 0 && c.network_points >= c.required;
  return c;
}

nlohmann::json to_json(const Plan& p) {
  return {{"id", p.id},
          {"utility_id", p.utility_id},
          {"point_type", p.point_type},
          {"regime", p.regime},
          {"level", p.level},
          {"name", p.name},
          {"indicators", p.indicators},
          {"frequency", p.frequency},
          {"every_hours", p.every_hours ? nlohmann::json(*p.every_hours) : nlohmann::json()},
          {"due_hour", p.due_hour},
          {"min_residual", p.min_residual ? nlohmann::json(*p.min_residual) : nlohmann::json()},
          {"active", p.active},
          {"version", p.version},
          {"created_at", format_instant(p.created_at)},
          {"updated_at", format_instant(p.updated_at)}};
}

nlohmann::json to_json(const Regime& r) {
  return {{"regime", r.regime},
          {"raised_sampling_frequency", r.regime == "raised"},
          {"emergency_id", r.emergency_id ? nlohmann::json(*r.emergency_id) : nlohmann::json()},
          {"emergency_name", r.emergency_name},
          {"level", r.level},
          {"sampling_frequency_factor", r.factor}};
}

nlohmann::json to_json(const Coverage& c) {
  return {{"population_served", c.population_served},
          {"people_per_point", kPeoplePerNetworkPoint},
          {"required_points", c.required},
          {"network_points", c.network_points},
          {"ok", c.ok}};
}

Result<PlanBook> Plans::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<PlanBook> {
    PlanBook book;
    LL_TRY(auto unit, unit_for_query(tx, actor, org, "org"));
    auto utility = utility_of(tx, unit.path);
    if (!utility) return Error::invalid("org", "plans belong to a utility: name the utility or one of its units");
    book.utility = *utility;
    LL_TRY(book.plans, plan_repo::select(tx, "WHERE utility_id = ? ORDER BY point_type, level, id", {utility->id}));
    LL_TRY(book.regime, regime_at(tx, utility->path));
    LL_TRY(book.history, regime_history(tx, utility->id));
    LL_TRY(book.coverage, coverage_of(tx, utility->id, utility->path));
    return book;
  });
}

Result<Plan> Plans::create(const Actor& actor, std::optional<int64_t> org, const PlanFields& f) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  Plan p;
  p.regime = "always";
  apply(p, f);
  if (auto errors = check_plan(p); !errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Plan> {
    LL_TRY(auto utility, manageable_utility(tx, actor, org));
    LL_TRY(int64_t id, tx.insert("INSERT INTO quality_plans (utility_id, org_path, point_type, regime, level, name,"
                                 " indicators, frequency, every_hours, due_hour, min_residual, active, created_at,"
                                 " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {utility.id, utility.path, p.point_type, p.regime, p.level, p.name,
                                  to_json_text(p.indicators), p.frequency, p.every_hours, p.due_hour, p.min_residual,
                                  p.active, to_millis(now), to_millis(now)}));
    LL_TRY(auto created, plan_repo::select(tx, "WHERE id = ?", {id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.plan.create", "quality_plan", std::to_string(id), utility.id, utility.path,
                            nullptr, audit_json(created.at(0))}));
    return created.at(0);
  });
}

Result<Plan> Plans::update(const Actor& actor, int64_t id, const PlanFields& f, std::optional<int64_t> version) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Plan> {
    LL_TRY(auto found, plan_repo::select(tx, "WHERE id = ?", {id}));
    if (found.empty() || !may_read(actor, found[0].org_path)) return Error::not_found("no such plan");
    const Plan before = found[0];
    if (!actor.sees(before.org_path)) return Error::forbidden("plans are managed at the utility");
    if (version && *version != before.version)
      return Error{ErrorCode::precondition_failed, "the plan changed meanwhile; reload", {}};
    Plan p = before;
    apply(p, f);
    if (auto errors = check_plan(p); !errors.empty()) return Error::invalid(std::move(errors));
    LL_TRY(int64_t n, tx.exec("UPDATE quality_plans SET point_type = ?, regime = ?, level = ?, name = ?, indicators = ?,"
                              " frequency = ?, every_hours = ?, due_hour = ?, min_residual = ?, active = ?,"
                              " updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                              {p.point_type, p.regime, p.level, p.name, to_json_text(p.indicators), p.frequency,
                               p.every_hours, p.due_hour, p.min_residual, p.active, to_millis(now), id,
                               before.version}));
    if (n != 1) return Error{ErrorCode::precondition_failed, "the plan changed meanwhile; reload", {}};
    LL_TRY(auto after, plan_repo::select(tx, "WHERE id = ?", {id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.plan.update", "quality_plan", std::to_string(id), before.utility_id,
                            before.org_path, audit_json(before), audit_json(after.at(0))}));
    return after.at(0);
  });
}

Result<std::vector<Plan>> Plans::install_defaults(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::vector<Plan>> {
    LL_TRY(auto utility, manageable_utility(tx, actor, org));
    // A row lock on the utility serialises two installs of the defaults.
    LL_CHECK(tx.execute("SELECT id FROM orgs WHERE id = ? FOR UPDATE", {utility.id}));
    LL_TRY(auto existing, tx.query_one("SELECT COUNT(*) FROM quality_plans WHERE utility_id = ?", {utility.id}));
    if (existing && existing->integer(0) > 0)
      return Error::conflict("the utility already has plans; edit them instead");
    for (const Plan& p : default_plans()) {
      LL_TRY(int64_t id, tx.insert("INSERT INTO quality_plans (utility_id, org_path, point_type, regime, level, name,"
                                   " indicators, frequency, every_hours, due_hour, min_residual, active, created_at,"
                                   " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?) RETURNING id",
                                   {utility.id, utility.path, p.point_type, p.regime, p.level, p.name,
                                    to_json_text(p.indicators), p.frequency, p.every_hours, p.due_hour,
                                    p.min_residual, to_millis(now), to_millis(now)}));
      (void)id;
    }
    LL_TRY(auto plans, plan_repo::select(tx, "WHERE utility_id = ? ORDER BY id", {utility.id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.plan.defaults", "quality_plan", std::to_string(utility.id), utility.id,
                            utility.path, nullptr, {{"plans", static_cast<int64_t>(plans.size())}}}));
    return plans;
  });
}

Result<Coverage> Plans::set_population(const Actor& actor, std::optional<int64_t> org, int64_t population) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  if (population <= 0 || population > 100000000)
    return Error::invalid("population_served", "must be between 1 and 100,000,000");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Coverage> {
    LL_TRY(auto utility, manageable_utility(tx, actor, org));
    LL_TRY(auto before, coverage_of(tx, utility.id, utility.path));
    LL_CHECK(tx.execute("INSERT INTO quality_settings (utility_id, population_served, updated_at) VALUES (?,?,?)"
                        " ON CONFLICT (utility_id) DO UPDATE SET population_served = excluded.population_served,"
                        " updated_at = excluded.updated_at",
                        {utility.id, population, to_millis(now)}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.settings.population", "quality_settings", std::to_string(utility.id), utility.id,
                            utility.path, {{"population_served", before.population_served}},
                            {{"population_served", population}}}));
    return coverage_of(tx, utility.id, utility.path);
  });
}

}  // namespace lifeline::app::quality
