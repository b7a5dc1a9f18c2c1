// Generates isolation-valve layers with the semantics of WNTR's
// generate_valve_layer (USEPA/WNTR wntr/network/layer.py):
//  - strategic n: at every node, valves on all incident links except n of
//    them chosen at random (n = 1 is "N-1", n = 2 "N-2"); every link type.
//  - random n: n valves drawn without replacement from all (pipe, end node)
//    pairs.
// Deterministic for a seed, but not WNTR's random draws (those depend on
// numpy's global RNG); use the shared CSVs to compare with WNTR.
#pragma once

#include <cstdint>

#include "net/network.h"
#include "net/valve_layer.h"

namespace lifeline::net {

enum class ValvePlacement { strategic, random };

ValveLayer generate_valve_layer(const Network& net, ValvePlacement placement, int n, std::uint64_t seed);

}  // namespace lifeline::net
