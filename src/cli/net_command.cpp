// The handlers parse options into plain values, call the engines in net/ and
// analysis/, and print; no analysis logic lives here.
#include "cli/net_command.h"
#include "cli/command_support.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/criticality.h"
#include "analysis/dual_supply.h"
#include "analysis/isolation_plan.h"
#include "analysis/report_json.h"
#include "net/city_generator.h"
#include "net/geojson.h"
#include "net/inp_reader.h"
#include "net/inp_writer.h"
#include "net/network_check.h"
#include "net/priority_customer.h"
#include "net/valve_placement.h"

namespace lifeline::cli {
namespace {

using analysis::Json;

void write_json(const std::string& path, const Json& doc) {
  if (!path.empty()) write_output(path, doc.dump(path == "-" ? 2 : -1));
}

bool tables_on_stdout(const std::string& json_path) { return json_path != "-"; }

// Options shared by the analyses.
struct AnalysisInput {
  std::string inp, valves, customers, sources = "all";
  std::string json;
};

struct Loaded {
  net::Network net;
  net::ValveLayer layer;
  std::vector<net::PriorityCustomer> customers;
};

std::unique_ptr<Loaded> load(const AnalysisInput& in) {
  auto l = std::make_unique<Loaded>();
  l->net = take(net::read_inp(in.inp));
  if (!in.valves.empty()) l->layer = take(net::read_valve_layer(in.valves, l->net));
  if (!in.customers.empty()) l->customers = take(net::read_priority_customers(in.customers, l->net));
  return l;
}

analysis::SupplyOptions supply_options(const AnalysisInput& in, std::vector<net::Index> closed = {}) {
  analysis::SupplyOptions o;
  if (in.sources == "reservoirs") o.sources = analysis::SourcePolicy::reservoirs_only;
  else if (in.sources != "all") bad_option("--sources", "expected 'all' (reservoirs and tanks) or 'reservoirs'");
  o.closed_links = std::move(closed);
  return o;
}

void add_analysis_options(CLI::App& cmd, AnalysisInput& in, bool customers) {
  cmd.add_option("NET", in.inp, "EPANET .inp file")->required();
  cmd.add_option("--valves", in.valves, "Valve layer: CSV (valve,link,node[,operable]) or GeoJSON")->required();
  if (customers) cmd.add_option("--customers", in.customers, "Priority customers CSV (node,name,category)");
  cmd.add_option("--sources", in.sources, "What supplies water: all (reservoirs and tanks, default) or reservoirs");
  cmd.add_option("--json", in.json, "Write JSON to OUT (- for stdout)");
}

std::string lps(double m3s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f L/s", m3s * 1000.0);
  return buf;
}

// --- info / check / convert ---------------------------------------------------

void run_info(const std::string& inp, const std::string& json_path) {
  net::Network net = take(net::read_inp(inp));
  std::size_t demand_nodes = 0;
  double demand = 0, length = 0;
  for (const auto& n : net.nodes) {
    double base = 0;
    for (const auto& d : n.demands) base += d.base;
    demand += base;
    demand_nodes += base > 0;
  }
  for (const auto& l : net.links) length += l.type == net::LinkType::pipe ? l.length : 0;
  std::size_t valves = net.links.size() - net.count(net::LinkType::pipe) - net.count(net::LinkType::pump);
  Json doc{{"file", inp},
           {"junctions", net.count(net::NodeType::junction)},
           {"reservoirs", net.count(net::NodeType::reservoir)},
           {"tanks", net.count(net::NodeType::tank)},
           {"pipes", net.count(net::LinkType::pipe)},
           {"pumps", net.count(net::LinkType::pump)},
           {"valves", valves},
           {"patterns", net.patterns.size()},
           {"curves", net.curves.size()},
           {"controls", net.controls.size()},
           {"rules", net.rules.size()},
           {"flow_units", net::to_string(net.options.flow_units)},
           {"pressure_units", net::to_string(net.options.pressure_units)},
           {"headloss", net::to_string(net.options.headloss)},
           {"demand_model", net.options.demand_model},
           {"duration_s", net.times.duration},
           {"hydraulic_step_s", net.times.hydraulic_step},
           {"demand_nodes", demand_nodes},
           {"base_demand_m3s", demand},
           {"pipe_length_m", length}};
  if (tables_on_stdout(json_path)) {
    std::printf("%s\n", inp.c_str());
    std::printf("  nodes   %zu junctions, %zu reservoirs, %zu tanks\n", net.count(net::NodeType::junction),
                net.count(net::NodeType::reservoir), net.count(net::NodeType::tank));
    std::printf("  links   %zu pipes, %zu pumps, %zu valves\n", net.count(net::LinkType::pipe), net.count(net::LinkType::pump), valves);
    std::printf("  units   flow %s, pressure %s, headloss %s, %s\n", net::to_string(net.options.flow_units),
                net::to_string(net.options.pressure_units), net::to_string(net.options.headloss), net.options.demand_model.c_str());
    std::printf("  times   duration %lld s, hydraulic step %lld s\n", net.times.duration, net.times.hydraulic_step);
    std::printf("  demand  %zu demand nodes, %s base, %.1f km of pipe\n", demand_nodes, lps(demand).c_str(), length / 1000.0);
    std::printf("  other   %zu patterns, %zu curves, %zu controls, %zu rules\n", net.patterns.size(), net.curves.size(),
                net.controls.size(), net.rules.size());
  }
  write_json(json_path, doc);
}

int run_check(const std::string& inp, const std::string& json_path) {
  net::Network net = take(net::read_inp(inp));
  auto issues = net::check_network(net);
  Json list = Json::array();
  std::size_t errors = 0;
  for (const auto& i : issues) {
    bool error = i.severity == net::NetworkIssue::Severity::error;
    errors += error;
    list.push_back(Json{{"severity", error ? "error" : "warning"}, {"kind", i.kind}, {"element", i.element}, {"message", i.message}});
    if (tables_on_stdout(json_path)) {
      std::printf("%-8s %-20s %-16s %s\n", error ? "error" : "warning", i.kind.c_str(), i.element.c_str(), i.message.c_str());
    }
  }
  if (tables_on_stdout(json_path)) std::printf("%s: %zu errors, %zu warnings\n", inp.c_str(), errors, issues.size() - errors);
  write_json(json_path, Json{{"file", inp}, {"errors", errors}, {"warnings", issues.size() - errors}, {"issues", std::move(list)}});
  return errors > 0 ? 2 : 0;
}

void run_convert(const std::string& inp, const std::string& out, std::string format) {
  net::Network net = take(net::read_inp(inp));
  if (format.empty()) format = out.ends_with(".geojson") || out.ends_with(".json") ? "geojson" : "inp";
  if (format == "inp") write_output(out, net::write_inp(net));
  else if (format == "geojson") write_output(out, net::to_geojson(net).dump());
  else bad_option("--format", "expected inp or geojson");
  if (out != "-") std::printf("wrote %s (%s)\n", out.c_str(), format.c_str());
}

// --- valves / segments -----------------------------------------------------

struct ValvesInput {
  std::string inp, import, placement, out = "-";
  int n = 1;
  std::uint64_t seed = 123;
};

void run_valves(const ValvesInput& in) {
  net::Network net = take(net::read_inp(in.inp));
  net::ValveLayer layer;
  if (!in.import.empty()) {
    layer = take(net::read_valve_layer(in.import, net));
  } else if (in.placement == "strategic" || in.placement == "random") {
    if (in.n < 0) bad_option("--n", "expected a number >= 0");
    layer = net::generate_valve_layer(net, in.placement == "strategic" ? net::ValvePlacement::strategic : net::ValvePlacement::random,
                                      in.n, in.seed);
  } else {
    bad_option("--generate", "expected strategic or random (or give --import FILE)");
  }
  write_output(in.out, net::write_valve_csv(layer, net));
  if (in.out != "-") std::printf("wrote %zu valves to %s\n", layer.valves.size(), in.out.c_str());
}

void run_segments(const AnalysisInput& in) {
  auto l = load(in);
  // The plain WNTR definition: link status is not considered here.
  analysis::Segmentation segments = analysis::find_segments(l->net, l->layer);
  if (tables_on_stdout(in.json)) {
    std::vector<std::size_t> size(static_cast<std::size_t>(segments.count), 0);
    for (auto s : segments.node_segment) ++size[static_cast<std::size_t>(s)];
    for (auto s : segments.link_segment) ++size[static_cast<std::size_t>(s)];
    std::size_t largest = size.empty() ? 0 : *std::max_element(size.begin(), size.end());
    std::printf("%d segments from %zu valves; largest has %zu elements (nodes + links)\n", segments.count,
                l->layer.valves.size(), largest);
  }
  write_json(in.json, analysis::segments_json(l->net, segments));
}

// --- isolate ------------------------------------------------------------------

struct IsolateInput {
  AnalysisInput base;
  std::string link, node, inoperable, closed;
  bool under_pressure = false;
};

void print_plan(const analysis::SegmentedNetwork& sn, const analysis::IsolationPlan& plan) {
  const auto& net = sn.network();
  const auto& valves = sn.valves().valves;
  std::printf("failed element in segment %d; %s\n", plan.segment,
              plan.shutdown ? "shutdown plan" : "repair under pressure: nothing closed, impact of a shutdown shown");
  if (plan.shutdown) {
    std::printf("close %zu valves:\n", plan.valves_to_close.size());
    for (auto v : plan.valves_to_close) {
      const auto& valve = valves[static_cast<std::size_t>(v)];
      std::printf("  %-12s on link %-14s at node %s\n", valve.id.c_str(), net.links[static_cast<std::size_t>(valve.link)].id.c_str(),
                  net.nodes[static_cast<std::size_t>(valve.node)].id.c_str());
    }
  }
  for (auto v : plan.inoperable_met) std::printf("  inoperable valve %s: shutdown widened past it\n", valves[static_cast<std::size_t>(v)].id.c_str());
  const auto& im = plan.impact;
  std::printf("segments shut in: %zu, cut off from every source: %zu\n", im.isolated_segments.size(), im.cut_off_segments.size());
  std::printf("demand nodes without water: %zu, demand lost %s, pipe out of service %.0f m (+%.0f m cut off)\n",
              im.dry_demand_nodes.size(), lps(im.demand_lost).c_str(), im.pipe_length_isolated, im.pipe_length_cut_off);
  for (auto c : im.customers) {
    const auto& pc = sn.customers()[static_cast<std::size_t>(c)];
    std::printf("  priority customer without water: %s (%s) at node %s\n", pc.name.c_str(), pc.category.c_str(),
                net.nodes[static_cast<std::size_t>(pc.node)].id.c_str());
  }
  if (plan.all_valves_working) {
    const auto& ideal = *plan.all_valves_working;
    std::printf("with all valves working: %zu valves, %zu demand nodes dry, %s lost (extra: %+ld nodes, %s)\n",
                plan.ideal_valves_to_close.size(), ideal.dry_demand_nodes.size(), lps(ideal.demand_lost).c_str(),
                static_cast<long>(im.dry_demand_nodes.size()) - static_cast<long>(ideal.dry_demand_nodes.size()),
                lps(im.demand_lost - ideal.demand_lost).c_str());
  }
}

void run_isolate(const IsolateInput& in) {
  auto l = load(in.base);
  if (in.link.empty() == in.node.empty()) bad_option("--link", "give exactly one of --link ID or --node ID");
  analysis::Failure failure;
  if (!in.link.empty()) {
    net::Index link = l->net.find_link(in.link);
    if (link == net::kNone) bad_option("--link", "unknown link '" + in.link + "'");
    failure = analysis::Failure::on_link(link);
  } else {
    net::Index node = l->net.find_node(in.node);
    if (node == net::kNone) bad_option("--node", "unknown node '" + in.node + "'");
    failure = analysis::Failure::at_node(node);
  }
  std::vector<net::Index> closed;
  for (const auto& id : split_list(in.closed)) {
    net::Index link = l->net.find_link(id);
    if (link == net::kNone) bad_option("--closed", "unknown link '" + id + "'");
    closed.push_back(link);
  }
  analysis::IsolationRequest request{failure, {}, in.under_pressure};
  for (const auto& id : split_list(in.inoperable)) {
    auto it = std::find_if(l->layer.valves.begin(), l->layer.valves.end(), [&](const auto& v) { return v.id == id; });
    if (it == l->layer.valves.end()) bad_option("--inoperable", "unknown valve '" + id + "'");
    request.inoperable_valves.push_back(static_cast<std::int32_t>(it - l->layer.valves.begin()));
  }
  analysis::SegmentedNetwork sn(l->net, l->layer, l->customers, supply_options(in.base, closed));
  auto plan = analysis::plan_isolation(sn, request);
  if (tables_on_stdout(in.base.json)) print_plan(sn, plan);
  write_json(in.base.json, analysis::isolation_json(sn, failure, plan));
}

// --- supply / criticality --------------------------------------------------------

struct SupplyInput {
  AnalysisInput base;
  std::string nodes;
};

void run_supply(const SupplyInput& in) {
  auto l = load(in.base);
  std::vector<net::Index> nodes;
  for (const auto& id : split_list(in.nodes)) {
    net::Index n = l->net.find_node(id);
    if (n == net::kNone) bad_option("--nodes", "unknown node '" + id + "'");
    nodes.push_back(n);
  }
  if (nodes.empty()) {
    for (const auto& c : l->customers) nodes.push_back(c.node);
  }
  if (nodes.empty()) bad_option("--nodes", "give --nodes ID,... or --customers CSV");
  analysis::SegmentedNetwork sn(l->net, l->layer, l->customers, supply_options(in.base));
  auto results = analysis::assess_dual_supply(sn, nodes);
  Json doc = analysis::supply_json(sn, results);
  if (tables_on_stdout(in.base.json)) {
    std::printf("%-14s %-28s %7s %6s %s\n", "node", "customer", "routes", "N-1", "segments whose loss cuts it off");
    for (const auto& row : doc["nodes"]) {
      std::string critical;
      for (const auto& s : row["critical_segments"]) critical += (critical.empty() ? "" : ",") + std::to_string(s.get<int>());
      std::printf("%-14s %-28s %7d %6s %s\n", row["node"].get<std::string>().c_str(),
                  row.value("customer", std::string("-")).c_str(), row["routes"].get<int>(),
                  row["n1_secure"].get<bool>() ? "yes" : "NO", critical.empty() ? "-" : critical.c_str());
    }
  }
  write_json(in.base.json, doc);
}

struct CriticalityInput {
  AnalysisInput base;
  std::size_t top = 20;
};

void run_criticality(const CriticalityInput& in) {
  auto l = load(in.base);
  auto start = std::chrono::steady_clock::now();
  analysis::SegmentedNetwork sn(l->net, l->layer, l->customers, supply_options(in.base));
  auto report = analysis::rank_criticality(sn);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  Json doc = analysis::criticality_json(sn, report, in.top);
  if (tables_on_stdout(in.base.json)) {
    std::printf("%d segments (%zu supplied), analysed in %.1f ms\n", sn.graph().size(), report.ranking.size(), ms);
    std::printf("%4s %8s %6s %9s %9s %12s %9s  %s\n", "rank", "segment", "valves", "dry nodes", "priority", "demand lost",
                "cut off", "first links");
    for (const auto& row : doc["ranking"]) {
      std::string links;
      for (const auto& id : row["links"]) links += (links.empty() ? "" : ",") + id.get<std::string>();
      std::printf("%4d %8d %6d %9d %9d %12s %9d  %s\n", row["rank"].get<int>(), row["segment"].get<int>(),
                  row["valves_to_close"].get<int>(), row["demand_nodes_lost"].get<int>(),
                  row["priority_customers_lost"].get<int>(), lps(row["demand_lost_m3s"].get<double>()).c_str(),
                  row["cut_off_segments"].get<int>(), links.c_str());
    }
  }
  write_json(in.base.json, doc);
}

// --- generate -------------------------------------------------------------------

struct GenerateInput {
  std::int64_t links = 5000;
  std::uint64_t seed = 1;
  std::string out, valves_out, customers_out;
};

void run_generate(const GenerateInput& in) {
  if (in.links < 60 || in.links > 5'000'000) bad_option("--links", "expected 60 to 5000000 links");
  net::City city = net::generate_city({in.links, in.seed});
  write_output(in.out, net::write_inp(city.network));
  if (!in.valves_out.empty()) write_output(in.valves_out, net::write_valve_csv(city.valves, city.network));
  if (!in.customers_out.empty()) write_output(in.customers_out, net::write_priority_customers(city.customers, city.network));
  if (in.out != "-") {
    std::printf("wrote %s: %zu nodes, %zu links, %zu valves, %zu priority customers, population %lld\n", in.out.c_str(),
                city.network.nodes.size(), city.network.links.size(), city.valves.valves.size(), city.customers.size(),
                static_cast<long long>(city.population));
  }
}

// Runs a handler, turning its exit code into CLI11's.
template <typename F>
std::function<void()> exits(F handler) {
  return [handler] {
    int code = handler();
    if (code != 0) throw CLI::RuntimeError(code);
  };
}

}  // namespace

void add_net_command(CLI::App& app) {
  auto* net = app.add_subcommand("net", "Water network engine: EPANET models, segments, isolation, dual supply, criticality");
  net->require_subcommand(1);

  {
    auto inp = std::make_shared<std::string>();
    auto json = std::make_shared<std::string>();
    auto* info = net->add_subcommand("info", "Counts, units and options of an EPANET .inp file");
    info->add_option("NET", *inp, "EPANET .inp file")->required();
    info->add_option("--json", *json, "Write JSON to OUT (- for stdout)");
    info->callback(exits([inp, json] { run_info(*inp, *json); return 0; }));

    auto* check = net->add_subcommand("check", "Validate a network (exit 2 when errors are found)");
    check->add_option("NET", *inp, "EPANET .inp file")->required();
    check->add_option("--json", *json, "Write JSON to OUT (- for stdout)");
    check->callback(exits([inp, json] { return run_check(*inp, *json); }));
  }
  {
    auto inp = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>();
    auto* convert = net->add_subcommand("convert", "Write a network as .inp or GeoJSON");
    convert->add_option("NET", *inp, "EPANET .inp file")->required();
    convert->add_option("--out", *out, "Output file (- for stdout)")->required();
    convert->add_option("--format", *format, "inp or geojson (default: by the --out extension)");
    convert->callback(exits([inp, out, format] { run_convert(*inp, *out, *format); return 0; }));
  }
  {
    auto in = std::make_shared<ValvesInput>();
    auto* valves = net->add_subcommand("valves", "Generate (WNTR semantics) or import a valve layer and write it as CSV");
    valves->add_option("NET", in->inp, "EPANET .inp file")->required();
    valves->add_option("--generate", in->placement, "strategic (N valves short of every link at each node) or random");
    valves->add_option("--n", in->n, "strategic: links left unvalved per node (1 = N-1); random: number of valves");
    valves->add_option("--seed", in->seed, "Random seed (default 123)");
    valves->add_option("--import", in->import, "Read a layer from CSV or GeoJSON instead");
    valves->add_option("--out", in->out, "Output CSV (default - for stdout)");
    valves->callback(exits([in] { run_valves(*in); return 0; }));
  }
  {
    auto in = std::make_shared<AnalysisInput>();
    auto* segments = net->add_subcommand("segments", "Valve-bounded segments (WNTR's definition)");
    add_analysis_options(*segments, *in, false);
    segments->callback(exits([in] { run_segments(*in); return 0; }));
  }
  {
    auto in = std::make_shared<IsolateInput>();
    auto* isolate = net->add_subcommand("isolate", "Isolation plan for a burst on a link or at a node");
    add_analysis_options(*isolate, in->base, true);
    isolate->add_option("--link", in->link, "Failed link id");
    isolate->add_option("--node", in->node, "Failed node id");
    isolate->add_option("--inoperable", in->inoperable, "Valves that will not turn: VALVE,...");
    isolate->add_option("--closed", in->closed, "Links already closed in the field: LINK,...");
    isolate->add_flag("--under-pressure", in->under_pressure, "Repair under pressure: close nothing, report who would be affected");
    isolate->callback(exits([in] { run_isolate(*in); return 0; }));
  }
  {
    auto in = std::make_shared<SupplyInput>();
    auto* supply = net->add_subcommand("supply", "Dual supply and N-1 security of nodes or priority customers");
    add_analysis_options(*supply, in->base, true);
    supply->add_option("--nodes", in->nodes, "Nodes to assess: ID,... (default: the priority customers)");
    supply->callback(exits([in] { run_supply(*in); return 0; }));
  }
  {
    auto in = std::make_shared<CriticalityInput>();
    auto* criticality = net->add_subcommand("criticality", "Impact of isolating each segment, most critical first");
    add_analysis_options(*criticality, in->base, true);
    criticality->add_option("--top", in->top, "Rows to report (default 20)");
    criticality->callback(exits([in] { run_criticality(*in); return 0; }));
  }
  {
    auto in = std::make_shared<GenerateInput>();
    auto* generate = net->add_subcommand("generate", "Synthetic city network with valves and priority customers");
    generate->add_option("--links", in->links, "Number of links (60 to 5000000)");
    generate->add_option("--seed", in->seed, "Random seed");
    generate->add_option("--out", in->out, "Output .inp file")->required();
    generate->add_option("--valves-out", in->valves_out, "Output valve layer CSV");
    generate->add_option("--customers-out", in->customers_out, "Output priority customers CSV");
    generate->callback(exits([in] { run_generate(*in); return 0; }));
  }
}

}  // namespace lifeline::cli
