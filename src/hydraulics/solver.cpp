#include "hydraulics/solver.h"

namespace lifeline::hydraulics {

struct Solver::Impl {};
Solver::Solver(const Model&, LinearSolverKind) : impl_(std::make_unique<Impl>()) {}
Solver::~Solver() = default;
Result<SolveStats> Solver::solve(State&) { return Error::internal("hydraulics: not built yet"); }

}  // namespace lifeline::hydraulics
