// EPANET's internal units and its conversion factors. The engine computes in
// EPANET's own units (ft, cfs, s) with EPANET's own factors so that its
// rounding, tolerances (Htol 0.0005 ft, Qtol 0.0001 cfs) and status decisions
// are the ones EPANET makes. The net model is SI; values enter through the
// file's units (si / net factor = file value, file value / ucf = internal).
#pragma once

#include "net/network.h"
#include "net/units.h"

namespace lifeline::hydraulics {

// EPANET 2.x constants (types.h), used as EPANET uses them.
inline constexpr double kGpmPerCfs = 448.831;
inline constexpr double kAfdPerCfs = 1.9837;
inline constexpr double kMgdPerCfs = 0.64632;
inline constexpr double kImgdPerCfs = 0.5382;
inline constexpr double kLpsPerCfs = 28.317;
inline constexpr double kLpmPerCfs = 1699.0;
inline constexpr double kCmhPerCfs = 101.94;
inline constexpr double kCmdPerCfs = 2446.6;
inline constexpr double kMldPerCfs = 2.4466;
inline constexpr double kM3PerFt3 = 0.028317;
inline constexpr double kMPerFt = 0.3048;
inline constexpr double kPsiPerFt = 0.4333;
inline constexpr double kKpaPerPsi = 6.895;
inline constexpr double kKwPerHp = 0.7457;

// Ucf: internal value × factor = file value (EPANET's Ucf[] array).
struct Ucf {
  double flow = 1;       // cfs -> file flow units
  double head = 1;       // ft -> ft or m (elevation, head, length, level)
  double diameter = 12;  // ft -> in or mm
  double pressure = 1;   // ft of head -> psi, kPa, m, bar, ft
  double volume = 1;     // ft³ -> ft³ or m³
  double power = 1;      // hp -> hp or kW
  double velocity = 1;   // ft/s -> ft/s or m/s
};

Ucf epanet_ucf(net::FlowUnits flow, net::PressureUnits pressure, double specific_gravity);

// Converts the net model's SI values into EPANET's internal units, through
// the file's units recorded in the model's options.
class ToInternal {
 public:
  ToInternal(const net::Options& options, double specific_gravity);
  double flow(double m3s) const { return m3s / si_.flow / ucf_.flow; }
  double head(double m) const { return m / si_.length / ucf_.head; }
  double pressure(double m_head) const { return m_head / si_.pressure / ucf_.pressure; }
  double diameter(double m) const { return m / si_.diameter / ucf_.diameter; }
  double volume(double m3) const { return m3 / si_.volume / ucf_.volume; }
  double power(double w) const { return w / si_.power / ucf_.power; }
  // D-W roughness: the model holds m; EPANET holds ft (mm or millifeet / 1000 / ucf.head).
  double dw_roughness(double m) const { return m / si_.roughness / (1000.0 * ucf_.head); }
  // Curve values in the file's own units (EPANET keeps curves untransformed).
  double file_flow(double m3s) const { return m3s / si_.flow; }
  double file_head(double m) const { return m / si_.length; }
  double file_volume(double m3) const { return m3 / si_.volume; }
  const Ucf& ucf() const { return ucf_; }
  const net::UnitFactors& si() const { return si_; }

 private:
  net::UnitFactors si_;
  Ucf ucf_;
};

}  // namespace lifeline::hydraulics
