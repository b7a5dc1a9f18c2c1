#include "analysis/report_json.h"

#include <algorithm>

namespace lifeline::analysis {
namespace {

const std::string& node_id(const SegmentedNetwork& sn, net::Index n) { return sn.network().nodes[static_cast<std::size_t>(n)].id; }

Json customer_json(const SegmentedNetwork& sn, std::int32_t c) {
  const auto& pc = sn.customers()[static_cast<std::size_t>(c)];
  return Json{{"name", pc.name}, {"category", pc.category}, {"node", node_id(sn, pc.node)}};
}

Json valve_json(const SegmentedNetwork& sn, std::int32_t v) {
  const auto& valve = sn.valves().valves[static_cast<std::size_t>(v)];
  return Json{{"valve", valve.id},
              {"link", sn.network().links[static_cast<std::size_t>(valve.link)].id},
              {"node", node_id(sn, valve.node)}};
}

Json impact_json(const SegmentedNetwork& sn, const IsolationImpact& impact) {
  Json dry = Json::array(), customers = Json::array();
  for (auto n : impact.dry_demand_nodes) dry.push_back(node_id(sn, n));
  for (auto c : impact.customers) customers.push_back(customer_json(sn, c));
  return Json{{"isolated_segments", impact.isolated_segments},
              {"cut_off_segments", impact.cut_off_segments},
              {"n_dry_demand_nodes", impact.dry_demand_nodes.size()},
              {"dry_demand_nodes", std::move(dry)},
              {"priority_customers", std::move(customers)},
              {"demand_lost_m3s", impact.demand_lost},
              {"demand_lost_lps", impact.demand_lost * 1000.0},
              {"pipe_length_isolated_m", impact.pipe_length_isolated},
              {"pipe_length_cut_off_m", impact.pipe_length_cut_off}};
}

}  // namespace

Json segments_json(const net::Network& net, const Segmentation& segments) {
  Json nodes = Json::object(), links = Json::object();
  for (std::size_t i = 0; i < net.nodes.size(); ++i) nodes[net.nodes[i].id] = segments.node_segment[i];
  for (std::size_t i = 0; i < net.links.size(); ++i) links[net.links[i].id] = segments.link_segment[i];
  return Json{{"n_segments", segments.count}, {"node_segment", std::move(nodes)}, {"link_segment", std::move(links)}};
}

Json isolation_json(const SegmentedNetwork& sn, const Failure& failure, const IsolationPlan& plan) {
  Json out;
  out["failure"] = failure.kind == Failure::Kind::link
                       ? Json{{"link", sn.network().links[static_cast<std::size_t>(failure.index)].id}}
                       : Json{{"node", node_id(sn, failure.index)}};
  out["segment"] = plan.segment;
  out["shutdown"] = plan.shutdown;
  Json close = Json::array(), inoperable = Json::array();
  for (auto v : plan.valves_to_close) close.push_back(valve_json(sn, v));
  for (auto v : plan.inoperable_met) inoperable.push_back(valve_json(sn, v));
  out["valves_to_close"] = std::move(close);
  out["inoperable_valves_met"] = std::move(inoperable);
  // Under pressure nothing is closed: the impact is who *would* be affected.
  out[plan.shutdown ? "impact" : "would_be_affected"] = impact_json(sn, plan.impact);
  if (plan.all_valves_working) {
    const auto& ideal = *plan.all_valves_working;
    Json ideal_valves = Json::array();
    for (auto v : plan.ideal_valves_to_close) ideal_valves.push_back(valve_json(sn, v));
    Json extra_customers = Json::array();
    for (auto c : plan.impact.customers) {
      if (!std::binary_search(ideal.customers.begin(), ideal.customers.end(), c)) extra_customers.push_back(customer_json(sn, c));
    }
    out["all_valves_working"] = impact_json(sn, ideal);
    out["all_valves_working"]["valves_to_close"] = std::move(ideal_valves);
    out["extra_impact"] = Json{
        {"dry_demand_nodes", static_cast<long>(plan.impact.dry_demand_nodes.size()) - static_cast<long>(ideal.dry_demand_nodes.size())},
        {"demand_lost_m3s", plan.impact.demand_lost - ideal.demand_lost},
        {"demand_lost_lps", (plan.impact.demand_lost - ideal.demand_lost) * 1000.0},
        {"pipe_length_m", plan.impact.pipe_length_isolated + plan.impact.pipe_length_cut_off -
                              ideal.pipe_length_isolated - ideal.pipe_length_cut_off},
        {"priority_customers", std::move(extra_customers)}};
  } else {
    out["all_valves_working"] = nullptr;
  }
  return out;
}

Json supply_json(const SegmentedNetwork& sn, const std::vector<SupplyRedundancy>& results) {
  Json nodes = Json::array();
  std::size_t secure = 0;
  for (const auto& r : results) {
    Json row{{"node", node_id(sn, r.node)}};
    for (const auto& c : sn.customers()) {
      if (c.node == r.node) {
        row["customer"] = c.name;
        row["category"] = c.category;
        break;
      }
    }
    row["segment"] = r.segment;
    row["supplied"] = sn.supplied(r.segment);
    row["routes"] = r.routes;
    row["dual_supply"] = r.routes >= 2;
    row["n1_secure"] = r.n1_secure;
    row["critical_segments"] = r.critical_segments;
    secure += r.n1_secure;
    nodes.push_back(std::move(row));
  }
  return Json{{"n_nodes", results.size()}, {"n1_secure", secure}, {"nodes", std::move(nodes)}};
}

Json criticality_json(const SegmentedNetwork& sn, const CriticalityReport& report, std::size_t top) {
  Json ranking = Json::array();
  const std::size_t n = std::min(top, report.ranking.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = report.ranking[i];
    Json customers = Json::array();
    for (SegmentId s : sn.supply_tree().subtree(c.segment)) {
      for (auto pc : sn.customers_in(s)) customers.push_back(customer_json(sn, pc));
    }
    Json links = Json::array();
    for (auto l : sn.graph().links(c.segment)) {
      if (links.size() == 5) break;
      links.push_back(sn.network().links[static_cast<std::size_t>(l)].id);
    }
    ranking.push_back(Json{{"rank", i + 1},
                           {"segment", c.segment},
                           {"links", std::move(links)},
                           {"valves_to_close", c.valves_to_close},
                           {"demand_nodes_lost", c.demand_nodes_lost},
                           {"priority_customers_lost", c.customers_lost},
                           {"priority_customers", std::move(customers)},
                           {"demand_lost_m3s", c.demand_lost},
                           {"demand_lost_lps", c.demand_lost * 1000.0},
                           {"pipe_length_lost_m", c.pipe_length_lost},
                           {"cut_off_segments", c.cut_off_segments},
                           {"cut_off_demand_m3s", c.cut_off_demand}});
  }
  return Json{{"n_segments", sn.graph().size()},
              {"supplied_segments", report.ranking.size()},
              {"unsupplied_segments", report.unsupplied_segments},
              {"ranking", std::move(ranking)}};
}

}  // namespace lifeline::analysis
