#include "app/repair/incidents.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/assurance/served.h"
#include "app/audit/audit.h"
#include "app/code_sequence.h"
#include "app/emergency/service.h"
#include "app/privacy.h"
#include "app/repair/access.h"
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

json summary_json(const store::Row& r) {
  auto opt_text = [&](size_t i) { return r.is_null(i) ? json() : json(r.text(i)); };
  auto opt_real = [&](size_t i) { return r.is_null(i) ? json() : json(r.real(i)); };
  return {{"id", r.integer(0)},
          {"code", r.text(1)},
          {"org_id", r.integer(2)},
          {"org_name", r.text(3)},
          {"type", r.text(5)},
          {"source", r.text(6)},
          {"network_id", r.is_null(7) ? json() : json(r.integer(7))},
          {"link", opt_text(8)},
          {"node", opt_text(9)},
          {"x", opt_real(10)},
          {"y", opt_real(11)},
          // Phones are masked in repair for everyone; so are numbers typed into its texts.
          {"address", mask_numbers_in_text(r.text(12))},
          {"area", mask_numbers_in_text(r.text(13))},
          {"diameter_mm", opt_real(14)},
          {"description", mask_numbers_in_text(r.text(15))},
          {"priority", r.integer(16)},
          {"priority_raised", r.integer(17) != 0},
          {"reported_at", format_instant(from_millis(r.integer(18)))},
          {"reported_by_name", r.text(19)},
          {"created_at", format_instant(from_millis(r.integer(20)))},
          {"closed_at", r.is_null(21) ? json() : json(format_instant(from_millis(r.integer(21))))}};
}

Result<json> priority_customers(Tx& tx, int64_t incident_id, bool contacts) {
  LL_TRY(auto rows, tx.query("SELECT c.id, c.name, c.category, c.tier, ic.impact, c.contact_name, c.contact_phone,"
                             " c.address FROM incident_customers ic JOIN priority_customers c ON c.id = ic.customer_id"
                             " WHERE ic.incident_id = ? ORDER BY c.tier, c.name",
                             {incident_id}));
  json out = json::array();
  for (const auto& r : rows) {
    json c = {{"id", r.integer(0)}, {"name", r.text(1)}, {"category", r.text(2)}, {"tier", r.integer(3)},
              {"impact", r.text(4)}};
    if (contacts) {
      c["contact_name"] = r.is_null(5) ? json() : json(mask_numbers_in_text(r.text(5)));
      c["contact_phone"] = r.is_null(6) ? json() : json(mask_phone(r.text(6)));
      c["address"] = mask_numbers_in_text(r.text(7));
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The summary plus its work order's state and SLA (for lists and boards).
Result<json> summary(Tx& tx, const store::Row& r, Instant now) {
  json out = summary_json(r);
  const int64_t id = r.integer(0);
  LL_TRY(out["priority_customers"], priority_customers(tx, id, false));
  LL_TRY(auto order, work_orders::of_incident(tx, id));
  if (order) {
    LL_TRY(auto wo, work_orders::render(tx, *order, now, false));
    out["state"] = wo["state"];
    out["sla_state"] = wo["sla"]["state"];
    out["work_order"] = std::move(wo);
  } else {
    out["state"] = nullptr;
    out["sla_state"] = nullptr;
    out["work_order"] = nullptr;
  }
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

Result<json> Incidents::create(const Actor& actor, const NewIncident& in, const AlsoInTransaction& also) {
  const auto started = std::chrono::steady_clock::now();
  if (!actor.can(Permission::incident_report)) return Error::forbidden("reporting an incident needs incident.report");
  const auto now = rt_.clock.now();
  std::vector<FieldError> errors;
  if (std::find_if(std::begin(kIncidentTypes), std::end(kIncidentTypes), [&](const char* t) { return in.type == t; }) ==
      std::end(kIncidentTypes))
    errors.push_back({"type", "must be one of: burst, leak, no_water, low_pressure, quality_complaint, "
                              "equipment_failure, other"});
  if (in.source != "hotline" && in.source != "patrol" && in.source != "staff" && in.source != "sensor")
    errors.push_back({"source", "must be hotline, patrol, staff or sensor"});
  if (in.area != "urban" && in.area != "suburban") errors.push_back({"area", "must be urban or suburban"});
  const int given = (in.link ? 1 : 0) + (in.node ? 1 : 0) + (in.x || in.y ? 1 : 0);
  if (given > 1) errors.push_back({"link", "give the pipe (link), the node, or x and y — one of them"});
  if (in.x.has_value() != in.y.has_value()) errors.push_back({in.x ? "y" : "x", "give both x and y"});
  if ((in.x && !std::isfinite(*in.x)) || (in.y && !std::isfinite(*in.y))) errors.push_back({"x", "must be a number"});
  if (given == 0 && blank(in.address)) errors.push_back({"address", "give an address or a location (link, node or x, y)"});
  if (in.diameter_mm && !(*in.diameter_mm > 0 && *in.diameter_mm <= 5000))
    errors.push_back({"diameter_mm", "must be between 0 and 5000"});
  const Instant reported_at = in.reported_at.value_or(now);
  if (reported_at > now + std::chrono::minutes(5)) errors.push_back({"reported_at", "must not be in the future"});
  if (reported_at < now - std::chrono::hours(24 * 30)) errors.push_back({"reported_at", "must be within the last 30 days"});
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
    return Error::invalid(in.link ? "link" : in.node ? "node" : "x", "the utility has no network to place it on");

  // Locate on the model and compute the isolation plan (outside the write
  // transaction: the model comes from the cache, a plan takes milliseconds).
  Located loc;
  network::ModelPtr model;
  json plan;
  double plan_ms = 0;
  if (where.network_id) {
    auto found = networks_.model(actor, *where.network_id);
    if (!found) {
      if (found.error().code == ErrorCode::not_found) return Error::invalid("network_id", "no such network in your scope");
      return found.error();
    }
    if (!found->first.org_path.starts_with(where.utility.path))
      return Error::invalid("network_id", "the network belongs to another utility");
    model = found->second;
    const auto& net = model->network();
    auto link_at = [&](net::Index l) {
      const auto& link = net.links[static_cast<size_t>(l)];
      loc.link = link.id;
      if (!loc.diameter_mm && link.diameter > 0) loc.diameter_mm = std::round(link.diameter * 1000.0);
    };
    if (in.diameter_mm) loc.diameter_mm = in.diameter_mm;
    if (in.link) {
      net::Index l = net.find_link(*in.link);
      if (l == net::kNone) return Error::invalid("link", "no pipe '" + *in.link + "' in the network");
      link_at(l);
      const auto& link = net.links[static_cast<size_t>(l)];
      const auto& a = net.nodes[static_cast<size_t>(link.from)].coordinates;
      const auto& b = net.nodes[static_cast<size_t>(link.to)].coordinates;
      loc.x = (a.x + b.x) / 2;
      loc.y = (a.y + b.y) / 2;
    } else if (in.node) {
      net::Index n = net.find_node(*in.node);
      if (n == net::kNone) return Error::invalid("node", "no node '" + *in.node + "' in the network");
      loc.node = *in.node;
      loc.x = net.nodes[static_cast<size_t>(n)].coordinates.x;
      loc.y = net.nodes[static_cast<size_t>(n)].coordinates.y;
    } else if (in.x) {
      auto hit = snap_index(model)->nearest({*in.x, *in.y});
      if (!hit) return Error::invalid("x", "the network has no pipe with coordinates to snap to");
      link_at(hit->link);
      loc.x = in.x;
      loc.y = in.y;
      loc.snapped_m = hit->distance;
    }
    if (loc.link || loc.node) {
      network::IsolationInput iso;
      iso.link = loc.link;
      iso.node = loc.node;
      LL_TRY(plan, networks_.isolation(actor, *where.network_id, iso));
      plan_ms = plan.value("compute_ms", 0.0);
    }
  } else {
    loc.diameter_mm = in.diameter_mm;
  }

  // Nodes of the affected priority customers and whether each is inside the
  // closed area (isolated) or downstream of it (cut off).
  std::vector<std::string> nodes;
  std::vector<int64_t> isolated_segments;
  if (plan.is_object()) {
    for (const auto& c : plan.value("customers_affected", json::array())) nodes.push_back(c.value("node", ""));
    if (plan.contains("impact") && plan["impact"].contains("isolated_segments"))
      isolated_segments = plan["impact"]["isolated_segments"].get<std::vector<int64_t>>();
  }
  auto impact_at = [&](const std::string& node) -> std::string {
    if (!model) return "cut_off";
    net::Index n = model->network().find_node(node);
    if (n == net::kNone) return "cut_off";
    const auto seg = model->segmented().segments().node_segment[static_cast<size_t>(n)];
    return std::find(isolated_segments.begin(), isolated_segments.end(), seg) != isolated_segments.end() ? "isolated"
                                                                                                          : "cut_off";
  };

  LL_TRY(auto local, local_time(rt_));
  const int64_t base = base_priority(in.type, loc.diameter_mm, in.heavy);
  auto written = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
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
    // Two incidents reported at once take two numbers (code_sequence.h).
    LL_TRY(int64_t number, next_in_sequence(tx, "incident:" + std::to_string(where.utility.id) + ":" + day,
                                            (n ? n->integer(0) : 0) + 1));
    std::string seq = std::to_string(number);
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
                      actor.display_name, to_millis(now), plan.is_null() ? store::Value() : store::Value(plan.dump())}));
    json customers = json::array();
    for (const auto& c : served) {
      const std::string impact = impact_at(c.node);
      LL_CHECK(tx.execute("INSERT INTO incident_customers (incident_id, customer_id, impact) VALUES (?,?,?)",
                          {iid, c.id, impact}));
      customers.push_back({{"id", c.id}, {"name", c.name}, {"impact", impact}});
    }
    LL_TRY(int64_t order, work_orders::open_repair(tx, actor, where.unit.id, where.unit.path, iid, priority, sla,
                                                   reported_at, now));
    LL_CHECK(photos::attach(tx, "incident", iid, where.unit.path, actor, now, in.photos));
    if (also) LL_CHECK(also(tx, iid));
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
                             {"valves_to_close", plan.is_object() ? plan.value("valves_to_close", json::array()).size() : 0},
                             {"work_order_id", order}}}));
    return iid;
  });
  if (!written) return written.error();
  const int64_t id = *written;

  LL_TRY(auto out, get(actor, id));
  rt_.events.publish({"incident.created", where.unit.id, where.unit.path,
                      {{"id", id},
                       {"code", out["code"]},
                       {"type", in.type},
                       {"priority", out["priority"]},
                       {"x", out["x"]},
                       {"y", out["y"]},
                       {"work_order_id", out["work_order"]["id"]},
                       {"sla_state", out["sla_state"]}}});
  if (loc.snapped_m) out["snapped_m"] = *loc.snapped_m;
  out["timing"] = {{"plan_ms", plan_ms},
                   {"total_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count()}};
  return out;
}

Result<json> Incidents::get(const Actor& actor, int64_t id) {
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto r, tx.query_one(std::string(kSummaryColumns) +
                                    ", i.plan FROM incidents i JOIN orgs o ON o.id = i.org_id WHERE i.id = ?",
                                {id}));
    if (!r || !in_view(actor, r->text(4))) return Error::not_found("no such incident");
    LL_TRY(auto out, summary(tx, *r, now));
    if (out["work_order"].is_object()) {
      LL_TRY(out["work_order"], work_orders::render(tx, out["work_order"]["id"].get<int64_t>(), now, true));
    }
    LL_TRY(out["priority_customers"], priority_customers(tx, id, false));
    json plan = r->is_null(22) ? json() : json::parse(r->text(22), nullptr, false);
    out["plan"] = plan.is_discarded() ? json() : plan;
    LL_TRY(auto calls, tx.query("SELECT id, code, received_at FROM hotline_calls WHERE incident_id = ?"
                                " ORDER BY received_at, id",
                                {id}));
    json call_list = json::array();
    for (const auto& c : calls)
      call_list.push_back({{"id", c.integer(0)}, {"code", c.text(1)},
                           {"received_at", format_instant(from_millis(c.integer(2)))}});
    out["calls"] = std::move(call_list);
    LL_TRY(out["photos"], photos::list(tx, "incident", id));
    return out;
  });
}

Result<json> Incidents::list(const Actor& actor, const IncidentFilter& f) {
  if (f.state != "open" && f.state != "closed" && f.state != "all")
    return Error::invalid("state", "must be open, closed or all");
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(std::string path, board_path(tx, actor, f.org));
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
    LL_TRY(auto rows, tx.query(sql + " ORDER BY i.reported_at DESC, i.id DESC LIMIT 500", params));
    json items = json::array();
    json by_sla = {{"pending", 0}, {"warning", 0}, {"breached", 0}, {"met", 0}, {"missed", 0}};
    for (const auto& r : rows) {
      LL_TRY(auto s, summary(tx, r, now));
      if (s["sla_state"].is_string()) {
        std::string st = s["sla_state"];
        by_sla[st] = by_sla.value(st, 0) + 1;
      }
      items.push_back(std::move(s));
    }
    return json{{"items", items}, {"counts", {{"total", items.size()}, {"by_sla_state", by_sla}}}};
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
