// Synthetic city network: the demo network and the scale benchmark.
// Deterministic for (links, seed); from a few hundred to a million links.
//
// Layout (local metric coordinates, 150 m blocks): a looped distribution
// grid (DN300 streets, DN600-800 trunk mains every 8th street), split into
// west-to-east pressure zones as the ground falls; zones meet only through
// PRVs. Treatment plants (reservoir + duty and standby pumps + DN800 main)
// feed every zone; elevated tanks float on the zones; dead-end branches
// (DN150/DN100) fill up to the requested link count. Valves: N-1 style at
// most grid junctions, one at the head of every branch, both sides of pumps
// and PRVs. Demands: 250 L per person per day over the population served,
// with residential/commercial diurnal patterns; priority customers
// (hospitals, fever clinics, CDC, telecom, emergency command; Chinese names)
// sit at grid junctions with their own demand category.
#pragma once

#include <cstdint>
#include <vector>

#include "net/network.h"
#include "net/priority_customer.h"
#include "net/valve_layer.h"

namespace lifeline::net {

struct CityOptions {
  std::int64_t links = 5000;  // target link count (exact for links >= 200)
  std::uint64_t seed = 1;
};

struct City {
  Network network;
  ValveLayer valves;
  std::vector<PriorityCustomer> customers;
  std::int64_t population = 0;
};

inline constexpr double kLitresPerPersonDay = 250.0;

City generate_city(const CityOptions& options);

}  // namespace lifeline::net
