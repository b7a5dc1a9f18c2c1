#include "hydraulics/linear_system.h"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCholesky>

namespace lifeline::hydraulics {

std::unique_ptr<LinearSystem> make_cholmod_system();  // cholmod_system.cpp

namespace {

// Eigen's simplicial LDLᵀ with approximate minimum degree ordering. The
// values are scattered into a fixed CSC matrix through a precomputed map, so
// a numeric factorisation allocates nothing.
class EigenSystem final : public LinearSystem {
 public:
  void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) override {
    n_ = n;
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(n + offdiag.size());
    for (int i = 0; i < n; ++i) triplets.emplace_back(i, i, 1.0);
    for (const auto& [i, j] : offdiag) triplets.emplace_back(std::max(i, j), std::min(i, j), 1.0);
    a_.resize(n, n);
    a_.setFromTriplets(triplets.begin(), triplets.end());  // lower triangle, compressed
    a_.makeCompressed();
    diag_slot_.resize(n);
    for (int i = 0; i < n; ++i) diag_slot_[i] = slot(i, i);
    off_slot_.resize(offdiag.size());
    for (std::size_t k = 0; k < offdiag.size(); ++k)
      off_slot_[k] = slot(std::max(offdiag[k].first, offdiag[k].second), std::min(offdiag[k].first, offdiag[k].second));
    ldlt_.analyzePattern(a_);
    x_.resize(n);
  }

  int solve(const double* diag, const double* offdiag, double* b) override {
    double* values = a_.valuePtr();
    std::fill(values, values + a_.nonZeros(), 0.0);
    for (int i = 0; i < n_; ++i) values[diag_slot_[i]] = diag[i];
    for (std::size_t k = 0; k < off_slot_.size(); ++k) values[off_slot_[k]] += offdiag[k];
    ldlt_.factorize(a_);
    // EPANET's Cholesky fails at the first pivot that is not positive; find
    // it in elimination order and name the row it belongs to.
    const auto& d = ldlt_.vectorD();
    if (ldlt_.info() != Eigen::Success || !(d.minCoeff() > 0.0)) {
      const auto& p = ldlt_.permutationPinv();
      for (int k = 0; k < n_; ++k)
        if (!(d[k] > 0.0)) return p.indices()[k];
      return 0;
    }
    Eigen::Map<Eigen::VectorXd> rhs(b, n_);
    x_ = ldlt_.solve(rhs);
    rhs = x_;
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
  Eigen::SparseMatrix<double, Eigen::ColMajor, int> a_;
  std::vector<int> diag_slot_, off_slot_;
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double, Eigen::ColMajor, int>, Eigen::Lower,
                        Eigen::AMDOrdering<int>>
      ldlt_;
  Eigen::VectorXd x_;
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
