// Placeholder until the CHOLMOD implementation lands: falls back to Eigen.
#include "hydraulics/linear_system.h"

namespace lifeline::hydraulics {

std::unique_ptr<LinearSystem> make_cholmod_system() { return make_linear_system(LinearSolverKind::eigen); }

}  // namespace lifeline::hydraulics
