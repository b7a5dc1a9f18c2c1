#include "app/assurance/security.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "analysis/dual_supply.h"

namespace lifeline::app::assurance {

namespace {

CriticalSegment describe(const analysis::SegmentedNetwork& sn, analysis::SegmentId s, bool detail) {
  CriticalSegment c;
  c.segment = s;
  if (!detail) return c;
  for (const auto& edge : sn.graph().edges(s)) {
    const auto& valve = sn.valves().valves[static_cast<std::size_t>(edge.valve)];
    if (std::find(c.valves.begin(), c.valves.end(), valve.id) != c.valves.end()) continue;
    c.valves.push_back(valve.id);
    if (!valve.operable) c.inoperable_valves.push_back(valve.id);
  }
  std::sort(c.valves.begin(), c.valves.end());
  std::sort(c.inoperable_valves.begin(), c.inoperable_valves.end());
  c.demand_m3s = sn.demand(s);
  c.length_m = sn.pipe_length(s);
  return c;
}

// The customer is cut off only when every node is: the best node's routes,
// secure if any node is, and the segments critical to all nodes.
Supply combine(const analysis::SegmentedNetwork& sn, const std::vector<const analysis::SupplyRedundancy*>& results,
               bool detail) {
  Supply out;
  std::vector<analysis::SegmentId> common;
  bool first = true;
  for (const auto* r : results) {
    out.routes = std::max(out.routes, r->routes);
    out.n1_secure = out.n1_secure || r->n1_secure;
    out.supplied = out.supplied || sn.supplied(r->segment);
    std::vector<analysis::SegmentId> mine = r->critical_segments;
    if (!sn.supplied(r->segment)) mine.clear();
    if (first) {
      common = mine;
      first = false;
    } else {
      std::erase_if(common, [&](auto s) { return std::find(mine.begin(), mine.end(), s) == mine.end(); });
    }
  }
  if (out.n1_secure || !out.supplied) common.clear();
  for (auto s : common) out.critical_segments.push_back(describe(sn, s, detail));
  return out;
}

std::string fixed1(double v) {
  char buf[400];  // any double in %.1f fits
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

void assess_supply(network::Service& networks, const Actor& actor, std::vector<View>& views, bool detail) {
  std::map<int64_t, std::vector<View*>> by_network;
  for (auto& v : views)
    if (v.customer.network_id && !v.customer.nodes.empty()) by_network[*v.customer.network_id].push_back(&v);
  for (auto& [network_id, group] : by_network) {
    auto current = networks.model(actor, network_id);
    if (!current) {
      for (View* v : group) v->reasons.push_back({"network_unavailable", current.error().message});
      continue;
    }
    const auto& sn = current->second->segmented();
    const auto& net = sn.network();
    std::vector<net::Index> nodes;
    std::vector<std::vector<std::size_t>> slots(group.size());  // indices into `nodes`, per view
    for (std::size_t g = 0; g < group.size(); ++g) {
      View& v = *group[g];
      for (const auto& id : v.customer.nodes) {
        net::Index n = net.find_node(id);
        if (n == net::kNone) {
          v.reasons.push_back({"node_missing", "node " + id + " is not in network version " +
                                                   std::to_string(current->first.version)});
          continue;
        }
        if (!v.x) {
          v.x = net.nodes[static_cast<std::size_t>(n)].coordinates.x;
          v.y = net.nodes[static_cast<std::size_t>(n)].coordinates.y;
        }
        slots[g].push_back(nodes.size());
        nodes.push_back(n);
      }
    }
    const auto results = analysis::assess_dual_supply(sn, nodes);
    for (std::size_t g = 0; g < group.size(); ++g) {
      if (slots[g].empty()) continue;
      std::vector<const analysis::SupplyRedundancy*> mine;
      for (auto i : slots[g]) mine.push_back(&results[i]);
      group[g]->supply = combine(sn, mine, detail);
    }
  }
}

bool patrol_overdue(const Customer& c, Instant now) {
  if (!c.care_plan || c.care_plan->patrols_per_day <= 0) return false;
  const Instant last = c.last_patrol ? c.last_patrol->done_at : c.care_plan->updated_at;
  return now - last > std::chrono::milliseconds(24 * 3600 * 1000) / c.care_plan->patrols_per_day;
}

void classify(View& v, Instant now) {
  const Customer& c = v.customer;
  bool interrupted = false;
  for (const auto& i : v.incidents) {
    const bool water_off = i.state == "isolated" || i.state == "repaired";
    interrupted = interrupted || water_off;
    v.reasons.push_back({water_off ? "incident_interrupted" : "incident_affected",
                         i.code + " (" + (i.state.empty() ? "reported" : i.state) + ", " + i.impact + ")"});
  }
  bool at_risk = false;
  // quality_exceedance: an open water-quality case at the customer's sampling point (quality::customer_alerts).
  for (const auto& r : v.reasons)
    at_risk = at_risk || r.code == "node_missing" || r.code == "network_unavailable" || r.code == "quality_exceedance";
  if (v.supply && !v.supply->supplied) {
    at_risk = true;
    v.reasons.push_back({"not_supplied", "no source reaches it even with every valve open"});
  } else if (v.supply && !v.supply->n1_secure) {
    at_risk = true;
    v.reasons.push_back({"not_n1_secure", std::to_string(v.supply->critical_segments.size()) +
                                              " segment(s) whose isolation cuts it off"});
  }
  v.patrol_overdue = patrol_overdue(c, now);
  if (v.patrol_overdue) {
    at_risk = true;
    v.reasons.push_back({"patrol_overdue", std::to_string(c.care_plan->patrols_per_day) + " patrol(s) a day planned"});
  }
  if (c.last_patrol) {
    const auto& p = *c.last_patrol;
    if (p.pressure_m && c.min_pressure_m && *p.pressure_m < *c.min_pressure_m) {
      at_risk = true;
      v.reasons.push_back({"low_pressure", fixed1(*p.pressure_m) + " m < " + fixed1(*c.min_pressure_m) + " m"});
    }
    if (!p.ok) {
      at_risk = true;
      v.reasons.push_back({"patrol_problem", "the last patrol found a problem"});
    }
  }
  v.status = interrupted            ? "interrupted"
             : !v.incidents.empty() ? "affected"
             : at_risk              ? "at_risk"
                                    : "normal";
}

}  // namespace lifeline::app::assurance
