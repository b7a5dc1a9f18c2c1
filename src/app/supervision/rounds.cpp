#include "app/supervision/rounds.h"

#include "app/audit/audit.h"
#include "app/notify/outbox.h"
#include "app/supervision/json.h"
#include "app/supervision/repo.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::supervision {

using store::Tx;
using store::TxMode;

namespace {

using std::chrono::hours;

struct Unit {
  int64_t id = 0;
  std::string path, name;
};

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Error not_found(const char* field, const char* what) {
  return Error{ErrorCode::not_found, std::string("no such ") + what, {{field, std::string("no such ") + what}}};
}

Result<std::string> path_of(Tx& tx, int64_t org) {
  LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org}));
  return row ? row->text(0) : std::string();
}

Result<std::string> utility_path(Tx& tx, const std::string& path) {
  LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {path}));
  return row ? row->text(0) : path;
}

// The team (its HQ's unit in the actor's scope) and its HQ path.
Result<std::pair<Team, std::string>> visible_team(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto team, repo::find_team(tx, id));
  if (!team) return not_found("team_id", "supervision team");
  LL_TRY(auto hq, path_of(tx, team->org_id));
  if (!actor.sees(hq)) return not_found("team_id", "supervision team");
  return std::pair{std::move(*team), hq};
}

// A unit the team supervises (or below one).
Result<Unit> supervised_unit(Tx& tx, const Actor& actor, const Team& team, int64_t org) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name FROM orgs WHERE id = ?", {org}));
  if (!row || !actor.sees(row->text(1))) return not_found("org_id", "org unit in your scope");
  Unit u{row->integer(0), row->text(1), row->text(2)};
  for (const auto& [id, name] : team.units) {
    LL_TRY(auto p, path_of(tx, id));
    if (!p.empty() && u.path.starts_with(p)) return u;
  }
  return Error::invalid("org_id", "this team does not supervise this unit");
}

// One finding; `p` prefixes the field names ("findings/2/", or "" when it is the whole body).
void check_finding(const NewFinding& f, Instant made, size_t items, const std::string& p,
                   std::vector<FieldError>& errors) {
  if (blank(f.text)) errors.push_back({p + "text", "say what was found"});
  if (f.severity != "minor" && f.severity != "major") errors.push_back({p + "severity", "must be minor or major"});
  if (f.item_position && (*f.item_position < 0 || static_cast<size_t>(*f.item_position) >= items))
    errors.push_back({p + "item_position", "no such item on the checklist"});
  if (f.rectification) {
    const auto& x = *f.rectification;
    if (blank(x.action)) errors.push_back({p + "rectification/action", "say what must be put right"});
    if (!x.owner_user_id && blank(x.owner_name))
      errors.push_back({p + "rectification/owner_name", "name who puts it right"});
    if (x.deadline <= made) errors.push_back({p + "rectification/deadline", "must be after the round"});
    else if (x.deadline - made > hours(24 * 90))
      errors.push_back({p + "rectification/deadline", "at most 90 days after the round"});
  }
}

void check_record(const RoundRecord& r, const std::optional<Checklist>& checklist, Instant now,
                  std::vector<FieldError>& errors, const std::string& at = "") {
  const Instant made = r.conducted_at.value_or(now);
  if (made > now + std::chrono::minutes(5)) errors.push_back({at + "conducted_at", "must not be in the future"});
  const size_t n = checklist ? checklist->items.size() : 0;
  if (!checklist && !r.items.empty()) errors.push_back({at + "items", "answer items against a checklist (checklist_id)"});
  if (checklist) {
    std::vector<int> seen(n, 0);
    for (size_t i = 0; i < r.items.size(); ++i) {
      const auto& a = r.items[i];
      const std::string f = at + "items/" + std::to_string(i);
      if (a.position < 0 || static_cast<size_t>(a.position) >= n) errors.push_back({f + "/position", "no such item"});
      else if (seen[static_cast<size_t>(a.position)]++) errors.push_back({f + "/position", "answered twice"});
      if (a.result != "ok" && a.result != "finding" && a.result != "not_applicable")
        errors.push_back({f + "/result", "must be ok, finding or not_applicable"});
    }
    for (size_t p = 0; p < n; ++p)
      if (!seen[p]) {
        errors.push_back({at + "items", "answer every item of the checklist (item " + std::to_string(p) + " is missing)"});
        break;
      }
  }
  if (r.findings.size() > 50) errors.push_back({at + "findings", "at most 50 findings"});
  for (size_t i = 0; i < r.findings.size(); ++i)
    check_finding(r.findings[i], made, n, at + "findings/" + std::to_string(i) + "/", errors);
}

// Owner logins must belong to the inspected unit's utility; returns the owner's name.
Result<std::string> owner_name(Tx& tx, const Unit& unit, const NewRectification& x, const std::string& field) {
  if (!x.owner_user_id) return x.owner_name;
  LL_TRY(auto row, tx.query_one("SELECT u.display_name, o.path FROM users u JOIN orgs o ON o.id = u.org_id"
                                " WHERE u.id = ? AND u.disabled = 0",
                                {*x.owner_user_id}));
  LL_TRY(auto theirs, row ? utility_path(tx, row->text(1)) : Result<std::string>(std::string()));
  LL_TRY(auto ours, utility_path(tx, unit.path));
  if (!row || theirs != ours) return Error::invalid(field, "no such user in the inspected unit's utility");
  return blank(x.owner_name) ? row->text(0) : x.owner_name;
}

Status write_record(Tx& tx, const Actor& actor, int64_t round_id, int64_t team_id, const Unit& unit,
                    const std::optional<Checklist>& checklist, const RoundRecord& r, Instant now,
                    const std::string& base = "", bool single = false) {
  if (checklist)
    for (const auto& a : r.items) {
      const auto& item = checklist->items[static_cast<size_t>(a.position)];
      LL_CHECK(tx.execute("INSERT INTO supervision_round_items (round_id, position, category, text, result, note)"
                          " VALUES (?,?,?,?,?,?)",
                          {round_id, a.position, item.category, item.text, a.result, a.note}));
    }
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const auto& f = r.findings[i];
    LL_TRY(int64_t fid, tx.insert("INSERT INTO supervision_findings (round_id, org_path, item_position, severity, text,"
                                  " created_at) VALUES (?,?,?,?,?,?) RETURNING id",
                                  {round_id, unit.path, f.item_position ? store::Value(*f.item_position) : store::Value(),
                                   f.severity, f.text, to_millis(now)}));
    LL_CHECK(photos::attach(tx, "supervision_finding", fid, unit.path, actor, now, f.photos));
    if (!f.rectification) continue;
    const auto& x = *f.rectification;
    const std::string at = single ? base : base + "findings/" + std::to_string(i) + "/";
    LL_TRY(auto owner, owner_name(tx, unit, x, at + "rectification/owner_user_id"));
    LL_TRY(int64_t xid, tx.insert("INSERT INTO supervision_rectifications (finding_id, round_id, team_id, org_id,"
                                  " org_path, action, owner_user_id, owner_name, deadline, state, created_at)"
                                  " VALUES (?,?,?,?,?,?,?,?,?,'open',?) RETURNING id",
                                  {fid, round_id, team_id, unit.id, unit.path, x.action, x.owner_user_id, owner,
                                   to_millis(x.deadline), to_millis(now)}));
    notify::Notice n;
    n.org_id = unit.id;
    n.org_path = unit.path;
    n.event = "supervision.rectification";
    n.priority = f.severity == "major" ? notify::Priority::high : notify::Priority::normal;
    n.title = "督导检查整改通知";
    n.text = unit.name + "：督导检查发现「" + f.text + "」，请 " + owner + " 于期限前完成整改：" + x.action;
    n.link = "/supervision/rectifications?org=" + std::to_string(unit.id);
    n.dedup_key = "supervision.rectification:" + std::to_string(xid);
    LL_TRY(bool added, notify::enqueue(tx, n, now));
    (void)added;
  }
  return {};
}

Result<Round> reload(Tx& tx, int64_t id, Instant now) {
  LL_TRY(auto r, repo::find_round(tx, id, now));
  if (!r) return Error::internal("round vanished");
  return std::move(*r);
}

}  // namespace

Result<std::vector<Team>> Rounds::teams(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::supervision_read)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Team>> {
    LL_TRY(auto path, path_of(tx, org.value_or(actor.org_id)));
    if (path.empty() || !actor.sees(path)) return not_found("org", "org unit in your scope");
    // The teams of the utility the unit lies in (the HQ sits at the utility).
    LL_TRY(auto utility, utility_path(tx, path));
    LL_TRY(auto teams, repo::teams_of(tx, actor.sees(utility) ? utility : path));
    for (auto& t : teams) {
      LL_TRY(auto tally, tx.query_one("SELECT (SELECT COUNT(*) FROM supervision_rounds WHERE team_id = ? AND state = 'done'),"
                                      " (SELECT COUNT(*) FROM supervision_findings f JOIN supervision_rounds r"
                                      "   ON r.id = f.round_id WHERE r.team_id = ?),"
                                      " (SELECT COUNT(*) FROM supervision_rectifications WHERE team_id = ? AND state <> 'closed'),"
                                      " (SELECT COUNT(*) FROM supervision_rectifications WHERE team_id = ? AND state = 'open'"
                                      "   AND deadline < ?)",
                                      {t.id, t.id, t.id, t.id, to_millis(now)}));
      if (!tally) continue;
      t.rounds_done = tally->integer(0);
      t.findings = tally->integer(1);
      t.open_rectifications = tally->integer(2);
      t.overdue_rectifications = tally->integer(3);
    }
    return teams;
  });
}

Result<std::vector<Round>> Rounds::list(const Actor& actor, const RoundFilter& f) {
  if (!actor.can(Permission::supervision_read)) return Error::forbidden();
  if (f.state && *f.state != "planned" && *f.state != "done") return Error::invalid("state", "must be planned or done");
  std::optional<std::string> from, to;
  if (f.from) {
    LL_TRY(from, parse_date(*f.from, "from"));
  }
  if (f.to) {
    LL_TRY(to, parse_date(*f.to, "to"));
  }
  auto local = LocalTime::load(rt_.config.time_zone);
  if (!local) local = LocalTime::load("Asia/Shanghai");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Round>> {
    LL_TRY(auto path, path_of(tx, f.org.value_or(actor.org_id)));
    if (path.empty() || !actor.sees(path)) return not_found("org", "org unit in your scope");
    std::string where = "WHERE r.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(path)};
    if (f.team) {
      where += " AND r.team_id = ?";
      params.emplace_back(*f.team);
    }
    if (f.state) {
      where += " AND r.state = ?";
      params.emplace_back(*f.state);
    }
    // A planned round counts on its planned day, a made one on the day it was made.
    if (from) {
      where += " AND (r.conducted_at >= ? OR (r.conducted_at IS NULL AND r.planned_for >= ?))";
      params.emplace_back(to_millis(local->start_of(*from)));
      params.emplace_back(*from);
    }
    if (to) {
      where += " AND (r.conducted_at < ? OR (r.conducted_at IS NULL AND r.planned_for <= ?))";
      params.emplace_back(to_millis(local->start_of(add_days(*to, 1))));
      params.emplace_back(*to);
    }
    return repo::rounds(tx, where + " ORDER BY COALESCE(r.conducted_at, r.created_at) DESC, r.id DESC LIMIT 500",
                        params, now);
  });
}

Result<Round> Rounds::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supervision_read)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Round> {
    LL_TRY(auto r, repo::find_round(tx, id, now));
    if (!r || !actor.sees(r->org_path)) return Error::not_found("no such round");
    return std::move(*r);
  });
}

Result<Round> Rounds::create(const Actor& actor, const NewRound& in) {
  if (!actor.can(Permission::supervision_conduct)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  std::vector<FieldError> errors;
  if (in.kind != "planned" && in.kind != "unannounced") errors.push_back({"kind", "must be planned or unannounced"});
  if (!in.record && !in.planned_for) errors.push_back({"planned_for", "plan a day, or record the round as made"});
  if (in.planned_for && !parse_date(*in.planned_for, "planned_for")) errors.push_back({"planned_for", "must be a date YYYY-MM-DD"});
  if (in.kind == "unannounced" && !in.record) errors.push_back({"kind", "an unannounced round is recorded as made"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Round> {
    LL_TRY(auto team, visible_team(tx, actor, in.team_id));
    LL_TRY(auto unit, supervised_unit(tx, actor, team.first, in.org_id));
    std::optional<Checklist> checklist;
    if (in.checklist_id) {
      LL_TRY(checklist, repo::find_checklist(tx, *in.checklist_id));
      if (!checklist || !checklist->active || !unit.path.starts_with(checklist->org_path))
        return Error::invalid("checklist_id", "no such active checklist for this unit");
    }
    std::vector<FieldError> problems;
    if (in.record) check_record(*in.record, checklist, now, problems, "record/");
    if (!problems.empty()) return Error::invalid(std::move(problems));
    const bool done = in.record.has_value();
    const auto& rec = in.record;
    LL_TRY(int64_t id,
           tx.insert("INSERT INTO supervision_rounds (team_id, team_name, hq_path, org_id, org_path, checklist_id,"
                     " checklist_name, kind, state, planned_for, conducted_at, inspectors, summary, created_by,"
                     " created_by_name, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                     {team.first.id, team.first.name, team.second, unit.id, unit.path, in.checklist_id,
                      checklist ? checklist->name : std::string(), in.kind, done ? "done" : "planned", in.planned_for,
                      done ? store::Value(to_millis(rec->conducted_at.value_or(now))) : store::Value(),
                      rec ? rec->inspectors : std::string(), rec ? rec->summary : std::string(),
                      actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                      to_millis(now)}));
    if (done) LL_CHECK(write_record(tx, actor, id, team.first.id, unit, checklist, *rec, now, "record/"));
    LL_TRY(auto stored, reload(tx, id, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {done ? "supervision.round.record" : "supervision.round.plan", "supervision_round",
                            std::to_string(id), unit.id, unit.path, nullptr, to_json(stored, now)}));
    return stored;
  });
}

Result<Round> Rounds::record(const Actor& actor, int64_t id, const RoundRecord& in) {
  if (!actor.can(Permission::supervision_conduct)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Round> {
    LL_TRY(auto before, repo::find_round(tx, id, now));
    if (!before || !actor.sees(before->org_path)) return Error::not_found("no such round");
    LL_TRY(auto team, visible_team(tx, actor, before->team_id));
    std::optional<Checklist> checklist;
    if (before->checklist_id) {
      LL_TRY(checklist, repo::find_checklist(tx, *before->checklist_id));
    }
    std::vector<FieldError> problems;
    check_record(in, checklist, now, problems);
    if (!problems.empty()) return Error::invalid(std::move(problems));
    LL_TRY(int64_t n, tx.exec("UPDATE supervision_rounds SET state = 'done', conducted_at = ?, inspectors = ?,"
                              " summary = ? WHERE id = ? AND state = 'planned'",
                              {to_millis(in.conducted_at.value_or(now)), in.inspectors, in.summary, id}));
    if (n != 1) return Error::conflict("this round is already recorded");
    const Unit unit{before->org_id, before->org_path, before->org_name};
    LL_CHECK(write_record(tx, actor, id, team.first.id, unit, checklist, in, now));
    LL_TRY(auto after, reload(tx, id, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supervision.round.record", "supervision_round", std::to_string(id), unit.id, unit.path,
                            to_json(*before, now), to_json(after, now)}));
    return after;
  });
}

Result<Round> Rounds::add_finding(const Actor& actor, int64_t id, const NewFinding& in) {
  if (!actor.can(Permission::supervision_conduct)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Round> {
    LL_TRY(auto before, repo::find_round(tx, id, now));
    if (!before || !actor.sees(before->org_path)) return Error::not_found("no such round");
    LL_TRY(auto team, visible_team(tx, actor, before->team_id));
    if (before->state != "done") return Error::conflict("record the round before adding findings");
    std::optional<Checklist> checklist;
    if (before->checklist_id) {
      LL_TRY(checklist, repo::find_checklist(tx, *before->checklist_id));
    }
    std::vector<FieldError> problems;
    check_finding(in, now, checklist ? checklist->items.size() : 0, "", problems);
    if (!problems.empty()) return Error::invalid(std::move(problems));
    RoundRecord r;
    r.findings = {in};
    const Unit unit{before->org_id, before->org_path, before->org_name};
    LL_CHECK(write_record(tx, actor, id, team.first.id, unit, std::nullopt, r, now, "", true));
    LL_TRY(auto after, reload(tx, id, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supervision.finding.add", "supervision_round", std::to_string(id), unit.id, unit.path,
                            nullptr, to_json(after, now)}));
    return after;
  });
}

}  // namespace lifeline::app::supervision
