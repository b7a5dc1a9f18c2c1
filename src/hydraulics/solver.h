// One instant: the global gradient algorithm (Todini & Pilati 1988) as
// EPANET 2.3 applies it — head-loss coefficients per link type, the junction
// matrix, flow updates, valve and link status checks, pressure switches and
// EPANET's convergence tests (hydsolver.c, hydcoeffs.c, hydstatus.c).
//
// Under PDA, junctions cut off from every tank and reservoir are taken out
// of service (served demand 0, head at the island's lowest elevation) so the
// matrix stays positive definite.
#pragma once

#include <memory>
#include <vector>

#include "core/result.h"
#include "hydraulics/linear_system.h"
#include "hydraulics/model.h"
#include "hydraulics/state.h"

namespace lifeline::hydraulics {

struct SolveStats {
  int iterations = 0;
  double relative_error = 0;   // EPANET's sum |dq| / sum |q|
  double max_head_error = 0;   // ft
  double max_flow_change = 0;  // cfs
  bool balanced = true;        // relative_error <= accuracy
  int ill_conditioned_node = -1;  // a junction where the matrix lost positive definiteness
};

class Solver {
 public:
  // model must outlive the solver. The matrix pattern is analysed here, once.
  explicit Solver(const Model& model, LinearSolverKind kind = LinearSolverKind::ldlt);
  ~Solver();
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;

  // Solves heads and flows for the demands, statuses and settings in state
  // (EPANET's hydsolve). Fails only when the matrix is ill-conditioned and
  // no active valve explains it (EPANET error 110); the error names the node.
  Result<SolveStats> solve(State& state);

  // The junctions with no passable path to a tank or reservoir (a junction
  // with negative demand counts as a source, as in EPANET's disconnection
  // check). Recomputed only when what passes flow changed since the last
  // call; state.connected (the solver's own marks) is left as it is.
  const std::vector<int>& cut_off(State& state);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::hydraulics
