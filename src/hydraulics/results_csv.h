// Results as a long CSV table for spreadsheets and scripts: one row per
// element per hydraulic step, in the file's own units and EPANET's toolkit
// conventions (see ToolkitValues in epanet_json.h).
//
//   t,kind,id,head,pressure,demand,deficit,flow,velocity,headloss,status,setting
//   0,JUNCTION,10,1004.3474,127.54072,0,,,
//   0,PUMP,9,,,,1866.1758,1,1
//
// Node rows leave the link columns empty and link rows the node columns;
// kind is EPANET's type name (JUNCTION, TANK, CVPIPE, PRV, ...); status is
// EN_STATUS (0 closed, 1 open, 2 regulating valve). Numbers are %.8g.
#pragma once

#include <ostream>

#include "hydraulics/model.h"
#include "hydraulics/simulation.h"
#include "net/network.h"

namespace lifeline::hydraulics {

// network is the one the model was built from (ids). Results must hold node
// and link records.
void write_results_csv(std::ostream& out, const net::Network& network, const Model& model, const Results& results);

}  // namespace lifeline::hydraulics
