#include "app/health/census.h"

#include <map>

#include "app/audit/audit.h"
#include "app/health/checkin_counts.h"
#include "app/health/reminders.h"
#include "app/health/requirement.h"
#include "app/notify/outbox.h"
#include "app/health/settings.h"
#include "app/privacy.h"
#include "core/time.h"
#include "sheets/table.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

const char* const kCountHeadersZh[kCountSize] = {"应报人数", "已报", "未报",     "迟报",     "异常",
                                                 "发热",     "有症状", "接触史",   "居家观察", "集中隔离",
                                                 "外出",     "未返岗", "途经风险地区", "在岗", "隔离中"};

size_t count_index(std::string_view key) {
  for (size_t i = 0; i < kCountSize; ++i)
    if (key == kCountKeys[i]) return i;
  return kCountSize;
}

nlohmann::json counts_json(const Counts& c) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < kCountSize; ++i) j[kCountKeys[i]] = c[i];
  return j;
}

namespace {

const size_t kHeadcount = count_index("headcount");
const size_t kCheckedIn = count_index("checked_in");
const size_t kMissing = count_index("missing");
const size_t kHome = count_index("home_observation");
const size_t kQuarantine = count_index("quarantine");

constexpr const char* kEscape = " ESCAPE '\\'";

// Counts per unit path and day over [from, to].
struct Grid {
  std::string from;
  int days = 0;
  std::map<std::string, std::vector<Counts>> by_path;
  std::vector<Counts>& at(const std::string& path) {
    auto it = by_path.find(path);
    if (it == by_path.end()) it = by_path.emplace(path, std::vector<Counts>(static_cast<size_t>(days), Counts{})).first;
    return it->second;
  }
  int index(const std::string& day) const { return days_between(from, day); }
};

// The people due to check in: those of units where check-in was required
// that day. Missing counts only them.
struct Due {
  int64_t headcount = 0, checked_in = 0;
  void add(const Counts& c, bool unit_required) {
    if (!unit_required) return;
    headcount += c[kHeadcount];
    checked_in += c[kCheckedIn];
  }
  void add(const Due& d) {
    headcount += d.headcount;
    checked_in += d.checked_in;
  }
};

void finish(Counts& c, const Due& due) { c[kMissing] = std::max<int64_t>(0, due.headcount - due.checked_in); }

void add(Counts& into, const Counts& c) {
  for (size_t i = 0; i < kCountSize; ++i) into[i] += c[i];
}

// "column LIKE '/1/4/%'" matches a subtree on both backends; SQLite uses no
// index for LIKE (it is case-insensitive there), so it also gets the same
// subtree as a byte range ['/1/4/', '/1/40'), which its BINARY collation
// orders as bytes and the path index serves. (Not on PostgreSQL: its
// collation may order punctuation otherwise.)
struct Subtree {
  std::string sql;
  store::Params params;
};
Subtree subtree(Tx& tx, const std::string& column, const std::string& path) {
  Subtree s{column + " LIKE ?" + kEscape, {store::like_prefix(path)}};
  if (tx.dialect() == store::Dialect::sqlite && path.ends_with('/')) {
    std::string end = path;
    end.back() = '0';  // the byte after '/'
    s.sql += " AND " + column + " >= ? AND " + column + " < ?";
    s.params.emplace_back(path);
    s.params.emplace_back(end);
  }
  return s;
}

store::Params join(store::Params a, const store::Params& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Status collect(Tx& tx, const std::string& path, const std::string& from, const std::string& to, Grid& g) {
  g.from = from;
  g.days = days_between(from, to) + 1;
  const Subtree sub = subtree(tx, "org_path", path);
  // One day is an equality on the index's first column, so the subtree range narrows it further.
  const std::string days = from == to ? "day = ?" : "day >= ? AND day <= ?";
  const store::Params day_params = from == to ? store::Params{from} : store::Params{from, to};

  // The register: headcount per day from joined_on / left_on.
  LL_TRY(auto staff, tx.query(std::string("SELECT org_path, joined_on, left_on, COUNT(*) FROM staff"
                                          " WHERE active = 1 AND ") +
                                  sub.sql + " AND joined_on <= ? GROUP BY org_path, joined_on, left_on",
                              join(sub.params, {to})));
  for (const auto& r : staff) {
    int first = std::max(0, g.index(r.text(1)));
    int end = g.days;
    if (!r.is_null(2)) end = std::min(end, g.index(r.text(2)));
    if (first >= end) continue;
    auto& v = g.at(r.text(0));
    const int64_t n = r.integer(3);
    for (int d = first; d < end; ++d) v[static_cast<size_t>(d)][kHeadcount] += n;
  }

  // Check-ins: the counts kept per unit, day and shard with every check-in
  // (checkin_counts.h), summed over the shards.
  LL_TRY(auto checkins, tx.query("SELECT day, org_path, " + sum_of_counts() + " FROM checkin_counts WHERE " + days +
                                     " AND " + sub.sql + " GROUP BY day, org_path",
                                 join(day_params, sub.params)));
  for (const auto& r : checkins) {
    int d = g.index(r.text(0));
    if (d < 0 || d >= g.days) continue;
    auto& c = g.at(r.text(1))[static_cast<size_t>(d)];
    for (size_t k = 0; k < kCheckinCountSize; ++k) c[count_index(kCheckinCountKeys[k])] += r.integer(2 + k);
  }

  // Observation cases active on each day.
  LL_TRY(auto cases, tx.query(std::string("SELECT org_path, kind, start_on, released_on FROM observations"
                                          " WHERE ") +
                                  sub.sql + " AND start_on <= ? AND (released_on IS NULL OR released_on > ?)",
                              join(sub.params, {to, from})));
  for (const auto& r : cases) {
    const size_t key = r.text(1) == "centralised" ? kQuarantine : kHome;
    int first = std::max(0, g.index(r.text(2)));
    int end = g.days;
    if (!r.is_null(3)) end = std::min(end, g.index(r.text(3)));
    if (first >= end) continue;
    auto& v = g.at(r.text(0));
    for (int d = first; d < end; ++d) v[static_cast<size_t>(d)][key] += 1;
  }

  // Purged days: the archived counts stand instead of the (deleted) check-ins and cases.
  LL_TRY(auto archive, tx.query(std::string("SELECT day, org_path, counts FROM health_census_archive"
                                            " WHERE ") +
                                    days + " AND " + sub.sql,
                                join(day_params, sub.params)));
  for (const auto& r : archive) {
    int d = g.index(r.text(0));
    if (d < 0 || d >= g.days) continue;
    auto counts = nlohmann::json::parse(r.text(2), nullptr, false);
    if (!counts.is_object()) continue;
    auto& c = g.at(r.text(1))[static_cast<size_t>(d)];
    for (size_t k = 0; k < kCountSize; ++k)
      if (k != kHeadcount) c[k] = 0;
    for (const auto& [key, value] : counts.items()) {
      size_t k = count_index(key);
      if (k == kCountSize || k == kHeadcount || k == kMissing || !value.is_number_integer()) continue;
      c[k] = value.get<int64_t>();
    }
  }
  return {};
}

Result<Settings> settings_of_scope(Tx& tx, const std::string& path) {
  LL_TRY(auto utility, utility_of(tx, path));
  if (!utility) return Settings{};
  return settings_for(tx, *utility);
}

std::vector<sheets::Cell> counts_cells(std::string first, const Counts& c) {
  std::vector<sheets::Cell> row{std::move(first)};
  for (auto v : c) row.emplace_back(static_cast<double>(v));
  return row;
}

}  // namespace

nlohmann::json to_json(const CensusTable& t) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : t.units)
    units.push_back({{"org_id", u.org_id},
                     {"name", u.name},
                     {"kind", u.kind},
                     {"direct", u.direct},
                     {"required", u.required},
                     {"counts", counts_json(u.counts)}});
  return {{"org", {{"id", t.org.org_id}, {"name", t.org.name}, {"kind", t.org.kind}}},
          {"date", t.date},
          {"required", t.required},
          {"required_since", t.required_since ? nlohmann::json(*t.required_since) : nlohmann::json()},
          {"keys", kCountKeys},
          {"totals", counts_json(t.totals)},
          {"units", units}};
}

nlohmann::json to_json(const std::vector<TrendPoint>& trend) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : trend)
    out.push_back({{"date", p.date}, {"required", p.required}, {"totals", counts_json(p.totals)}});
  return out;
}

Census::Census(Runtime& rt) : rt_(rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  if (lt) tz_.emplace(std::move(*lt));
}

Result<CensusTable> Census::compute(Tx& tx, const std::string& scope_path, const std::string& date) {
  LL_TRY(auto org, tx.query_one("SELECT id, name, kind FROM orgs WHERE path = ?", {scope_path}));
  if (!org) return Error::not_found("no such org unit");
  CensusTable t;
  t.org = Scope{org->integer(0), scope_path, org->text(1), org->text(2)};
  t.date = date;
  LL_TRY(auto req, load_requirement(tx, *tz_));
  t.required = req.anywhere_under(scope_path, date);
  t.required_since = req.since(scope_path);
  LL_TRY(auto children, tx.query("SELECT id, name, kind, path FROM orgs WHERE parent_id = ? ORDER BY id",
                                 {t.org.org_id}));
  std::vector<std::string> paths;
  for (const auto& c : children) {
    t.units.push_back({c.integer(0), c.text(1), c.text(2), false, req.anywhere_under(c.text(3), date), Counts{}});
    paths.push_back(c.text(3));
  }
  t.units.push_back({t.org.org_id, t.org.name, t.org.kind, true, req.on(scope_path, date), Counts{}});
  std::vector<Due> due(t.units.size());
  Grid g;
  LL_CHECK(collect(tx, scope_path, date, date, g));
  for (const auto& [path, days] : g.by_path) {
    size_t unit = t.units.size() - 1;
    for (size_t i = 0; i < paths.size(); ++i)
      if (path.starts_with(paths[i])) {
        unit = i;
        break;
      }
    add(t.units[unit].counts, days[0]);
    due[unit].add(days[0], req.on(path, date));
  }
  Due total;
  for (size_t i = 0; i < t.units.size(); ++i) {
    finish(t.units[i].counts, due[i]);
    add(t.totals, t.units[i].counts);
    total.add(due[i]);
  }
  finish(t.totals, total);
  return t;
}

Result<std::vector<TrendPoint>> Census::trend(Tx& tx, const std::string& scope_path, const std::string& from,
                                              const std::string& to) {
  LL_TRY(auto req, load_requirement(tx, *tz_));
  Grid g;
  LL_CHECK(collect(tx, scope_path, from, to, g));
  std::vector<TrendPoint> out(static_cast<size_t>(g.days));
  std::vector<Due> due(out.size());
  for (size_t d = 0; d < out.size(); ++d) {
    out[d].date = add_days(from, static_cast<int>(d));
    out[d].required = req.anywhere_under(scope_path, out[d].date);
  }
  for (const auto& [path, days] : g.by_path)
    for (size_t d = 0; d < days.size(); ++d) {
      add(out[d].totals, days[d]);
      due[d].add(days[d], req.on(path, out[d].date));
    }
  for (size_t d = 0; d < out.size(); ++d) finish(out[d].totals, due[d]);
  return out;
}

Result<nlohmann::json> Census::daily_summary(Tx& tx, const std::string& scope_path, const std::string& date) {
  LL_TRY(CensusTable t, compute(tx, scope_path, date));
  const std::string prefix = store::like_prefix(scope_path);
  LL_TRY(auto reasons, tx.query_one(std::string("SELECT COUNT(*),"
                                                " SUM(CASE WHEN abnormal_reasons LIKE '%\"fever\"%' THEN 1 ELSE 0 END),"
                                                " SUM(CASE WHEN abnormal_reasons LIKE '%\"symptoms\"%' THEN 1 ELSE 0 END),"
                                                " SUM(CASE WHEN abnormal_reasons LIKE '%\"risk_travel\"%' THEN 1 ELSE 0 END),"
                                                " SUM(CASE WHEN abnormal_reasons LIKE '%\"risk_area\"%' THEN 1 ELSE 0 END),"
                                                " SUM(CASE WHEN abnormal_reasons LIKE '%\"contact\"%' THEN 1 ELSE 0 END)"
                                                " FROM checkins WHERE day = ? AND abnormal = 1 AND org_path LIKE ?") +
                                        kEscape,
                                    {date, prefix}));
  nlohmann::json by_reason = nlohmann::json::object();
  const char* codes[] = {"fever", "symptoms", "risk_travel", "risk_area", "contact"};
  for (size_t i = 0; i < 5; ++i) by_reason[codes[i]] = reasons ? reasons->integer(i + 1) : 0;

  LL_TRY(auto obs, tx.query_one(std::string("SELECT"
                                            " SUM(CASE WHEN start_on <= ? AND (released_on IS NULL OR released_on > ?)"
                                            " THEN 1 ELSE 0 END),"
                                            " SUM(CASE WHEN start_on = ? THEN 1 ELSE 0 END),"
                                            " SUM(CASE WHEN released_on = ? THEN 1 ELSE 0 END)"
                                            " FROM observations WHERE org_path LIKE ?") +
                                    kEscape,
                                {date, date, date, date, prefix}));
  const int64_t day_start = to_millis(tz_->start_of(date));
  const int64_t day_end = to_millis(tz_->start_of(add_days(date, 1)));
  LL_TRY(auto overdue, tx.query_one(std::string("SELECT COUNT(*) FROM outings WHERE org_path LIKE ?") + kEscape +
                                        " AND status = 'approved' AND planned_return_at < ? AND returned_at IS NULL",
                                    {prefix, day_end}));
  LL_TRY(auto alerts, tx.query_one(std::string("SELECT COUNT(*) FROM entrance_checks WHERE org_path LIKE ?") +
                                       kEscape + " AND alert = 1 AND at >= ? AND at < ?",
                                   {prefix, day_start, day_end}));
  LL_TRY(auto visits, tx.query_one(std::string("SELECT COUNT(*) FROM observations o WHERE o.org_path LIKE ?") +
                                       kEscape +
                                       " AND o.start_on <= ? AND (o.released_on IS NULL OR o.released_on > ?)"
                                       " AND NOT EXISTS (SELECT 1 FROM observation_visits v"
                                       " WHERE v.observation_id = o.id AND v.day = ?)",
                                   {prefix, date, date, date}));
  auto n = [](const std::optional<store::Row>& r, size_t i) { return r ? r->integer(i) : 0; };
  return nlohmann::json{
      {"org", {{"id", t.org.org_id}, {"name", t.org.name}}},
      {"date", date},
      {"required", t.required},
      {"totals", counts_json(t.totals)},
      {"abnormal_by_reason", by_reason},
      {"observations", {{"active", n(obs, 0)}, {"started", n(obs, 1)}, {"released", n(obs, 2)}}},
      {"overdue_outings", n(overdue, 0)},
      {"entrance_alerts", n(alerts, 0)},
      {"missing_visits", n(visits, 0)}};
}

Result<std::string> Census::day_or_today(const std::optional<std::string>& date, const char* field) const {
  if (!date || date->empty()) return tz_->date(rt_.clock.now());
  return parse_date(*date, field);
}

Result<CensusTable> Census::table(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date) {
  if (!actor.can(Permission::health_census)) return Error::forbidden();
  LL_TRY(std::string day, day_or_today(date, "date"));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<CensusTable> {
    LL_TRY(auto sc, scope(tx, actor, org));
    return compute(tx, sc.path, day);
  });
}

Result<nlohmann::json> Census::trend(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> from,
                                     std::optional<std::string> to) {
  if (!actor.can(Permission::health_census)) return Error::forbidden();
  LL_TRY(std::string last, day_or_today(to, "to"));
  std::string first = add_days(last, -29);
  if (from && !from->empty()) {
    LL_TRY(first, parse_date(*from, "from"));
  }
  if (first > last) return Error::invalid("from", "must not be after to");
  if (days_between(first, last) + 1 > kMaxTrendDays)
    return Error::invalid("from", "a trend covers at most " + std::to_string(kMaxTrendDays) + " days");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_TRY(auto points, trend(tx, sc.path, first, last));
    return nlohmann::json{{"org", {{"id", sc.org_id}, {"name", sc.name}}},
                          {"from", first},
                          {"to", last},
                          {"keys", kCountKeys},
                          {"items", to_json(points)}};
  });
}

Result<std::string> Census::export_xlsx(const Actor& actor, std::optional<int64_t> org,
                                        std::optional<std::string> date, std::optional<std::string> from,
                                        std::optional<std::string> to) {
  if (!actor.can(Permission::health_census)) return Error::forbidden();
  LL_TRY(std::string day, day_or_today(date, "date"));
  std::optional<std::string> first, last;
  if ((from && !from->empty()) || (to && !to->empty())) {
    LL_TRY(last, day_or_today(to, "to"));
    first = add_days(*last, -29);
    if (from && !from->empty()) {
      LL_TRY(first, parse_date(*from, "from"));
    }
    if (*first > *last) return Error::invalid("from", "must not be after to");
    if (days_between(*first, *last) + 1 > kMaxTrendDays)
      return Error::invalid("from", "a trend covers at most " + std::to_string(kMaxTrendDays) + " days");
  }
  std::vector<sheets::Sheet> sheets;
  auto r = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_TRY(auto t, compute(tx, sc.path, day));
    sheets::Sheet table{"健康统计 " + day, {"单位"}, {}};
    for (const auto* h : kCountHeadersZh) table.header.emplace_back(h);
    for (const auto& u : t.units) table.rows.push_back(counts_cells(u.direct ? u.name + "（本级）" : u.name, u.counts));
    table.rows.push_back(counts_cells("合计", t.totals));
    sheets.push_back(std::move(table));
    if (first) {
      LL_TRY(auto points, trend(tx, sc.path, *first, *last));
      sheets::Sheet trend_sheet{"趋势", {"日期"}, {}};
      for (const auto* h : kCountHeadersZh) trend_sheet.header.emplace_back(h);
      for (const auto& p : points) trend_sheet.rows.push_back(counts_cells(p.date, p.totals));
      sheets.push_back(std::move(trend_sheet));
    }
    return true;
  });
  if (!r) return r.error();
  return sheets::write_xlsx(sheets);
}

Result<std::vector<MissingPerson>> missing_people(Tx& tx, const std::string& scope_path, const std::string& day) {
  LL_TRY(auto archived, tx.query_one(std::string("SELECT COUNT(*) FROM health_census_archive"
                                                 " WHERE day = ? AND org_path LIKE ?") +
                                         kEscape,
                                     {day, store::like_prefix(scope_path)}));
  std::vector<MissingPerson> out;
  if (archived && archived->integer(0) > 0) return out;  // purged: nobody is named any more
  const Subtree sub = subtree(tx, "s.org_path", scope_path);
  LL_TRY(auto rows, tx.query(std::string("SELECT s.id, s.name, s.employee_no, o.name, s.phone, s.org_id, s.org_path"
                                         " FROM staff s"
                                         " JOIN orgs o ON o.id = s.org_id"
                                         " WHERE s.active = 1 AND ") +
                                 sub.sql +
                                 " AND s.joined_on <= ? AND (s.left_on IS NULL OR s.left_on > ?)"
                                 " AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.staff_id = s.id AND c.day = ?)"
                                 " ORDER BY s.org_path, s.employee_no",
                             join(sub.params, {day, day, day})));
  for (const auto& r : rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.integer(5), r.text(3), r.text(6), r.opt_text(4)});
  return out;
}

Result<nlohmann::json> Census::missing(const Actor& actor, std::optional<int64_t> org,
                                       std::optional<std::string> date) {
  if (!actor.can(Permission::health_census)) return Error::forbidden();
  LL_TRY(std::string day, day_or_today(date, "date"));
  const bool full = actor.can(Permission::health_records);
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_TRY(Settings settings, settings_of_scope(tx, sc.path));
    LL_TRY(auto req, load_requirement(tx, *tz_));
    const bool required = req.anywhere_under(sc.path, day);
    LL_TRY(auto archived, tx.query_one(std::string("SELECT COUNT(*) FROM health_census_archive"
                                                   " WHERE day = ? AND org_path LIKE ?") +
                                           kEscape,
                                       {day, store::like_prefix(sc.path)}));
    LL_TRY(auto people, missing_people(tx, sc.path, day));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& p : people) {
      if (!req.on(p.org_path, day)) continue;  // not required in their unit that day
      nlohmann::json phone;
      if (p.phone) phone = full ? *p.phone : mask_phone(*p.phone);
      items.push_back({{"staff_id", p.staff_id},
                       {"name", p.name},
                       {"employee_no", p.employee_no},
                       {"org_id", p.org_id},
                       {"org_name", p.org_name},
                       {"phone", phone}});
    }
    return nlohmann::json{{"org", {{"id", sc.org_id}, {"name", sc.name}}},
                          {"date", day},
                          {"required", required},
                          {"deadline", format_clock_time(settings.deadline)},
                          {"deadline_passed", now > tz_->at(day, settings.deadline)},
                          {"archived", archived && archived->integer(0) > 0},
                          {"count", items.size()},
                          {"items", items}};
  });
}

Result<nlohmann::json> Census::remind(const Actor& actor, std::optional<int64_t> org,
                                      std::optional<std::string> date) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  LL_TRY(std::string day, day_or_today(date, "date"));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_TRY(auto utility, utility_of(tx, sc.path));
    if (!utility) return Error::invalid("org", "reminders go to one utility's group: choose a utility or a unit in one");
    LL_TRY(Settings settings, settings_for(tx, *utility));
    LL_TRY(auto everyone, missing_people(tx, sc.path, day));
    LL_TRY(auto req, load_requirement(tx, *tz_));
    std::vector<MissingPerson> people;
    for (auto& p : everyone)
      if (req.on(p.org_path, day)) people.push_back(std::move(p));
    LL_TRY(int64_t robots, notify::reaching(tx, sc.path, "health.reminder", notify::Priority::normal));
    bool queued = false;
    nlohmann::json problem;  // why nothing was queued: the web UI words it
    if (people.empty()) {
      problem = "everyone_checked_in";
    } else if (robots == 0) {
      problem = "no_robot";
    } else {
      notify::Notice n = reminder_notice(sc, day, format_clock_time(settings.deadline), people, false);
      // A second press within the same minute adds nothing.
      n.dedup_key = "health.reminder:manual:" + std::to_string(sc.org_id) + ":" + day + ":" +
                    std::to_string(to_millis(now) / 60000);
      LL_TRY(queued, notify::enqueue(tx, n, now));
    }
    nlohmann::json after = {{"date", day}, {"count", people.size()}, {"queued", queued}, {"robots", robots}};
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.missing.remind", "org", std::to_string(sc.org_id), sc.org_id, sc.path, nullptr,
                            after}));
    return nlohmann::json{{"queued", queued},
                          {"robots", robots},
                          {"error", problem},
                          {"count", people.size()},
                          {"date", day}};
  });
}

Result<nlohmann::json> Census::summary(const Actor& actor, std::optional<int64_t> org,
                                       std::optional<std::string> date) {
  if (!actor.can(Permission::health_census)) return Error::forbidden();
  LL_TRY(std::string day, day_or_today(date, "date"));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto sc, scope(tx, actor, org));
    return daily_summary(tx, sc.path, day);
  });
}

}  // namespace lifeline::app::health
