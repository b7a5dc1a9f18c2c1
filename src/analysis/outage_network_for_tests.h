// A small network for the hydraulic scenario tests, small enough to work
// out by hand (Hazen-Williams C 100, DN100 unless said):
//
//   R1 (60 m) -P0 DN200- J1 -P1 1 km- J2 (hospital, 5 L/s) -P4- J4 (clinic, 1 L/s) -P5- J5 (telecom, no demand)
//                        \-P2 2 km- J3 -P3 2 km-/
//
// Valves V1/V2 on both ends of P1 and V3 on P4 at J2. Segments:
// {R1,P0,J1,P2,J3,P3,J2} | {P1} | {P4,J4,P5,J5}. Closing P1 leaves the
// hospital on the 4 km detour (about 11 m instead of 44 m); closing P4 cuts
// off the clinic and the exchange. Demands double from the second hour.
#pragma once

#include <memory>

#include "analysis/segmented_network.h"
#include "hydraulics/model.h"
#include "net/inp_reader.h"
#include "net/priority_customer.h"
#include "net/valve_layer.h"

namespace lifeline::analysis::test_networks {

inline constexpr const char* kOutageInp = R"([JUNCTIONS]
J1 10 0
J2 10 5 D
J3 10 0
J4 10 1 D
J5 10 0
[RESERVOIRS]
R1 60
[PIPES]
P0 R1 J1 500 200 100 0 Open
P1 J1 J2 1000 100 100 0 Open
P2 J1 J3 2000 100 100 0 Open
P3 J3 J2 2000 100 100 0 Open
P4 J2 J4 500 100 100 0 Open
P5 J4 J5 200 100 100 0 Open
[PATTERNS]
D 1 2
[OPTIONS]
Units LPS
Headloss H-W
[END]
)";
inline constexpr const char* kOutageValves = "valve,link,node\nV1,P1,J1\nV2,P1,J2\nV3,P4,J2\n";
inline constexpr const char* kOutageCustomers =
    "node,name,category\nJ2,市第一医院,hospital\nJ4,发热门诊,fever_clinic\nJ5,电信枢纽,telecom\n";

struct OutageNetwork {
  net::Network net;
  net::ValveLayer valves;
  std::vector<net::PriorityCustomer> customers;
  std::unique_ptr<SegmentedNetwork> sn;
  Result<hydraulics::Model> model = Error::internal("not built");

  OutageNetwork() {
    net = net::parse_inp(kOutageInp, "outage.inp").value();
    valves = net::parse_valve_csv(kOutageValves, "valves.csv", net).value();
    customers = net::parse_priority_customers(kOutageCustomers, "customers.csv", net).value();
    sn = std::make_unique<SegmentedNetwork>(net, valves, customers);
    model = hydraulics::build_model(net);
  }
};

}  // namespace lifeline::analysis::test_networks
