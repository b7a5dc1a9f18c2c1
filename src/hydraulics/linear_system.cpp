#include "hydraulics/linear_system.h"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCholesky>

namespace lifeline::hydraulics {

std::unique_ptr<LinearSystem> make_cholmod_system();  // cholmod_system.cpp

namespace {

// Eigen's simplicial LDLᵀ. The AMD ordering is applied once, to the
// pattern: values are scattered straight into the permuted upper triangle
// through a precomputed map, so a numeric factorisation neither permutes nor
// allocates.
class EigenSystem final : public LinearSystem {
 public:
  void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) override {
    n_ = n;
    if (n == 0) return;
    // AMD on the full symmetric pattern.
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(n + 2 * offdiag.size());
    for (int i = 0; i < n; ++i) triplets.emplace_back(i, i, 1.0);
    for (const auto& [i, j] : offdiag) triplets.emplace_back(i, j, 1.0), triplets.emplace_back(j, i, 1.0);
    Eigen::SparseMatrix<double, Eigen::ColMajor, int> full(n, n);
    full.setFromTriplets(triplets.begin(), triplets.end());
    Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> perm;  // perm[new] = old
    Eigen::AMDOrdering<int>()(full, perm);
    order_.assign(perm.indices().data(), perm.indices().data() + n);
    position_.assign(n, 0);
    for (int k = 0; k < n; ++k) position_[order_[k]] = k;
    // The permuted upper triangle.
    triplets.clear();
    for (int i = 0; i < n; ++i) triplets.emplace_back(position_[i], position_[i], 1.0);
    for (const auto& [i, j] : offdiag) {
      const int a = position_[i], b = position_[j];
      triplets.emplace_back(std::min(a, b), std::max(a, b), 1.0);
    }
    a_.resize(n, n);
    a_.setFromTriplets(triplets.begin(), triplets.end());
    a_.makeCompressed();
    diag_slot_.resize(n);
    for (int i = 0; i < n; ++i) diag_slot_[i] = slot(position_[i], position_[i]);
    off_slot_.resize(offdiag.size());
    for (std::size_t k = 0; k < offdiag.size(); ++k) {
      const int a = position_[offdiag[k].first], b = position_[offdiag[k].second];
      off_slot_[k] = slot(std::min(a, b), std::max(a, b));
    }
    ldlt_.analyzePattern(a_);
    rhs_.resize(n);
  }

  int solve(const double* diag, const double* offdiag, double* b) override {
    if (n_ == 0) return -1;
    double* values = a_.valuePtr();  // every stored entry is a diagonal or exactly one slot
    for (int i = 0; i < n_; ++i) values[diag_slot_[i]] = diag[i];
    for (std::size_t k = 0; k < off_slot_.size(); ++k) values[off_slot_[k]] = offdiag[k];
    ldlt_.factorize(a_);
    // EPANET's Cholesky fails at the first pivot that is not positive; find
    // it in elimination order and name the row it belongs to.
    const auto& d = ldlt_.vectorD();
    if (ldlt_.info() != Eigen::Success || !(d.minCoeff() > 0.0)) {
      for (int k = 0; k < n_; ++k)
        if (!(d[k] > 0.0)) return order_[k];
      return order_.empty() ? 0 : order_[0];
    }
    for (int k = 0; k < n_; ++k) rhs_[k] = b[order_[k]];
    ldlt_.matrixL().solveInPlace(rhs_);
    rhs_.array() /= ldlt_.vectorD().array();
    ldlt_.matrixU().solveInPlace(rhs_);
    for (int k = 0; k < n_; ++k) b[order_[k]] = rhs_[k];
    return -1;
  }

 private:
  int slot(int row, int col) const {  // index of (row, col) in the CSC value array
    const int* outer = a_.outerIndexPtr();
    const int* inner = a_.innerIndexPtr();
    const int* begin = inner + outer[col];
    const int* end = inner + outer[col + 1];
    return static_cast<int>(std::lower_bound(begin, end, row) - inner);
  }

  int n_ = 0;
  std::vector<int> order_, position_;  // order_[new] = old junction; position_[old] = new
  Eigen::SparseMatrix<double, Eigen::ColMajor, int> a_;
  std::vector<int> diag_slot_, off_slot_;
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double, Eigen::ColMajor, int>, Eigen::Upper, Eigen::NaturalOrdering<int>>
      ldlt_;
  Eigen::VectorXd rhs_;
};

}  // namespace

std::unique_ptr<LinearSystem> make_linear_system(LinearSolverKind kind) {
  if (kind == LinearSolverKind::cholmod) return make_cholmod_system();
  return std::make_unique<EigenSystem>();
}

const char* to_string(LinearSolverKind kind) { return kind == LinearSolverKind::cholmod ? "cholmod" : "eigen"; }

bool parse_linear_solver(std::string_view text, LinearSolverKind& kind) {
  if (text == "eigen") kind = LinearSolverKind::eigen;
  else if (text == "cholmod") kind = LinearSolverKind::cholmod;
  else return false;
  return true;
}

}  // namespace lifeline::hydraulics
