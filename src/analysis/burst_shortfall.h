// "All bursts", with hydraulics: for every supplied segment, close the
// valves that isolate a burst in it (its isolation plan, inoperable valves
// of the layer included), solve the network under pressure-driven demand and
// record how much of each priority customer's demand is no longer served.
// The hydraulic version of criticality.h: topology says who is cut off;
// this also finds the customers left on a long detour at low pressure.
//
// One PDA snapshot per segment (supply_outage.h) on a pool of worker
// threads; each thread runs its own Simulation on the shared, read-only
// model. Cost: segments × one solve; a solve of a 100k-link city takes a
// fraction of a second, so a city takes minutes: run it off the request path.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "analysis/supply_outage.h"

namespace lifeline::analysis {

struct BurstOptions {
  SnapshotOptions snapshot;
  unsigned threads = 0;              // 0: std::thread::hardware_concurrency()
  std::size_t worst_per_customer = 5;
  // Called from the workers (any thread) after each segment: done, total.
  std::function<void(std::size_t, std::size_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  // set: the run stops and fails
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
  unsigned threads = 0;
  double seconds = 0;
};

// pda_model: snapshot_model(build_model(network), options.snapshot).
Result<BurstReport> rank_burst_shortfall(const SegmentedNetwork& network, const hydraulics::Model& pda_model,
                                         const BurstOptions& options);

// {"pda", "time_s", "threads", "seconds", "segments", "simulated", "unsupplied_segments",
//  "failed_segments", "harmless_segments", "baseline": [...],
//  "ranking": [{"rank", "segment", "valves_to_close", "links", "customers_cut_off",
//               "shortfall_lps", "fraction_lost", "affected": [...]}]  (top rows that affect someone),
//  "customers": [{"name", "category", "node", "segments_cutting_off", "worst": [...]}]}
Json burst_shortfall_json(const SegmentedNetwork& network, const BurstReport& report, const SnapshotOptions& options,
                          std::size_t top);

}  // namespace lifeline::analysis
