// The hydraulic state at one instant: what EPANET keeps in its Hydraul
// struct (heads, flows, statuses, settings, demands, tank volumes), in
// internal units. Simulation owns one; rules and controls read and change it.
#pragma once

#include <vector>

#include "hydraulics/model.h"

namespace lifeline::hydraulics {

struct State {
  long long time = 0;                // s since the start (EPANET's Htime)
  std::vector<double> head;          // per node, ft
  std::vector<double> full_demand;   // per junction: demand asked for this period, cfs
  std::vector<double> demand_flow;   // per junction: consumer demand delivered (PDA may deliver less)
  std::vector<double> emitter_flow;  // per junction
  std::vector<double> node_demand;   // junctions: total outflow delivered; tanks/reservoirs: net inflow
  std::vector<char> connected;       // per node: has a passable path to a tank or reservoir
  std::vector<double> flow;          // per link, cfs, + from n1 to n2
  std::vector<Status> status;        // per link
  std::vector<double> setting;       // per link: pump speed, valve setting (internal) or kMissing
  std::vector<char> locked;          // per link: a scenario's forced closure; controls and rules leave it
  std::vector<double> tank_volume;   // per Model::tanks entry, ft³

  double pressure(const Model& m, int node) const { return head[node] - m.elevation[node]; }
};

}  // namespace lifeline::hydraulics
