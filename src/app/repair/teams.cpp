#include "app/repair/teams.h"

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
  if (!row || !row->text(0).starts_with(utility_path)) return Error::invalid(field, "no such user of this utility");
  return {};
}

Status write_members(Tx& tx, int64_t team_id, const std::vector<Member>& members, const std::string& utility_path) {
  LL_CHECK(tx.execute("DELETE FROM team_members WHERE team_id = ?", {team_id}));
  for (size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    if (m.user_id) LL_CHECK(check_user(tx, *m.user_id, utility_path, "members/" + std::to_string(i) + "/user_id"));
    LL_CHECK(tx.execute("INSERT INTO team_members (team_id, name, phone, skills, user_id) VALUES (?,?,?,?,?)",
                        {team_id, m.name, m.phone, json(m.skills).dump(), m.user_id}));
  }
  return {};
}

std::vector<FieldError> check_fields(const std::optional<std::string>& name, const std::optional<std::string>& kind,
                                     const std::optional<std::string>& status, const std::vector<Member>* members) {
  std::vector<FieldError> errors;
  if (name && blank(*name)) errors.push_back({"name", "must not be empty"});
  if (kind && !one_of(*kind, {"repair", "commando", "volunteer"}))
    errors.push_back({"kind", "must be repair, commando or volunteer"});
  if (status && !one_of(*status, {"standby", "off"}))
    errors.push_back({"status", "must be standby or off (dispatched follows the team's orders)"});
  if (members)
    for (size_t i = 0; i < members->size(); ++i)
      if (blank((*members)[i].name)) errors.push_back({"members/" + std::to_string(i) + "/name", "must not be empty"});
  return errors;
}

Result<json> audit_view(Tx& tx, int64_t id) {
  LL_TRY(auto t, team_json(tx, id));
  t.erase("current_work_order");
  return t;
}

}  // namespace

Result<json> team_json(Tx& tx, int64_t id) {
  LL_TRY(auto r, tx.query_one("SELECT t.id, t.org_id, o.name, t.name, t.kind, t.status, t.base_address, t.base_x,"
                              " t.base_y, t.vehicles, t.leader_user_id, COALESCE(u.display_name, ''), t.version"
                              " FROM teams t JOIN orgs o ON o.id = t.org_id LEFT JOIN users u ON u.id = t.leader_user_id"
                              " WHERE t.id = ?",
                              {id}));
  if (!r) return Error::not_found("no such team");
  LL_TRY(auto ms, tx.query("SELECT id, name, phone, skills, user_id FROM team_members WHERE team_id = ? ORDER BY id", {id}));
  json members = json::array();
  for (const auto& m : ms) {
    auto skills = json::parse(m.text(3), nullptr, false);
    members.push_back({{"id", m.integer(0)},
                       {"name", mask_numbers_in_text(m.text(1))},
                       {"phone", m.is_null(2) ? json() : json(mask_phone(m.text(2)))},
                       {"skills", skills.is_discarded() ? json::array() : skills},
                       {"user_id", m.is_null(4) ? json() : json(m.integer(4))}});
  }
  LL_TRY(auto current, tx.query("SELECT w.id, COALESCE(i.code, ''), w.incident_id FROM work_orders w LEFT JOIN incidents i"
                                " ON i.id = w.incident_id WHERE w.team_id = ? AND w.state IN"
                                " ('dispatched','accepted','on_site','isolated','under_pressure','repaired')"
                                " ORDER BY w.updated_at DESC LIMIT 1",
                                {id}));
  auto vehicles = json::parse(r->text(9), nullptr, false);
  return json{{"id", r->integer(0)},
              {"org_id", r->integer(1)},
              {"org_name", r->text(2)},
              {"name", r->text(3)},
              {"kind", r->text(4)},
              {"status", r->text(5)},
              {"base_address", mask_numbers_in_text(r->text(6))},
              {"base_x", r->is_null(7) ? json() : json(r->real(7))},
              {"base_y", r->is_null(8) ? json() : json(r->real(8))},
              {"vehicles", vehicles.is_discarded() ? json::array() : vehicles},
              {"leader", r->is_null(10) ? json() : json{{"user_id", r->integer(10)}, {"name", r->text(11)}}},
              {"members", members},
              {"current_work_order",
               current.empty() ? json()
                               : json{{"id", current[0].integer(0)},
                                      {"incident_code", current[0].text(1)},
                                      {"incident_id", current[0].is_null(2) ? json() : json(current[0].integer(2))}}},
              {"version", r->integer(12)}};
}

Result<json> Teams::list(const Actor& actor, const TeamFilter& f) {
  if (f.status && !one_of(*f.status, {"standby", "dispatched", "off"}))
    return Error::invalid("status", "must be standby, dispatched or off");
  if (f.kind && !one_of(*f.kind, {"repair", "commando", "volunteer"}))
    return Error::invalid("kind", "must be repair, commando or volunteer");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(std::string path, board_path(tx, actor, f.org));
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
    json items = json::array();
    json counts = {{"standby", 0}, {"dispatched", 0}, {"off", 0}};
    for (const auto& row : rows) {
      LL_TRY(auto t, team_json(tx, row.integer(0)));
      std::string s = t["status"];
      counts[s] = counts.value(s, 0) + 1;
      items.push_back(std::move(t));
    }
    return json{{"items", items}, {"counts", counts}};
  });
}

Result<json> Teams::get(const Actor& actor, int64_t id) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto row, tx.query_one("SELECT org_path FROM teams WHERE id = ?", {id}));
    if (!row || !in_view(actor, row->text(0)))
      return Error::not_found("no such team");
    return team_json(tx, id);
  });
}

Result<json> Teams::create(const Actor& actor, const NewTeam& t) {
  if (!actor.can(Permission::supply_manage)) return Error::forbidden("teams are managed with supply.manage");
  auto errors = check_fields(t.name, t.kind, t.status, &t.members);
  if (t.base_x.has_value() != t.base_y.has_value()) errors.push_back({"base_y", "give both base_x and base_y"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto unit, visible_unit(tx, actor, t.org_id));
    LL_TRY(auto utility, utility_of(tx, unit.path));
    if (t.leader_user_id) LL_CHECK(check_user(tx, *t.leader_user_id, utility.path, "leader_user_id"));
    LL_TRY(auto dup, tx.query_one("SELECT id FROM teams WHERE org_id = ? AND name = ?", {unit.id, t.name}));
    if (dup) return Error::invalid("name", "a team of this unit already has that name");
    LL_TRY(int64_t id, tx.insert("INSERT INTO teams (org_id, org_path, name, kind, status, base_address, base_x, base_y,"
                                 " vehicles, leader_user_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                                 " RETURNING id",
                                 {unit.id, unit.path, t.name, t.kind, t.status, t.base_address, t.base_x, t.base_y,
                                  json(t.vehicles).dump(), t.leader_user_id, to_millis(now), to_millis(now)}));
    LL_CHECK(write_members(tx, id, t.members, utility.path));
    LL_TRY(auto after, audit_view(tx, id));
    LL_CHECK(audit::record(tx, actor, now, {"team.create", "team", std::to_string(id), unit.id, unit.path, nullptr, after}));
    LL_TRY(auto out, team_json(tx, id));
    out["org_path"] = unit.path;
    return out;
  });
  if (!r) return r;
  rt_.events.publish({"team.changed", (*r)["org_id"], (*r)["org_path"], {{"id", (*r)["id"]}, {"status", (*r)["status"]}}});
  r->erase("org_path");
  return r;
}

Result<json> Teams::update(const Actor& actor, int64_t id, const TeamPatch& p, std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::supply_manage)) return Error::forbidden("teams are managed with supply.manage");
  auto errors = check_fields(p.name, p.kind, p.status, p.members ? &*p.members : nullptr);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<json> {
    // Locked: the status check below must not race a dispatch of the team (work_orders.cpp locks it too).
    LL_TRY(auto row, tx.query_one("SELECT org_id, org_path, status, version, name FROM teams WHERE id = ? FOR UPDATE",
                                  {id}));
    if (!row || !actor.sees(row->text(1))) return Error::not_found("no such team");
    const int64_t org_id = row->integer(0);
    const std::string path = row->text(1);
    if (expected_version && *expected_version != row->integer(3))
      return Error{ErrorCode::precondition_failed, "the team changed meanwhile (version " + row->text(3) + ")", {}};
    if (p.status && row->text(2) == "dispatched")
      return Error::conflict("the team is on an order; its status follows the order until it is restored");
    LL_TRY(auto utility, utility_of(tx, path));
    if (p.leader_user_id && *p.leader_user_id)
      LL_CHECK(check_user(tx, **p.leader_user_id, utility.path, "leader_user_id"));
    if (p.name && *p.name != row->text(4)) {
      LL_TRY(auto dup, tx.query_one("SELECT id FROM teams WHERE org_id = ? AND name = ?", {org_id, *p.name}));
      if (dup) return Error::invalid("name", "a team of this unit already has that name");
    }
    LL_TRY(auto before, audit_view(tx, id));
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
    LL_TRY(auto after, audit_view(tx, id));
    LL_CHECK(audit::record(tx, actor, now, {"team.update", "team", std::to_string(id), org_id, path, before, after}));
    LL_TRY(auto out, team_json(tx, id));
    out["org_path"] = path;
    return out;
  });
  if (!r) return r;
  rt_.events.publish({"team.changed", (*r)["org_id"], (*r)["org_path"], {{"id", (*r)["id"]}, {"status", (*r)["status"]}}});
  r->erase("org_path");
  return r;
}

}  // namespace lifeline::app::repair
