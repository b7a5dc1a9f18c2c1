#include "app/hotline/grouping.h"

#include "app/audit/audit.h"
#include "app/repair/access.h"
#include "core/time.h"

namespace lifeline::app::hotline {

using store::Tx;
using store::TxMode;

std::optional<std::string> incident_type_for(const std::string& category) {
  if (category == "burst_leak") return "leak";  // "burst" when the operator says so (type)
  if (category == "no_water") return "no_water";
  if (category == "low_pressure") return "low_pressure";
  if (category == "quality") return "quality_complaint";
  if (category == "other") return "other";
  return std::nullopt;
}

Result<std::vector<repair::NearbyIncident>> Grouping::candidates(const Actor& actor, const Call& c) {
  if (!c.x || !c.y || c.incident_id || c.state == "closed") return std::vector<repair::NearbyIncident>{};
  return incidents_.nearby_open(actor, c.org_id, *c.x, *c.y, kGroupRadiusM);
}

Result<Linked> Grouping::to_incident(const Actor& actor, int64_t call_id, const IncidentRequest& in,
                                     api::Retry* retry) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  auto linkable = [](const Call& c) -> Status {
    if (c.incident_id)
      return Error::conflict("call " + c.code + " is already linked to incident " + c.incident_code)
          .keyed("hotline.already_linked", {{"call", c.code}, {"incident", c.incident_code}});
    if (c.state == "closed") return Error::conflict("call " + c.code + " is closed").keyed("hotline.call_closed", {{"call", c.code}});
    return {};
  };
  LL_TRY(auto call, rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_call(tx, actor, call_id); }));
  if (!retry) LL_CHECK(linkable(call));
  const Instant now = rt_.clock.now();

  // Links the call inside the write transaction that makes or joins the
  // incident: the call row is locked and must be as it was read.
  auto link = [&](Tx& tx, int64_t incident_id, bool grouped) -> Status {
    LL_CHECK(tx.query_one("SELECT id FROM hotline_calls WHERE id = ? FOR UPDATE", {call_id}));
    LL_TRY(auto c, visible_call(tx, actor, call_id));
    LL_CHECK(linkable(c));
    if (c.version != call.version)
      return Error::conflict("call " + c.code + " changed meanwhile; reload it").keyed("changed_meanwhile");
    LL_TRY(int64_t changed, tx.exec("UPDATE hotline_calls SET incident_id = ?, responded_at = ?, state = ?,"
                                    " version = version + 1 WHERE id = ? AND version = ?",
                                    {incident_id, to_millis(c.responded_at.value_or(now)),
                                     c.state == "open" ? std::string("handled") : c.state, call_id, c.version}));
    if (changed != 1) return Error::conflict("call " + c.code + " changed meanwhile; reload it").keyed("changed_meanwhile");
    LL_TRY(auto after, call_repo::find(tx, call_id));
    if (!after) return Error::internal("call vanished");
    nlohmann::json after_json = audit_json(*after);
    after_json["grouped"] = grouped;
    return audit::record(tx, actor, now,
                         {"hotline.call.incident", "hotline_call", std::to_string(call_id), after->org_id,
                          after->org_path, audit_json(c), after_json});
  };
  // Joins an open incident of the call's utility, locked while the call is linked.
  auto join = [&](int64_t incident_id, bool grouped) -> Result<bool> {
    return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
      LL_TRY(auto earlier, api::replayed_record(tx, retry));
      if (earlier) return false;
      LL_TRY(auto target, tx.query_one("SELECT i.org_path, i.closed_at, i.code, u.path FROM incidents i, orgs u"
                                       " WHERE i.id = ? AND u.id = ? FOR UPDATE",
                                       {incident_id, call.utility_id}));
      if (!target || !repair::in_view(actor, target->text(0)) || !target->text(0).starts_with(target->text(3))) {
        Error e = Error::not_found("no such incident in your scope").keyed("hotline.no_incident");
        e.fields.push_back({"incident_id", "no such incident in your scope", "hotline.no_incident"});
        return e;
      }
      if (!target->is_null(1))
        return Error::conflict("incident " + target->text(2) + " is closed").keyed("hotline.incident_closed", {{"incident", target->text(2)}});
      LL_CHECK(link(tx, incident_id, grouped));
      LL_CHECK(api::remember_record(tx, retry, incident_id, now));
      return true;
    });
  };

  Linked out;
  int64_t incident_id = 0;
  std::vector<repair::NearbyIncident> nearby;
  if (!in.incident_id && !in.force_new) {
    LL_TRY(nearby, candidates(actor, call));
  }
  if (in.incident_id || !nearby.empty()) {
    incident_id = in.incident_id ? *in.incident_id : nearby.front().id;
    out.grouped = !in.incident_id;
    LL_CHECK(join(incident_id, out.grouped));
  } else {
    repair::NewIncident n;
    n.org_id = call.org_id;
    auto type = in.type ? in.type : incident_type_for(call.category);
    if (!type)
      return Error::invalid("type", "a " + call.category + " call needs the incident type").keyed("hotline.type_required");
    n.type = *type;
    n.source = "hotline";
    n.link = in.link;
    n.node = in.node;
    // A pipe or node the operator names places the incident; else the call's coordinates.
    if (!in.link && !in.node) {
      n.x = call.x;
      n.y = call.y;
    }
    n.address = call.address;
    if (in.area) n.area = *in.area;
    n.description = in.description.value_or(call.summary);
    n.reported_at = call.received_at;
    LL_TRY(auto created, incidents_.create(actor, n, retry,
                                           [&](Tx& tx, int64_t iid) { return link(tx, iid, false); }));
    incident_id = created.id;
  }
  LL_TRY(out.call, rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_call(tx, actor, call_id); }));
  if (out.call.incident_id) incident_id = *out.call.incident_id;
  if (!retry || !retry->replayed) calls_.publish(out.call);
  LL_TRY(out.incident, incidents_.get(actor, incident_id));
  return out;
}

}  // namespace lifeline::app::hotline
