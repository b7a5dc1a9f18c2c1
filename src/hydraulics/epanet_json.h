// Results as EPANET's toolkit reports them, and the epanet-hyd-reference/1
// JSON document made of them.
//
// ToolkitValues gives, for one recorded step, what EN_getnodevalue and
// EN_getlinkvalue (EPANET 2.3.5) return right after EN_runH, in the file's
// own units: EN_HEAD, EN_PRESSURE (head − elevation for every node: 0 at a
// reservoir unless a head pattern lifts it), EN_DEMAND (tanks and
// reservoirs: net inflow), EN_FLOW (0 for a closed link), EN_STATUS (0
// closed, 1 open, 2 a valve that regulates), EN_PUMP_STATE (the internal
// status code of every link; an open pump beyond its curve shows XFLOW or
// XHEAD) and EN_SETTING (pipes: roughness as the file gives it; pumps:
// speed; PRV/PSV/PBV: pressure; FCV: flow; TCV: loss coefficient; GPV: the
// 1-based curve index; an unset setting 0). The reference files of
// ../shared/networks were read with exactly these calls, so a result can be
// compared with EPANET's element by element.
//
// write_epanet_json writes a whole run in the schema of those files
// (../shared/networks/README.md §3): every hydraulic step, arrays in the
// model's node order (junctions, then tanks and reservoirs) and link order,
// numbers printed with %.8g as the references are. Results must hold node
// and link records (RecordOptions' default).
#pragma once

#include <ostream>
#include <string>

#include "hydraulics/model.h"
#include "hydraulics/simulation.h"
#include "net/network.h"

namespace lifeline::hydraulics {

// EPANET's names, as the toolkit and the reference files spell them.
const char* epanet_node_type(const Model& model, int node);  // JUNCTION, RESERVOIR, TANK
const char* epanet_link_type(LinkKind kind);                 // CVPIPE, PIPE, PUMP, PRV, ...
const char* epanet_flow_units(net::FlowUnits units);         // GPM, LPS, ...
const char* epanet_pressure_units(net::PressureUnits units); // psi, kPa, m, bar, ft

class ToolkitValues {
 public:
  // Both must outlive the view. model is the run's model (the scenario's).
  ToolkitValues(const Model& model, const Results& results) : model_(model), results_(results) {}

  int n_steps() const { return static_cast<int>(results_.steps.size()); }
  double elevation(int node) const { return model_.elevation[node] * model_.ucf.head; }

  double head(int step, int node) const;      // EN_HEAD
  double pressure(int step, int node) const;  // EN_PRESSURE
  double demand(int step, int node) const;    // EN_DEMAND
  double deficit(int step, int node) const;   // EN_DEMANDDEFICIT: demand asked for but not served (PDA)
  double flow(int step, int link) const;      // EN_FLOW
  double velocity(int step, int link) const;  // EN_VELOCITY: |flow| / area (0 for pumps and closed links)
  double headloss(int step, int link) const;  // EN_HEADLOSS: head lost along the link (a pump's gain is negative)
  int status(int step, int link) const;       // EN_STATUS
  int state(int step, int link) const;        // EN_PUMP_STATE
  double setting(int step, int link) const;   // EN_SETTING

  // EN_getstatistic after EN_runH, in file units.
  double max_head_error(int step) const { return results_.steps[step].stats.max_head_error * model_.ucf.head; }
  double max_flow_change(int step) const { return results_.steps[step].stats.max_flow_change * model_.ucf.flow; }

 private:
  const Model& model_;
  const Results& results_;
};

struct JsonRunInfo {
  std::string network;             // its name (e.g. the file's stem)
  std::string source;              // where it came from (e.g. the .inp path)
  long long duration_in_file = 0;  // s, the file's own Duration
};

// network is the one the model was built from (ids); scenario is the one
// the run used (demand model and duration of the run).
void write_epanet_json(std::ostream& out, const net::Network& network, const Model& model, const Scenario& scenario,
                       const Results& results, const JsonRunInfo& info);

}  // namespace lifeline::hydraulics
