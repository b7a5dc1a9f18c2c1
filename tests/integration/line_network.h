// A five-node line the assurance tests share, small enough to reason about:
// R1 - P0 - J1 - P1 - J2 - P2 - J3 - P3 - J4, valves around P1 and at J3 on P2.
// Segments: {R1,P0,J1} | {P1} | {J2,P2} | {J3,P3,J4}: J1 shares the source's
// segment (N-1 secure), J4 hangs on three segments (at risk).
#pragma once

namespace lifeline::test {

inline constexpr const char* kLineInp = R"([JUNCTIONS]
J1 10 0
J2 10 1
J3 10 1
J4 10 1
[RESERVOIRS]
R1 50
[PIPES]
P0 R1 J1 100 300 100 0 Open
P1 J1 J2 100 300 100 0 Open
P2 J2 J3 100 300 100 0 Open
P3 J3 J4 100 300 100 0 Open
[OPTIONS]
Units LPS
[COORDINATES]
R1 0 0
J1 100 0
J2 200 0
J3 300 0
J4 400 0
[END]
)";
inline constexpr const char* kLineValves = "valve,link,node\nV1,P1,J1\nV2,P1,J2\nV3,P2,J3\n";

}  // namespace lifeline::test
