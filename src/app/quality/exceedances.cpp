#include "app/quality/exceedances.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "app/audit/audit.h"
#include "app/notify/outbox.h"
#include "app/quality/access.h"
#include "app/quality/samples.h"
#include "app/quality/tasks.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

const char* const kSelect =
    "SELECT e.id, e.utility_id, e.org_id, e.org_path, e.point_id, p.code, p.name, p.type, e.sample_id, s.day,"
    " e.opened_at, e.indicators, e.state, e.consecutive_passes, e.passes_needed, e.cause, e.action, e.cause_by_name,"
    " e.cause_at, e.customer_id, e.incident_id, e.closed_at, e.version"
    " FROM quality_exceedances e JOIN quality_points p ON p.id = e.point_id JOIN quality_samples s ON s.id = e.sample_id ";

Exceedance from_row(const store::Row& r) {
  Exceedance e;
  e.id = r.integer(0);
  e.utility_id = r.integer(1);
  e.org_id = r.integer(2);
  e.org_path = r.text(3);
  e.point_id = r.integer(4);
  e.point_code = r.text(5);
  e.point_name = r.text(6);
  e.point_type = r.text(7);
  e.sample_id = r.integer(8);
  e.day = r.text(9);
  e.opened_at = from_millis(r.integer(10));
  e.indicators_json = r.text(11);
  e.state = r.text(12);
  e.consecutive_passes = r.integer(13);
  e.passes_needed = r.integer(14);
  e.cause = r.opt_text(15);
  e.action = r.opt_text(16);
  e.cause_by_name = r.opt_text(17);
  if (!r.is_null(18)) e.cause_at = from_millis(r.integer(18));
  e.customer_id = r.opt_integer(19);
  e.incident_id = r.opt_integer(20);
  if (!r.is_null(21)) e.closed_at = from_millis(r.integer(21));
  e.version = r.integer(22);
  return e;
}

std::string compact(const std::string& day) {
  std::string out;
  for (char c : day)
    if (c != '-') out += c;
  return out;
}

// "游离氯 0.02 mg/L（0.05–2）; 浑浊度 …"
std::string summary(const nlohmann::json& failed) {
  std::string out;
  for (const auto& f : failed) {
    if (!out.empty()) out += "；";
    const Indicator* ind = find_indicator(f.value("indicator", ""));
    out += (ind ? std::string(ind->name_zh) : f.value("indicator", "")) + " " + f.value("value", "") +
           (ind && !ind->unit.empty() ? " " + std::string(ind->unit) : "") + "（限值 " + f.value("limit", "") + "）";
  }
  return out;
}

nlohmann::json failed_of(const Sample& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : s.results)
    if (r.judgement == "fail")
      out.push_back({{"indicator", r.indicator}, {"value", r.measured.display()}, {"limit", r.limit_text},
                     {"sample_id", s.id}});
  return out;
}

bool covers(const Sample& s, const nlohmann::json& failed) {
  for (const auto& f : failed) {
    const std::string code = f.value("indicator", "");
    for (const auto& r : s.results)
      if (r.indicator == code) return true;
  }
  return false;
}

}  // namespace

std::string Exceedance::code() const { return "CB-" + compact(day) + "-" + std::to_string(id); }

namespace exceedance_repo {

Result<std::vector<Exceedance>> select(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Exceedance> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace exceedance_repo

nlohmann::json to_json(const Exceedance& e) {
  auto failed = nlohmann::json::parse(e.indicators_json, nullptr, false);
  if (!failed.is_array()) failed = nlohmann::json::array();
  for (auto& f : failed) {
    const Indicator* ind = find_indicator(f.value("indicator", ""));
    f["name_zh"] = ind ? std::string(ind->name_zh) : f.value("indicator", "");
    f["unit"] = ind ? std::string(ind->unit) : "";
  }
  auto opt_i = [](const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  auto opt_s = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", e.id},
          {"code", e.code()},
          {"utility_id", e.utility_id},
          {"org_id", e.org_id},
          {"point", {{"id", e.point_id}, {"code", e.point_code}, {"name", e.point_name}, {"type", e.point_type}}},
          {"sample_id", e.sample_id},
          {"opened_at", format_instant(e.opened_at)},
          {"indicators", failed},
          {"summary", summary(failed)},
          {"state", e.state},
          {"consecutive_passes", e.consecutive_passes},
          {"passes_needed", e.passes_needed},
          {"raised_frequency", e.state == "open" && e.consecutive_passes < e.passes_needed},
          {"cause", opt_s(e.cause)},
          {"action", opt_s(e.action)},
          {"cause_by_name", opt_s(e.cause_by_name)},
          {"cause_at", e.cause_at ? nlohmann::json(format_instant(*e.cause_at)) : nlohmann::json()},
          {"customer_id", opt_i(e.customer_id)},
          {"incident_id", opt_i(e.incident_id)},
          {"closed_at", e.closed_at ? nlohmann::json(format_instant(*e.closed_at)) : nlohmann::json()},
          {"version", e.version}};
}

Result<std::vector<Exceedance>> Exceedances::list(const Actor& actor, const ExceedanceFilter& f) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  if (f.state && !one_of(*f.state, {"open", "closed"})) return Error::invalid("state", "must be open or closed");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Exceedance>> {
    LL_TRY(auto unit, unit_for_query(tx, actor, f.org, "org"));
    std::string where = "WHERE e.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(unit.path)};
    if (f.state) {
      where += " AND e.state = ?";
      params.emplace_back(*f.state);
    }
    if (f.point) {
      where += " AND e.point_id = ?";
      params.emplace_back(*f.point);
    }
    return exceedance_repo::select(tx, where + " ORDER BY e.opened_at DESC, e.id DESC LIMIT 500", params);
  });
}

Result<ExceedanceView> Exceedances::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<ExceedanceView> {
    LL_TRY(auto found, exceedance_repo::select(tx, "WHERE e.id = ?", {id}));
    if (found.empty()) return Error::not_found("no such exceedance");
    LL_TRY(auto utility, utility_of(tx, found[0].org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such exceedance");
    ExceedanceView v;
    v.exceedance = found[0];
    LL_TRY(v.retests, task_repo::select(tx, "WHERE t.exceedance_id = ? ORDER BY t.due_at, t.id", {id}));
    LL_TRY(v.samples, sample_repo::select(tx, "WHERE s.point_id = ? AND s.sampled_at >= ? ORDER BY s.sampled_at DESC",
                                          {v.exceedance.point_id, to_millis(v.exceedance.opened_at) - 86400000},
                                          true));
    // Retests at the neighbours: their sheets since the case opened.
    std::set<int64_t> neighbours;
    for (const auto& t : v.retests)
      if (t.point_id != v.exceedance.point_id && t.sample_id) neighbours.insert(*t.sample_id);
    for (int64_t sid : neighbours) {
      LL_TRY(auto s, sample_repo::find(tx, sid));
      if (s) v.samples.push_back(std::move(*s));
    }
    return v;
  });
}

Result<Exceedance> Exceedances::set_cause(const Actor& actor, int64_t id, const std::string& cause,
                                          const std::string& action) {
  if (!actor.can(Permission::quality_approve)) return Error::forbidden("the cause is written by the level's head");
  std::vector<FieldError> errors;
  if (blank(cause)) errors.push_back({"cause", "say what caused the exceedance"});
  if (blank(action)) errors.push_back({"action", "say what was done about it"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  std::optional<Exceedance> closed;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Exceedance> {
    closed.reset();
    LL_CHECK(tx.execute("SELECT id FROM quality_exceedances WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto found, exceedance_repo::select(tx, "WHERE e.id = ?", {id}));
    if (found.empty()) return Error::not_found("no such exceedance");
    LL_TRY(auto utility, utility_of(tx, found[0].org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such exceedance");
    const Exceedance before = found[0];
    // Closing is decided in the statement: passes there and a cause now.
    LL_CHECK(tx.execute("UPDATE quality_exceedances SET cause = ?, action = ?, cause_by_name = ?, cause_at = ?,"
                        " state = CASE WHEN consecutive_passes >= passes_needed THEN 'closed' ELSE state END,"
                        " closed_at = CASE WHEN consecutive_passes >= passes_needed AND closed_at IS NULL THEN ?"
                        " ELSE closed_at END, version = version + 1 WHERE id = ?",
                        {cause, action, actor.display_name, to_millis(now), to_millis(now), id}));
    LL_TRY(auto after, exceedance_repo::select(tx, "WHERE e.id = ?", {id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.exceedance.cause", "quality_exceedance", std::to_string(id), before.org_id,
                            before.org_path, to_json(before), to_json(after[0])}));
    if (before.state == "open" && after[0].state == "closed") closed = after[0];
    return after[0];
  });
  if (r) {
    rt_.events.publish({"quality.exceedance", r->utility_id, r->org_path,
                        {{"id", r->id}, {"code", r->code()}, {"state", r->state}, {"point_id", r->point_id}}});
  }
  return r;
}

Result<CaseChange> Exceedances::on_approved(Tx& tx, const Sample& s, const Point& p, const std::vector<Point>& neighbours,
                                            Instant now) {
  CaseChange change;
  // Approvals at one point take turns here (a row lock), so a second fail
  // joins the open case instead of racing it (the partial unique index is the
  // backstop).
  LL_CHECK(tx.execute("SELECT id FROM quality_points WHERE id = ? FOR UPDATE", {p.id}));
  LL_TRY(auto open, exceedance_repo::select(tx, "WHERE e.point_id = ? AND e.state = 'open'", {p.id}));
  if (s.fails == 0) {
    if (open.empty()) return change;
    const Exceedance& e = open[0];
    auto failed = nlohmann::json::parse(e.indicators_json, nullptr, false);
    if (!failed.is_array() || !covers(s, failed)) return change;
    // A sheet sampled before the failing one says nothing about the water since.
    LL_TRY(auto first, tx.query_one("SELECT sampled_at FROM quality_samples WHERE id = ?", {e.sample_id}));
    if (first && to_millis(s.sampled_at) < first->integer(0)) return change;
    // One more pass in a row; the case closes with the third if its cause is written.
    LL_TRY(int64_t n, tx.exec("UPDATE quality_exceedances SET consecutive_passes = consecutive_passes + 1,"
                              " state = CASE WHEN consecutive_passes + 1 >= passes_needed AND cause IS NOT NULL"
                              " THEN 'closed' ELSE state END,"
                              " closed_at = CASE WHEN consecutive_passes + 1 >= passes_needed AND cause IS NOT NULL"
                              " THEN ? ELSE closed_at END, version = version + 1 WHERE id = ? AND state = 'open'",
                              {to_millis(now), e.id}));
    if (n == 1) {
      change.passed = e.id;
      LL_TRY(auto after, exceedance_repo::select(tx, "WHERE e.id = ?", {e.id}));
      if (after[0].state == "closed") change.closed = e.id;
      // The point's daily retest is no longer needed once the passes are there.
      if (after[0].consecutive_passes >= after[0].passes_needed)
        LL_CHECK(tx.execute("UPDATE quality_tasks SET state = 'cancelled', origin_note = '已连续三次合格'"
                            " WHERE exceedance_id = ? AND state = 'open' AND task_key LIKE 'x%'",
                            {e.id}));
      LL_CHECK(audit::record(tx, Actor::system("quality"), now,
                             {"quality.exceedance.pass", "quality_exceedance", std::to_string(e.id), e.org_id,
                              e.org_path, {{"consecutive_passes", e.consecutive_passes}},
                              {{"consecutive_passes", after[0].consecutive_passes}, {"state", after[0].state},
                               {"sample_id", s.id}}}));
    }
    return change;
  }

  const nlohmann::json failed = failed_of(s);
  int64_t case_id = 0;
  if (!open.empty()) {
    // The point's open case takes the new fail and counts its passes again.
    const Exceedance& e = open[0];
    auto merged = nlohmann::json::parse(e.indicators_json, nullptr, false);
    if (!merged.is_array()) merged = nlohmann::json::array();
    for (const auto& f : failed) merged.push_back(f);
    LL_CHECK(tx.execute("UPDATE quality_exceedances SET consecutive_passes = 0, indicators = ?, version = version + 1"
                        " WHERE id = ?",
                        {merged.dump(), e.id}));
    case_id = e.id;
    change.joined = e.id;
  } else {
    LL_TRY(case_id, tx.insert("INSERT INTO quality_exceedances (utility_id, org_id, org_path, point_id, sample_id,"
                              " opened_at, indicators, state, customer_id) VALUES (?,?,?,?,?,?,?,'open',?) RETURNING id",
                              {p.utility_id, p.org_id, p.org_path, p.id, s.id, to_millis(now), failed.dump(),
                               p.customer_id}));
    change.opened = case_id;
  }
  // Retests at once: the point and its network neighbours, the failing indicators.
  std::vector<std::string> indicators;
  for (const auto& f : failed) indicators.push_back(f.value("indicator", ""));
  std::vector<const Point*> targets{&p};
  for (const auto& n : neighbours) targets.push_back(&n);
  const LocalTime local = local_time(rt_);
  for (const Point* t : targets) {
    Task task;
    task.utility_id = t->utility_id;
    task.org_id = t->org_id;
    task.org_path = t->org_path;
    task.point_id = t->id;
    task.exceedance_id = case_id;
    task.task_key = "r" + std::to_string(case_id) + ":" + std::to_string(s.id) + ":" + std::to_string(t->id);
    task.kind = "retest";
    task.level = t->plant_id ? "plant" : "centre";
    task.indicators = indicators;
    task.due_at = now + std::chrono::hours(4);
    task.day = local.date(task.due_at);
    task.origin_type = "exceedance";
    task.origin_id = case_id;
    task.origin_note = t == &p ? "超标点复检" : "超标点相邻管网点复检（" + p.name + "）";
    task.created_by_name = "超标处置";
    task.created_at = now;
    LL_TRY(bool added, task_repo::insert(tx, task));
    if (added) {
      LL_TRY(auto rows, task_repo::select(tx, "WHERE t.task_key = ?", {task.task_key}));
      change.retest_tasks.push_back(rows.at(0).id);
    }
  }
  LL_TRY(auto e, exceedance_repo::select(tx, "WHERE e.id = ?", {case_id}));
  // The quality manager and the command HQ: the utility's robots and everyone above the point.
  LL_TRY(auto managers, tx.query("SELECT u.phone FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.role = 'quality_manager'"
                                 " AND u.disabled = 0 AND o.path LIKE ? ESCAPE '\\' AND u.phone IS NOT NULL",
                                 {store::like_prefix(p.utility_path)}));
  notify::Notice notice;
  notice.org_id = p.org_id;
  notice.org_path = p.org_path;
  notice.event = "quality.exceedance";
  notice.priority = notify::Priority::high;
  notice.title = (p.type == "network_end" ? std::string("末梢水") : std::string()) + "水质超标：" + p.name;
  notice.text = "采样点 " + p.code + " " + p.name + "（" + s.day + "）：" + summary(failed) +
                "。已派发本点及相邻管网点复检任务 " + std::to_string(targets.size()) +
                " 个，请水质主管组织排查原因并填写处置措施。" + (p.customer_id ? "该点为重点用户供水点。" : "");
  notice.link = "/quality/exceedances/" + std::to_string(case_id);
  for (const auto& m : managers)
    if (!m.text(0).empty()) notice.mention_phones.push_back(m.text(0));
  notice.dedup_key = "quality.exceedance:" + std::to_string(s.id);
  LL_TRY(bool queued, notify::enqueue(tx, notice, now));
  (void)queued;
  LL_CHECK(audit::record(tx, Actor::system("quality"), now,
                         {change.opened ? "quality.exceedance.open" : "quality.exceedance.join", "quality_exceedance",
                          std::to_string(case_id), p.org_id, p.org_path, nullptr, to_json(e[0])}));
  return change;
}

void Exceedances::after_commit(const CaseChange& change) {
  for (auto id : {change.opened, change.joined, change.closed, change.passed}) {
    if (!id) continue;
    auto found = rt_.db.transact(TxMode::read, [&](Tx& tx) { return exceedance_repo::select(tx, "WHERE e.id = ?", {*id}); });
    if (!found || found->empty()) continue;
    const Exceedance& e = found->front();
    rt_.events.publish({"quality.exceedance", e.utility_id, e.org_path,
                        {{"id", e.id}, {"code", e.code()}, {"state", e.state}, {"point_id", e.point_id},
                         {"opened", change.opened == id}, {"consecutive_passes", e.consecutive_passes}}});
  }
  if (change.opened) {
    auto st = open_incident(*change.opened);
    if (!st) spdlog::error("quality: the incident of exceedance {} failed: {}", *change.opened, st.error().message);
  }
}

Status Exceedances::open_incident(int64_t id) {
  LL_TRY(auto found, rt_.db.transact(TxMode::read, [&](Tx& tx) {
    return exceedance_repo::select(tx, "WHERE e.id = ? AND e.customer_id IS NOT NULL AND e.incident_id IS NULL", {id});
  }));
  if (found.empty()) return {};
  const Exceedance& e = found[0];
  LL_TRY(auto where, rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::pair<int64_t, std::string>> {
    LL_TRY(auto utility, utility_of(tx, e.org_path));
    LL_TRY(auto c, tx.query_one("SELECT name, address FROM priority_customers WHERE id = ?", {*e.customer_id}));
    return std::make_pair(utility.id, c ? c->text(0) + "（" + c->text(1) + "）" : e.point_name);
  }));
  auto failed = nlohmann::json::parse(e.indicators_json, nullptr, false);
  repair::NewIncident in;
  in.org_id = where.first;
  in.type = "quality";
  in.source = "staff";
  in.address = where.second;
  in.description = "水质超标（" + e.code() + "）：" + summary(failed.is_array() ? failed : nlohmann::json::array()) +
                   "。重点用户供水点，请核查用户端供水设施并配合复检。";
  LL_TRY(auto incident, incidents_.create(Actor::system("quality"), in));
  const int64_t incident_id = incident.value("id", int64_t{0});
  const Instant now = rt_.clock.now();
  LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(int64_t n, tx.exec("UPDATE quality_exceedances SET incident_id = ?, version = version + 1 WHERE id = ?"
                              " AND incident_id IS NULL",
                              {incident_id, id}));
    if (n == 1)
      LL_CHECK(audit::record(tx, Actor::system("quality"), now,
                             {"quality.exceedance.incident", "quality_exceedance", std::to_string(id), e.org_id,
                              e.org_path, nullptr, {{"incident_id", incident_id}}}));
    return true;
  }));
  return {};
}

Status Exceedances::open_missing_incidents(Instant now) {
  // Older than a minute: the approving request is done with it.
  LL_TRY(auto ids, rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<int64_t>> {
    LL_TRY(auto rows, tx.query("SELECT id FROM quality_exceedances WHERE customer_id IS NOT NULL AND incident_id IS NULL"
                               " AND state = 'open' AND opened_at < ? ORDER BY id LIMIT 50",
                               {to_millis(now) - 60000}));
    std::vector<int64_t> out;
    for (const auto& r : rows) out.push_back(r.integer(0));
    return out;
  }));
  for (int64_t id : ids) LL_CHECK(open_incident(id));
  return {};
}

Result<std::map<int64_t, std::vector<CustomerAlert>>> customer_alerts(Tx& tx, const std::vector<int64_t>& customer_ids) {
  std::map<int64_t, std::vector<CustomerAlert>> out;
  if (customer_ids.empty()) return out;
  std::string ids;
  for (int64_t id : customer_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  LL_TRY(auto found, exceedance_repo::select(tx, "WHERE e.state = 'open' AND p.customer_id IN (" + ids + ")", {}));
  LL_TRY(auto points, tx.query("SELECT id, customer_id FROM quality_points WHERE customer_id IN (" + ids + ")"));
  for (const auto& e : found) {
    for (const auto& r : points) {
      if (r.integer(0) != e.point_id) continue;
      auto failed = nlohmann::json::parse(e.indicators_json, nullptr, false);
      out[r.integer(1)].push_back({e.id, e.code(), e.point_name, summary(failed.is_array() ? failed : nlohmann::json::array())});
    }
  }
  return out;
}

}  // namespace lifeline::app::quality
