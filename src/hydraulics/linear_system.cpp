#include "hydraulics/linear_system.h"

#include <amd.h>

#include <Eigen/SparseCholesky>

namespace lifeline::hydraulics {

std::unique_ptr<LinearSystem> make_ldlt_system();  // ldlt_system.cpp

using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;

namespace {

// Compressed columns of an n×n pattern given as (row, col) entries without
// duplicates: rows ascending in each column.
void compress(int n, const std::vector<std::pair<int, int>>& entries, std::vector<int>& start, std::vector<int>& row) {
  start.assign(n + 1, 0);
  for (const auto& e : entries) ++start[e.second + 1];
  for (int j = 0; j < n; ++j) start[j + 1] += start[j];
  row.assign(entries.size(), 0);
  std::vector<int> fill(start.begin(), start.end() - 1);
  for (const auto& [i, j] : entries) row[fill[j]++] = i;
  for (int j = 0; j < n; ++j) std::sort(row.begin() + start[j], row.begin() + start[j + 1]);
}

}  // namespace

UpperPattern amd_upper_pattern(int n, const std::vector<std::pair<int, int>>& offdiag) {
  UpperPattern pattern;
  if (n == 0) return pattern;
  // AMD (SuiteSparse's, the reference implementation) on the off-diagonal
  // pattern, both triangles.
  std::vector<std::pair<int, int>> entries;
  entries.reserve(2 * offdiag.size() + n);
  for (const auto& [i, j] : offdiag) entries.emplace_back(i, j), entries.emplace_back(j, i);
  std::vector<int> start, row;
  compress(n, entries, start, row);
  pattern.order.assign(n, 0);
  double control[AMD_CONTROL], info[AMD_INFO];
  amd_defaults(control);
  if (amd_order(n, start.data(), row.data(), pattern.order.data(), control, info) != AMD_OK) {
    for (int k = 0; k < n; ++k) pattern.order[k] = k;  // out of memory: natural order still solves
  }
  pattern.position.assign(n, 0);
  for (int k = 0; k < n; ++k) pattern.position[pattern.order[k]] = k;
  // The permuted upper triangle.
  entries.clear();
  for (int i = 0; i < n; ++i) entries.emplace_back(i, i);
  for (const auto& [i, j] : offdiag) {
    const int a = pattern.position[i], b = pattern.position[j];
    entries.emplace_back(std::min(a, b), std::max(a, b));
  }
  compress(n, entries, pattern.col_start, pattern.row);
  const auto slot = [&](int r, int col) {
    const auto begin = pattern.row.begin() + pattern.col_start[col];
    const auto end = pattern.row.begin() + pattern.col_start[col + 1];
    return static_cast<int>(std::lower_bound(begin, end, r) - pattern.row.begin());
  };
  pattern.diag_slot.resize(n);
  for (int i = 0; i < n; ++i) pattern.diag_slot[i] = slot(pattern.position[i], pattern.position[i]);
  pattern.off_slot.resize(offdiag.size());
  for (std::size_t k = 0; k < offdiag.size(); ++k) {
    const int a = pattern.position[offdiag[k].first], b = pattern.position[offdiag[k].second];
    pattern.off_slot[k] = slot(std::min(a, b), std::max(a, b));
  }
  return pattern;
}

namespace {

// Eigen's simplicial LDLᵀ on the pre-permuted upper triangle: values are
// scattered straight into it, so a numeric factorisation neither permutes
// nor allocates. Eigen recomputes each row's pattern from the elimination
// tree at every factorisation; the ldlt system does not (and is otherwise
// the same arithmetic).
class EigenSystem final : public LinearSystem {
 public:
  void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) override {
    n_ = n;
    if (n == 0) return;
    pattern_ = amd_upper_pattern(n, offdiag);
    std::vector<double> ones(pattern_.row.size(), 1.0);
    a_ = Eigen::Map<const SparseMatrix>(n, n, static_cast<int>(ones.size()), pattern_.col_start.data(),
                                        pattern_.row.data(), ones.data());
    ldlt_.analyzePattern(a_);
    rhs_.resize(n);
  }

  int solve(const double* diag, const double* offdiag, double* b) override {
    if (n_ == 0) return -1;
    double* values = a_.valuePtr();  // every stored entry is a diagonal or exactly one slot
    for (int i = 0; i < n_; ++i) values[pattern_.diag_slot[i]] = diag[i];
    for (std::size_t k = 0; k < pattern_.off_slot.size(); ++k) values[pattern_.off_slot[k]] = offdiag[k];
    ldlt_.factorize(a_);
    // EPANET's Cholesky fails at the first pivot that is not positive; find
    // it in elimination order and name the row it belongs to.
    const auto& d = ldlt_.vectorD();
    if (ldlt_.info() != Eigen::Success || !(d.minCoeff() > 0.0)) {
      for (int k = 0; k < n_; ++k)
        if (!(d[k] > 0.0)) return pattern_.order[k];
      return pattern_.order[0];
    }
    for (int k = 0; k < n_; ++k) rhs_[k] = b[pattern_.order[k]];
    ldlt_.matrixL().solveInPlace(rhs_);
    rhs_.array() /= ldlt_.vectorD().array();
    ldlt_.matrixU().solveInPlace(rhs_);
    for (int k = 0; k < n_; ++k) b[pattern_.order[k]] = rhs_[k];
    return -1;
  }

 private:
  int n_ = 0;
  UpperPattern pattern_;
  SparseMatrix a_;
  Eigen::SimplicialLDLT<SparseMatrix, Eigen::Upper, Eigen::NaturalOrdering<int>> ldlt_;
  Eigen::VectorXd rhs_;
};

// Set before any solver is built (use_cholmod() at start-up), read after.
LinearSystemFactory cholmod_factory = nullptr;

}  // namespace

void provide_cholmod(LinearSystemFactory make) { cholmod_factory = make; }

bool available(LinearSolverKind kind) { return kind != LinearSolverKind::cholmod || cholmod_factory != nullptr; }

std::unique_ptr<LinearSystem> make_linear_system(LinearSolverKind kind) {
  switch (kind) {
    case LinearSolverKind::cholmod: return cholmod_factory ? cholmod_factory() : nullptr;
    case LinearSolverKind::eigen: return std::make_unique<EigenSystem>();
    case LinearSolverKind::ldlt: break;
  }
  return make_ldlt_system();
}

const char* to_string(LinearSolverKind kind) {
  switch (kind) {
    case LinearSolverKind::cholmod: return "cholmod";
    case LinearSolverKind::eigen: return "eigen";
    case LinearSolverKind::ldlt: break;
  }
  return "ldlt";
}

bool parse_linear_solver(std::string_view text, LinearSolverKind& kind) {
  for (auto candidate : {LinearSolverKind::ldlt, LinearSolverKind::eigen, LinearSolverKind::cholmod}) {
    if (text == to_string(candidate)) {
      kind = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace lifeline::hydraulics
