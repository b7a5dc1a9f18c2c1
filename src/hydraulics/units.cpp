#include "hydraulics/units.h"

namespace lifeline::hydraulics {

Ucf epanet_ucf(net::FlowUnits flow, net::PressureUnits pressure, double specific_gravity) {
  using net::FlowUnits;
  Ucf u;
  const bool us = net::is_us(flow);
  switch (flow) {
    case FlowUnits::cfs: u.flow = 1.0; break;
    case FlowUnits::gpm: u.flow = kGpmPerCfs; break;
    case FlowUnits::mgd: u.flow = kMgdPerCfs; break;
    case FlowUnits::imgd: u.flow = kImgdPerCfs; break;
    case FlowUnits::afd: u.flow = kAfdPerCfs; break;
    case FlowUnits::lps: u.flow = kLpsPerCfs; break;
    case FlowUnits::lpm: u.flow = kLpmPerCfs; break;
    case FlowUnits::mld: u.flow = kMldPerCfs; break;
    case FlowUnits::cmh: u.flow = kCmhPerCfs; break;
    case FlowUnits::cmd: u.flow = kCmdPerCfs; break;
    case FlowUnits::cms: u.flow = kM3PerFt3; break;
  }
  u.head = us ? 1.0 : kMPerFt;
  u.diameter = us ? 12.0 : 1000.0 * kMPerFt;
  u.volume = u.head * u.head * u.head;
  u.power = us ? 1.0 : kKwPerHp;
  u.velocity = u.head;
  switch (pressure) {
    case net::PressureUnits::psi: u.pressure = kPsiPerFt * specific_gravity; break;
    case net::PressureUnits::kpa: u.pressure = kKpaPerPsi * kPsiPerFt * specific_gravity; break;
    case net::PressureUnits::meters: u.pressure = kMPerFt * specific_gravity; break;
    case net::PressureUnits::bar: u.pressure = 0.01 * kKpaPerPsi * kPsiPerFt * specific_gravity; break;
    case net::PressureUnits::feet: u.pressure = specific_gravity; break;
  }
  return u;
}

ToInternal::ToInternal(const net::Options& options, double specific_gravity)
    : si_(net::unit_factors(options.flow_units, options.pressure_units, options.headloss)),
      ucf_(epanet_ucf(options.flow_units, options.pressure_units, specific_gravity)) {}

}  // namespace lifeline::hydraulics
