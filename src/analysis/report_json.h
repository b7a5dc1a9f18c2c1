// JSON forms of the analysis results, as `lifeline net ...` writes them and
// programs read them. Ids are the model's string ids; flows in m³/s (with
// an L/s copy for people), lengths in m. Keys keep a stable order.
//
//  segments:    {"n_segments", "node_segment": {id: seg}, "link_segment": {id: seg}}
//               (the schema of WNTR's shared *.segments.json)
//  isolation:   see isolation_json in report_json.cpp's tests for the keys
//  supply:      {"sources", "nodes": [{"node", "segment", "routes", "n1_secure", "critical_segments", ...}]}
//  criticality: {"n_segments", "unsupplied_segments", "ranking": [{"rank", "segment", ...}]}
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/criticality.h"
#include "analysis/dual_supply.h"
#include "analysis/isolation_plan.h"

namespace lifeline::analysis {

using Json = nlohmann::ordered_json;

Json segments_json(const net::Network& net, const Segmentation& segments);
Json isolation_json(const SegmentedNetwork& network, const Failure& failure, const IsolationPlan& plan);
Json supply_json(const SegmentedNetwork& network, const std::vector<SupplyRedundancy>& results);
Json criticality_json(const SegmentedNetwork& network, const CriticalityReport& report, std::size_t top);

}  // namespace lifeline::analysis
