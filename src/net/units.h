// Unit systems of an EPANET file. The model is SI inside (m, m³/s, m head,
// W); the file's units are remembered in Options so the writer can convert
// back. Factors multiply a file value to get the SI value.
#pragma once

#include <optional>
#include <string_view>

namespace lifeline::net {

enum class FlowUnits { cfs, gpm, mgd, imgd, afd, lps, lpm, mld, cmh, cmd, cms };
enum class PressureUnits { psi, kpa, meters, bar, feet };
enum class HeadlossFormula { hazen_williams, darcy_weisbach, chezy_manning };

const char* to_string(FlowUnits units);
const char* to_string(PressureUnits units);
const char* to_string(HeadlossFormula formula);
std::optional<FlowUnits> parse_flow_units(std::string_view text);        // case-insensitive
std::optional<PressureUnits> parse_pressure_units(std::string_view text);
std::optional<HeadlossFormula> parse_headloss(std::string_view text);

bool is_us(FlowUnits units);  // CFS GPM MGD IMGD AFD use feet/inches/psi
PressureUnits default_pressure_units(FlowUnits units);

// File value × factor = SI value.
struct UnitFactors {
  double flow;       // -> m³/s
  double length;     // elevation, head, pipe length, tank levels -> m
  double diameter;   // pipe/valve/pump diameter -> m (in or mm)
  double pressure;   // -> m of water head
  double volume;     // -> m³
  double power;      // -> W (hp or kW)
  double roughness;  // D-W roughness -> m (millifeet or mm); 1 for H-W and C-M
};

UnitFactors unit_factors(FlowUnits flow, PressureUnits pressure, HeadlossFormula headloss);

}  // namespace lifeline::net
