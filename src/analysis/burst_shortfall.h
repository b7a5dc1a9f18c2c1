// "All bursts", with hydraulics: for every supplied segment, close the
// valves that isolate a burst in it (its isolation plan, inoperable valves
// of the layer included), solve the network under pressure-driven demand and
// record how much of each priority customer's demand is no longer served.
// The hydraulic version of criticality.h: topology says who is cut off;
// this also finds the customers left on a long detour at low pressure.
//
// One PDA snapshot per segment (supply_outage.h) on a pool of worker
// threads; each thread runs its own Simulation on the shared, read-only
// model. Two shortcuts keep a city within minutes (run it off the request
// path all the same):
//
// - Warm start. Each segment's solve starts from the network as it is: the
//   flows and the link statuses of the solved baseline (the locked links
//   closed), as EPANET starts every period of a run from the last one's.
//   Otherwise every PRV and pump starts from its file status and the first
//   status checks throw the network far off (a 100k-link city: 12
//   iterations instead of 2). The answer is the same within the solver's
//   accuracy; the tests hold it to the cold start.
// - Pendant shutdowns are not solved. When the closed-off area (the
//   isolated and cut-off segments) hangs on the rest of the network by one
//   valve and holds no tank, reservoir or inflow, the shutdown only takes
//   the area's demand off the rest: heads elsewhere do not fall (pipes,
//   demands and pumps are monotone in head), so the customers outside keep
//   at least what they had and those inside are cut off. The result comes
//   from the topology and the baseline ("solved": false). The tests solve
//   these shutdowns anyway on generated cities (and BWSN2 when present) and
//   check no customer outside loses more than 1e-6 L/s.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "analysis/supply_outage.h"
#include "hydraulics/state.h"

namespace lifeline::analysis {

struct BurstOptions {
  SnapshotOptions snapshot;
  unsigned threads = 0;              // 0: std::thread::hardware_concurrency()
  std::size_t worst_per_customer = 5;
  // Called from the workers (any thread) after each segment: done, total.
  std::function<void(std::size_t, std::size_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  // set: the run stops and fails
  // false: every segment solved from the file's statuses (cold start, no
  // shortcut): the reference the tests hold the shortcuts to.
  bool shortcuts = true;
};

struct CustomerShortfall {
  std::int32_t customer = 0;      // index into SegmentedNetwork::customers()
  double served_fraction = 0;     // after the shutdown
  double shortfall_lps = 0;       // served before − served after (>= 0)
  SupplyStatus status = SupplyStatus::ok;
};

struct SegmentBurst {
  SegmentId segment = 0;
  std::int32_t valves_to_close = 0;
  std::vector<CustomerShortfall> affected;  // customers served less than before (by customer)
  std::int32_t customers_cut_off = 0;       // affected with status cut_off (and not cut off before)
  double shortfall_lps = 0;                 // sum over affected
  double fraction_lost = 0;                 // sum of served-fraction drops over affected
  int iterations = 0;
  bool balanced = true;
  bool solved = true;                       // false: a pendant shutdown, from topology and baseline
  bool failed = false;                      // the solver failed; nothing recorded
};

struct CustomerWorst {
  std::int32_t customer = 0;
  std::int32_t segments_cutting_off = 0;    // segments whose shutdown cuts it off
  std::vector<CustomerShortfall> worst;     // customer field = the segment here (lowest fraction first)
};

struct BurstReport {
  // Simulated segments, worst first: priority customers cut off, then total
  // shortfall, then served fraction lost, then segment id.
  std::vector<SegmentBurst> ranking;
  std::vector<NodeSupply> baseline;         // per customer, no burst
  std::vector<CustomerWorst> customers;     // per customer
  std::int32_t unsupplied_segments = 0;     // dry even with every valve open: not simulated
  std::int32_t failed_segments = 0;
  std::int32_t pendant_segments = 0;        // in ranking, not solved (see the header comment)
  unsigned threads = 0;
  double seconds = 0;
};

// The area a shutdown closes off: the plan's isolated and cut-off segments.
struct ShutdownArea {
  std::vector<SegmentId> segments;       // sorted
  std::vector<std::int32_t> customers;   // in them (sorted indices into SegmentedNetwork::customers())
  bool pendant = false;                  // one valve between it and the rest; no tank, reservoir or inflow
};

// Who is where, built once per run; of() is safe to call from any thread.
class ShutdownAreas {
 public:
  // baseline: the solved state of pda_model as it is (its demands tell inflows).
  ShutdownAreas(const SegmentedNetwork& network, const hydraulics::Model& pda_model, const hydraulics::State& baseline);
  ShutdownArea of(const IsolationPlan& plan) const;

 private:
  const SegmentedNetwork* sn_;
  std::vector<char> holds_source_;  // per segment: a tank, reservoir or junction with inflow
  std::vector<std::int32_t> node_start_, nodes_, link_start_, links_;  // per segment (CSR)
  std::vector<std::int32_t> incident_start_, incident_;                // per node: its links (CSR)
};

// pda_model: snapshot_model(build_model(network), options.snapshot).
Result<BurstReport> rank_burst_shortfall(const SegmentedNetwork& network, const hydraulics::Model& pda_model,
                                         const BurstOptions& options);

// {"pda", "time_s", "threads", "seconds", "segments", "simulated", "unsupplied_segments",
//  "failed_segments", "pendant_segments", "harmless_segments", "baseline": [...],
//  "ranking": [{"rank", "segment", "valves_to_close", "links", "customers_cut_off",
//               "shortfall_lps", "fraction_lost", "balanced", "solved", "affected": [...]}]
//   (top rows that affect someone),
//  "customers": [{"name", "category", "node", "segments_cutting_off", "worst": [...]}]}
Json burst_shortfall_json(const SegmentedNetwork& network, const BurstReport& report, const SnapshotOptions& options,
                          std::size_t top);

}  // namespace lifeline::analysis
