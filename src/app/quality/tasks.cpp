#include "app/quality/tasks.h"

#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/quality/access.h"
#include "app/quality/plans.h"
#include "app/quality/points.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

const char* const kSelect =
    "SELECT t.id, t.utility_id, t.org_id, t.org_path, t.point_id, p.code, p.name, p.type, t.plan_id, t.task_key, t.day,"
    " t.kind, t.level, t.indicators, t.due_at, t.state, t.overdue, t.origin_type, t.origin_id, t.origin_note,"
    " t.exceedance_id, t.sample_id, t.created_by_name, t.created_at, t.done_at"
    " FROM quality_tasks t JOIN quality_points p ON p.id = t.point_id ";

Task from_row(const store::Row& r) {
  Task t;
  t.id = r.integer(0);
  t.utility_id = r.integer(1);
  t.org_id = r.integer(2);
  t.org_path = r.text(3);
  t.point_id = r.integer(4);
  t.point_code = r.text(5);
  t.point_name = r.text(6);
  t.point_type = r.text(7);
  t.plan_id = r.opt_integer(8);
  t.task_key = r.text(9);
  t.day = r.text(10);
  t.kind = r.text(11);
  t.level = r.text(12);
  t.indicators = from_json_text(r.text(13));
  t.due_at = from_millis(r.integer(14));
  t.state = r.text(15);
  t.overdue = r.boolean(16);
  t.origin_type = r.opt_text(17);
  t.origin_id = r.opt_integer(18);
  t.origin_note = r.text(19);
  t.exceedance_id = r.opt_integer(20);
  t.sample_id = r.opt_integer(21);
  t.created_by_name = r.text(22);
  t.created_at = from_millis(r.integer(23));
  if (!r.is_null(24)) t.done_at = from_millis(r.integer(24));
  return t;
}

int day_of_month(const std::string& day) { return std::stoi(day.substr(8, 2)); }
int month_of(const std::string& day) { return std::stoi(day.substr(5, 2)); }
// 0 = Monday (1970-01-05 was one).
int weekday(const std::string& day) { return ((days_between("1970-01-05", day) % 7) + 7) % 7; }

constexpr size_t kBatch = 200;  // rows per multi-row INSERT

// Inserts tasks in batches; existing keys are left alone. Returns how many were added.
Result<int64_t> insert_all(Tx& tx, const std::vector<Task>& tasks) {
  int64_t added = 0;
  for (size_t start = 0; start < tasks.size(); start += kBatch) {
    const size_t end = std::min(tasks.size(), start + kBatch);
    std::string sql =
        "INSERT INTO quality_tasks (utility_id, org_id, org_path, point_id, plan_id, task_key, day, kind, level,"
        " indicators, due_at, state, overdue, origin_type, origin_id, origin_note, exceedance_id, created_by_name,"
        " created_at) VALUES ";
    store::Params params;
    params.reserve((end - start) * 18);
    for (size_t i = start; i < end; ++i) {
      const Task& t = tasks[i];
      sql += i == start ? "(?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?,?,?,?,?)";
      params.insert(params.end(), {t.utility_id, t.org_id, t.org_path, t.point_id, t.plan_id, t.task_key, t.day, t.kind,
                                   t.level, to_json_text(t.indicators), to_millis(t.due_at), t.overdue, t.origin_type,
                                   t.origin_id, t.origin_note, t.exceedance_id, t.created_by_name,
                                   to_millis(t.created_at)});
    }
    sql += " ON CONFLICT (task_key) DO NOTHING";
    LL_TRY(int64_t n, tx.exec(sql, params));
    added += n;
  }
  return added;
}

}  // namespace

std::vector<Instant> slots(const Plan& plan, int64_t point_id, const std::string& day, const LocalTime& local) {
  std::vector<Instant> out;
  const int due = static_cast<int>(plan.due_hour) * 60;
  const int spread = static_cast<int>(point_id % 28);
  if (plan.frequency == "hours") {
    const int64_t n = plan.every_hours.value_or(24);
    if (n <= 0 || n > 24) return out;
    for (int64_t h = n; h <= 24; h += n) out.push_back(local.start_of(day) + std::chrono::hours(h));
  } else if (plan.frequency == "daily") {
    out.push_back(local.at(day, due));
  } else if (plan.frequency == "weekly") {
    if (weekday(day) == point_id % 7) out.push_back(local.at(day, due));
  } else if (plan.frequency == "twice_monthly") {
    const int first = 1 + static_cast<int>(point_id % 14);
    if (day_of_month(day) == first || day_of_month(day) == first + 15) out.push_back(local.at(day, due));
  } else if (plan.frequency == "monthly") {
    if (day_of_month(day) == 1 + spread) out.push_back(local.at(day, due));
  } else if (plan.frequency == "half_yearly") {
    if ((month_of(day) == 1 || month_of(day) == 7) && day_of_month(day) == 1 + spread)
      out.push_back(local.at(day, due));
  }
  return out;
}

namespace task_repo {

Result<std::vector<Task>> select(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Task> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<bool> insert(Tx& tx, const Task& t) {
  LL_TRY(int64_t n, insert_all(tx, {t}));
  return n == 1;
}

}  // namespace task_repo

nlohmann::json to_json(const Task& t) {
  auto opt_i = [](const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", t.id},
          {"utility_id", t.utility_id},
          {"org_id", t.org_id},
          {"point", {{"id", t.point_id}, {"code", t.point_code}, {"name", t.point_name}, {"type", t.point_type}}},
          {"plan_id", opt_i(t.plan_id)},
          {"day", t.day},
          {"kind", t.kind},
          {"level", t.level},
          {"indicators", t.indicators},
          {"due_at", format_instant(t.due_at)},
          {"state", t.state},
          {"overdue", t.overdue},
          {"origin", t.origin_type ? nlohmann::json{{"type", *t.origin_type},
                                                    {"id", opt_i(t.origin_id)},
                                                    {"note", t.origin_note}}
                                   : nlohmann::json()},
          {"exceedance_id", opt_i(t.exceedance_id)},
          {"sample_id", opt_i(t.sample_id)},
          {"created_by_name", t.created_by_name},
          {"created_at", format_instant(t.created_at)},
          {"done_at", t.done_at ? nlohmann::json(format_instant(*t.done_at)) : nlohmann::json()}};
}

Result<TaskList> Tasks::list(const Actor& actor, const TaskFilter& f) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  TaskList out;
  if (f.date) {
    LL_TRY(out.date, parse_date(*f.date, "date"));
  } else {
    out.date = local_time(rt_).date(rt_.clock.now());
  }
  if (f.state && !one_of(*f.state, {"open", "done", "cancelled", "overdue"}))
    return Error::invalid("state", "must be one of: open, done, cancelled, overdue");
  if (f.kind && !one_of(*f.kind, {"routine", "raised", "retest", "adhoc"}))
    return Error::invalid("kind", "must be one of: routine, raised, retest, adhoc");
  LL_CHECK(rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto unit, unit_for_query(tx, actor, f.org, "org"));
    std::string where = "WHERE t.org_path LIKE ? ESCAPE '\\' AND t.day = ?";
    store::Params params{store::like_prefix(unit.path), out.date};
    if (f.point) {
      where += " AND t.point_id = ?";
      params.emplace_back(*f.point);
    }
    if (f.kind) {
      where += " AND t.kind = ?";
      params.emplace_back(*f.kind);
    }
    LL_TRY(auto counts, tx.query("SELECT t.state, t.overdue, COUNT(*) FROM quality_tasks t " + where +
                                     " GROUP BY t.state, t.overdue",
                                 params));
    for (const auto& r : counts) {
      const std::string s = r.text(0);
      const int64_t n = r.integer(2);
      if (s == "open") out.open += n;
      if (s == "open" && r.boolean(1)) out.overdue += n;
      if (s == "done") out.done += n;
      if (s == "cancelled") out.cancelled += n;
    }
    if (f.state == "overdue") {
      where += " AND t.state = 'open' AND t.overdue = 1";
    } else if (f.state) {
      where += " AND t.state = ?";
      params.emplace_back(*f.state);
    }
    LL_TRY(out.items, task_repo::select(tx, where + " ORDER BY t.due_at, t.id LIMIT 3000", params));
    return true;
  }));
  return out;
}

Result<Task> Tasks::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Task> {
    LL_TRY(auto found, task_repo::select(tx, "WHERE t.id = ?", {id}));
    if (found.empty()) return Error::not_found("no such task");
    LL_TRY(auto utility, utility_of(tx, found[0].org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such task");
    return found[0];
  });
}

Result<Task> Tasks::create_adhoc(const Actor& actor, const AdHocTask& in) {
  if (!actor.can(Permission::quality_enter) && !actor.can(Permission::quality_manage)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (in.indicators.empty()) errors.push_back({"indicators", "name at least one indicator"});
  for (size_t i = 0; i < in.indicators.size(); ++i)
    if (!find_indicator(in.indicators[i]))
      errors.push_back({"indicators/" + std::to_string(i), "unknown indicator '" + in.indicators[i] + "'"});
  if (!one_of(in.origin_type, {"hotline_call", "incident", "manual"}))
    errors.push_back({"origin_type", "must be one of: hotline_call, incident, manual"});
  if (in.origin_type != "manual" && !in.origin_id) errors.push_back({"origin_id", "name the call or the incident"});
  if (in.level && !one_of(*in.level, {"shift", "plant", "centre"}))
    errors.push_back({"level", "must be one of: shift, plant, centre"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  const LocalTime local = local_time(rt_);
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Task> {
    LL_TRY(auto p, visible_point(tx, actor, in.point_id));
    if (!p.active) return Error::invalid("point_id", "the point is retired");
    // The origin must be a record of the same utility.
    if (in.origin_type == "hotline_call" || in.origin_type == "incident") {
      const char* table = in.origin_type == "hotline_call" ? "hotline_calls" : "incidents";
      LL_TRY(auto o, tx.query_one(std::string("SELECT org_path FROM ") + table + " WHERE id = ?", {*in.origin_id}));
      if (!o || !o->text(0).starts_with(p.utility_path))
        return Error::invalid("origin_id", "no such " + in.origin_type + " in the utility");
    }
    Task t;
    t.utility_id = p.utility_id;
    t.org_id = p.org_id;
    t.org_path = p.org_path;
    t.point_id = p.id;
    t.kind = "adhoc";
    t.level = in.level.value_or(p.plant_id ? "plant" : "centre");
    if (t.level != "centre" && !p.plant_id) return Error::invalid("level", "network water is tested by the quality centre");
    t.indicators = in.indicators;
    t.due_at = in.due_at.value_or(now + std::chrono::hours(4));
    t.day = local.date(t.due_at);
    t.origin_type = in.origin_type;
    t.origin_id = in.origin_id;
    t.origin_note = in.note;
    t.created_by_name = actor.display_name;
    t.created_at = now;
    t.task_key = "adhoc:" + std::to_string(p.id) + ":" + std::to_string(to_millis(now)) + ":" +
                 std::to_string(actor.user_id) + ":" + in.origin_type + ":" + std::to_string(in.origin_id.value_or(0));
    LL_TRY(bool added, task_repo::insert(tx, t));
    if (!added) return Error::conflict("this task was just added");
    LL_TRY(auto rows, task_repo::select(tx, "WHERE t.task_key = ?", {t.task_key}));
    const Task& created = rows.at(0);
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.task.adhoc", "quality_task", std::to_string(created.id), created.org_id,
                            created.org_path, nullptr, to_json(created)}));
    return created;
  });
  return r;
}

Status Tasks::cancel(const Actor& actor, int64_t id, const std::string& reason) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  if (blank(reason)) return Error::invalid("reason", "say why the task is cancelled");
  const Instant now = rt_.clock.now();
  LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto found, task_repo::select(tx, "WHERE t.id = ?", {id}));
    if (found.empty()) return Error::not_found("no such task");
    LL_TRY(auto utility, utility_of(tx, found[0].org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such task");
    LL_TRY(int64_t n, tx.exec("UPDATE quality_tasks SET state = 'cancelled', origin_note = ? WHERE id = ? AND state = 'open'",
                              {reason, id}));
    if (n != 1) return Error::conflict("only an open task can be cancelled");
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.task.cancel", "quality_task", std::to_string(id), found[0].org_id,
                            found[0].org_path, to_json(found[0]), {{"state", "cancelled"}, {"reason", reason}}}));
    return true;
  }));
  return {};
}

Result<Generated> Tasks::generate_for(int64_t utility_id, const std::string& day, Instant not_before) {
  const Instant now = rt_.clock.now();
  const LocalTime local = local_time(rt_);
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Generated> {
    Generated g;
    g.utilities = 1;
    LL_TRY(auto unit, find_unit(tx, utility_id));
    if (!unit) return Error::not_found("no such utility");
    LL_TRY(auto regime, regime_at(tx, unit->path));
    // The day's regime: the latest decision holds (a response declared at
    // noon raises the rest of the day).
    LL_CHECK(tx.execute("INSERT INTO quality_regime_days (utility_id, day, regime, emergency_id, level, decided_at)"
                        " VALUES (?,?,?,?,?,?) ON CONFLICT (utility_id, day) DO UPDATE SET regime = excluded.regime,"
                        " emergency_id = excluded.emergency_id, level = excluded.level, decided_at = excluded.decided_at",
                        {utility_id, day, regime.regime, regime.emergency_id,
                         regime.level.empty() ? store::Value() : store::Value(regime.level), to_millis(now)}));
    LL_TRY(auto plans, plan_repo::in_force(tx, utility_id, regime.regime));
    g.plans = static_cast<int64_t>(plans.size());
    LL_TRY(auto rows, tx.query("SELECT id, org_id, org_path, type FROM quality_points WHERE utility_id = ? AND active = 1",
                               {utility_id}));
    std::map<std::string, std::vector<const store::Row*>> by_type;
    for (const auto& r : rows) by_type[r.text(3)].push_back(&r);
    std::vector<Task> tasks;
    std::set<int64_t> in_force;
    for (const Plan& plan : plans) {
      in_force.insert(plan.id);
      for (const store::Row* r : by_type[plan.point_type]) {
        const int64_t point = r->integer(0);
        const auto due = slots(plan, point, day, local);
        for (size_t i = 0; i < due.size(); ++i) {
          if (due[i] < not_before) continue;
          Task t;
          t.utility_id = utility_id;
          t.org_id = r->integer(1);
          t.org_path = r->text(2);
          t.point_id = point;
          t.plan_id = plan.id;
          t.task_key = "p" + std::to_string(plan.id) + ":" + std::to_string(point) + ":" + day + ":" + std::to_string(i);
          t.day = day;
          t.kind = plan.regime == "raised" ? "raised" : "routine";
          t.level = plan.level;
          t.indicators = plan.indicators;
          t.due_at = due[i];
          t.created_by_name = "采样计划";
          t.created_at = now;
          tasks.push_back(std::move(t));
        }
      }
    }
    // Raised frequency at a point with an open exceedance: a retest of its
    // failing indicators every day until three consecutive passes.
    LL_TRY(auto open, tx.query("SELECT e.id, e.point_id, p.org_id, p.org_path, e.indicators, p.plant_id"
                               " FROM quality_exceedances e JOIN quality_points p ON p.id = e.point_id"
                               " WHERE e.utility_id = ? AND e.state = 'open' AND e.consecutive_passes < e.passes_needed",
                               {utility_id}));
    for (const auto& r : open) {
      Task t;
      t.utility_id = utility_id;
      t.org_id = r.integer(2);
      t.org_path = r.text(3);
      t.point_id = r.integer(1);
      t.exceedance_id = r.integer(0);
      t.task_key = "x" + std::to_string(r.integer(0)) + ":" + day;
      t.day = day;
      t.kind = "retest";
      t.level = r.is_null(5) ? "centre" : "plant";
      auto failed = nlohmann::json::parse(r.text(4), nullptr, false);
      if (failed.is_array())
        for (const auto& f : failed) t.indicators.push_back(f.value("indicator", ""));
      t.due_at = local.at(day, 10 * 60);
      if (t.due_at < not_before) continue;
      t.origin_type = "exceedance";
      t.origin_id = r.integer(0);
      t.origin_note = "超标点加密复检（连续三次合格前每日一次）";
      t.created_by_name = "超标处置";
      t.created_at = now;
      tasks.push_back(std::move(t));
    }
    LL_TRY(g.created, insert_all(tx, tasks));
    // Plans no longer in force (the regime changed): their open tasks still to come are cancelled.
    std::string keep = "0";
    for (int64_t id : in_force) keep += "," + std::to_string(id);
    LL_TRY(g.cancelled, tx.exec("UPDATE quality_tasks SET state = 'cancelled', origin_note = '采样计划已切换'"
                                " WHERE utility_id = ? AND day = ? AND state = 'open' AND plan_id IS NOT NULL"
                                " AND due_at > ? AND plan_id NOT IN (" + keep + ")",
                                {utility_id, day, to_millis(now)}));
    return g;
  });
}

Result<Generated> Tasks::generate_day(const std::string& day, Instant not_before) {
  LL_TRY(auto utilities, rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<int64_t>> {
    LL_TRY(auto rows, tx.query("SELECT DISTINCT utility_id FROM quality_plans WHERE active = 1 ORDER BY utility_id"));
    std::vector<int64_t> out;
    for (const auto& r : rows) out.push_back(r.integer(0));
    return out;
  }));
  Generated total;
  for (int64_t u : utilities) {
    LL_TRY(auto g, generate_for(u, day, not_before));
    total.utilities += g.utilities;
    total.plans += g.plans;
    total.created += g.created;
    total.cancelled += g.cancelled;
  }
  return total;
}

Result<int64_t> Tasks::flag_overdue(Instant now) {
  return rt_.db.transact(TxMode::write, [&](Tx& tx) {
    return tx.exec("UPDATE quality_tasks SET overdue = 1 WHERE state = 'open' AND overdue = 0 AND due_at < ?",
                   {to_millis(now)});
  });
}

Status Tasks::run(Instant now) {
  const LocalTime local = local_time(rt_);
  const std::string today = local.date(now);
  // Today from its start: a server that was down at midnight still creates
  // the day's earlier slots (they show up overdue, which they are).
  LL_TRY(auto g, generate_day(today, local.start_of(today)));
  (void)g;
  LL_TRY(auto flagged, flag_overdue(now));
  (void)flagged;
  return {};
}

}  // namespace lifeline::app::quality
