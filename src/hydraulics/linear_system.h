// The sparse symmetric positive-definite system of one gradient-method
// iteration: one row per junction, A x = b. The sparsity pattern is fixed
// for a network, so the fill-reducing ordering and the symbolic
// factorisation are done once (analyze) and only the numeric factorisation
// is repeated (solve). Implementations:
//  - ldlt (the default): LDLᵀ on a pattern fixed at analysis (ldlt_system.cpp);
//  - eigen: Eigen's SimplicialLDLT, which it reproduces bit for bit;
//  - cholmod: SuiteSparse CHOLMOD's simplicial LDLᵀ (cholmod_system.cpp), a
//    baseline only: CHOLMOD is GPL, so the lifeline binary does not link it;
//    the benchmark and the engine's tests call use_cholmod() (cholmod_system.h).
// bench/hyd_bench.cpp times the three (linear_solve/...).
#pragma once

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace lifeline::hydraulics {

class LinearSystem {
 public:
  virtual ~LinearSystem() = default;
  // n rows; offdiag lists each off-diagonal position (i, j), i != j, once
  // (either orientation). Called once per network.
  virtual void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) = 0;
  // Factors A = diag + offdiag (values in analyze's order) and solves in
  // place: b becomes x. Returns -1, or the row whose pivot was not positive
  // (EPANET's "ill-conditioned" case), in which case b is unspecified.
  virtual int solve(const double* diag, const double* offdiag, double* b) = 0;
};

enum class LinearSolverKind { ldlt, eigen, cholmod };

// Null for cholmod unless a program linked with CHOLMOD called use_cholmod().
std::unique_ptr<LinearSystem> make_linear_system(LinearSolverKind kind);
bool available(LinearSolverKind kind);
using LinearSystemFactory = std::unique_ptr<LinearSystem> (*)();
void provide_cholmod(LinearSystemFactory make);
const char* to_string(LinearSolverKind kind);
bool parse_linear_solver(std::string_view text, LinearSolverKind& kind);

// Shared by the ldlt and eigen systems: the matrix's upper triangle after
// AMD ordering, in compressed columns (rows ascending, so each column ends
// with its diagonal), and where each of analyze()'s values goes in it.
struct UpperPattern {
  std::vector<int> order, position;     // order[new] = old row; position[old] = new
  std::vector<int> col_start, row;      // CSC of the permuted upper triangle
  std::vector<int> diag_slot, off_slot; // value index of each diagonal / offdiag entry
};
UpperPattern amd_upper_pattern(int n, const std::vector<std::pair<int, int>>& offdiag);

}  // namespace lifeline::hydraulics
