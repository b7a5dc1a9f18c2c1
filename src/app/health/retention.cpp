#include "app/health/retention.h"

#include <set>

#include <nlohmann/json.hpp>

#include "app/audit/audit.h"
#include "app/emergency/service.h"
#include "app/health/checkin_counts.h"
#include "app/health/model.h"
#include "app/health/settings.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

// The check-in figures, in the order of the aggregate below.
constexpr const char* kCheckinKeys[] = {"checked_in", "late",         "abnormal",        "fever",   "symptoms", "contact",
                                        "away",       "not_returned", "from_risk_areas", "on_duty", "isolated"};

struct ArchiveRow {
  int64_t org_id = 0;
  std::string org_path, day;
  nlohmann::json counts;
};

nlohmann::json zero_counts() {
  nlohmann::json c = nlohmann::json::object();
  for (const char* k : kCountKeys) {
    std::string key = k;
    if (key != "headcount" && key != "missing") c[key] = 0;
  }
  return c;
}

// The WHERE clauses of what is purged for one utility, with their parameters.
struct Plan {
  std::string table, where;
  store::Params params;
};

std::vector<Plan> plans(int64_t utility_id, const std::string& utility_path, const std::string& cutoff_day,
                        int64_t cutoff_ms) {
  const std::string people = "staff_id IN (SELECT id FROM staff WHERE utility_id = ?)";
  const std::string cases = people + " AND released_on IS NOT NULL AND released_on < ?";
  return {
      {"observation_visits", "observation_id IN (SELECT id FROM observations WHERE " + cases + ")",
       {utility_id, cutoff_day}},
      {"observations", cases, {utility_id, cutoff_day}},
      // Members a kept case refers to stay with it.
      {"household_members",
       people + " AND updated_at < ? AND id NOT IN (SELECT member_id FROM observations WHERE member_id IS NOT NULL"
                " AND NOT (" + cases + "))",
       {utility_id, cutoff_ms, utility_id, cutoff_day}},
      {"checkins", people + " AND day < ?", {utility_id, cutoff_day}},
      {"idempotency_keys",
       "created_at < ? AND (principal IN (SELECT 'link:' || CAST(id AS TEXT) FROM staff WHERE utility_id = ?)"
       " OR principal IN (SELECT 'user:' || CAST(u.id AS TEXT) FROM users u JOIN orgs o ON o.id = u.org_id"
       " WHERE o.path LIKE ? ESCAPE '\\'))",
       {cutoff_ms, utility_id, store::like_prefix(utility_path)}},
      {"outings", people + " AND COALESCE(returned_at, planned_return_at) < ?", {utility_id, cutoff_ms}},
      {"entrance_checks", "org_path LIKE ? ESCAPE '\\' AND at < ?", {store::like_prefix(utility_path), cutoff_ms}},
      {"health_notes", people + " AND at < ?", {utility_id, cutoff_ms}},
      {"checkin_links", people + " AND created_at < ?", {utility_id, cutoff_ms}},
  };
}

// The census figures of every unit and day before the cutoff, from the
// check-ins and the observation cases (deleted or kept) of the utility.
Result<std::vector<ArchiveRow>> archive_rows(Tx& tx, int64_t utility_id, const std::string& cutoff_day) {
  std::map<std::pair<std::string, std::string>, ArchiveRow> rows;  // (org_path, day)
  auto row = [&](int64_t org_id, const std::string& path, const std::string& day) -> ArchiveRow& {
    auto& r = rows[{path, day}];
    if (r.counts.is_null()) r = ArchiveRow{org_id, path, day, zero_counts()};
    return r;
  };
  LL_TRY(auto checkins,
         tx.query("SELECT org_id, org_path, day, COUNT(*), SUM(late), SUM(abnormal), SUM(fever), SUM(has_symptoms),"
                  " SUM(CASE WHEN contact <> 'none' THEN 1 ELSE 0 END),"
                  " SUM(CASE WHEN location = 'away' THEN 1 ELSE 0 END),"
                  " SUM(CASE WHEN location = 'not_returned' THEN 1 ELSE 0 END),"
                  " SUM(risk_travel),"
                  " SUM(CASE WHEN work_status = 'on_duty' THEN 1 ELSE 0 END),"
                  " SUM(CASE WHEN work_status = 'isolated' THEN 1 ELSE 0 END)"
                  " FROM checkins WHERE staff_id IN (SELECT id FROM staff WHERE utility_id = ?) AND day < ?"
                  " GROUP BY org_id, org_path, day",
                  {utility_id, cutoff_day}));
  for (const auto& r : checkins) {
    auto& a = row(r.integer(0), r.text(1), r.text(2));
    for (size_t k = 0; k < std::size(kCheckinKeys); ++k) a.counts[kCheckinKeys[k]] = r.integer(3 + k);
  }
  // Under observation on a day: started, not yet released (the census's rule).
  LL_TRY(auto cases, tx.query("SELECT o.id, ob.org_path, ob.kind, ob.start_on, ob.released_on FROM observations ob"
                              " JOIN orgs o ON o.path = ob.org_path"
                              " WHERE ob.staff_id IN (SELECT id FROM staff WHERE utility_id = ?) AND ob.start_on < ?",
                              {utility_id, cutoff_day}));
  for (const auto& r : cases) {
    std::string end = cutoff_day;
    if (!r.is_null(4) && r.text(4) < end) end = r.text(4);
    const char* key = r.text(2) == "centralised" ? "quarantine" : "home_observation";
    int n = days_between(r.text(3), end);
    for (int d = 0; d < n && d < 3660; ++d) {
      auto& a = row(r.integer(0), r.text(1), add_days(r.text(3), d));
      a.counts[key] = a.counts[key].get<int64_t>() + 1;
    }
  }
  std::vector<ArchiveRow> out;
  for (auto& [key, r] : rows) out.push_back(std::move(r));
  return out;
}

}  // namespace

Result<std::vector<PurgeReport>> Retention::purge(const Actor& actor, bool dry_run) {
  if (actor.user_id != 0) return Error::forbidden("the purge of personal health data runs from the command line");
  auto utilities = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<store::Rows> {
    return tx.query("SELECT id, path FROM orgs WHERE kind = 'utility' AND path LIKE ? ESCAPE '\\' ORDER BY id",
                    {store::like_prefix(actor.org_path)});
  });
  if (!utilities) return utilities.error();
  std::vector<PurgeReport> out;
  for (const auto& u : *utilities) {
    LL_TRY(auto report, purge_utility(actor, u.integer(0), dry_run));
    out.push_back(std::move(report));
  }
  return out;
}

Result<PurgeReport> Retention::purge_utility(const Actor& actor, int64_t utility_id, bool dry_run) {
  LL_TRY(auto lt, LocalTime::load(rt_.config.time_zone));
  const auto now = rt_.clock.now();
  return rt_.db.transact(dry_run ? TxMode::read : TxMode::write, [&](Tx& tx) -> Result<PurgeReport> {
    PurgeReport rep;
    rep.utility_id = utility_id;
    LL_TRY(auto org, tx.query_one("SELECT name, path FROM orgs WHERE id = ?", {utility_id}));
    if (!org) return Error::not_found("no such utility");
    rep.utility_name = org->text(0);
    const std::string path = org->text(1);
    LL_TRY(auto settings, settings_for(tx, utility_id));
    rep.retention_days = settings.retention_days;
    rep.status = "kept";

    // An active emergency over the utility, or over any unit inside it, keeps everything.
    LL_TRY(auto active, emergency::policy_at(tx, path));
    LL_TRY(auto inside, tx.query_one("SELECT COUNT(*) FROM emergencies e JOIN emergency_orgs eo ON eo.emergency_id = e.id"
                                     " JOIN orgs o ON o.id = eo.org_id WHERE e.status = 'active'"
                                     " AND o.path LIKE ? ESCAPE '\\'",
                                     {store::like_prefix(path)}));
    if (active || (inside && inside->integer(0) > 0)) {
      rep.reason = "应急响应进行中，个人健康数据保留 (an emergency response is active)";
      return rep;
    }
    LL_TRY(auto last, tx.query_one("SELECT MAX(e.ended_at) FROM emergencies e JOIN emergency_orgs eo"
                                   " ON eo.emergency_id = e.id JOIN orgs o ON o.id = eo.org_id"
                                   " WHERE e.status = 'ended' AND e.ended_at IS NOT NULL"
                                   " AND (? LIKE (o.path || '%') OR o.path LIKE ? ESCAPE '\\')",
                                   {path, store::like_prefix(path)}));
    if (!last || last->is_null(0)) {
      rep.reason = "尚无已结束的应急响应 (no emergency response has ended)";
      return rep;
    }
    const Instant ended = from_millis(last->integer(0));
    rep.emergency_ended_on = lt.date(ended);
    const std::string cutoff = add_days(*rep.emergency_ended_on, settings.retention_days);
    rep.cutoff = cutoff;
    if (now - ended <= std::chrono::hours(24) * settings.retention_days) {
      rep.reason = "保留期至 " + cutoff + " (kept until the retention period ends)";
      return rep;
    }
    const int64_t cutoff_ms = to_millis(lt.start_of(cutoff));

    // Archive the census figures first, then delete.
    LL_TRY(auto archive, archive_rows(tx, utility_id, cutoff));
    LL_TRY(auto existing, tx.query("SELECT org_path, day FROM health_census_archive WHERE org_path LIKE ? ESCAPE '\\'"
                                   " AND day < ?",
                                   {store::like_prefix(path), cutoff}));
    std::set<std::pair<std::string, std::string>> archived;
    for (const auto& r : existing) archived.insert({r.text(0), r.text(1)});
    for (const auto& a : archive) {
      if (archived.count({a.org_path, a.day})) continue;
      ++rep.archived_days;
      if (!dry_run)
        LL_CHECK(tx.execute("INSERT INTO health_census_archive (org_id, org_path, day, counts, archived_at)"
                            " VALUES (?,?,?,?,?) ON CONFLICT (org_id, day) DO NOTHING",
                            {a.org_id, a.org_path, a.day, a.counts.dump(), to_millis(now)}));
    }
    for (const auto& p : plans(utility_id, path, cutoff, cutoff_ms)) {
      if (dry_run) {
        LL_TRY(auto n, tx.query_one("SELECT COUNT(*) FROM " + p.table + " WHERE " + p.where, p.params));
        rep.deleted[p.table] = n ? n->integer(0) : 0;
      } else {
        LL_TRY(rep.deleted[p.table], tx.exec("DELETE FROM " + p.table + " WHERE " + p.where, p.params));
      }
    }
    rep.status = dry_run ? "would_purge" : "purged";
    if (!dry_run) {
      // The archive stands for the purged days now; their running counts go with the rows.
      LL_CHECK(recount_checkins(tx, path, "0000-01-01", add_days(cutoff, -1)));
      nlohmann::json deleted = rep.deleted;
      LL_CHECK(audit::record(tx, actor, now,
                             {"health.purge", "utility", std::to_string(utility_id), utility_id, path, nullptr,
                              {{"emergency_ended_on", *rep.emergency_ended_on},
                               {"retention_days", rep.retention_days},
                               {"cutoff", cutoff},
                               {"deleted", deleted},
                               {"archived_days", rep.archived_days}}}));
    }
    return rep;
  });
}

}  // namespace lifeline::app::health
