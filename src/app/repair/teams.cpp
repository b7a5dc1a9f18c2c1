#include "app/repair/teams.h"

#include <map>

#include "app/audit/audit.h"
#include "app/privacy.h"
#include "app/repair/access.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::repair {

using nlohmann::json;
using store::Tx;
using store::TxMode;

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

// A login given as member or leader must belong to the team's utility.
Status check_user(Tx& tx, int64_t user_id, const std::string& utility_path, const std::string& field) {
  LL_TRY(auto row, tx.query_one("SELECT o.path FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ?", {user_id}));
  if (!row || !row->text(0).starts_with(utility_path))
    return Error::invalid(field, "no such user of this utility").keyed("repair.no_user");
  return {};
}

Status write_members(Tx& tx, int64_t team_id, const std::vector<Member>& members, const std::string& utility_path) {
  // Pages only ever see masked phones: a member sent back by id without a phone keeps the stored one.
  std::map<int64_t, store::Value> stored;
  LL_TRY(auto old, tx.query("SELECT id, phone FROM team_members WHERE team_id = ?", {team_id}));
  for (const auto& r : old) stored[r.integer(0)] = r.is_null(1) ? store::Value() : store::Value(r.text(1));
  LL_CHECK(tx.execute("DELETE FROM team_members WHERE team_id = ?", {team_id}));
  for (size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    if (m.user_id) LL_CHECK(check_user(tx, *m.user_id, utility_path, "members/" + std::to_string(i) + "/user_id"));
    store::Value phone = m.phone ? store::Value(*m.phone) : store::Value();
    if (!m.phone && m.id) {
      auto it = stored.find(*m.id);
      if (it != stored.end()) phone = it->second;
    }
    LL_CHECK(tx.execute("INSERT INTO team_members (team_id, name, phone, skills, user_id) VALUES (?,?,?,?,?)",
                        {team_id, m.name, phone, json(m.skills).dump(), m.user_id}));
  }
  return {};
}

std::vector<FieldError> check_fields(const std::optional<std::string>& name, const std::optional<std::string>& kind,
                                     const std::optional<std::string>& status, const std::vector<Member>* members) {
  std::vector<FieldError> errors;
  if (name && blank(*name)) errors.push_back({"name", "must not be empty", "empty"});
  if (kind && !one_of(*kind, {"repair", "commando", "volunteer"}))
    errors.push_back({"kind", "must be repair, commando or volunteer", "not_choice"});
  if (status && !one_of(*status, {"standby", "off"}))
    errors.push_back({"status", "must be standby or off (dispatched follows the team's orders)", "repair.team_status"});
  if (members)
    for (size_t i = 0; i < members->size(); ++i)
      if (blank((*members)[i].name)) errors.push_back({"members/" + std::to_string(i) + "/name", "must not be empty", "empty"});
  return errors;
}

json audit_view(const Team& t) {
  json members = json::array();
  for (const auto& m : t.members)
    members.push_back({{"name", m.name}, {"phone", m.phone ? json(*m.phone) : json()}, {"skills", m.skills},
                       {"user_id", m.user_id ? json(*m.user_id) : json()}});
  return {{"id", t.id},
          {"org_id", t.org_id},
          {"name", t.name},
          {"kind", t.kind},
          {"status", t.status},
          {"base_address", t.base_address},
          {"base_x", t.base_x ? json(*t.base_x) : json()},
          {"base_y", t.base_y ? json(*t.base_y) : json()},
          {"vehicles", t.vehicles},
          {"leader_user_id", t.leader ? json(t.leader->id) : json()},
          {"members", members}};
}

}  // namespace

bool may_manage_team(const Actor& actor, const std::string& team_path) {
  return actor.can(Permission::supply_manage) && actor.sees(team_path);
}

Result<Team> load_team(Tx& tx, int64_t id, const Actor* reader) {
  LL_TRY(auto r, tx.query_one("SELECT t.id, t.org_id, o.name, t.name, t.kind, t.status, t.base_address, t.base_x,"
                              " t.base_y, t.vehicles, t.leader_user_id, COALESCE(u.display_name, ''), t.version, t.org_path"
                              " FROM teams t JOIN orgs o ON o.id = t.org_id LEFT JOIN users u ON u.id = t.leader_user_id"
                              " WHERE t.id = ?",
                              {id}));
  if (!r) return Error::not_found("no such team").keyed("repair.no_team");
  LL_TRY(auto ms, tx.query("SELECT id, name, phone, skills, user_id FROM team_members WHERE team_id = ? ORDER BY id", {id}));
  Team t;
  for (const auto& m : ms) {
    auto skills = json::parse(m.text(3), nullptr, false);
    TeamMember member{m.integer(0), m.text(1), m.is_null(2) ? std::nullopt : std::optional(mask_phone(m.text(2))), {},
                      m.opt_integer(4)};
    if (skills.is_array())
      for (const auto& k : skills)
        if (k.is_string()) member.skills.push_back(k.get<std::string>());
    t.members.push_back(std::move(member));
  }
  LL_TRY(auto current, tx.query("SELECT w.id, COALESCE(i.code, ''), w.incident_id FROM work_orders w LEFT JOIN incidents i"
                                " ON i.id = w.incident_id WHERE w.team_id = ? AND w.state IN"
                                " ('dispatched','accepted','on_site','isolated','under_pressure','repaired')"
                                " ORDER BY w.updated_at DESC LIMIT 1",
                                {id}));
  auto vehicles = json::parse(r->text(9), nullptr, false);
  t.id = r->integer(0);
  t.org_id = r->integer(1);
  t.org_name = r->text(2);
  t.name = r->text(3);
  t.kind = r->text(4);
  t.status = r->text(5);
  t.base_address = r->text(6);
  t.base_x = r->is_null(7) ? std::nullopt : std::optional<double>(r->real(7));
  t.base_y = r->is_null(8) ? std::nullopt : std::optional<double>(r->real(8));
  if (vehicles.is_array())
    for (const auto& v : vehicles)
      if (v.is_string()) t.vehicles.push_back(v.get<std::string>());
  if (!r->is_null(10)) t.leader = Ref{r->integer(10), r->text(11)};
  if (!current.empty())
    t.current_work_order = Team::Order{current[0].integer(0), current[0].text(1), current[0].opt_integer(2)};
  t.version = r->integer(12);
  t.org_path = r->text(13);
  t.may_edit = reader && may_manage_team(*reader, t.org_path);
  return t;
}

Result<TeamList> Teams::list(const Actor& actor, const TeamFilter& f) {
  if (f.status && !one_of(*f.status, {"standby", "dispatched", "off"}))
    return Error::invalid("status", "must be standby, dispatched or off")
        .keyed("not_choice", {{"allowed", "standby, dispatched, off"}});
  if (f.kind && !one_of(*f.kind, {"repair", "commando", "volunteer"}))
    return Error::invalid("kind", "must be repair, commando or volunteer")
        .keyed("not_choice", {{"allowed", "repair, commando, volunteer"}});
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<TeamList> {
    LL_TRY(auto board, board_unit(tx, actor, f.org));
    const std::string& path = board.path;
    std::string sql = "SELECT id FROM teams WHERE org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(path)};
    if (f.status) {
      sql += " AND status = ?";
      params.emplace_back(*f.status);
    }
    if (f.kind) {
      sql += " AND kind = ?";
      params.emplace_back(*f.kind);
    }
    LL_TRY(auto rows, tx.query(sql + " ORDER BY name, id LIMIT 500", params));
    TeamList out;
    out.scope = {board.id, board.name};
    for (const auto& row : rows) {
      LL_TRY(auto t, load_team(tx, row.integer(0), &actor));
      ++(t.status == "standby" ? out.standby : t.status == "dispatched" ? out.dispatched : out.off);
      out.items.push_back(std::move(t));
    }
    return out;
  });
}

Result<Team> Teams::get(const Actor& actor, int64_t id) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Team> {
    LL_TRY(auto row, tx.query_one("SELECT org_path FROM teams WHERE id = ?", {id}));
    if (!row || !in_view(actor, row->text(0)))
      return Error::not_found("no such team").keyed("repair.no_team");
    return load_team(tx, id, &actor);
  });
}

Result<Team> Teams::create(const Actor& actor, const NewTeam& t) {
  if (!actor.can(Permission::supply_manage))
    return Error::forbidden("teams are managed with supply.manage").keyed("repair.teams_forbidden");
  auto errors = check_fields(t.name, t.kind, t.status, &t.members);
  if (t.base_x.has_value() != t.base_y.has_value()) errors.push_back({"base_y", "give both base_x and base_y", "repair.both_xy"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Team> {
    LL_TRY(auto unit, visible_unit(tx, actor, t.org_id));
    LL_TRY(auto utility, utility_of(tx, unit.path));
    if (t.leader_user_id) LL_CHECK(check_user(tx, *t.leader_user_id, utility.path, "leader_user_id"));
    LL_TRY(auto dup, tx.query_one("SELECT id FROM teams WHERE org_id = ? AND name = ?", {unit.id, t.name}));
    if (dup) return Error::invalid("name", "a team of this unit already has that name").keyed("repair.team_name_taken");
    LL_TRY(int64_t id, tx.insert("INSERT INTO teams (org_id, org_path, name, kind, status, base_address, base_x, base_y,"
                                 " vehicles, leader_user_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                                 " RETURNING id",
                                 {unit.id, unit.path, t.name, t.kind, t.status, t.base_address, t.base_x, t.base_y,
                                  json(t.vehicles).dump(), t.leader_user_id, to_millis(now), to_millis(now)}));
    LL_CHECK(write_members(tx, id, t.members, utility.path));
    LL_TRY(auto out, load_team(tx, id, &actor));
    LL_CHECK(audit::record(tx, actor, now,
                           {"team.create", "team", std::to_string(id), unit.id, unit.path, nullptr, audit_view(out)}));
    return out;
  });
  if (r) rt_.events.publish({"team.changed", r->org_id, r->org_path, {{"id", r->id}, {"status", r->status}}});
  return r;
}

Result<Team> Teams::update(const Actor& actor, int64_t id, const TeamPatch& p, std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::supply_manage))
    return Error::forbidden("teams are managed with supply.manage").keyed("repair.teams_forbidden");
  auto errors = check_fields(p.name, p.kind, p.status, p.members ? &*p.members : nullptr);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Team> {
    LL_TRY(auto row, tx.query_one("SELECT org_id, org_path, status, version, name FROM teams WHERE id = ? FOR UPDATE", {id}));
    if (!row || !actor.sees(row->text(1))) return Error::not_found("no such team").keyed("repair.no_team");
    const int64_t org_id = row->integer(0);
    const std::string path = row->text(1);
    if (expected_version && *expected_version != row->integer(3))
      return Error{ErrorCode::precondition_failed, "the team changed meanwhile (version " + row->text(3) + ")", {},
                   "changed_meanwhile"};
    if (p.status && row->text(2) == "dispatched")
      return Error::conflict("the team is on an order; its status follows the order until it is restored")
          .keyed("repair.team_on_order");
    LL_TRY(auto utility, utility_of(tx, path));
    if (p.leader_user_id && *p.leader_user_id)
      LL_CHECK(check_user(tx, **p.leader_user_id, utility.path, "leader_user_id"));
    if (p.name && *p.name != row->text(4)) {
      LL_TRY(auto dup, tx.query_one("SELECT id FROM teams WHERE org_id = ? AND name = ?", {org_id, *p.name}));
      if (dup) return Error::invalid("name", "a team of this unit already has that name").keyed("repair.team_name_taken");
    }
    LL_TRY(auto before, load_team(tx, id, &actor));
    std::string sets = "updated_at = ?, version = version + 1";
    store::Params params{to_millis(now)};
    auto set = [&](const char* col, store::Value v) {
      sets += std::string(", ") + col + " = ?";
      params.push_back(std::move(v));
    };
    if (p.name) set("name", *p.name);
    if (p.kind) set("kind", *p.kind);
    if (p.status) set("status", *p.status);
    if (p.base_address) set("base_address", *p.base_address);
    if (p.base_x) set("base_x", *p.base_x);
    if (p.base_y) set("base_y", *p.base_y);
    if (p.vehicles) set("vehicles", json(*p.vehicles).dump());
    if (p.leader_user_id) set("leader_user_id", *p.leader_user_id);
    params.emplace_back(id);
    LL_CHECK(tx.execute("UPDATE teams SET " + sets + " WHERE id = ?", params));
    if (p.members) LL_CHECK(write_members(tx, id, *p.members, utility.path));
    LL_TRY(auto after, load_team(tx, id, &actor));
    LL_CHECK(audit::record(tx, actor, now,
                           {"team.update", "team", std::to_string(id), org_id, path, audit_view(before), audit_view(after)}));
    return after;
  });
  if (r) rt_.events.publish({"team.changed", r->org_id, r->org_path, {{"id", r->id}, {"status", r->status}}});
  return r;
}

}  // namespace lifeline::app::repair
