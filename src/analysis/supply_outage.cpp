#include "analysis/supply_outage.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <optional>

#include "hydraulics/simulation.h"

namespace lifeline::analysis {
namespace {

namespace hyd = lifeline::hydraulics;

constexpr double kGravityFtS2 = 32.174;
constexpr double kOrificeCd = 0.6;       // sharp-edged orifice
constexpr double kFullyServed = 0.999;   // below: low pressure
constexpr long long kDay = 86400;

std::size_t at(std::int64_t i) { return static_cast<std::size_t>(i); }

// m head <-> the model's ft (EPANET converts PDA pressures through the
// pressure units, which carry the specific gravity).
double ft_of_m(const hyd::Model& m, double metres) { return metres / hyd::kMPerFt / m.options.specific_gravity; }
double m_of_ft(const hyd::Model& m, double feet) { return feet * hyd::kMPerFt * m.options.specific_gravity; }
double lps_of_cfs(double cfs) { return cfs * hyd::kLpsPerCfs; }

// The emitter coefficient (head loss = Ke q^qexp, internal) of an orifice of
// `area_ft2`, matched at the required pressure (exact for exponent 0.5).
double orifice_ke(const hyd::Model& m, double area_ft2) {
  const double h = std::max(m.options.preq, 1.0);
  const double q = kOrificeCd * area_ft2 * std::sqrt(2.0 * kGravityFtS2 * h);
  return h / std::pow(q, m.options.qexp);
}

// Two emitters at one node discharge side by side: their flows add.
double parallel_ke(double a, double b, double n) {
  if (a <= 0) return b;
  if (b <= 0) return a;
  return std::pow(std::pow(a, -1.0 / n) + std::pow(b, -1.0 / n), -n);
}

// The leak of a repair under pressure: half the orifice at each end junction.
void add_leak(hyd::Model& m, const Outage& outage, std::vector<int>& leak_nodes) {
  if (outage.leaking_link == net::kNone || outage.leak_diameter_m <= 0) return;
  const auto& link = m.links[at(outage.leaking_link)];
  std::vector<int> ends;
  for (int n : {link.n1, link.n2})
    if (n < m.n_junctions) ends.push_back(n);
  if (ends.empty()) return;
  const double d_ft = outage.leak_diameter_m / hyd::kMPerFt;
  const double area = std::numbers::pi / 4.0 * d_ft * d_ft / static_cast<double>(ends.size());
  const double ke = orifice_ke(m, area);
  for (int n : ends) {
    m.emitter[at(n)] = parallel_ke(m.emitter[at(n)], ke, m.options.qexp);
    leak_nodes.push_back(n);
  }
}

}  // namespace

const char* to_string(SupplyStatus status) {
  switch (status) {
    case SupplyStatus::ok: return "ok";
    case SupplyStatus::low_pressure: return "low_pressure";
    case SupplyStatus::cut_off: return "cut_off";
  }
  return "ok";
}

Outage outage_of(const SegmentedNetwork& network, const Failure& failure, const IsolationPlan& plan,
                 double leak_diameter_m) {
  Outage out;
  const auto& net = network.network();
  if (plan.shutdown) {
    for (auto v : plan.valves_to_close) out.closed_links.push_back(network.valves().valves[at(v)].link);
    if (failure.kind == Failure::Kind::link) out.closed_links.push_back(failure.index);
    std::sort(out.closed_links.begin(), out.closed_links.end());
    out.closed_links.erase(std::unique(out.closed_links.begin(), out.closed_links.end()), out.closed_links.end());
  } else if (failure.kind == Failure::Kind::link) {
    out.leaking_link = failure.index;
    const double d = net.links[at(failure.index)].diameter;
    out.leak_diameter_m = d > 0 ? std::min(leak_diameter_m, d) : leak_diameter_m;
  }
  return out;
}

hyd::Model snapshot_model(const hyd::Model& model, const SnapshotOptions& options) {
  hyd::Model m = model;
  m.options.demand_model = hyd::DemandModel::pda;
  m.options.pmin = ft_of_m(m, options.pda.pmin_m);
  m.options.preq = ft_of_m(m, options.pda.preq_m);
  m.options.pexp = options.pda.pexp;
  // Demands and reservoir heads of the pattern time; clock-time controls at that hour.
  m.times.pattern_start += options.time_s;
  m.times.start_clocktime = (m.times.start_clocktime + options.time_s) % kDay;
  m.times.duration = 0;
  return m;
}

NodeSupply classify(NodeSupply s, const PdaSettings& pda) {
  if (!s.connected) {
    s.served_fraction = 0;
  } else if (s.asked_lps > 0) {
    s.served_fraction = std::clamp(s.served_lps / s.asked_lps, 0.0, 1.0);
  } else {
    const double span = pda.preq_m - pda.pmin_m;
    const double x = span > 0 ? (s.pressure_m - pda.pmin_m) / span : (s.pressure_m > pda.pmin_m ? 1.0 : 0.0);
    s.served_fraction = x <= 0 ? 0.0 : x >= 1 ? 1.0 : std::pow(x, pda.pexp);
  }
  s.status = !s.connected || s.served_fraction <= 0 ? SupplyStatus::cut_off
             : s.served_fraction < kFullyServed     ? SupplyStatus::low_pressure
                                                    : SupplyStatus::ok;
  return s;
}

Result<SupplySnapshot> supply_snapshot(const hyd::Model& pda_model, const Outage& outage,
                                       const std::vector<net::Index>& nodes, const PdaSettings& pda) {
  std::vector<int> leak_nodes;
  std::optional<hyd::Model> leaking;
  if (outage.leaking_link != net::kNone && outage.leak_diameter_m > 0) {
    leaking = pda_model;
    add_leak(*leaking, outage, leak_nodes);
  }
  const hyd::Model& model = leaking ? *leaking : pda_model;
  hyd::Scenario scenario;
  scenario.closed_links.assign(outage.closed_links.begin(), outage.closed_links.end());
  scenario.pda = true;
  scenario.pmin = model.options.pmin;
  scenario.preq = model.options.preq;
  scenario.pexp = model.options.pexp;
  scenario.duration = 0;
  hyd::Simulation sim(model, scenario);
  LL_TRY(auto step, sim.run_step());
  SupplySnapshot out = read_snapshot(model, sim.state(), step.stats, static_cast<int>(step.warning), nodes, pda);
  for (int n : leak_nodes) out.leak_lps += lps_of_cfs(sim.state().emitter_flow[at(n)]);
  return out;
}

SupplySnapshot read_snapshot(const hyd::Model& model, const hyd::State& st, const hyd::SolveStats& stats, int warning,
                             const std::vector<net::Index>& nodes, const PdaSettings& pda) {
  SupplySnapshot out;
  out.iterations = stats.iterations;
  out.balanced = stats.balanced;
  out.warning = warning;
  for (int j = 0; j < model.n_junctions; ++j) {
    const double asked = st.full_demand[at(j)], served = st.demand_flow[at(j)];
    out.demand_asked_lps += lps_of_cfs(asked);
    out.demand_served_lps += lps_of_cfs(served);
    out.deficient_nodes += asked > 0 && served < asked * kFullyServed;
    out.disconnected_nodes += !st.connected[at(j)];
  }
  out.nodes.reserve(nodes.size());
  for (net::Index node : nodes) {
    const int i = model.node_of[at(node)];
    NodeSupply s;
    s.connected = st.connected[at(i)] != 0;
    s.pressure_m = m_of_ft(model, st.pressure(model, i));
    if (i < model.n_junctions) {
      s.asked_lps = lps_of_cfs(st.full_demand[at(i)]);
      s.served_lps = lps_of_cfs(st.demand_flow[at(i)]);
    }
    out.nodes.push_back(classify(s, pda));
  }
  return out;
}

Result<SupplyOutageReport> assess_supply_outage(const hyd::Model& pda_model,
                                                const std::vector<net::PriorityCustomer>& customers,
                                                const Outage& outage, const SnapshotOptions& options,
                                                const SupplySnapshot* before) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<net::Index> nodes;
  nodes.reserve(customers.size());
  for (const auto& c : customers) nodes.push_back(c.node);
  SupplyOutageReport report;
  report.options = options;
  report.outage = outage;
  if (before) {
    report.before = *before;
  } else {
    LL_TRY(report.before, supply_snapshot(pda_model, Outage{}, nodes, options.pda));
  }
  if (report.before.nodes.size() != nodes.size()) return Error::internal("the cached snapshot is of other nodes");
  LL_TRY(report.after, supply_snapshot(pda_model, outage, nodes, options.pda));
  for (std::size_t i = 0; i < customers.size(); ++i)
    report.customers.push_back({static_cast<std::int32_t>(i), report.before.nodes[i], report.after.nodes[i]});
  report.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

namespace {

Json pressure_json(const NodeSupply& s) { return s.connected ? Json(s.pressure_m) : Json(nullptr); }

Json snapshot_json(const SupplySnapshot& s) {
  return Json{{"demand_lps", s.demand_asked_lps},   {"served_lps", s.demand_served_lps},
              {"deficient_nodes", s.deficient_nodes}, {"disconnected_nodes", s.disconnected_nodes},
              {"iterations", s.iterations},          {"balanced", s.balanced},
              {"warning", s.warning}};
}

}  // namespace

Json supply_outage_json(const net::Network& network, const std::vector<net::PriorityCustomer>& customers,
                        const SupplyOutageReport& r) {
  Json closed = Json::array();
  for (auto l : r.outage.closed_links) closed.push_back(network.links[at(l)].id);
  Json leak = nullptr;
  if (r.outage.leaking_link != net::kNone && r.outage.leak_diameter_m > 0)
    leak = Json{{"link", network.links[at(r.outage.leaking_link)].id},
                {"diameter_mm", r.outage.leak_diameter_m * 1000.0},
                {"flow_lps", r.after.leak_lps}};
  Json rows = Json::array();
  for (const auto& c : r.customers) {
    const auto& pc = customers[at(c.customer)];
    rows.push_back(Json{{"name", pc.name},
                        {"category", pc.category},
                        {"node", network.nodes[at(pc.node)].id},
                        {"pressure_before_m", pressure_json(c.before)},
                        {"pressure_after_m", pressure_json(c.after)},
                        {"demand_lps", c.before.asked_lps},
                        {"served_before_lps", c.before.served_lps},
                        {"served_after_lps", c.after.served_lps},
                        {"served_fraction_before", c.before.served_fraction},
                        {"served_fraction_after", c.after.served_fraction},
                        {"status_before", to_string(c.before.status)},
                        {"status_after", to_string(c.after.status)}});
  }
  const auto& pda = r.options.pda;
  return Json{{"pda", {{"pmin_m", pda.pmin_m}, {"preq_m", pda.preq_m}, {"pexp", pda.pexp}}},
              {"time_s", r.options.time_s},
              {"closed_links", std::move(closed)},
              {"leak", std::move(leak)},
              {"network", {{"before", snapshot_json(r.before)}, {"after", snapshot_json(r.after)}}},
              {"customers", std::move(rows)},
              {"compute_ms", r.compute_ms}};
}

}  // namespace lifeline::analysis
