#include "app/quality/samples.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/quality/access.h"
#include "app/quality/plans.h"
#include "app/quality/tasks.h"
#include "core/time.h"
#include "sheets/table.h"
#include "store/like.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

constexpr size_t kMaxResults = 120;

const char* const kSelect =
    "SELECT s.id, s.utility_id, s.org_path, s.lab_org_id, s.lab_org_path, lo.name, s.point_id, p.code, p.name,"
    " s.point_type, s.plant_id, s.task_id, s.level, s.sampled_at, s.day, s.sampler, s.source, s.instrument, s.note,"
    " s.state, s.fails, s.warnings, s.entered_by, s.entered_by_name, s.entered_at, s.checked_by, s.checked_by_name,"
    " s.checked_at, s.approved_by, s.approved_by_name, s.approved_at, s.returned_by_name, s.returned_at,"
    " s.return_reason, s.version"
    " FROM quality_samples s JOIN quality_points p ON p.id = s.point_id JOIN orgs lo ON lo.id = s.lab_org_id ";

std::optional<Instant> opt_instant(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return from_millis(r.integer(i));
}

Sample from_row(const store::Row& r) {
  Sample s;
  s.id = r.integer(0);
  s.utility_id = r.integer(1);
  s.org_path = r.text(2);
  s.lab_org_id = r.integer(3);
  s.lab_org_path = r.text(4);
  s.lab_org_name = r.text(5);
  s.point_id = r.integer(6);
  s.point_code = r.text(7);
  s.point_name = r.text(8);
  s.point_type = r.text(9);
  s.plant_id = r.opt_integer(10);
  s.task_id = r.opt_integer(11);
  s.level = r.text(12);
  s.sampled_at = from_millis(r.integer(13));
  s.day = r.text(14);
  s.sampler = r.text(15);
  s.source = r.text(16);
  s.instrument = r.text(17);
  s.note = r.text(18);
  s.state = r.text(19);
  s.fails = r.integer(20);
  s.warnings = r.integer(21);
  s.entered_by = r.opt_integer(22);
  s.entered_by_name = r.text(23);
  s.entered_at = from_millis(r.integer(24));
  s.checked_by = r.opt_integer(25);
  s.checked_by_name = r.opt_text(26);
  s.checked_at = opt_instant(r, 27);
  s.approved_by = r.opt_integer(28);
  s.approved_by_name = r.opt_text(29);
  s.approved_at = opt_instant(r, 30);
  s.returned_by_name = r.opt_text(31);
  s.returned_at = opt_instant(r, 32);
  s.return_reason = r.opt_text(33);
  s.version = r.integer(34);
  return s;
}

Status load_results(Tx& tx, std::vector<Sample>& samples) {
  if (samples.empty()) return {};
  std::map<int64_t, Sample*> by_id;
  std::string ids;
  for (auto& s : samples) {
    by_id[s.id] = &s;
    ids += (ids.empty() ? "" : ",") + std::to_string(s.id);
  }
  LL_TRY(auto rows, tx.query("SELECT sample_id, indicator, qualifier, value, detection_limit, text, unit, method,"
                             " judgement, limit_text FROM quality_results WHERE sample_id IN (" + ids + ") ORDER BY id"));
  for (const auto& r : rows) {
    ResultRow row;
    row.indicator = r.text(1);
    row.measured.qualifier = r.text(2);
    if (!r.is_null(3)) row.measured.value = r.real(3);
    if (!r.is_null(4)) row.measured.detection_limit = r.real(4);
    row.measured.text = r.text(5);
    row.unit = r.text(6);
    row.method = r.text(7);
    row.judgement = r.text(8);
    row.limit_text = r.text(9);
    by_id[r.integer(0)]->results.push_back(std::move(row));
  }
  return {};
}

std::string compact(const std::string& day) {
  std::string out;
  for (char c : day)
    if (c != '-') out += c;
  return out;
}

bool plant_type(const std::string& t) { return t == "raw" || t == "process" || t == "outlet"; }

nlohmann::json audit_json(const Sample& s) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& r : s.results)
    results.push_back({{"indicator", r.indicator}, {"value", r.measured.display()}, {"judgement", r.judgement}});
  return {{"code", s.code()}, {"point_id", s.point_id}, {"level", s.level}, {"state", s.state},
          {"sampled_at", format_instant(s.sampled_at)}, {"sampler", s.sampler}, {"results", results}};
}

// Reads "2020-01-25T08:00:00+08:00" or the local "2020-01-25 08:00[:00]".
std::optional<Instant> parse_time(const std::string& text, const LocalTime& local) {
  if (auto i = parse_instant(text, "sampled_at")) return *i;
  if (text.size() < 16 || text[10] != ' ') return std::nullopt;
  auto day = parse_date(text.substr(0, 10), "sampled_at");
  if (!day) return std::nullopt;
  auto hm = parse_clock_time(text.substr(11, 5), "sampled_at");
  if (!hm) return std::nullopt;
  return local.at(*day, *hm);
}

// The results of a sheet judged at its point; errors name results/i/….
struct Judged {
  std::vector<ResultRow> rows;
  int64_t fails = 0, warnings = 0;
};

Result<Judged> judge_all(Tx& tx, const Point& p, const std::vector<NewResult>& results, const std::string& prefix) {
  Judged out;
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < results.size(); ++i) {
    const NewResult& r = results[i];
    const std::string f = prefix + "results/" + std::to_string(i) + "/";
    const Indicator* ind = find_indicator(r.indicator);
    if (!ind) {
      errors.push_back({f + "indicator", "unknown indicator '" + r.indicator + "'"});
      continue;
    }
    if (!seen.insert(r.indicator).second) {
      errors.push_back({f + "indicator", "is listed twice"});
      continue;
    }
    if (r.unit && !unit_matches(*ind, *r.unit)) {
      errors.push_back({f + "unit", "wrong unit '" + *r.unit + "': " + std::string(ind->code) + " is measured in " +
                                        (ind->unit.empty() ? std::string("no unit") : std::string(ind->unit))});
      continue;
    }
    auto measured = parse_value(*ind, r.value, f + "value");
    if (!measured) {
      for (const auto& fe : measured.error().fields) errors.push_back(fe);
      continue;
    }
    LL_TRY(auto limit, limit_at(tx, *ind, p.utility_id, p.utility_path, p.type));
    ResultRow row;
    row.indicator = r.indicator;
    row.measured = *measured;
    row.unit = std::string(ind->unit);
    row.method = r.method.value_or(std::string(ind->method));
    row.judgement = judge(*ind, limit, *measured);
    row.limit_text = limit.text;
    out.fails += row.judgement == "fail";
    out.warnings += row.judgement == "warning";
    out.rows.push_back(std::move(row));
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return out;
}

Status insert_results(Tx& tx, int64_t sample_id, const std::vector<ResultRow>& rows) {
  for (const auto& r : rows)
    LL_CHECK(tx.execute("INSERT INTO quality_results (sample_id, indicator, qualifier, value, detection_limit, text,"
                        " unit, method, judgement, limit_text) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        {sample_id, r.indicator, r.measured.qualifier, r.measured.value, r.measured.detection_limit,
                         r.measured.text, r.unit, r.method, r.judgement, r.limit_text}));
  return {};
}

}  // namespace

std::string Sample::code() const { return "SZ-" + compact(day) + "-" + std::to_string(id); }

namespace sample_repo {

Result<std::vector<Sample>> select(Tx& tx, const std::string& where, const store::Params& params, bool with_results) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Sample> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  if (with_results) LL_CHECK(load_results(tx, out));
  return out;
}

Result<std::optional<Sample>> find(Tx& tx, int64_t id) {
  LL_TRY(auto found, select(tx, "WHERE s.id = ?", {id}, true));
  if (found.empty()) return std::optional<Sample>();
  return std::optional<Sample>(std::move(found[0]));
}

}  // namespace sample_repo

Result<Applicable> limit_at(Tx& tx, const Indicator& ind, int64_t utility_id, const std::string& utility_path,
                            const std::string& point_type) {
  std::optional<double> imin, imax;
  LL_TRY(auto rows, tx.query("SELECT min_value, max_value FROM quality_internal_limits WHERE utility_id = ?"
                             " AND indicator = ? AND (point_type = '' OR point_type = ?) ORDER BY point_type DESC",
                             {utility_id, std::string(ind.code), point_type}));
  if (!rows.empty()) {
    if (!rows[0].is_null(0)) imin = rows[0].real(0);
    if (!rows[0].is_null(1)) imax = rows[0].real(1);
  }
  if (ind.disinfectant) {
    // A plan in force may ask for a stricter residual (the raised plan does).
    LL_TRY(auto regime, regime_at(tx, utility_path));
    LL_TRY(auto plans, plan_repo::in_force(tx, utility_id, regime.regime));
    for (const auto& p : plans)
      if (p.point_type == point_type && p.min_residual &&
          std::find(p.indicators.begin(), p.indicators.end(), ind.code) != p.indicators.end())
        imin = std::max(imin.value_or(0), *p.min_residual);
  }
  return applicable(ind, point_type, imin, imax);
}

Status add_to_rollup(Tx& tx, const Sample& s) {
  const char* upsert =
      "INSERT INTO quality_daily_stats (utility_id, org_path, day, point_type, plant_id, indicator, tests, passes)"
      " VALUES (?,?,?,?,?,?,1,?) ON CONFLICT (utility_id, day, org_path, point_type, plant_id, indicator)"
      " DO UPDATE SET tests = quality_daily_stats.tests + 1, passes = quality_daily_stats.passes + excluded.passes";
  for (const auto& r : s.results) {
    if (r.judgement == "not_assessed") continue;
    LL_CHECK(tx.execute(upsert, {s.utility_id, s.org_path, s.day, s.point_type, s.plant_id.value_or(0), r.indicator,
                                 r.judgement == "fail" ? 0 : 1}));
  }
  // Indicator '': the sheet itself (水样合格率).
  return tx.execute(upsert, {s.utility_id, s.org_path, s.day, s.point_type, s.plant_id.value_or(0), "",
                             s.fails > 0 ? 0 : 1});
}

nlohmann::json to_json(const ResultRow& r) {
  const Indicator* ind = find_indicator(r.indicator);
  nlohmann::json value;
  if (r.measured.qualifier == "value" && r.measured.value) value = *r.measured.value;
  else value = r.measured.display();
  return {{"indicator", r.indicator},
          {"name_zh", ind ? std::string(ind->name_zh) : r.indicator},
          {"value", value},
          {"qualifier", r.measured.qualifier},
          {"display", r.measured.display()},
          {"detection_limit", r.measured.detection_limit ? nlohmann::json(*r.measured.detection_limit) : nlohmann::json()},
          {"unit", r.unit},
          {"method", r.method},
          {"judgement", r.judgement},
          {"limit", r.limit_text}};
}

nlohmann::json to_json(const Sample& s, bool with_results) {
  auto step = [](const std::optional<std::string>& name, const std::optional<Instant>& at) {
    return name ? nlohmann::json{{"by", *name}, {"at", at ? format_instant(*at) : ""}} : nlohmann::json();
  };
  nlohmann::json j = {
      {"id", s.id},
      {"code", s.code()},
      {"utility_id", s.utility_id},
      {"point", {{"id", s.point_id}, {"code", s.point_code}, {"name", s.point_name}, {"type", s.point_type}}},
      {"lab", {{"id", s.lab_org_id}, {"name", s.lab_org_name}}},
      {"task_id", s.task_id ? nlohmann::json(*s.task_id) : nlohmann::json()},
      {"level", s.level},
      {"sampled_at", format_instant(s.sampled_at)},
      {"day", s.day},
      {"sampler", s.sampler},
      {"source", s.source},
      {"instrument", s.instrument},
      {"note", s.note},
      {"state", s.state},
      {"fails", s.fails},
      {"warnings", s.warnings},
      {"entered", {{"by", s.entered_by_name}, {"by_id", s.entered_by ? nlohmann::json(*s.entered_by) : nlohmann::json()},
                   {"at", format_instant(s.entered_at)}}},
      {"checked", step(s.checked_by_name, s.checked_at)},
      {"approved", step(s.approved_by_name, s.approved_at)},
      {"returned", s.returned_by_name ? nlohmann::json{{"by", *s.returned_by_name},
                                                       {"at", s.returned_at ? format_instant(*s.returned_at) : ""},
                                                       {"reason", s.return_reason.value_or("")}}
                                      : nlohmann::json()},
      {"version", s.version}};
  if (with_results) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& r : s.results) results.push_back(to_json(r));
    j["results"] = results;
  }
  return j;
}

void Samples::publish(const Sample& s) const {
  rt_.events.publish({"quality.sample", s.utility_id, s.org_path,
                      {{"id", s.id}, {"code", s.code()}, {"state", s.state}, {"point_id", s.point_id},
                       {"fails", s.fails}}});
}

Result<Sample> Samples::enter_tx(Tx& tx, const Actor& actor, const NewSample& in, const std::string& prefix) {
  const Instant now = rt_.clock.now();
  const LocalTime local = local_time(rt_);
  auto field = [&](const std::string& f) { return prefix + f; };
  LL_TRY(auto p, visible_point(tx, actor, in.point_id));
  std::vector<FieldError> errors;
  if (!p.active) errors.push_back({field("point_id"), "the point is retired"});
  if (!one_of(in.level, {"shift", "plant", "centre"}))
    errors.push_back({field("level"), "must be one of: shift, plant, centre"});
  else if (in.level != "centre" && !plant_type(p.type))
    errors.push_back({field("level"), "network water is tested by the quality centre (centre)"});
  const Instant sampled = in.sampled_at.value_or(now);
  if (sampled > now + std::chrono::minutes(5)) errors.push_back({field("sampled_at"), "must not be in the future"});
  if (sampled < now - std::chrono::hours(24 * 62)) errors.push_back({field("sampled_at"), "must be within the last 62 days"});
  if (in.results.empty()) errors.push_back({field("results"), "give at least one result"});
  if (in.results.size() > kMaxResults) errors.push_back({field("results"), "at most 120 results on one sheet"});
  if (!errors.empty()) return Error::invalid(std::move(errors));

  // Who may enter this level here: shift and plant sheets at the plant, centre sheets off the plants.
  LL_TRY(auto lab, find_unit(tx, actor.org_id));
  if (!lab) return Error::forbidden("your unit is unknown");
  if (in.level != "centre" && !actor.sees(p.org_path))
    return Error::forbidden("shift and plant sheets are entered at the plant itself");
  if (in.level == "centre" && (lab->kind == "water_plant" || !lab->path.starts_with(p.utility_path)) &&
      actor.user_id != 0)
    return Error::forbidden("centre sheets are entered by the utility's quality centre");

  LL_TRY(auto judged, judge_all(tx, p, in.results, prefix));
  auto& rows = judged.rows;
  const int64_t fails = judged.fails, warnings = judged.warnings;
  std::optional<Task> task;
  if (in.task_id) {
    LL_TRY(auto t, task_repo::select(tx, "WHERE t.id = ?", {*in.task_id}));
    if (t.empty() || t[0].point_id != p.id) errors.push_back({field("task_id"), "no such task at this point"});
    else if (t[0].state != "open") errors.push_back({field("task_id"), "the task is " + t[0].state});
    else task = t[0];
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const std::string day = local.date(sampled);
  if (!task) {
    // The point's open task of this level that day nearest to the sampling time.
    LL_TRY(auto open, task_repo::select(tx, "WHERE t.point_id = ? AND t.day = ? AND t.level = ? AND t.state = 'open'"
                                            " ORDER BY ABS(t.due_at - ?), t.id LIMIT 1",
                                        {p.id, day, in.level, to_millis(sampled)}));
    if (!open.empty()) task = open[0];
  }
  LL_TRY(int64_t id, tx.insert("INSERT INTO quality_samples (utility_id, org_path, lab_org_id, lab_org_path, point_id,"
                               " point_type, plant_id, task_id, level, sampled_at, day, sampler, source, instrument,"
                               " note, state, fails, warnings, entered_by, entered_by_name, entered_at)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'entered',?,?,?,?,?) RETURNING id",
                               {p.utility_id, p.org_path, lab->id, lab->path, p.id, p.type, p.plant_id,
                                task ? store::Value(task->id) : store::Value(), in.level, to_millis(sampled), day,
                                in.sampler.value_or(actor.display_name), in.source, in.instrument, in.note, fails,
                                warnings, actor.user_id ? store::Value(actor.user_id) : store::Value(),
                                actor.display_name, to_millis(now)}));
  LL_CHECK(insert_results(tx, id, rows));
  if (task) {
    LL_TRY(int64_t n, tx.exec("UPDATE quality_tasks SET state = 'done', sample_id = ?, done_at = ? WHERE id = ?"
                              " AND state = 'open'",
                              {id, to_millis(now), task->id}));
    if (n != 1 && in.task_id) return Error::conflict("the task was fulfilled meanwhile by another sheet");
  }
  LL_TRY(auto created, sample_repo::find(tx, id));
  LL_CHECK(audit::record(tx, actor, now,
                         {"quality.sample.enter", "quality_sample", std::to_string(id), p.org_id, p.org_path, nullptr,
                          audit_json(*created)}));
  return std::move(*created);
}

Result<Answer> Samples::enter(const Actor& actor, const NewSample& in, const std::optional<IdempotentCall>& idem,
                              const Render& render) {
  if (!actor.can(Permission::quality_enter)) return Error::forbidden();
  api::Idempotency keys;
  std::optional<Sample> entered;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    entered.reset();
    if (idem) {
      LL_TRY(auto earlier, keys.find(tx, idem->principal, idem->key, idem->fingerprint));
      if (earlier) return Answer{earlier->status, earlier->body, earlier->same_request, !earlier->same_request};
    }
    LL_TRY(auto s, enter_tx(tx, actor, in, ""));
    Answer a{201, render(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    if (idem) LL_CHECK(keys.remember(tx, idem->principal, idem->key, idem->fingerprint, a.status, a.body, s.entered_at));
    entered = std::move(s);
    return a;
  });
  if (r && entered) publish(*entered);
  return r;
}

Result<SampleList> Samples::list(const Actor& actor, const SampleFilter& f) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  std::optional<std::string> from, to;
  if (f.from) {
    LL_TRY(from, parse_date(*f.from, "from"));
  }
  if (f.to) {
    LL_TRY(to, parse_date(*f.to, "to"));
  }
  if (f.state && !one_of(*f.state, {"entered", "checked", "approved", "returned"}))
    return Error::invalid("state", "must be one of: entered, checked, approved, returned");
  if (f.level && !one_of(*f.level, {"shift", "plant", "centre"}))
    return Error::invalid("level", "must be one of: shift, plant, centre");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<SampleList> {
    LL_TRY(auto unit, unit_for_query(tx, actor, f.org, "org"));
    // The quality centre supervises the plants: a unit's list holds the
    // sheets of its points and the sheets its lab tested.
    std::string where = "WHERE (s.org_path LIKE ? ESCAPE '\\' OR s.lab_org_path LIKE ? ESCAPE '\\')";
    const std::string like = store::like_prefix(unit.path);
    store::Params params{like, like};
    if (from) {
      where += " AND s.day >= ?";
      params.emplace_back(*from);
    }
    if (to) {
      where += " AND s.day <= ?";
      params.emplace_back(*to);
    }
    if (f.point) {
      where += " AND s.point_id = ?";
      params.emplace_back(*f.point);
    }
    if (f.level) {
      where += " AND s.level = ?";
      params.emplace_back(*f.level);
    }
    SampleList out;
    LL_TRY(auto counts, tx.query("SELECT s.state, COUNT(*) FROM quality_samples s " + where + " GROUP BY s.state", params));
    for (const auto& r : counts) {
      const std::string s = r.text(0);
      (s == "entered" ? out.entered : s == "checked" ? out.checked : s == "approved" ? out.approved : out.returned) +=
          r.integer(1);
    }
    if (f.state) {
      where += " AND s.state = ?";
      params.emplace_back(*f.state);
    }
    LL_TRY(out.items, sample_repo::select(tx, where + " ORDER BY s.sampled_at DESC, s.id DESC LIMIT 500", params, true));
    return out;
  });
}

Result<Sample> Samples::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Sample> {
    LL_TRY(auto s, sample_repo::find(tx, id));
    if (!s) return Error::not_found("no such result sheet");
    LL_TRY(auto utility, utility_of(tx, s->org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such result sheet");
    return std::move(*s);
  });
}

Result<Sample> Samples::review(const Actor& actor, int64_t id, const Review& rv) {
  if (!one_of(rv.step, {"check", "approve", "return"}))
    return Error::invalid("step", "must be one of: check, approve, return");
  const Permission needed = rv.step == "approve" ? Permission::quality_approve : Permission::quality_check;
  if (!actor.can(needed) && !(rv.step == "return" && actor.can(Permission::quality_approve)))
    return Error::forbidden(rv.step == "approve" ? "approving needs quality.approve (the level's head)"
                                                 : "checking needs quality.check");
  if (rv.step == "return" && (!rv.reason || blank(*rv.reason)))
    return Error::invalid("reason", "say why the sheet goes back");
  const Instant now = rt_.clock.now();
  // What approval needs from outside the transaction: the point's network
  // neighbours (the model is cached; a plan takes milliseconds).
  std::optional<Point> point;
  std::vector<Point> neighbours;
  {
    auto first = get(actor, id);
    if (!first) return first.error();
    if (rv.step == "approve" && first->fails > 0 && first->state == "checked") {
      LL_TRY(auto p, points_.get(actor, first->point_id));
      LL_TRY(neighbours, points_.neighbours(actor, p));
      point = std::move(p);
    }
  }
  CaseChange change;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Sample> {
    change = {};
    // The row lock orders two reviews of one sheet; the conditional UPDATE below decides.
    LL_CHECK(tx.execute("SELECT id FROM quality_samples WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto found, sample_repo::find(tx, id));
    if (!found) return Error::not_found("no such result sheet");
    const Sample s = std::move(*found);
    LL_TRY(auto utility, utility_of(tx, s.org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such result sheet");
    if (!actor.sees(s.lab_org_path) && !actor.org_path.starts_with(s.lab_org_path))
      return Error::forbidden("the sheet is reviewed in the lab that tested it, or above it");
    if (s.entered_by && *s.entered_by == actor.user_id)
      return Error::forbidden("nobody " + std::string(rv.step == "approve" ? "approves" : rv.step == "check" ? "checks"
                                                                                                           : "returns") +
                              " their own entry");
    if (rv.step == "approve" && s.checked_by && *s.checked_by == actor.user_id)
      return Error::forbidden("the head who approves is not the one who checked");
    const char* from = rv.step == "check" ? "entered" : rv.step == "approve" ? "checked" : nullptr;
    std::string sql;
    store::Params params;
    const store::Value who = actor.user_id ? store::Value(actor.user_id) : store::Value();
    if (rv.step == "check") {
      sql = "UPDATE quality_samples SET state = 'checked', checked_by = ?, checked_by_name = ?, checked_at = ?,"
            " version = version + 1 WHERE id = ? AND state = 'entered'";
      params = {who, actor.display_name, to_millis(now), id};
    } else if (rv.step == "approve") {
      sql = "UPDATE quality_samples SET state = 'approved', approved_by = ?, approved_by_name = ?, approved_at = ?,"
            " version = version + 1 WHERE id = ? AND state = 'checked'";
      params = {who, actor.display_name, to_millis(now), id};
    } else {
      sql = "UPDATE quality_samples SET state = 'returned', returned_by_name = ?, returned_at = ?, return_reason = ?,"
            " version = version + 1 WHERE id = ? AND state IN ('entered', 'checked')";
      params = {actor.display_name, to_millis(now), *rv.reason, id};
    }
    LL_TRY(int64_t n, tx.exec(sql, params));
    if (n != 1)
      return Error::conflict("a sheet that is " + s.state + " cannot be " +
                             (rv.step == "check" ? std::string("checked") : rv.step == "approve" ? "approved" : "returned") +
                             (from ? std::string(" (it must be ") + from + ")" : std::string(" (it must be entered or checked)")));
    LL_TRY(auto after, sample_repo::find(tx, id));
    if (rv.step == "approve") {
      LL_CHECK(add_to_rollup(tx, *after));
      LL_TRY(auto p, point_repo::find(tx, after->point_id));
      LL_TRY(change, exceedances_.on_approved(tx, *after, *p, neighbours, now));
    }
    nlohmann::json after_json = audit_json(*after);
    if (rv.reason) after_json["reason"] = *rv.reason;
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.sample." + rv.step, "quality_sample", std::to_string(id), utility.id, s.org_path,
                            {{"state", s.state}}, after_json}));
    return std::move(*after);
  });
  if (r) {
    publish(*r);
    exceedances_.after_commit(change);
  }
  return r;
}

Result<Sample> Samples::resubmit(const Actor& actor, int64_t id, const NewSample& in) {
  if (!actor.can(Permission::quality_enter)) return Error::forbidden();
  if (in.results.empty()) return Error::invalid("results", "give at least one result");
  if (in.results.size() > kMaxResults) return Error::invalid("results", "at most 120 results on one sheet");
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Sample> {
    LL_CHECK(tx.execute("SELECT id FROM quality_samples WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto found, sample_repo::find(tx, id));
    if (!found) return Error::not_found("no such result sheet");
    LL_TRY(auto utility, utility_of(tx, found->org_path));
    if (!may_read(actor, utility.path)) return Error::not_found("no such result sheet");
    if (!found->entered_by || *found->entered_by != actor.user_id)
      return Error::forbidden("the one who entered the sheet corrects it");
    LL_TRY(auto p, point_repo::find(tx, found->point_id));
    // The corrected results are judged anew; the sheet keeps its identity and task.
    LL_TRY(auto judged, judge_all(tx, *p, in.results, ""));
    LL_TRY(int64_t n, tx.exec("UPDATE quality_samples SET state = 'entered', fails = ?, warnings = ?, entered_at = ?,"
                              " note = ?, checked_by = NULL, checked_by_name = NULL, checked_at = NULL,"
                              " version = version + 1 WHERE id = ? AND state = 'returned'",
                              {judged.fails, judged.warnings, to_millis(now), in.note.empty() ? found->note : in.note,
                               id}));
    if (n != 1) return Error::conflict("only a returned sheet is corrected and resubmitted");
    LL_CHECK(tx.execute("DELETE FROM quality_results WHERE sample_id = ?", {id}));
    LL_CHECK(insert_results(tx, id, judged.rows));
    LL_TRY(auto after, sample_repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.sample.resubmit", "quality_sample", std::to_string(id), utility.id,
                            found->org_path, audit_json(*found), audit_json(*after)}));
    return std::move(*after);
  });
  if (r) publish(*r);
  return r;
}

Result<Answer> Samples::import(const Actor& actor, std::string_view bytes, const std::string& file_name,
                               const std::string& level, const std::optional<IdempotentCall>& idem,
                               const std::function<nlohmann::json(const std::vector<Sample>&)>& render) {
  if (!actor.can(Permission::quality_enter)) return Error::forbidden();
  if (!one_of(level, {"shift", "plant", "centre"})) return Error::invalid("level", "must be one of: shift, plant, centre");
  LL_TRY(auto table, sheets::read_table(bytes, file_name));
  // Column names as Chinese lab systems and our template write them.
  auto column = [&](std::initializer_list<const char*> names) -> std::optional<size_t> {
    for (size_t i = 0; i < table.header.size(); ++i)
      for (const char* n : names)
        if (table.header[i] == n) return i;
    return std::nullopt;
  };
  const auto c_point = column({"point_code", "点位编号", "采样点编号"});
  const auto c_time = column({"sampled_at", "采样时间"});
  const auto c_ind = column({"indicator", "指标", "指标代码"});
  const auto c_value = column({"value", "结果", "检测结果"});
  const auto c_unit = column({"unit", "单位"});
  const auto c_sampler = column({"sampler", "采样人"});
  const auto c_method = column({"method", "检测方法"});
  const auto c_instrument = column({"instrument", "仪器", "检测仪器"});
  std::vector<FieldError> errors;
  if (!c_point) errors.push_back({file_name + ":1", "no column point_code (点位编号)"});
  if (!c_time) errors.push_back({file_name + ":1", "no column sampled_at (采样时间)"});
  if (!c_ind) errors.push_back({file_name + ":1", "no column indicator (指标)"});
  if (!c_value) errors.push_back({file_name + ":1", "no column value (结果)"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  if (table.rows.empty()) return Error::invalid(file_name, "the file has no rows");
  const LocalTime local = local_time(rt_);
  struct Group {
    std::string point_code;
    Instant at;
    NewSample sample;
    std::vector<int> lines;
  };
  std::vector<Group> groups;
  std::map<std::pair<std::string, int64_t>, size_t> index;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    const std::string line = file_name + ":" + std::to_string(table.lines[i]);
    const std::string code = row[*c_point];
    auto at = parse_time(row[*c_time], local);
    if (code.empty()) {
      errors.push_back({line, "point_code is empty"});
      continue;
    }
    if (!at) {
      errors.push_back({line, "sampled_at: not a time (2020-01-25 08:00 or ISO 8601)"});
      continue;
    }
    auto key = std::make_pair(code, to_millis(*at));
    auto [it, added] = index.try_emplace(key, groups.size());
    if (added) {
      Group g{code, *at, {}, {}};
      g.sample.level = level;
      g.sample.sampled_at = *at;
      g.sample.source = "csv";
      if (c_sampler && !row[*c_sampler].empty()) g.sample.sampler = row[*c_sampler];
      if (c_instrument) g.sample.instrument = row[*c_instrument];
      groups.push_back(std::move(g));
    }
    Group& g = groups[it->second];
    NewResult r;
    r.indicator = row[*c_ind];
    r.value = row[*c_value];
    if (c_unit && !row[*c_unit].empty()) r.unit = row[*c_unit];
    if (c_method && !row[*c_method].empty()) r.method = row[*c_method];
    g.sample.results.push_back(std::move(r));
    g.lines.push_back(table.lines[i]);
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  api::Idempotency keys;
  std::vector<Sample> entered;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    entered.clear();
    if (idem) {
      LL_TRY(auto earlier, keys.find(tx, idem->principal, idem->key, idem->fingerprint));
      if (earlier) return Answer{earlier->status, earlier->body, earlier->same_request, !earlier->same_request};
    }
    std::vector<FieldError> problems;
    for (auto& g : groups) {
      LL_TRY(auto found, tx.query_one("SELECT p.id FROM quality_points p JOIN orgs u ON u.id = p.utility_id"
                                      " WHERE p.code = ? AND (? LIKE (u.path || '%') OR u.path LIKE ? ESCAPE '\\')",
                                      {g.point_code, actor.org_path, store::like_prefix(actor.org_path)}));
      const std::string first_line = file_name + ":" + std::to_string(g.lines.front());
      if (!found) {
        problems.push_back({first_line, "no sampling point '" + g.point_code + "' in your utility"});
        continue;
      }
      g.sample.point_id = found->integer(0);
      auto s = enter_tx(tx, actor, g.sample, "");
      if (!s) {
        if (s.error().code != ErrorCode::invalid) return s.error();
        for (const auto& fe : s.error().fields) {
          // "results/3/value" → the file line of that result.
          std::string where = first_line;
          if (fe.field.starts_with("results/")) {
            const size_t k = std::stoul(fe.field.substr(8));
            if (k < g.lines.size()) where = file_name + ":" + std::to_string(g.lines[k]);
          }
          problems.push_back({where, fe.field.substr(fe.field.rfind('/') + 1) + ": " + fe.message});
        }
        continue;
      }
      entered.push_back(std::move(*s));
    }
    if (!problems.empty()) return Error::invalid(std::move(problems));
    Answer a{201, render(entered).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    if (idem) LL_CHECK(keys.remember(tx, idem->principal, idem->key, idem->fingerprint, a.status, a.body, rt_.clock.now()));
    return a;
  });
  if (r)
    for (const auto& s : entered) publish(s);
  return r;
}

Result<Answer> Samples::readings(const Actor& actor, const std::vector<NewReading>& in,
                                 const std::optional<IdempotentCall>& idem,
                                 const std::function<nlohmann::json(const ReadingsAnswer&)>& render) {
  if (!actor.can(Permission::quality_enter)) return Error::forbidden();
  if (in.empty()) return Error::invalid("readings", "give at least one reading");
  if (in.size() > 5000) return Error::invalid("readings", "at most 5,000 readings per request");
  const Instant now = rt_.clock.now();
  const LocalTime local = local_time(rt_);
  api::Idempotency keys;
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    if (idem) {
      LL_TRY(auto earlier, keys.find(tx, idem->principal, idem->key, idem->fingerprint));
      if (earlier) return Answer{earlier->status, earlier->body, earlier->same_request, !earlier->same_request};
    }
    ReadingsAnswer out;
    std::vector<FieldError> errors;
    std::map<std::string, Point> by_code;
    for (size_t i = 0; i < in.size(); ++i) {
      const NewReading& r = in[i];
      const std::string f = "readings/" + std::to_string(i) + "/";
      std::optional<Point> p;
      if (r.point_id) {
        auto found = visible_point(tx, actor, *r.point_id);
        if (!found) {
          if (found.error().code != ErrorCode::not_found) return found.error();
          errors.push_back({f + "point_id", "no such sampling point"});
          continue;
        }
        p = std::move(*found);
      } else if (r.point_code) {
        auto it = by_code.find(*r.point_code);
        if (it == by_code.end()) {
          LL_TRY(auto found, point_repo::select(tx, "WHERE p.code = ? AND p.active = 1", {*r.point_code}));
          std::erase_if(found, [&](const Point& x) { return !may_read(actor, x.utility_path); });
          if (found.size() != 1) {
            errors.push_back({f + "point_code", "no such sampling point"});
            continue;
          }
          it = by_code.emplace(*r.point_code, found[0]).first;
        }
        p = it->second;
      } else {
        errors.push_back({f + "point_id", "name the point (point_id or point_code)"});
        continue;
      }
      const Indicator* ind = find_indicator(r.indicator);
      if (!ind) {
        errors.push_back({f + "indicator", "unknown indicator '" + r.indicator + "'"});
        continue;
      }
      auto measured = parse_value(*ind, r.value, f + "value");
      if (!measured) {
        for (const auto& fe : measured.error().fields) errors.push_back(fe);
        continue;
      }
      const Instant at = r.measured_at.value_or(now);
      if (at > now + std::chrono::minutes(5)) {
        errors.push_back({f + "measured_at", "must not be in the future"});
        continue;
      }
      if (!errors.empty()) continue;
      LL_TRY(auto limit, limit_at(tx, *ind, p->utility_id, p->utility_path, p->type));
      const std::string judgement = judge(*ind, limit, *measured);
      LL_TRY(int64_t n, tx.exec("INSERT INTO quality_readings (utility_id, point_id, indicator, measured_at, value,"
                                " judgement, instrument, created_at) VALUES (?,?,?,?,?,?,?,?)"
                                " ON CONFLICT (point_id, indicator, measured_at) DO NOTHING",
                                {p->utility_id, p->id, r.indicator, to_millis(at), r.value, judgement, r.instrument,
                                 to_millis(now)}));
      (n == 1 ? out.stored : out.duplicates) += 1;
      if (n == 1 && judgement == "fail") {
        // An analyser alarm asks the lab to confirm by a sample (once per point, indicator and day).
        Task t;
        t.utility_id = p->utility_id;
        t.org_id = p->org_id;
        t.org_path = p->org_path;
        t.point_id = p->id;
        t.day = local.date(at);
        t.task_key = "a" + std::to_string(p->id) + ":" + r.indicator + ":" + t.day;
        t.kind = "adhoc";
        t.level = p->plant_id ? "plant" : "centre";
        t.indicators = {r.indicator};
        t.due_at = now + std::chrono::hours(2);
        t.origin_type = "analyser";
        t.origin_note = "在线仪表报警：" + std::string(ind->name_zh) + " " + measured->display() + " " +
                        std::string(ind->unit) + "（" + limit.text + "），请取样复核";
        t.created_by_name = "在线监测";
        t.created_at = now;
        LL_TRY(bool added, task_repo::insert(tx, t));
        out.alarms += added;
      }
    }
    if (!errors.empty()) return Error::invalid(std::move(errors));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.readings", "quality_reading", "", actor.org_id, actor.org_path, nullptr,
                            {{"stored", out.stored}, {"duplicates", out.duplicates}, {"alarms", out.alarms}}}));
    Answer a{200, render(out).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    if (idem) LL_CHECK(keys.remember(tx, idem->principal, idem->key, idem->fingerprint, a.status, a.body, now));
    return a;
  });
}

}  // namespace lifeline::app::quality
