// `lifeline hyd outage` and `lifeline hyd bursts`: the hydraulic scenarios
// (analysis/supply_outage.h, analysis/burst_shortfall.h) on files. Inputs
// are read as `lifeline net` reads them (valve layer CSV or GeoJSON,
// priority customers CSV node,name,category).
//
// Without --customers, every junction with demand stands in for a customer
// (named by its node id, category "demand_node"): outage then lists the
// junctions whose supply changed, bursts ranks segments by demand nodes cut
// off and demand not served.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/burst_shortfall.h"
#include "analysis/supply_outage.h"
#include "cli/hyd_command.h"
#include "cli/command_support.h"
#include "hydraulics/model.h"
#include "net/inp_reader.h"
#include "net/priority_customer.h"
#include "net/valve_layer.h"

namespace lifeline::cli {
namespace {

using analysis::Json;

void write_json(const std::string& path, const Json& doc) {
  if (!path.empty()) write_output(path, doc.dump(path == "-" ? 2 : -1));
}

struct ScenarioInput {
  std::string inp, valves, customers, json;
  double pmin = 0, preq = 14, pexp = 0.5, at_hours = 0;
};

struct Loaded {
  net::Network net;
  net::ValveLayer layer;
  std::vector<net::PriorityCustomer> customers;
  bool demand_nodes = false;  // customers stand for every junction with demand
  hydraulics::Model model;
};

std::unique_ptr<Loaded> load(const ScenarioInput& in) {
  auto l = std::make_unique<Loaded>();
  l->net = take(net::read_inp(in.inp));
  l->layer = take(net::read_valve_layer(in.valves, l->net));
  if (!in.customers.empty()) {
    l->customers = take(net::read_priority_customers(in.customers, l->net));
  } else {
    l->demand_nodes = true;
    for (std::size_t i = 0; i < l->net.nodes.size(); ++i) {
      const auto& n = l->net.nodes[i];
      double base = 0;
      for (const auto& d : n.demands) base += d.base;
      if (n.type == net::NodeType::junction && base > 0)
        l->customers.push_back({static_cast<net::Index>(i), n.id, "demand_node"});
    }
  }
  l->model = take(hydraulics::build_model(l->net));
  return l;
}

analysis::SnapshotOptions snapshot_options(const ScenarioInput& in) {
  if (!(in.pexp > 0)) bad_option("--pexp", "must be > 0");
  if (!(in.preq > in.pmin)) bad_option("--preq", "must be greater than --pmin");
  if (!(in.at_hours >= 0)) bad_option("--at", "must be >= 0 hours");
  analysis::SnapshotOptions o;
  o.pda = {in.pmin, in.preq, in.pexp};
  o.time_s = std::llround(in.at_hours * 3600.0);
  return o;
}

void add_scenario_options(CLI::App& cmd, ScenarioInput& in) {
  cmd.add_option("NET", in.inp, "EPANET .inp file")->required();
  cmd.add_option("--valves", in.valves, "Valve layer: CSV (valve,link,node[,operable]) or GeoJSON")->required();
  cmd.add_option("--customers", in.customers,
                 "Priority customers CSV (node,name,category); default: every junction with demand");
  cmd.add_option("--pmin", in.pmin, "PDA: pressure (m) at or below which nothing is served (default 0)");
  cmd.add_option("--preq", in.preq, "PDA: pressure (m) that serves the full demand (default 14 = 0.14 MPa)");
  cmd.add_option("--pexp", in.pexp, "PDA: pressure exponent (default 0.5)");
  cmd.add_option("--at", in.at_hours, "Pattern time of the snapshot, hours from the start (default 0)");
  cmd.add_option("--json", in.json, "Write JSON to OUT (- for stdout)");
}

std::string clock_of(long long s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 3600, s / 60 % 60);
  return buf;
}

std::string pressure_text(const analysis::NodeSupply& s) {
  if (!s.connected) return "-";
  char buf[24];
  std::snprintf(buf, sizeof buf, "%.1f", s.pressure_m);
  return buf;
}

const char* status_text(analysis::SupplyStatus s) {
  switch (s) {
    case analysis::SupplyStatus::ok: return "ok";
    case analysis::SupplyStatus::low_pressure: return "LOW PRESSURE";
    case analysis::SupplyStatus::cut_off: return "CUT OFF";
  }
  return "ok";
}

// --- outage --------------------------------------------------------------------

struct OutageInput {
  ScenarioInput base;
  std::string link, inoperable;
  bool under_pressure = false;
  double leak_mm = 50;
};

void run_outage(const OutageInput& in) {
  const auto options = snapshot_options(in.base);
  if (!(in.leak_mm >= 0)) bad_option("--leak-mm", "must be >= 0");
  auto l = load(in.base);
  net::Index link = l->net.find_link(in.link);
  if (link == net::kNone) bad_option("--link", "unknown link '" + in.link + "'");
  analysis::SegmentedNetwork sn(l->net, l->layer, l->customers);
  const auto failure = analysis::Failure::on_link(link);
  analysis::IsolationRequest request{failure, {}, in.under_pressure};
  for (const auto& id : split_list(in.inoperable)) {
    auto it = std::find_if(l->layer.valves.begin(), l->layer.valves.end(), [&](const auto& v) { return v.id == id; });
    if (it == l->layer.valves.end()) bad_option("--inoperable", "unknown valve '" + id + "'");
    request.inoperable_valves.push_back(static_cast<std::int32_t>(it - l->layer.valves.begin()));
  }
  const auto plan = analysis::plan_isolation(sn, request);
  const auto outage = analysis::outage_of(sn, failure, plan, in.leak_mm / 1000.0);
  const auto pda = analysis::snapshot_model(l->model, options);
  const auto report = take(analysis::assess_supply_outage(pda, l->customers, outage, options));

  Json doc = analysis::supply_outage_json(l->net, l->customers, report);
  Json valves = Json::array();
  for (auto v : plan.valves_to_close) valves.push_back(l->layer.valves[static_cast<std::size_t>(v)].id);
  doc["failure"] = {{"link", in.link}};
  doc["shutdown"] = plan.shutdown;
  doc["valves_to_close"] = std::move(valves);
  doc["customers_are_demand_nodes"] = l->demand_nodes;
  if (l->demand_nodes) {  // only the junctions whose supply changed
    Json changed = Json::array();
    for (auto& row : doc["customers"])
      if (row["status_before"] != row["status_after"] ||
          std::abs(row["served_fraction_before"].get<double>() - row["served_fraction_after"].get<double>()) >= 1e-3)
        changed.push_back(std::move(row));
    doc["customers"] = std::move(changed);
  }
  if (in.base.json != "-") {
    const auto& pdas = options.pda;
    std::printf("burst on %s: %s; PDA Pmin %.1f m, Preq %.1f m, Pexp %.2f, at %s\n", in.link.c_str(),
                plan.shutdown ? "shutdown" : "repair under pressure (nothing closed)", pdas.pmin_m, pdas.preq_m,
                pdas.pexp, clock_of(options.time_s).c_str());
    if (plan.shutdown) {
      std::string list;
      for (const auto& v : doc["valves_to_close"]) list += (list.empty() ? "" : ", ") + v.get<std::string>();
      std::printf("close %zu valves: %s\n", plan.valves_to_close.size(), list.c_str());
    } else if (outage.leak_diameter_m > 0) {
      std::printf("leak: %.0f mm orifice on %s, %.1f L/s\n", outage.leak_diameter_m * 1000, in.link.c_str(),
                  report.after.leak_lps);
    }
    std::printf("network: %.1f of %.1f L/s served before, %.1f after; junctions cut off %d -> %d, under-served %d -> %d\n",
                report.before.demand_served_lps, report.before.demand_asked_lps, report.after.demand_served_lps,
                report.before.disconnected_nodes, report.after.disconnected_nodes, report.before.deficient_nodes,
                report.after.deficient_nodes);
    std::printf("%-28s %-14s %18s %16s  %s\n", l->demand_nodes ? "junction (supply changed)" : "priority customer", "node",
                "pressure m", "served", "status");
    for (const auto& c : report.customers) {
      const auto& b = c.before;
      const auto& a = c.after;
      if (l->demand_nodes && b.status == a.status && std::abs(b.served_fraction - a.served_fraction) < 1e-3) continue;
      const auto& pc = l->customers[static_cast<std::size_t>(c.customer)];
      std::printf("%-28s %-14s %8s -> %-7s %5.0f%% -> %4.0f%%  %s\n", pc.name.c_str(),
                  l->net.nodes[static_cast<std::size_t>(pc.node)].id.c_str(), pressure_text(b).c_str(),
                  pressure_text(a).c_str(), 100 * b.served_fraction, 100 * a.served_fraction, status_text(a.status));
    }
  }
  write_json(in.base.json, doc);
}

// --- bursts --------------------------------------------------------------------

struct BurstsInput {
  ScenarioInput base;
  unsigned threads = 0;
  std::size_t top = 20;
};

void run_bursts(const BurstsInput& in) {
  const auto options = snapshot_options(in.base);
  auto l = load(in.base);
  analysis::SegmentedNetwork sn(l->net, l->layer, l->customers);
  const auto pda = analysis::snapshot_model(l->model, options);
  analysis::BurstOptions burst;
  burst.snapshot = options;
  burst.threads = in.threads;
  const auto report = take(analysis::rank_burst_shortfall(sn, pda, burst));
  Json doc = analysis::burst_shortfall_json(sn, report, options, in.top);
  doc["customers_are_demand_nodes"] = l->demand_nodes;
  if (l->demand_nodes) doc.erase("customers");  // one row per junction: too long to be useful
  if (in.base.json != "-") {
    std::printf("%d segments, %zu simulated (%d pendant, not solved; %d not supplied, %d failed) in %.2f s on %u threads\n",
                sn.segments().count, report.ranking.size(), report.pendant_segments, report.unsupplied_segments,
                report.failed_segments, report.seconds, report.threads);
    std::printf("%4s %8s %6s %9s %13s %10s  %s\n", "rank", "segment", "valves", "cut off",
                l->demand_nodes ? "unserved L/s" : "shortfall L/s", "fraction", "first links");
    for (const auto& row : doc["ranking"]) {
      std::string links;
      for (const auto& id : row["links"]) links += (links.empty() ? "" : ",") + id.get<std::string>();
      std::printf("%4d %8d %6d %9d %13.2f %10.2f  %s\n", row["rank"].get<int>(), row["segment"].get<int>(),
                  row["valves_to_close"].get<int>(), row["customers_cut_off"].get<int>(),
                  row["shortfall_lps"].get<double>(), row["fraction_lost"].get<double>(), links.c_str());
    }
    if (!l->demand_nodes) {
      std::printf("\n%-28s %-14s %10s  %s\n", "priority customer", "node", "cut off by", "worst segments (served)");
      for (const auto& c : doc["customers"]) {
        std::string worst;
        for (const auto& w : c["worst"]) {
          char buf[48];
          std::snprintf(buf, sizeof buf, "%s%d (%.0f%%)", worst.empty() ? "" : ", ", w["segment"].get<int>(),
                        100 * w["served_fraction_after"].get<double>());
          worst += buf;
        }
        std::printf("%-28s %-14s %10d  %s\n", c["name"].get<std::string>().c_str(), c["node"].get<std::string>().c_str(),
                    c["segments_cutting_off"].get<int>(), worst.empty() ? "-" : worst.c_str());
      }
    }
  }
  write_json(in.base.json, doc);
}

}  // namespace

void add_hyd_scenario_commands(CLI::App& hyd) {
  {
    auto in = std::make_shared<OutageInput>();
    auto* outage = hyd.add_subcommand("outage", "Priority customers' pressure and supply before and after a burst's isolation (PDA)");
    add_scenario_options(*outage, in->base);
    outage->add_option("--link", in->link, "Burst link id")->required();
    outage->add_option("--inoperable", in->inoperable, "Valves that will not turn: VALVE,...");
    outage->add_flag("--under-pressure", in->under_pressure, "Repair under pressure: close nothing, the pipe leaks");
    outage->add_option("--leak-mm", in->leak_mm, "Under pressure: the leak's equivalent orifice, mm (default 50; 0: none)");
    outage->callback([in] { run_outage(*in); });
  }
  {
    auto in = std::make_shared<BurstsInput>();
    auto* bursts = hyd.add_subcommand("bursts", "Every segment's shutdown: priority customers' shortfall under PDA, worst first");
    add_scenario_options(*bursts, in->base);
    bursts->add_option("--threads", in->threads, "Worker threads (default: all cores)");
    bursts->add_option("--top", in->top, "Rows to report (default 20)");
    bursts->callback([in] { run_bursts(*in); });
  }
}

}  // namespace lifeline::cli
