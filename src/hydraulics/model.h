// The hydraulic model: a net::Network compiled into the arrays EPANET's
// solver works on, in EPANET's internal units (ft, cfs, s; see units.h).
//
// Node order: junctions first [0, n_junctions), then tanks and reservoirs
// (the fixed-grade nodes) in file order, as EPANET numbers them. Link order
// is the file's. node_source/link index map back to the net::Network.
//
// A Model is a plain value: copy it to change one scenario's statuses or
// demand model; everything that depends only on topology is shared by the
// solver (see solver.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "hydraulics/units.h"
#include "net/network.h"

namespace lifeline::hydraulics {

class RuleSet;

inline constexpr double kMissing = -1.0e10;  // EPANET's MISSING: a valve setting "fixed open/closed"
inline constexpr double kBig = 1.0e10;       // EPANET's BIG

// EPANET's internal link status codes, in its order: comparisons such as
// "status <= closed" are EPANET's own.
enum class Status : std::uint8_t { xhead, temp_closed, closed, open, active, xflow, xfcv, xpressure };

enum class LinkKind : std::uint8_t { cvpipe, pipe, pump, prv, psv, pbv, fcv, tcv, gpv, pcv };
inline bool is_pipe(LinkKind k) { return k == LinkKind::cvpipe || k == LinkKind::pipe; }

enum class PumpCurve : std::uint8_t { constant_power, power_function, custom, none };
enum class DemandModel : std::uint8_t { dda, pda };

struct Curve {  // points in the file's own units, as EPANET keeps them
  std::vector<double> x, y;
};

struct Pattern {
  std::vector<double> factors;  // never empty (an empty pattern is {1.0})
};

struct DemandCategory {
  double base = 0;  // cfs
  int pattern = 0;  // index into Model::patterns (the default pattern resolved)
};

struct Link {
  LinkKind kind = LinkKind::pipe;
  int n1 = 0, n2 = 0;       // model node indices
  double diameter = 0;      // ft
  double length = 0;        // ft
  double kc = 0;            // roughness (H-W C, D-W ft, C-M n); pump speed; valve setting (internal units) or kMissing
  double km = 0;            // minor loss as head loss / flow² (0.02517 K / D⁴)
  double r = 0;             // resistance (resistcoeff)
  Status status = Status::open;  // initial status
  int pump = -1;            // index into Model::pumps
  int curve = -1;           // GPV head-loss curve, PCV valve curve
};

struct Pump {
  int link = 0;
  PumpCurve type = PumpCurve::none;
  double h0 = 0, r = 0, n = 1;  // head loss = h0 + r q^n (h0 < 0: shutoff head gain), internal units
  double q0 = 0;                // initial flow (cfs)
  double qmax = 0, hmax = 0;    // max flow (cfs), shutoff head (ft)
  int head_curve = -1;
  int speed_pattern = -1;
};

struct Tank {
  int node = 0;
  bool reservoir = false;   // reservoirs have area 0
  double h0 = 0, hmin = 0, hmax = 0;  // ft of head
  double area = 0;          // ft²
  double v0 = 0, vmin = 0, vmax = 0;  // ft³
  int volume_curve = -1;
  int head_pattern = -1;    // reservoirs
  bool can_overflow = false;
};

enum class ControlType : std::uint8_t { low_level, high_level, timer, time_of_day };

struct Control {  // a simple control, as EPANET's Scontrol
  int link = 0;
  int node = -1;            // -1 for time controls
  ControlType type = ControlType::timer;
  double grade = 0;         // ft of head (level or pressure converted to head)
  long long time = 0;       // s
  Status status = Status::active;
  double setting = kMissing;
};

struct Options {
  net::HeadlossFormula headloss = net::HeadlossFormula::hazen_williams;
  DemandModel demand_model = DemandModel::dda;
  double hexp = 1.852;      // head loss exponent (2 for D-W and C-M)
  double qexp = 2.0;        // emitter: head loss ∝ q^qexp (1 / EMITTER EXPONENT)
  double viscosity = 1.1e-5;  // ft²/s
  double specific_gravity = 1.0;
  double demand_multiplier = 1.0;
  double pmin = 0, preq = 0.1 / kMPerFt, pexp = 0.5;  // PDA, ft
  double hacc = 0.001, htol = 0.0005, qtol = 0.0001, rqtol = 1e-7;
  int max_iter = 200, extra_iter = -1;  // UNBALANCED STOP = -1, CONTINUE n = n
  int check_freq = 2, max_check = 10;
  double damp_limit = 0, head_error_limit = 0, flow_change_limit = 0;
  bool emitter_backflow = true;
};

struct Times {
  long long duration = 0, hydraulic_step = 3600, pattern_step = 3600, pattern_start = 0;
  long long report_step = 3600, report_start = 0, start_clocktime = 0, rule_step = 360;
};

struct Model {
  int n_junctions = 0;
  std::vector<std::string> node_id, link_id;  // for messages and reports
  std::vector<net::Index> node_source;  // model node -> net node
  std::vector<int> node_of;             // net node -> model node
  std::vector<double> elevation;        // ft
  std::vector<int> demand_start;        // junction i's categories: [demand_start[i], demand_start[i+1])
  std::vector<DemandCategory> demands;
  std::vector<double> emitter;          // Ke per junction (0: none), internal
  std::vector<int> tank_of_node;        // -1 for junctions
  std::vector<Tank> tanks;              // tanks and reservoirs, in node order
  std::vector<Link> links;
  std::vector<Pump> pumps;
  std::vector<int> valves;              // link indices of valves, in link order
  std::vector<Curve> curves;
  std::vector<Pattern> patterns;
  std::vector<Control> controls;
  std::shared_ptr<const RuleSet> rules;  // [RULES], compiled; null when there are none
  Options options;
  Times times;
  Ucf ucf;
  net::FlowUnits flow_units = net::FlowUnits::gpm;
  net::PressureUnits pressure_units = net::PressureUnits::psi;

  int n_nodes() const { return static_cast<int>(elevation.size()); }
  int n_links() const { return static_cast<int>(links.size()); }
};

// EPANET's interp(): linear interpolation of y at xx over increasing x,
// clamped at both ends.
double interpolate(const std::vector<double>& x, const std::vector<double>& y, double xx);

// Compiles the network. Errors name the element and what is wrong with it
// (e.g. a pump curve EPANET would reject with its error 227).
Result<Model> build_model(const net::Network& network);

}  // namespace lifeline::hydraulics
