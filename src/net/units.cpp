#include "net/units.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace lifeline::net {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

constexpr double kFoot = 0.3048;                // m
constexpr double kCubicFoot = kFoot * kFoot * kFoot;  // m³
constexpr double kUsGallon = 3.785411784e-3;    // m³
constexpr double kImperialGallon = 4.54609e-3;  // m³
constexpr double kAcreFoot = 1233.48183754752;  // m³
constexpr double kDay = 86400.0;                // s
constexpr double kPsi = 6894.757293168 / 9806.65;  // m of water head per psi

}  // namespace

const char* to_string(FlowUnits u) {
  switch (u) {
    case FlowUnits::cfs: return "CFS";
    case FlowUnits::gpm: return "GPM";
    case FlowUnits::mgd: return "MGD";
    case FlowUnits::imgd: return "IMGD";
    case FlowUnits::afd: return "AFD";
    case FlowUnits::lps: return "LPS";
    case FlowUnits::lpm: return "LPM";
    case FlowUnits::mld: return "MLD";
    case FlowUnits::cmh: return "CMH";
    case FlowUnits::cmd: return "CMD";
    case FlowUnits::cms: return "CMS";
  }
  return "?";
}

const char* to_string(PressureUnits u) {
  switch (u) {
    case PressureUnits::psi: return "PSI";
    case PressureUnits::kpa: return "KPA";
    case PressureUnits::meters: return "METERS";
    case PressureUnits::bar: return "BAR";
    case PressureUnits::feet: return "FEET";
  }
  return "?";
}

const char* to_string(HeadlossFormula f) {
  switch (f) {
    case HeadlossFormula::hazen_williams: return "H-W";
    case HeadlossFormula::darcy_weisbach: return "D-W";
    case HeadlossFormula::chezy_manning: return "C-M";
  }
  return "?";
}

std::optional<FlowUnits> parse_flow_units(std::string_view text) {
  for (auto u : {FlowUnits::cfs, FlowUnits::gpm, FlowUnits::mgd, FlowUnits::imgd, FlowUnits::afd, FlowUnits::lps,
                 FlowUnits::lpm, FlowUnits::mld, FlowUnits::cmh, FlowUnits::cmd, FlowUnits::cms}) {
    if (iequals(text, to_string(u))) return u;
  }
  return std::nullopt;
}

std::optional<PressureUnits> parse_pressure_units(std::string_view text) {
  for (auto u : {PressureUnits::psi, PressureUnits::kpa, PressureUnits::meters, PressureUnits::bar,
                 PressureUnits::feet}) {
    if (iequals(text, to_string(u))) return u;
  }
  return std::nullopt;
}

std::optional<HeadlossFormula> parse_headloss(std::string_view text) {
  for (auto f : {HeadlossFormula::hazen_williams, HeadlossFormula::darcy_weisbach, HeadlossFormula::chezy_manning}) {
    if (iequals(text, to_string(f))) return f;
  }
  return std::nullopt;
}

bool is_us(FlowUnits u) {
  return u == FlowUnits::cfs || u == FlowUnits::gpm || u == FlowUnits::mgd || u == FlowUnits::imgd ||
         u == FlowUnits::afd;
}

PressureUnits default_pressure_units(FlowUnits u) { return is_us(u) ? PressureUnits::psi : PressureUnits::meters; }

UnitFactors unit_factors(FlowUnits flow, PressureUnits pressure, HeadlossFormula headloss) {
  UnitFactors f{};
  switch (flow) {
    case FlowUnits::cfs: f.flow = kCubicFoot; break;
    case FlowUnits::gpm: f.flow = kUsGallon / 60.0; break;
    case FlowUnits::mgd: f.flow = 1e6 * kUsGallon / kDay; break;
    case FlowUnits::imgd: f.flow = 1e6 * kImperialGallon / kDay; break;
    case FlowUnits::afd: f.flow = kAcreFoot / kDay; break;
    case FlowUnits::lps: f.flow = 1e-3; break;
    case FlowUnits::lpm: f.flow = 1e-3 / 60.0; break;
    case FlowUnits::mld: f.flow = 1e3 / kDay; break;
    case FlowUnits::cmh: f.flow = 1.0 / 3600.0; break;
    case FlowUnits::cmd: f.flow = 1.0 / kDay; break;
    case FlowUnits::cms: f.flow = 1.0; break;
  }
  const bool us = is_us(flow);
  f.length = us ? kFoot : 1.0;
  f.diameter = us ? 0.0254 : 1e-3;
  f.volume = us ? kCubicFoot : 1.0;
  f.power = us ? 745.699872 : 1000.0;
  switch (pressure) {
    case PressureUnits::psi: f.pressure = kPsi; break;
    case PressureUnits::kpa: f.pressure = 1000.0 / 9806.65; break;
    case PressureUnits::meters: f.pressure = 1.0; break;
    case PressureUnits::bar: f.pressure = 1e5 / 9806.65; break;
    case PressureUnits::feet: f.pressure = kFoot; break;
  }
  f.roughness = headloss == HeadlossFormula::darcy_weisbach ? (us ? 1e-3 * kFoot : 1e-3) : 1.0;
  return f;
}

}  // namespace lifeline::net
