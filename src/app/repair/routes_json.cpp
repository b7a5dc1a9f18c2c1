#include "app/repair/routes_json.h"

#include "app/repair/plan_doc.h"
#include "core/time.h"

namespace lifeline::app::repair {

using nlohmann::json;

namespace {

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json();
}
json opt(const std::optional<Instant>& t) { return t ? json(format_instant(*t)) : json(); }
json ref(const std::optional<Ref>& r) { return r ? json{{"id", r->id}, {"name", r->name}} : json(); }

}  // namespace

json to_json(const SlaStatus& s) {
  json clocks = json::array();
  for (const auto& c : s.clocks)
    clocks.push_back({{"name", c.name}, {"due_at", format_instant(c.due_at)}, {"done_at", opt(c.done_at)}, {"state", c.state}});
  return {{"clocks", clocks}, {"state", s.state}, {"factor", s.factor}};
}

json to_json(const WorkOrder& o) {
  json out = {{"id", o.id},
              {"kind", o.kind},
              {"org_id", o.org_id},
              {"incident_id", opt(o.incident_id)},
              {"incident", o.incident_id ? json{{"id", *o.incident_id}, {"code", o.incident_code}} : json()},
              {"state", o.state},
              {"team", ref(o.team)},
              {"priority", o.priority},
              {"sla", to_json(o.sla)},
              {"allowed", o.allowed},
              {"actions", o.actions},
              {"may_record", o.may_record},
              {"may_follow_up", o.may_follow_up},
              {"under_pressure", o.under_pressure},
              {"account_no", opt(o.account_no)},
              {"address", o.address},
              {"reason", o.reason},
              {"cancel_reason", opt(o.cancel_reason)},
              {"created_at", format_instant(o.created_at)},
              {"updated_at", format_instant(o.updated_at)},
              {"version", o.version}};
  if (o.full) {
    json timeline = json::array(), materials = json::array();
    for (const auto& s : o.timeline)
      timeline.push_back({{"from", opt(s.from)},
                          {"to", s.to},
                          {"at", format_instant(s.at)},
                          {"by_name", s.by_name},
                          {"team", ref(s.team)},
                          {"note", s.note}});
    for (const auto& m : o.materials)
      materials.push_back({{"item", m.item}, {"quantity", m.quantity}, {"unit", m.unit},
                           {"recorded_at", format_instant(m.recorded_at)}});
    out["timeline"] = std::move(timeline);
    out["materials"] = std::move(materials);
    out["follow_up"] = o.follow_up ? json{{"result", o.follow_up->result},
                                          {"satisfaction", o.follow_up->satisfaction},
                                          {"note", o.follow_up->note},
                                          {"at", o.follow_up->at},
                                          {"by_name", o.follow_up->by_name}}
                                   : json();
    out["photos"] = photos::to_json(o.photos);
  }
  return out;
}

json to_json(const WorkOrderList& list) {
  json items = json::array();
  for (const auto& o : list.items) items.push_back(to_json(o));
  return {{"items", items}, {"counts", {{"total", list.items.size()}, {"by_state", list.by_state}}}};
}

json to_json(const Incident& i) {
  json customers = json::array();
  for (const auto& c : i.priority_customers) {
    json row = {{"id", c.id}, {"name", c.name}, {"category", c.category}, {"tier", c.tier}, {"impact", c.impact}};
    if (!c.address.empty() || c.contact_name || c.contact_phone) {
      row["contact_name"] = opt(c.contact_name);
      row["contact_phone"] = opt(c.contact_phone);
      row["address"] = c.address;
    }
    customers.push_back(std::move(row));
  }
  json out = {{"id", i.id},
              {"code", i.code},
              {"org_id", i.org_id},
              {"org_name", i.org_name},
              {"type", i.type},
              {"source", i.source},
              {"network_id", opt(i.network_id)},
              {"link", opt(i.link)},
              {"node", opt(i.node)},
              {"x", opt(i.x)},
              {"y", opt(i.y)},
              {"address", i.address},
              {"area", i.area},
              {"diameter_mm", opt(i.diameter_mm)},
              {"description", i.description},
              {"priority", i.priority},
              {"priority_raised", i.priority_raised},
              {"reported_at", format_instant(i.reported_at)},
              {"reported_by_name", i.reported_by_name},
              {"created_at", format_instant(i.created_at)},
              {"closed_at", opt(i.closed_at)},
              {"priority_customers", customers},
              {"under_pressure", i.under_pressure()},
              {"state", i.work_order ? json(i.work_order->state) : json()},
              {"sla_state", i.work_order ? json(i.work_order->sla.state) : json()},
              {"work_order", i.work_order ? to_json(*i.work_order) : json()}};
  if (i.full) {
    out["plan"] = i.plan ? plan_json(*i.plan) : json();
    json calls = json::array();
    for (const auto& c : i.calls)
      calls.push_back({{"id", c.id}, {"code", c.code}, {"received_at", format_instant(c.received_at)}});
    out["calls"] = std::move(calls);
    out["photos"] = photos::to_json(i.photos);
    out["may_add_photos"] = i.may_add_photos;
  }
  if (i.snapped_m) out["snapped_m"] = *i.snapped_m;
  if (i.timing) out["timing"] = {{"plan_ms", i.timing->plan_ms}, {"total_ms", i.timing->total_ms}};
  return out;
}

json to_json(const IncidentList& list) {
  json items = json::array();
  for (const auto& i : list.items) items.push_back(to_json(i));
  return {{"scope", {{"id", list.scope.id}, {"name", list.scope.name}}},
          {"items", items},
          {"counts", {{"total", list.items.size()}, {"by_sla_state", list.by_sla_state}}}};
}

json to_json(const Team& t) {
  json members = json::array();
  for (const auto& m : t.members)
    members.push_back(
        {{"id", m.id}, {"name", m.name}, {"phone", opt(m.phone)}, {"skills", m.skills}, {"user_id", opt(m.user_id)}});
  return {{"id", t.id},
          {"org_id", t.org_id},
          {"org_name", t.org_name},
          {"name", t.name},
          {"kind", t.kind},
          {"status", t.status},
          {"base_address", t.base_address},
          {"base_x", opt(t.base_x)},
          {"base_y", opt(t.base_y)},
          {"vehicles", t.vehicles},
          {"leader", t.leader ? json{{"user_id", t.leader->id}, {"name", t.leader->name}} : json()},
          {"members", members},
          {"current_work_order", t.current_work_order ? json{{"id", t.current_work_order->id},
                                                             {"incident_code", t.current_work_order->incident_code},
                                                             {"incident_id", opt(t.current_work_order->incident_id)}}
                                                      : json()},
          {"version", t.version},
          {"may_edit", t.may_edit}};
}

json to_json(const TeamList& list) {
  json items = json::array();
  for (const auto& t : list.items) items.push_back(to_json(t));
  return {{"scope", {{"id", list.scope.id}, {"name", list.scope.name}}},
          {"items", items},
          {"counts", {{"standby", list.standby}, {"dispatched", list.dispatched}, {"off", list.off}}}};
}

json to_json(const SlaView& v) {
  json out = to_json(v.settings);
  out["org_id"] = v.org_id;
  out["org_name"] = v.org_name;
  out["may_edit"] = v.may_edit;
  return out;
}

json to_json(const std::vector<DispatchSuggestion>& suggestions) {
  json items = json::array();
  for (const auto& s : suggestions) items.push_back({{"team", to_json(s.team)}, {"distance_m", opt(s.distance_m)}});
  return {{"items", items}};
}

json to_json(const OutageNotice& n) {
  json customers = json::array();
  for (const auto& c : n.priority_customers)
    customers.push_back({{"name", c.name},
                         {"contact_name", opt(c.contact_name)},
                         {"contact_phone", opt(c.contact_phone)},
                         {"impact", c.impact}});
  return {{"incident", {{"id", n.incident_id}, {"code", n.incident_code}}},
          {"shutdown", n.shutdown},
          {"valves", n.valves},
          {"expected_restore_at", opt(n.expected_restore_at)},
          {"dry_demand_nodes", n.dry_demand_nodes},
          {"text", n.text},
          {"sms", n.sms},
          {"priority_customers", customers}};
}

}  // namespace lifeline::app::repair
