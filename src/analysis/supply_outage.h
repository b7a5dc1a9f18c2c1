// Does the hospital still get water? The pressure-driven (PDA) supply of
// priority customers in one instant, as the network is and with an outage
// applied: an isolation plan's valves closed (a shutdown), or the burst pipe
// left in service while it leaks (repair under pressure, 带水作业).
//
// A snapshot is one single-period hydraulic solve (EPANET 2.2's PDA) with
// the demands and reservoir heads of a pattern time; tanks stay at their
// initial levels (a snapshot, not a replay of the day). Closed links are
// locked: no control or rule reopens them.
//
// PDA (Wagner et al. 1988, as EPANET 2.2): a junction asking for d gets
//   d · ((p − Pmin) / (Preq − Pmin))^Pexp, clipped to [0, d];
// a junction with no path to a tank or reservoir gets nothing.
// The default Preq is 14 m (0.14 MPa), the minimum network service pressure
// Chinese utilities hold at the network's far ends. GB 50282-2016 §3.0.3
// asks planning to meet the minimum service head of the storeys supplied
// directly, which GB 50013-2018 §3.0.10 sets at 10 m for one storey, 12 m
// for two and 4 m more per storey above: 14 m serves two storeys with
// margin, three storeys need 16 m. Pmin 0 m: water runs while there is any
// pressure. All three are options.
//
// Served fraction: served / asked; a customer node that asks for nothing in
// the model (its draw is not modelled) gets the fraction PDA would give a
// demand there: ((p − Pmin) / (Preq − Pmin))^Pexp clipped to [0, 1], and 0
// when cut off.
//
// Status: cut_off (no path to a source, or nothing served), low_pressure
// (served fraction below 0.999: pressure under Preq), ok.
//
// Thread safety: the functions are pure; a Model may be shared read-only by
// concurrent snapshots.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/isolation_plan.h"
#include "analysis/report_json.h"
#include "hydraulics/model.h"
#include "hydraulics/solver.h"
#include "hydraulics/state.h"

namespace lifeline::analysis {

struct PdaSettings {
  double pmin_m = 0;    // m head: at or below, nothing is served
  double preq_m = 14;   // m head: at or above, the full demand (0.14 MPa service pressure)
  double pexp = 0.5;    // orifice law
};

struct SnapshotOptions {
  PdaSettings pda;
  long long time_s = 0;  // pattern time of the snapshot (0: the network's start)
};

// What an outage does to the network.
struct Outage {
  std::vector<net::Index> closed_links;  // network link indices, held closed
  net::Index leaking_link = net::kNone;  // stays in service and leaks at both ends
  double leak_diameter_m = 0;            // equivalent orifice of the leak (Cd 0.6); 0: no leak
};

// A shutdown: the plan's valves (their links) and the failed link closed.
// Under pressure: nothing closed; the failed link leaks through an orifice
// of leak_diameter_m (capped at the pipe's diameter).
Outage outage_of(const SegmentedNetwork& network, const Failure& failure, const IsolationPlan& plan,
                 double leak_diameter_m);

enum class SupplyStatus : std::uint8_t { ok, low_pressure, cut_off };
const char* to_string(SupplyStatus status);

struct NodeSupply {
  double pressure_m = 0;        // m head at the node (meaningless when !connected)
  double asked_lps = 0;         // demand asked at the snapshot's time
  double served_lps = 0;        // delivered under PDA
  double served_fraction = 0;   // see the header comment
  bool connected = true;        // has a path to a tank or reservoir
  SupplyStatus status = SupplyStatus::ok;
};

struct SupplySnapshot {
  std::vector<NodeSupply> nodes;  // in the order asked
  int iterations = 0;
  bool balanced = true;
  int warning = 0;                // EPANET's warning code of the solve (0: none)
  double demand_asked_lps = 0;    // every junction
  double demand_served_lps = 0;
  int deficient_nodes = 0;        // junctions served less than asked
  int disconnected_nodes = 0;     // junctions with no path to a source
  double leak_lps = 0;            // the outage's leak, if any
};

// The model the snapshots run on: PDA with the settings, single period at
// the pattern time. Build it once and share it.
hydraulics::Model snapshot_model(const hydraulics::Model& model, const SnapshotOptions& options);

// One PDA solve of `pda_model` (from snapshot_model) with the outage applied,
// read at `nodes` (network node indices). Fails when the solver fails.
Result<SupplySnapshot> supply_snapshot(const hydraulics::Model& pda_model, const Outage& outage,
                                       const std::vector<net::Index>& nodes, const PdaSettings& pda);

// Reads a solved single-period state at `nodes` (for runners that reuse one
// Simulation across scenarios with Simulation::restart).
SupplySnapshot read_snapshot(const hydraulics::Model& model, const hydraulics::State& state, const hydraulics::SolveStats& stats,
                             int warning, const std::vector<net::Index>& nodes, const PdaSettings& pda);

// The served fraction and status the header comment defines.
NodeSupply classify(NodeSupply supply, const PdaSettings& pda);

struct CustomerOutage {
  std::int32_t customer = 0;  // index into the customers given
  NodeSupply before, after;
};

struct SupplyOutageReport {
  SnapshotOptions options;
  Outage outage;
  std::vector<CustomerOutage> customers;
  SupplySnapshot before, after;  // their nodes are the customers' (in customers' order)
  double compute_ms = 0;
};

// Before (as is) and after (outage applied) for every priority customer.
// `before`, when given, is a snapshot of the same pda_model without an
// outage at the customers' nodes (it does not depend on the outage: cache it).
Result<SupplyOutageReport> assess_supply_outage(const hydraulics::Model& pda_model,
                                                const std::vector<net::PriorityCustomer>& customers,
                                                const Outage& outage, const SnapshotOptions& options,
                                                const SupplySnapshot* before = nullptr);

// {"pda", "time_s", "closed_links", "leak", "network": {before, after},
//  "customers": [{"name", "category", "node", "pressure_before_m", "pressure_after_m",
//                 "demand_lps", "served_before_lps", "served_after_lps",
//                 "served_fraction_before", "served_fraction_after", "status_before", "status_after"}]}
// Pressures are null where the node has no path to a source.
Json supply_outage_json(const net::Network& network, const std::vector<net::PriorityCustomer>& customers,
                        const SupplyOutageReport& report);

}  // namespace lifeline::analysis
