// CHOLMOD as a linear solver, for the programs that compare against it (the
// benchmark and the engine's tests link lifeline_hydraulics_cholmod). CHOLMOD
// is GPL; the lifeline binary does not link it (linear_system.h).
#pragma once

#include "hydraulics/linear_system.h"

namespace lifeline::hydraulics {

// Makes make_linear_system(LinearSolverKind::cholmod) available.
void use_cholmod();

}  // namespace lifeline::hydraulics
