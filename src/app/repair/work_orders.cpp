#include "app/repair/work_orders.h"

#include <algorithm>

#include "app/audit/audit.h"
#include "app/emergency/service.h"
#include "app/privacy.h"
#include "app/repair/access.h"
#include "app/repair/sla.h"
#include "app/repair/states.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::repair {

using nlohmann::json;
using store::Tx;
using store::TxMode;

namespace {

struct Row {
  int64_t id = 0, org_id = 0;
  std::string org_path, kind;
  std::optional<int64_t> incident_id;
  std::string state;
  std::optional<int64_t> team_id;
  int64_t priority = 3;
  std::string sla;
  std::optional<std::string> account_no;
  std::string address, reason;
  std::optional<std::string> cancel_reason, follow_up;
  Instant created_at, updated_at;
  int64_t version = 1;
};

Result<std::optional<Row>> find(Tx& tx, int64_t id) {
  LL_TRY(auto r, tx.query_one("SELECT id, org_id, org_path, kind, incident_id, state, team_id, priority, sla, account_no,"
                              " address, reason, cancel_reason, follow_up, created_at, updated_at, version"
                              " FROM work_orders WHERE id = ?",
                              {id}));
  if (!r) return std::optional<Row>();
  Row o;
  o.id = r->integer(0);
  o.org_id = r->integer(1);
  o.org_path = r->text(2);
  o.kind = r->text(3);
  o.incident_id = r->opt_integer(4);
  o.state = r->text(5);
  o.team_id = r->opt_integer(6);
  o.priority = r->integer(7);
  o.sla = r->text(8);
  o.account_no = r->opt_text(9);
  o.address = r->text(10);
  o.reason = r->text(11);
  o.cancel_reason = r->opt_text(12);
  o.follow_up = r->opt_text(13);
  o.created_at = from_millis(r->integer(14));
  o.updated_at = from_millis(r->integer(15));
  o.version = r->integer(16);
  return std::optional<Row>(std::move(o));
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none (the order is finished)" : out;
}

// Locks the teams a transition touches, in id order (so two transitions
// never wait on each other's team crosswise): a team's status follows its
// orders, and the decision "no other order under way" must not race a dispatch.
Status lock_teams(Tx& tx, std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int64_t id : ids) LL_CHECK(tx.query("SELECT id FROM teams WHERE id = ? FOR UPDATE", {id}));
  return {};
}

// The team goes back to standby when it has no other order under way
// (called with the team locked by lock_teams).
Status release_team(Tx& tx, int64_t team_id, int64_t order_id, Instant now) {
  LL_TRY(auto busy, tx.query("SELECT id FROM work_orders WHERE team_id = ? AND id <> ? AND state IN"
                             " ('dispatched','accepted','on_site','isolated','under_pressure','repaired') LIMIT 1",
                             {team_id, order_id}));
  if (!busy.empty()) return {};
  return tx.execute("UPDATE teams SET status = 'standby', updated_at = ?, version = version + 1"
                    " WHERE id = ? AND status = 'dispatched'",
                    {to_millis(now), team_id});
}

Status record_step(Tx& tx, int64_t order_id, const std::optional<std::string>& from, const std::string& to, Instant at,
                   const Actor& actor, std::optional<int64_t> team_id, const std::string& note) {
  return tx.execute("INSERT INTO work_order_events (work_order_id, from_state, to_state, at, by_user, by_name, team_id,"
                    " note) VALUES (?,?,?,?,?,?,?,?)",
                    {order_id, from, to, to_millis(at), actor.user_id ? store::Value(actor.user_id) : store::Value(),
                     actor.display_name, team_id, note});
}

json audit_json(const Row& o) {
  return {{"id", o.id},         {"kind", o.kind},         {"state", o.state},
          {"team_id", o.team_id ? json(*o.team_id) : json()}, {"priority", o.priority},
          {"incident_id", o.incident_id ? json(*o.incident_id) : json()},
          {"cancel_reason", o.cancel_reason ? json(*o.cancel_reason) : json()}};
}

// May the actor record a crew step (or materials) on this order?
Status crew_may(Tx& tx, const Actor& actor, const Row& o) {
  if (!actor.can(Permission::work_order_progress)) return Error::forbidden("recording progress needs work_order.progress");
  if (actor.can(Permission::repair_dispatch)) return {};
  if (!o.team_id) return Error::forbidden("the order has no team yet; only the dispatcher may act on it");
  LL_TRY(bool crew, is_crew_of(tx, actor, *o.team_id));
  if (!crew) return Error::forbidden("only a member of the assigned team may record progress on this order");
  return {};
}

// Below the actor's unit, or an order of a unit above them (the dispatch
// centre and the crews sit in units inside the utility whose orders they work).
Result<Row> visible(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto o, find(tx, id));
  if (!o || !in_view(actor, o->org_path))
    return Error::not_found("no such work order");
  return *o;
}

// visible() for a change: the order's row is locked first, so two changes of
// one order run one after the other and the second decides on the first's
// outcome (state, team, follow-up).
Result<Row> changeable(Tx& tx, const Actor& actor, int64_t id) {
  LL_CHECK(tx.query("SELECT id FROM work_orders WHERE id = ? FOR UPDATE", {id}));
  LL_TRY(auto o, find(tx, id));
  if (!o || !in_view(actor, o->org_path))
    return Error::not_found("no such work order");
  return *o;
}

}  // namespace

namespace work_orders {

Result<int64_t> open_repair(Tx& tx, const Actor& actor, int64_t org_id, const std::string& org_path,
                            int64_t incident_id, int64_t priority, const json& sla, Instant reported_at, Instant now) {
  LL_TRY(int64_t id, tx.insert("INSERT INTO work_orders (org_id, org_path, kind, incident_id, state, priority, sla,"
                               " created_at, updated_at) VALUES (?,?,'repair',?,'reported',?,?,?,?) RETURNING id",
                               {org_id, org_path, incident_id, priority, sla.dump(), to_millis(now), to_millis(now)}));
  LL_CHECK(record_step(tx, id, std::nullopt, "reported", reported_at, actor, std::nullopt, ""));
  return id;
}

Result<std::optional<int64_t>> of_incident(Tx& tx, int64_t incident_id) {
  LL_TRY(auto r, tx.query_one("SELECT id FROM work_orders WHERE incident_id = ?", {incident_id}));
  if (!r) return std::optional<int64_t>();
  return std::optional<int64_t>(r->integer(0));
}

Result<json> render(Tx& tx, int64_t id, Instant now, bool full) {
  LL_TRY(auto found, find(tx, id));
  if (!found) return Error::not_found("no such work order");
  const Row& o = *found;
  LL_TRY(auto steps, tx.query("SELECT e.from_state, e.to_state, e.at, e.by_name, e.team_id, COALESCE(t.name, ''), e.note"
                              " FROM work_order_events e LEFT JOIN teams t ON t.id = e.team_id"
                              " WHERE e.work_order_id = ? ORDER BY e.at, e.id",
                              {id}));
  std::vector<Step> done;
  std::optional<Instant> ended;
  json timeline = json::array();
  for (const auto& s : steps) {
    Instant at = from_millis(s.integer(2));
    done.push_back({s.text(1), at});
    if (is_terminal(s.text(1))) ended = at;
    if (full)
      timeline.push_back({{"from", s.is_null(0) ? json() : json(s.text(0))},
                          {"to", s.text(1)},
                          {"at", format_instant(at)},
                          {"by_name", s.text(3)},
                          {"team", s.is_null(4) ? json() : json{{"id", s.integer(4)}, {"name", s.text(5)}}},
                          {"note", mask_numbers_in_text(s.text(6))}});
  }
  json team;
  if (o.team_id) {
    LL_TRY(auto t, tx.query_one("SELECT name FROM teams WHERE id = ?", {*o.team_id}));
    team = {{"id", *o.team_id}, {"name", t ? t->text(0) : ""}};
  }
  json incident;
  if (o.incident_id) {
    LL_TRY(auto i, tx.query_one("SELECT code FROM incidents WHERE id = ?", {*o.incident_id}));
    incident = {{"id", *o.incident_id}, {"code", i ? i->text(0) : ""}};
  }
  auto stored = json::parse(o.sla, nullptr, false);
  json out = {{"id", o.id},
              {"kind", o.kind},
              {"org_id", o.org_id},
              {"incident_id", o.incident_id ? json(*o.incident_id) : json()},
              {"incident", incident},
              {"state", o.state},
              {"team", team},
              {"priority", o.priority},
              {"sla", evaluate(stored.is_discarded() ? json::object() : stored, done, now, ended)},
              {"allowed", next_states(o.kind, o.state)},
              {"account_no", o.account_no ? json(*o.account_no) : json()},
              // Phones are masked in repair for everyone; so are numbers typed into its texts.
              {"address", mask_numbers_in_text(o.address)},
              {"reason", mask_numbers_in_text(o.reason)},
              {"cancel_reason", o.cancel_reason ? json(mask_numbers_in_text(*o.cancel_reason)) : json()},
              {"created_at", format_instant(o.created_at)},
              {"updated_at", format_instant(o.updated_at)},
              {"version", o.version}};
  if (full) {
    out["timeline"] = std::move(timeline);
    LL_TRY(auto mats, tx.query("SELECT item, quantity, unit, recorded_at FROM work_order_materials"
                               " WHERE work_order_id = ? ORDER BY id",
                               {id}));
    json materials = json::array();
    for (const auto& m : mats)
      materials.push_back({{"item", m.text(0)}, {"quantity", m.real(1)}, {"unit", m.text(2)},
                           {"recorded_at", format_instant(from_millis(m.integer(3)))}});
    out["materials"] = std::move(materials);
    json follow = o.follow_up ? json::parse(*o.follow_up, nullptr, false) : json();
    if (!follow.is_discarded()) mask_numbers_in_json(follow);
    out["follow_up"] = follow.is_discarded() ? json() : follow;
    LL_TRY(out["photos"], photos::list(tx, "work_order", id));
  }
  return out;
}

}  // namespace work_orders

void WorkOrders::publish(const json& order) {
  rt_.events.publish({"work_order.changed", order.value("org_id", int64_t{0}), order.value("org_path", std::string()),
                      {{"incident_id", order["incident_id"]},
                       {"work_order_id", order["id"]},
                       {"kind", order["kind"]},
                       {"state", order["state"]},
                       {"sla_state", order["sla"]["state"]}}});
}

Result<json> WorkOrders::get(const Actor& actor, int64_t id) {
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto o, visible(tx, actor, id));
    return work_orders::render(tx, o.id, now, true);
  });
}

Result<json> WorkOrders::list(const Actor& actor, const WorkOrderFilter& f) {
  if (f.kind && *f.kind != "repair" && *f.kind != "disconnection")
    return Error::invalid("kind", "must be repair or disconnection");
  if (f.state && *f.state != "open" && !is_state(*f.state))
    return Error::invalid("state", "must be open or a work-order state");
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(std::string path, board_path(tx, actor, f.org));
    std::string sql = "SELECT id FROM work_orders WHERE org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(path)};
    if (f.kind) {
      sql += " AND kind = ?";
      params.emplace_back(*f.kind);
    }
    if (f.state && *f.state == "open") {
      sql += " AND state NOT IN ('closed', 'cancelled')";
    } else if (f.state) {
      sql += " AND state = ?";
      params.emplace_back(*f.state);
    }
    LL_TRY(auto rows, tx.query(sql + " ORDER BY created_at DESC, id DESC LIMIT 500", params));
    json items = json::array();
    json by_state = json::object();
    for (const auto& r : rows) {
      LL_TRY(auto o, work_orders::render(tx, r.integer(0), now, false));
      std::string s = o["state"];
      by_state[s] = by_state.value(s, 0) + 1;
      items.push_back(std::move(o));
    }
    return json{{"items", items}, {"counts", {{"total", items.size()}, {"by_state", by_state}}}};
  });
}

Result<json> WorkOrders::transition(const Actor& actor, int64_t id, const Transition& t) {
  if (!is_state(t.to)) return Error::invalid("to", "must be a work-order state");
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto o, changeable(tx, actor, id));
    std::vector<int64_t> teams;
    if (o.team_id) teams.push_back(*o.team_id);
    if (t.to == "dispatched" && t.team_id) teams.push_back(*t.team_id);
    LL_CHECK(lock_teams(tx, teams));
    if (dispatcher_step(o.state, t.to)) {
      if (!actor.can(Permission::repair_dispatch))
        return Error::forbidden("dispatching, reassigning, cancelling and closing need repair.dispatch");
    } else {
      LL_CHECK(crew_may(tx, actor, o));
    }
    auto allowed = next_states(o.kind, o.state);
    if (std::find(allowed.begin(), allowed.end(), t.to) == allowed.end())
      return Error::conflict("工单当前状态为 " + o.state + "，不能转到 " + t.to + "。Work order " + std::to_string(o.id) +
                             " is " + o.state + "; it cannot go to " + t.to + ". Allowed next states: " + join(allowed));
    if (o.kind == "disconnection" && t.to != "cancelled") {
      LL_TRY(auto active, emergency::policy_at(tx, o.org_path));
      if (active && active->policy.no_disconnection_for_arrears)
        return Error::conflict("应急响应期间欠费不停水，停水工单暂缓执行。No disconnection for arrears while the " +
                               std::string(active->policy.level) + " emergency response is active: the order stays " +
                               o.state + ".");
    }
    std::optional<int64_t> team = o.team_id;
    if (t.to == "dispatched") {
      if (!t.team_id) return Error::invalid("team_id", "give the team to dispatch");
      if (o.state != "reported" && o.team_id == t.team_id)
        return Error::invalid("team_id", "reassigning needs another team than the one on the order");
      LL_TRY(auto tr, tx.query_one("SELECT org_path, status, name FROM teams WHERE id = ?", {*t.team_id}));
      LL_TRY(auto utility, utility_of(tx, o.org_path));
      if (!tr || !tr->text(0).starts_with(utility.path))
        return Error::invalid("team_id", "no such team of this utility");
      if (tr->text(1) == "off") return Error::conflict("team " + tr->text(2) + " is off duty; put it on standby first");
      team = t.team_id;
    }
    if (t.to == "cancelled" && t.reason.find_first_not_of(" \t\r\n") == std::string::npos)
      return Error::invalid("reason", "say why the order is cancelled");
    const json before = audit_json(o);
    LL_TRY(int64_t changed,
           tx.exec("UPDATE work_orders SET state = ?, team_id = ?, cancel_reason = ?, updated_at = ?, version = version + 1"
                   " WHERE id = ? AND state = ?",
                   {t.to, team, t.to == "cancelled" ? store::Value(t.reason) : store::Value(o.cancel_reason),
                    to_millis(now), o.id, o.state}));
    if (changed != 1) return Error::conflict("the work order changed meanwhile; reload it");
    const std::string note = t.to == "cancelled" ? (t.note.empty() ? t.reason : t.reason + "；" + t.note) : t.note;
    LL_CHECK(record_step(tx, o.id, o.state, t.to, now, actor, team, note));
    if (t.to == "dispatched") {
      LL_CHECK(tx.execute("UPDATE teams SET status = 'dispatched', updated_at = ?, version = version + 1"
                          " WHERE id = ? AND status <> 'dispatched'",
                          {to_millis(now), *team}));
      if (o.team_id && o.team_id != team) LL_CHECK(release_team(tx, *o.team_id, o.id, now));
    }
    if ((t.to == "restored" || is_terminal(t.to)) && team) LL_CHECK(release_team(tx, *team, o.id, now));
    if (is_terminal(t.to) && o.incident_id)
      LL_CHECK(tx.execute("UPDATE incidents SET closed_at = ? WHERE id = ?", {to_millis(now), *o.incident_id}));
    LL_CHECK(photos::attach(tx, "work_order", o.id, o.org_path, actor, now, t.photos));
    LL_TRY(auto after, find(tx, o.id));
    if (!after) return Error::internal("work order vanished");
    json audit_after = audit_json(*after);
    audit_after["note"] = note;
    LL_CHECK(audit::record(tx, actor, now,
                           {"work_order.transition", "work_order", std::to_string(o.id), o.org_id, o.org_path, before,
                            audit_after}));
    LL_TRY(auto out, work_orders::render(tx, o.id, now, true));
    out["org_path"] = o.org_path;
    return out;
  });
  if (!r) return r;
  publish(*r);
  r->erase("org_path");
  return r;
}

Result<json> WorkOrders::add_material(const Actor& actor, int64_t id, const Material& m) {
  std::vector<FieldError> errors;
  if (m.item.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"item", "must not be empty"});
  if (!(m.quantity > 0 && m.quantity < 1e6)) errors.push_back({"quantity", "must be more than 0"});
  if (m.unit.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"unit", "must not be empty"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto o, changeable(tx, actor, id));
    LL_CHECK(crew_may(tx, actor, o));
    if (is_terminal(o.state)) return Error::conflict("the work order is " + o.state + "; materials can no longer be added");
    LL_TRY(int64_t mid, tx.insert("INSERT INTO work_order_materials (work_order_id, item, quantity, unit, recorded_at,"
                                  " recorded_by) VALUES (?,?,?,?,?,?) RETURNING id",
                                  {o.id, m.item, m.quantity, m.unit, to_millis(now),
                                   actor.user_id ? store::Value(actor.user_id) : store::Value()}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"work_order.material", "work_order", std::to_string(o.id), o.org_id, o.org_path, nullptr,
                            {{"material_id", mid}, {"item", m.item}, {"quantity", m.quantity}, {"unit", m.unit}}}));
    return work_orders::render(tx, o.id, now, true);
  });
}

Result<json> WorkOrders::follow_up(const Actor& actor, int64_t id, const FollowUp& f) {
  if (!actor.can(Permission::repair_dispatch) && !actor.can(Permission::hotline_take))
    return Error::forbidden("follow-up calls are recorded by the dispatch centre or the hotline");
  std::vector<FieldError> errors;
  if (f.result.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"result", "must not be empty"});
  if (f.satisfaction < 1 || f.satisfaction > 5) errors.push_back({"satisfaction", "must be 1 to 5"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto o, changeable(tx, actor, id));
    if (o.state != "restored" && o.state != "closed")
      return Error::conflict("the follow-up call comes after supply is restored; the order is " + o.state);
    json record = {{"result", f.result},
                   {"satisfaction", f.satisfaction},
                   {"note", f.note},
                   {"at", format_instant(now)},
                   {"by_name", actor.display_name}};
    LL_CHECK(tx.execute("UPDATE work_orders SET follow_up = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                        {record.dump(), to_millis(now), o.id}));
    json before = o.follow_up ? json::parse(*o.follow_up, nullptr, false) : json();
    LL_CHECK(audit::record(tx, actor, now,
                           {"work_order.follow_up", "work_order", std::to_string(o.id), o.org_id, o.org_path,
                            before.is_discarded() ? json() : before, record}));
    return work_orders::render(tx, o.id, now, true);
  });
}

Result<Created> WorkOrders::create_disconnection(const Actor& actor, const NewDisconnection& d) {
  if (!actor.can(Permission::repair_dispatch)) return Error::forbidden("disconnection orders need repair.dispatch");
  std::vector<FieldError> errors;
  if (d.account_no.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"account_no", "must not be empty"});
  if (d.address.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"address", "must not be empty"});
  if (d.reason.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"reason", "must not be empty"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Created> {
    LL_TRY(auto unit, visible_unit(tx, actor, d.org_id));
    LL_TRY(auto utility, utility_of(tx, unit.path));
    (void)utility;
    LL_TRY(auto active, emergency::policy_at(tx, unit.path));
    Created c;
    c.deferred = active && active->policy.no_disconnection_for_arrears;
    const std::string state = c.deferred ? "deferred" : "reported";
    if (c.deferred)
      c.message = "应急响应期间（" + std::string(active->policy.level) +
                  "级）欠费不停水：停水工单已登记为暂缓，应急响应结束后方可执行。No disconnection for arrears while the "
                  "emergency response is active: the order is stored as deferred and can be released when it ends.";
    LL_TRY(int64_t id, tx.insert("INSERT INTO work_orders (org_id, org_path, kind, state, priority, sla, account_no,"
                                 " address, reason, created_at, updated_at)"
                                 " VALUES (?,?,'disconnection',?,3,?,?,?,?,?,?) RETURNING id",
                                 {unit.id, unit.path, state, json::object().dump(), d.account_no, d.address, d.reason,
                                  to_millis(now), to_millis(now)}));
    LL_CHECK(record_step(tx, id, std::nullopt, state, now, actor, std::nullopt, c.deferred ? "欠费不停水政策：暂缓" : ""));
    LL_TRY(auto o, find(tx, id));
    if (!o) return Error::internal("work order vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"work_order.create", "work_order", std::to_string(id), unit.id, unit.path, nullptr,
                            audit_json(*o)}));
    LL_TRY(c.order, work_orders::render(tx, id, now, true));
    c.order["org_path"] = unit.path;
    return c;
  });
  if (!r) return r;
  publish(r->order);
  r->order.erase("org_path");
  return r;
}

}  // namespace lifeline::app::repair
