#include "app/repair/incidents.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "app/assurance/served.h"
#include "app/audit/audit.h"
#include "app/emergency/service.h"
#include "app/privacy.h"
#include "app/repair/access.h"
#include "app/repair/plan_doc.h"
#include "app/repair/sla.h"
#include "app/repair/work_orders.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::repair {

using nlohmann::json;
using store::Tx;
using store::TxMode;

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

int64_t base_priority(const std::string& type, std::optional<double> diameter_mm, bool heavy) {
  if ((type == "burst" && diameter_mm && *diameter_mm >= 300) || (type == "leak" && heavy)) return 1;
  if (type == "burst" || type == "leak" || type == "no_water") return 2;
  return 3;
}

Result<LocalTime> local_time(const Runtime& rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) return LocalTime::load("Asia/Shanghai");
  return lt;
}


const char* const kSummaryColumns =
    "SELECT i.id, i.code, i.org_id, o.name, i.org_path, i.type, i.source, i.network_id, i.link, i.node, i.x, i.y,"
    " i.address, i.area, i.diameter_mm, i.description, i.priority, i.priority_raised, i.reported_at,"
    " i.reported_by_name, i.created_at, i.closed_at";

std::optional<double> opt_real(const store::Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.real(i));
}

Incident from_row(const store::Row& r) {
  Incident i;
  i.id = r.integer(0);
  i.code = r.text(1);
  i.org_id = r.integer(2);
  i.org_name = r.text(3);
  i.org_path = r.text(4);
  i.type = r.text(5);
  i.source = r.text(6);
  i.network_id = r.opt_integer(7);
  i.link = r.opt_text(8);
  i.node = r.opt_text(9);
  i.x = opt_real(r, 10);
  i.y = opt_real(r, 11);
  i.address = r.text(12);
  i.area = r.text(13);
  i.diameter_mm = opt_real(r, 14);
  i.description = r.text(15);
  i.priority = r.integer(16);
  i.priority_raised = r.integer(17) != 0;
  i.reported_at = from_millis(r.integer(18));
  i.reported_by_name = r.text(19);
  i.created_at = from_millis(r.integer(20));
  if (!r.is_null(21)) i.closed_at = from_millis(r.integer(21));
  return i;
}

Result<std::vector<IncidentCustomer>> priority_customers(Tx& tx, int64_t incident_id, bool contacts) {
  LL_TRY(auto rows, tx.query("SELECT c.id, c.name, c.category, c.tier, ic.impact, c.contact_name, c.contact_phone,"
                             " c.address FROM incident_customers ic JOIN priority_customers c ON c.id = ic.customer_id"
                             " WHERE ic.incident_id = ? ORDER BY c.tier, c.name",
                             {incident_id}));
  std::vector<IncidentCustomer> out;
  for (const auto& r : rows) {
    IncidentCustomer c;
    c.id = r.integer(0);
    c.name = r.text(1);
    c.category = r.text(2);
    c.tier = r.integer(3);
    c.impact = r.text(4);
    if (contacts) {
      c.contact_name = r.opt_text(5);
      if (!r.is_null(6)) c.contact_phone = mask_phone(r.text(6));
      c.address = r.text(7);
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The summary with its work order and priority customers (lists and boards).
// Under pressure (带水抢修) nobody is in a closed area: the customers' impact says so.
Result<Incident> load_summary(Tx& tx, const store::Row& r, Instant now, const Actor& reader) {
  Incident out = from_row(r);
  LL_TRY(out.priority_customers, priority_customers(tx, out.id, false));
  LL_TRY(auto order, work_orders::of_incident(tx, out.id));
  if (order) {
    LL_TRY(out.work_order, work_orders::load(tx, *order, now, false, &reader));
  }
  if (out.under_pressure())
    for (auto& c : out.priority_customers) c.impact = "under_pressure";
  return out;
}

struct Located {
  std::optional<std::string> link, node;
  std::optional<double> x, y, diameter_mm;
  std::optional<double> snapped_m;  // distance from the given point to the pipe
};

}  // namespace

std::shared_ptr<const net::NearestLinkIndex> Incidents::snap_index(const network::ModelPtr& model) {
  std::lock_guard lock(snap_mutex_);
  std::erase_if(snap_indexes_, [](const auto& e) { return e.first.expired(); });
  for (const auto& [m, index] : snap_indexes_)
    if (m.lock() == model) return index;
  auto index = std::make_shared<const net::NearestLinkIndex>(model->network());
  snap_indexes_.emplace_back(model, index);
  return index;
}

Result<Incident> Incidents::create(const Actor& actor, const NewIncident& in, api::Retry* retry, const Also& also) {
  const auto started = std::chrono::steady_clock::now();
  if (!actor.can(Permission::incident_report))
    return Error::forbidden("reporting an incident needs incident.report").keyed("repair.report_forbidden");
  const auto now = rt_.clock.now();
  std::vector<FieldError> errors;
  if (std::find_if(std::begin(kIncidentTypes), std::end(kIncidentTypes), [&](const char* t) { return in.type == t; }) ==
      std::end(kIncidentTypes))
    errors.push_back({"type", "must be one of: burst, leak, no_water, low_pressure, quality_complaint, "
                              "equipment_failure, other", "not_choice"});
  if (in.source != "hotline" && in.source != "patrol" && in.source != "staff" && in.source != "sensor")
    errors.push_back({"source", "must be hotline, patrol, staff or sensor", "not_choice"});
  if (in.area != "urban" && in.area != "suburban") errors.push_back({"area", "must be urban or suburban", "not_choice"});
  const int given = (in.link ? 1 : 0) + (in.node ? 1 : 0) + (in.x || in.y ? 1 : 0);
  if (given > 1)
    errors.push_back({"link", "give the pipe (link), the node, or x and y — one of them", "repair.one_location"});
  if (in.x.has_value() != in.y.has_value()) errors.push_back({in.x ? "y" : "x", "give both x and y", "repair.both_xy"});
  if ((in.x && !std::isfinite(*in.x)) || (in.y && !std::isfinite(*in.y)))
    errors.push_back({"x", "must be a number", "not_number"});
  if (given == 0 && blank(in.address))
    errors.push_back({"address", "give an address or a location (link, node or x, y)", "repair.place_required"});
  if (in.diameter_mm && !(*in.diameter_mm > 0 && *in.diameter_mm <= 5000))
    errors.push_back({"diameter_mm", "must be between 0 and 5000", "not_between", {{"min", "0"}, {"max", "5000"}}});
  const Instant reported_at = in.reported_at.value_or(now);
  if (reported_at > now + std::chrono::minutes(5))
    errors.push_back({"reported_at", "must not be in the future", "not_in_future"});
  if (reported_at < now - std::chrono::hours(24 * 30))
    errors.push_back({"reported_at", "must be within the last 30 days", "repair.reported_too_old"});
  if (!errors.empty()) return Error::invalid(std::move(errors));

  // Where: the unit, its utility and the network.
  struct Where {
    Unit unit, utility;
    std::optional<int64_t> network_id;
  };
  auto placed = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Where> {
    Where w;
    LL_TRY(w.unit, visible_unit(tx, actor, in.org_id));
    LL_TRY(w.utility, utility_of(tx, w.unit.path));
    if (in.network_id) {
      w.network_id = in.network_id;
    } else {
      LL_TRY(auto n, tx.query_one("SELECT MIN(n.id) FROM networks n JOIN orgs o ON o.id = n.org_id"
                                  " WHERE o.path LIKE ? ESCAPE '\\'",
                                  {store::like_prefix(w.utility.path)}));
      if (n && !n->is_null(0)) w.network_id = n->integer(0);
    }
    return w;
  });
  if (!placed) return placed.error();
  const Where& where = *placed;
  if (!where.network_id && given > 0)
    return Error::invalid(in.link ? "link" : in.node ? "node" : "x", "the utility has no network to place it on")
        .keyed("repair.no_network");

  // Locate on the model and compute the isolation plan (outside the write
  // transaction: the model comes from the cache, a plan takes milliseconds).
  Located loc;
  std::optional<network::Plan> plan;
  if (where.network_id) {
    auto found = networks_.model(actor, *where.network_id);
    if (!found) {
      if (found.error().code == ErrorCode::not_found)
        return Error::invalid("network_id", "no such network in your scope").keyed("repair.no_such_network");
      return found.error();
    }
    if (!found->first.org_path.starts_with(where.utility.path))
      return Error::invalid("network_id", "the network belongs to another utility").keyed("repair.network_elsewhere");
    const network::ModelPtr model = found->second;
    const auto& net = model->network();
    auto link_at = [&](net::Index l) {
      const auto& link = net.links[static_cast<size_t>(l)];
      loc.link = link.id;
      if (!loc.diameter_mm && link.diameter > 0) loc.diameter_mm = std::round(link.diameter * 1000.0);
    };
    if (in.diameter_mm) loc.diameter_mm = in.diameter_mm;
    if (in.link) {
      net::Index l = net.find_link(*in.link);
      if (l == net::kNone)
        return Error::invalid("link", "no pipe '" + *in.link + "' in the network").keyed("network.no_link", {{"id", *in.link}});
      link_at(l);
      const auto& link = net.links[static_cast<size_t>(l)];
      const auto& a = net.nodes[static_cast<size_t>(link.from)].coordinates;
      const auto& b = net.nodes[static_cast<size_t>(link.to)].coordinates;
      loc.x = (a.x + b.x) / 2;
      loc.y = (a.y + b.y) / 2;
    } else if (in.node) {
      net::Index n = net.find_node(*in.node);
      if (n == net::kNone)
        return Error::invalid("node", "no node '" + *in.node + "' in the network").keyed("network.no_node", {{"id", *in.node}});
      loc.node = *in.node;
      loc.x = net.nodes[static_cast<size_t>(n)].coordinates.x;
      loc.y = net.nodes[static_cast<size_t>(n)].coordinates.y;
    } else if (in.x) {
      auto hit = snap_index(model)->nearest({*in.x, *in.y});
      if (!hit)
        return Error::invalid("x", "the network has no pipe with coordinates to snap to").keyed("repair.nothing_to_snap");
      link_at(hit->link);
      loc.x = in.x;
      loc.y = in.y;
      loc.snapped_m = hit->distance;
    }
    if (loc.link || loc.node) {
      network::IsolationInput iso;
      iso.link = loc.link;
      iso.node = loc.node;
      LL_TRY(plan, networks_.plan(actor, *where.network_id, iso));
    }
  } else {
    loc.diameter_mm = in.diameter_mm;
  }

  // The affected priority customers' nodes, each inside the closed area (isolated) or downstream of it (cut off).
  std::vector<std::string> nodes;
  std::map<std::string, bool> isolated_at;
  if (plan)
    for (const auto& c : plan->customers) {
      nodes.push_back(c.node);
      isolated_at[c.node] = c.isolated;
    }

  LL_TRY(auto local, local_time(rt_));
  const int64_t base = base_priority(in.type, loc.diameter_mm, in.heavy);
  bool replayed = false;
  auto written = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto earlier, api::replayed_record(tx, retry));
    if (earlier) {
      replayed = true;
      return *earlier;
    }
    std::vector<assurance::ServedCustomer> served;
    if (where.network_id && !nodes.empty()) {
      LL_TRY(served, assurance::served_at(tx, *where.network_id, nodes));
    }
    const bool raised = !served.empty() && base > 1;
    const int64_t priority = served.empty() ? base : 1;
    double factor = 1.0;
    if (!served.empty()) {
      LL_TRY(auto active, emergency::policy_at(tx, where.unit.path));
      if (active) factor = active->policy.priority_repair_sla_factor;
    }
    LL_TRY(auto settings, load_sla(tx, where.utility.id));
    json sla = fix_deadlines(settings, priority, in.area, reported_at, factor, local);

    const std::string day = local.date(reported_at);
    const std::string prefix = "QX-" + day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) + "-";
    LL_TRY(auto n, tx.query_one("SELECT COUNT(*) FROM incidents WHERE org_path LIKE ? ESCAPE '\\' AND code LIKE ?",
                                {store::like_prefix(where.utility.path), prefix + "%"}));
    std::string seq = std::to_string((n ? n->integer(0) : 0) + 1);
    if (seq.size() < 3) seq.insert(0, 3 - seq.size(), '0');
    const std::string code = prefix + seq;

    LL_TRY(int64_t iid,
           tx.insert("INSERT INTO incidents (org_id, org_path, code, type, source, network_id, link, node, x, y, address,"
                     " area, diameter_mm, description, priority, priority_raised, reported_at, reported_by,"
                     " reported_by_name, created_at, plan) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                     " RETURNING id",
                     {where.unit.id, where.unit.path, code, in.type, in.source, where.network_id, loc.link, loc.node,
                      loc.x, loc.y, in.address, in.area, loc.diameter_mm, in.description, priority, raised,
                      to_millis(reported_at), actor.user_id ? store::Value(actor.user_id) : store::Value(),
                      actor.display_name, to_millis(now), plan ? store::Value(plan_json(*plan).dump()) : store::Value()}));
    json customers = json::array();
    for (const auto& c : served) {
      const std::string impact = isolated_at[c.node] ? "isolated" : "cut_off";
      LL_CHECK(tx.execute("INSERT INTO incident_customers (incident_id, customer_id, impact) VALUES (?,?,?)",
                          {iid, c.id, impact}));
      customers.push_back({{"id", c.id}, {"name", c.name}, {"impact", impact}});
    }
    LL_TRY(int64_t order, work_orders::open_repair(tx, actor, where.unit.id, where.unit.path, iid, priority, sla,
                                                   reported_at, now));
    LL_CHECK(photos::attach(tx, "incident", iid, where.unit.path, actor, now, in.photos));
    LL_CHECK(audit::record(tx, actor, now,
                           {"incident.create", "incident", std::to_string(iid), where.unit.id, where.unit.path, nullptr,
                            {{"code", code},
                             {"type", in.type},
                             {"source", in.source},
                             {"network_id", where.network_id ? json(*where.network_id) : json()},
                             {"link", loc.link ? json(*loc.link) : json()},
                             {"node", loc.node ? json(*loc.node) : json()},
                             {"address", in.address},
                             {"priority", priority},
                             {"priority_raised", raised},
                             {"sla_factor", factor},
                             {"priority_customers", customers},
                             {"valves_to_close", plan ? plan->valves_to_close.size() : 0},
                             {"work_order_id", order}}}));
    if (also) LL_CHECK(also(tx, iid));
    LL_CHECK(api::remember_record(tx, retry, iid, now));
    return iid;
  });
  if (!written) return written.error();
  const int64_t id = *written;

  LL_TRY(auto out, get(actor, id));
  if (!replayed)
    rt_.events.publish({"incident.created", where.unit.id, where.unit.path,
                        {{"id", id},
                         {"code", out.code},
                         {"type", in.type},
                         {"priority", out.priority},
                         {"x", out.x ? json(*out.x) : json()},
                         {"y", out.y ? json(*out.y) : json()},
                         {"work_order_id", out.work_order ? json(out.work_order->id) : json()},
                         {"sla_state", out.work_order ? json(out.work_order->sla.state) : json()}}});
  if (!replayed) out.snapped_m = loc.snapped_m;
  out.timing = Incident::Timing{
      plan ? plan->compute_ms : 0.0,
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count()};
  return out;
}

Result<Incident> Incidents::get(const Actor& actor, int64_t id) {
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Incident> {
    LL_TRY(auto r, tx.query_one(std::string(kSummaryColumns) +
                                    ", i.plan FROM incidents i JOIN orgs o ON o.id = i.org_id WHERE i.id = ?",
                                {id}));
    if (!r || !in_view(actor, r->text(4))) return Error::not_found("no such incident").keyed("repair.no_incident");
    LL_TRY(auto out, load_summary(tx, *r, now, actor));
    out.full = true;
    if (out.work_order) {
      LL_TRY(out.work_order, work_orders::load(tx, out.work_order->id, now, true, &actor));
    }
    if (!r->is_null(22)) {
      auto doc = json::parse(r->text(22), nullptr, false);
      if (!doc.is_discarded()) out.plan = plan_from_json(doc);
    }
    // Repaired under pressure: the plan's shut-off never happened.
    if (out.plan && out.under_pressure()) {
      out.plan->shutdown = false;
      out.plan->valves_to_close.clear();
      out.plan->links_isolated.clear();
      out.plan->links_cut_off.clear();
    }
    LL_TRY(auto calls, tx.query("SELECT id, code, received_at FROM hotline_calls WHERE incident_id = ?"
                                " ORDER BY received_at, id",
                                {id}));
    for (const auto& c : calls) out.calls.push_back({c.integer(0), c.text(1), from_millis(c.integer(2))});
    LL_TRY(out.photos, photos::list(tx, "incident", id));
    out.may_add_photos = actor.can(Permission::incident_report) || (out.work_order && out.work_order->may_record);
    return out;
  });
}

Result<Incident> Incidents::add_photos(const Actor& actor, int64_t id, const std::vector<photos::NewPhoto>& list,
                                       api::Retry* retry) {
  if (list.empty()) return Error::invalid("photos", "add at least one photo").keyed("repair.photos_required");
  const auto now = rt_.clock.now();
  LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto earlier, api::replayed_record(tx, retry));
    if (earlier) return *earlier;
    LL_TRY(auto r, tx.query_one("SELECT org_id, org_path FROM incidents WHERE id = ?", {id}));
    if (!r || !in_view(actor, r->text(1))) return Error::not_found("no such incident").keyed("repair.no_incident");
    if (!actor.can(Permission::incident_report)) {
      LL_TRY(auto order, work_orders::of_incident(tx, id));
      bool crew = false;
      if (order) {
        LL_TRY(auto o, work_orders::load(tx, *order, now, false, &actor));
        crew = o.may_record;
      }
      if (!crew) return Error::forbidden("photos are added by reporters and the crew").keyed("repair.photos_forbidden");
    }
    LL_CHECK(photos::attach(tx, "incident", id, r->text(1), actor, now, list));
    LL_CHECK(audit::record(tx, actor, now,
                           {"incident.photos", "incident", std::to_string(id), r->integer(0), r->text(1), nullptr,
                            {{"photos", list.size()}}}));
    LL_CHECK(api::remember_record(tx, retry, id, now));
    return id;
  }));
  return get(actor, id);
}

Result<IncidentList> Incidents::list(const Actor& actor, const IncidentFilter& f) {
  if (f.state != "open" && f.state != "closed" && f.state != "all")
    return Error::invalid("state", "must be open, closed or all").keyed("not_choice", {{"allowed", "open, closed, all"}});
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<IncidentList> {
    LL_TRY(auto board, board_unit(tx, actor, f.org));
    const std::string& path = board.path;
    std::string sql = std::string(kSummaryColumns) +
                      " FROM incidents i JOIN orgs o ON o.id = i.org_id WHERE i.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(path)};
    if (f.state == "open") sql += " AND i.closed_at IS NULL";
    if (f.state == "closed") sql += " AND i.closed_at IS NOT NULL";
    if (f.from) {
      sql += " AND i.reported_at >= ?";
      params.emplace_back(to_millis(*f.from));
    }
    if (f.to) {
      sql += " AND i.reported_at < ?";
      params.emplace_back(to_millis(*f.to));
    }
    if (f.type) {
      sql += " AND i.type = ?";
      params.emplace_back(*f.type);
    }
    LL_TRY(auto rows, tx.query(sql + " ORDER BY i.reported_at DESC, i.id DESC LIMIT " + std::to_string(f.limit), params));
    IncidentList out;
    out.scope = {board.id, board.name};
    for (const auto& state : {"pending", "warning", "breached", "met", "missed"}) out.by_sla_state[state] = 0;
    for (const auto& r : rows) {
      LL_TRY(auto s, load_summary(tx, r, now, actor));
      if (s.work_order) ++out.by_sla_state[s.work_order->sla.state];
      out.items.push_back(std::move(s));
    }
    return out;
  });
}

Result<std::vector<NearbyIncident>> Incidents::nearby_open(const Actor& actor, int64_t org_id, double x, double y,
                                                           double radius_m) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<NearbyIncident>> {
    LL_TRY(auto unit, visible_unit(tx, actor, org_id));
    // A burst is one incident for its whole utility, whichever unit took the call.
    LL_TRY(auto utility, utility_of(tx, unit.path));
    LL_TRY(auto rows, tx.query("SELECT i.id, i.code, i.type, i.address, COALESCE(w.state, ''), i.x, i.y, i.reported_at"
                               " FROM incidents i LEFT JOIN work_orders w ON w.incident_id = i.id"
                               " WHERE i.org_path LIKE ? ESCAPE '\\' AND i.closed_at IS NULL"
                               " AND i.x BETWEEN ? AND ? AND i.y BETWEEN ? AND ?",
                               {store::like_prefix(utility.path), x - radius_m, x + radius_m, y - radius_m, y + radius_m}));
    std::vector<NearbyIncident> out;
    for (const auto& r : rows) {
      double d = std::hypot(r.real(5) - x, r.real(6) - y);
      if (d > radius_m) continue;
      out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), d, from_millis(r.integer(7))});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
    });
    return out;
  });
}

}  // namespace lifeline::app::repair
