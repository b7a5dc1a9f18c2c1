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

Result<Linked> Grouping::to_incident(const Actor& actor, int64_t call_id, const IncidentRequest& in) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  auto linkable = [](const Call& c) -> Status {
    if (c.incident_id) return Error::conflict("call " + c.code + " is already linked to incident " + c.incident_code);
    if (c.state == "closed") return Error::conflict("call " + c.code + " is closed");
    return {};
  };
  LL_TRY(auto call, rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_call(tx, actor, call_id); }));
  LL_CHECK(linkable(call));

  // Links the call in a write transaction: the call's row is locked (two
  // operators linking one call run one after the other, the second sees the
  // first's link), and so is the incident's (it must still be open; closing
  // its work order writes that row too).
  const Instant now = rt_.clock.now();
  Linked out;
  auto link = [&](Tx& tx, int64_t incident_id) -> Status {
    LL_CHECK(tx.query("SELECT id FROM hotline_calls WHERE id = ? FOR UPDATE", {call_id}));
    LL_TRY(auto c, visible_call(tx, actor, call_id));
    LL_CHECK(linkable(c));
    LL_TRY(auto incident, tx.query_one("SELECT closed_at, code FROM incidents WHERE id = ? FOR UPDATE", {incident_id}));
    if (!incident) return Error::not_found("no such incident");
    if (!incident->is_null(0)) return Error::conflict("incident " + incident->text(1) + " is closed");
    LL_CHECK(tx.execute("UPDATE hotline_calls SET incident_id = ?, responded_at = ?, state = ?,"
                        " version = version + 1 WHERE id = ?",
                        {incident_id, to_millis(c.responded_at.value_or(now)),
                         c.state == "open" ? std::string("handled") : c.state, call_id}));
    LL_TRY(auto after, call_repo::find(tx, call_id));
    if (!after) return Error::internal("call vanished");
    nlohmann::json after_json = audit_json(*after);
    after_json["grouped"] = out.grouped;
    LL_CHECK(audit::record(tx, actor, now,
                           {"hotline.call.incident", "hotline_call", std::to_string(call_id), after->org_id,
                            after->org_path, audit_json(c), after_json}));
    out.call = std::move(*after);
    return {};
  };

  int64_t incident_id = 0;
  if (in.incident_id) {
    // Named by the operator: an open incident of the same utility.
    LL_TRY(auto target, rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<store::Row>> {
      return tx.query_one("SELECT i.org_path, i.closed_at, i.code, u.path FROM incidents i, orgs u"
                          " WHERE i.id = ? AND u.id = ?",
                          {*in.incident_id, call.utility_id});
    }));
    if (!target || !repair::in_view(actor, target->text(0)) || !target->text(0).starts_with(target->text(3))) {
      Error e = Error::not_found("no such incident in your scope");
      e.fields.push_back({"incident_id", "no such incident in your scope"});
      return e;
    }
    if (!target->is_null(1)) return Error::conflict("incident " + target->text(2) + " is closed");
    incident_id = *in.incident_id;
  } else {
    std::vector<repair::NearbyIncident> nearby;
    if (!in.force_new) {
      LL_TRY(nearby, candidates(actor, call));
    }
    if (!nearby.empty()) {
      incident_id = nearby.front().id;
      out.grouped = true;
    } else {
      repair::NewIncident n;
      n.org_id = call.org_id;
      auto type = in.type ? in.type : incident_type_for(call.category);
      if (!type) return Error::invalid("type", "a " + call.category + " call needs the incident type");
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
      // The incident and the call's link commit together: when another
      // operator linked the call meanwhile, no orphan incident is left.
      LL_TRY(auto created, incidents_.create(actor, n, link));
      incident_id = created.value("id", int64_t{0});
      if (incident_id == 0) return Error::internal("the new incident has no id");
    }
  }
  if (out.call.id == 0) {
    LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
      LL_CHECK(link(tx, incident_id));
      return true;
    }));
  }
  calls_.publish(out.call);
  LL_TRY(out.incident, incidents_.get(actor, incident_id));
  return out;
}

}  // namespace lifeline::app::hotline
