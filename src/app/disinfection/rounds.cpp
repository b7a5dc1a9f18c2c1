#include "app/disinfection/rounds.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "app/emergency/service.h"
#include "app/notify/outbox.h"
#include "app/supplies/access.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::disinfection {

using store::Tx;
using store::TxMode;

namespace {

// Policy minimums per unit path, looked up once per call.
class PolicyCache {
 public:
  explicit PolicyCache(Tx& tx) : tx_(tx) {}
  Result<int> at(const std::string& path) {
    auto it = cache_.find(path);
    if (it != cache_.end()) return it->second;
    LL_TRY(int n, policy_minimum(tx_, path));
    cache_[path] = n;
    return n;
  }

 private:
  Tx& tx_;
  std::map<std::string, int> cache_;
};

Result<std::map<int64_t, int64_t>> done_on(Tx& tx, const std::string& org_path, const std::string& day) {
  LL_TRY(auto rows, tx.query("SELECT place_id, COUNT(*) FROM disinfection_records WHERE day = ?"
                             " AND org_path LIKE ? ESCAPE '\\' GROUP BY place_id",
                             {day, store::like_prefix(org_path)}));
  std::map<int64_t, int64_t> out;
  for (const auto& r : rows) out[r.integer(0)] = r.integer(1);
  return out;
}

Result<std::optional<Instant>> last_round(Tx& tx, int64_t place_id) {
  LL_TRY(auto row, tx.query_one("SELECT MAX(done_at) FROM disinfection_records WHERE place_id = ?", {place_id}));
  if (!row || row->is_null(0)) return std::optional<Instant>();
  return std::optional<Instant>(from_millis(row->integer(0)));
}

Result<std::pair<std::string, std::string>> unit_path(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto row, tx.query_one("SELECT path, name FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
  if (!row || !actor.sees(row->text(0))) return supplies::not_found_field("org", "no such org unit in your scope");
  return std::make_pair(row->text(0), row->text(1));
}

}  // namespace

int rounds_in_force(const Place& p, int policy_minimum) { return std::max(p.times_per_day, policy_minimum); }

Result<int> policy_minimum(Tx& tx, const std::string& org_path) {
  LL_TRY(auto active, emergency::policy_at(tx, org_path));
  return active ? active->policy.disinfection_rounds_per_day : 0;
}

Status plan_day(Tx& tx, const Place& p, const std::string& day, int required) {
  return tx.execute("INSERT INTO disinfection_days (place_id, day, org_id, org_path, required) VALUES (?,?,?,?,?)"
                    " ON CONFLICT (place_id, day) DO NOTHING",
                    {p.id, day, p.org_id, p.org_path, required});
}

Result<std::vector<OverduePlace>> overdue_under(Tx& tx, const std::string& org_path, Instant now,
                                                const std::string& today) {
  LL_TRY(auto places, places_under(tx, org_path, true));
  LL_TRY(auto done, done_on(tx, org_path, today));
  PolicyCache policy(tx);
  std::vector<OverduePlace> out;
  for (auto& p : places) {
    LL_TRY(int minimum, policy.at(p.org_path));
    OverduePlace o;
    o.required = rounds_in_force(p, minimum);
    LL_TRY(o.last_done, last_round(tx, p.id));
    o.due_at = o.last_done.value_or(p.created_at) + std::chrono::minutes(24 * 60 / o.required);
    if (now <= o.due_at + std::chrono::minutes(kGraceMinutes)) continue;
    o.done_today = done.count(p.id) ? done[p.id] : 0;
    o.overdue_minutes = std::chrono::duration_cast<std::chrono::minutes>(now - o.due_at).count();
    o.place = std::move(p);
    out.push_back(std::move(o));
  }
  std::sort(out.begin(), out.end(),
            [](const OverduePlace& a, const OverduePlace& b) { return a.overdue_minutes > b.overdue_minutes; });
  return out;
}

Result<std::vector<DayCompletion>> completion_under(Tx& tx, const std::string& org_path, const std::string& from,
                                                    const std::string& to, Instant now, const std::string& today) {
  std::vector<DayCompletion> out;
  // Days that are over: what was planned and done, frozen.
  LL_TRY(auto rows, tx.query("SELECT d.org_id, o.name, d.org_path, d.day, COUNT(*), SUM(d.required),"
                             " SUM(CASE WHEN d.done < d.required THEN d.done ELSE d.required END)"
                             " FROM disinfection_days d JOIN orgs o ON o.id = d.org_id"
                             " WHERE d.day >= ? AND d.day <= ? AND d.day < ? AND d.org_path LIKE ? ESCAPE '\\'"
                             " GROUP BY d.org_id, o.name, d.org_path, d.day ORDER BY d.day, d.org_path",
                             {from, to, today, store::like_prefix(org_path)}));
  for (const auto& r : rows) {
    DayCompletion d{r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4), r.integer(5), r.integer(6), 0, 0};
    d.missed = d.required - d.done;
    out.push_back(std::move(d));
  }
  if (from <= today && today <= to) {
    // Today, live: the schedule in force now, the rounds so far, the places overdue now.
    LL_TRY(auto places, places_under(tx, org_path, true));
    LL_TRY(auto done, done_on(tx, org_path, today));
    LL_TRY(auto overdue, overdue_under(tx, org_path, now, today));
    PolicyCache policy(tx);
    std::map<int64_t, DayCompletion> per_unit;
    for (const auto& p : places) {
      LL_TRY(int minimum, policy.at(p.org_path));
      auto& d = per_unit[p.org_id];
      d.org_id = p.org_id;
      d.org_name = p.org_name;
      d.org_path = p.org_path;
      d.day = today;
      const int required = rounds_in_force(p, minimum);
      ++d.places;
      d.required += required;
      d.done += std::min<int64_t>(done.count(p.id) ? done[p.id] : 0, required);
    }
    for (const auto& o : overdue) ++per_unit[o.place.org_id].overdue_now;
    for (auto& [id, d] : per_unit) out.push_back(std::move(d));
  }
  return out;
}

Totals total_of(const std::vector<DayCompletion>& days) {
  Totals t;
  for (const auto& d : days) {
    t.places = std::max(t.places, d.places);
    t.required += d.required;
    t.done += d.done;
    t.missed += d.missed;
    t.overdue_now += d.overdue_now;
  }
  return t;
}

Result<std::vector<OverduePlace>> Rounds::overdue(const Actor& actor, std::optional<int64_t> org) {
  if (!may_read(actor)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const std::string today = supplies::local_time(rt_).date(now);
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<OverduePlace>> {
    LL_TRY(auto unit, unit_path(tx, actor, org));
    return overdue_under(tx, unit.first, now, today);
  });
}

Result<std::vector<DayCompletion>> Rounds::completion(const Actor& actor, std::optional<int64_t> org,
                                                      const std::optional<std::string>& from,
                                                      const std::optional<std::string>& to) {
  if (!may_read(actor)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const std::string today = supplies::local_time(rt_).date(now);
  std::string f = add_days(today, -6), t = today;
  if (from) {
    LL_TRY(f, parse_date(*from, "from"));
  }
  if (to) {
    LL_TRY(t, parse_date(*to, "to"));
  }
  if (t < f) return Error::invalid("to", "must not be before from");
  if (days_between(f, t) > 366) return Error::invalid("to", "a period is at most 366 days");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<DayCompletion>> {
    LL_TRY(auto unit, unit_path(tx, actor, org));
    return completion_under(tx, unit.first, f, t, now, today);
  });
}

Status Rounds::plan_and_flag(Instant now) {
  const std::string today = supplies::local_time(rt_).date(now);
  return rt_.db.run(TxMode::write, [&](Tx& tx) -> Status {
    LL_TRY(auto places, places_under(tx, "/", true));
    PolicyCache policy(tx);
    // Today's rounds follow the level in force until the day is over.
    for (const auto& p : places) {
      LL_TRY(int minimum, policy.at(p.org_path));
      LL_CHECK(tx.execute("INSERT INTO disinfection_days (place_id, day, org_id, org_path, required)"
                          " VALUES (?,?,?,?,?) ON CONFLICT (place_id, day) DO UPDATE SET required = excluded.required",
                          {p.id, today, p.org_id, p.org_path, rounds_in_force(p, minimum)}));
    }
    LL_TRY(auto overdue, overdue_under(tx, "/", now, today));
    for (const auto& o : overdue) {
      const int64_t since = to_millis(o.last_done.value_or(o.place.created_at));
      notify::Notice n;
      n.org_id = o.place.org_id;
      n.org_path = o.place.org_path;
      n.event = "disinfection.overdue";
      n.priority = notify::Priority::normal;
      n.title = "公共区域消毒逾期";
      n.text = o.place.org_name + "「" + o.place.name + "」应于 " + format_instant(o.due_at) + " 前完成消毒（每日 " +
               std::to_string(o.required) + " 次），已逾期 " + std::to_string(o.overdue_minutes) +
               " 分钟。请安排消毒并扫码登记。";
      n.link = "/disinfection/overdue?org=" + std::to_string(o.place.org_id);
      n.dedup_key = "disinfection.overdue:" + std::to_string(o.place.id) + ":" + std::to_string(since);
      LL_TRY(bool added, notify::enqueue(tx, n, now));
      if (added)
        LL_CHECK(tx.execute("UPDATE disinfection_days SET flagged = flagged + 1 WHERE place_id = ? AND day = ?",
                            {o.place.id, today}));
    }
    return {};
  });
}

nlohmann::json to_json(const OverduePlace& o) {
  return {{"place", to_json(o.place)},
          {"place_id", o.place.id},
          {"name", o.place.name},
          {"kind", o.place.kind},
          {"org_id", o.place.org_id},
          {"org_name", o.place.org_name},
          {"required", o.required},
          {"done_today", o.done_today},
          {"last_done_at", o.last_done ? nlohmann::json(format_instant(*o.last_done)) : nlohmann::json()},
          {"due_at", format_instant(o.due_at)},
          {"overdue_minutes", o.overdue_minutes}};
}

nlohmann::json to_json(const DayCompletion& d) {
  return {{"org_id", d.org_id},   {"org_name", d.org_name}, {"day", d.day},
          {"places", d.places},   {"required", d.required}, {"done", d.done},
          {"missed", d.missed},   {"overdue_now", d.overdue_now},
          {"rate", std::round(d.rate() * 1000) / 1000}};
}

}  // namespace lifeline::app::disinfection
