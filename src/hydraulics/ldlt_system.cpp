// The default LinearSystem: an up-looking LDLᵀ (Davis, "Algorithm 849: a
// concise sparse Cholesky factorization package", 2005) whose every index is
// fixed at analysis. The gradient method factors a matrix of one pattern
// thousands of times per run, and Eigen's SimplicialLDLT, like LDL itself,
// walks the elimination tree again at every factorisation to find each
// row's pattern. Here the walk is done once: analyze() records, per row k,
// the columns j of L(k, j) in the order Eigen visits them and where L(k, j)
// is stored, so factor() is straight loops over arrays. Same operations in
// the same order as Eigen's, hence the same bits (linear_system_test.cpp).
#include <algorithm>

#include "hydraulics/linear_system.h"

namespace lifeline::hydraulics {

namespace {

class LdltSystem final : public LinearSystem {
 public:
  void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) override {
    n_ = n;
    if (n == 0) return;
    a_ = amd_upper_pattern(n, offdiag);
    // Where each entry of the permuted upper triangle comes from: column k
    // is offdiag[] entries (rows ascending), then the diagonal, diag[order[k]].
    source_.assign(a_.row.size(), -1);
    for (std::size_t e = 0; e < a_.off_slot.size(); ++e) source_[a_.off_slot[e]] = static_cast<int>(e);
    const int* ap = a_.col_start.data();
    const int* ai = a_.row.data();

    // Elimination tree and column counts of L (Liu's algorithm).
    std::vector<int> parent(n, -1), tag(n), count(n, 0);
    for (int k = 0; k < n; ++k) {
      tag[k] = k;
      for (int p = ap[k]; p < ap[k + 1]; ++p) {
        for (int i = ai[p]; i < k && tag[i] != k; i = parent[i]) {
          if (parent[i] == -1) parent[i] = k;
          ++count[i];
          tag[i] = k;
        }
      }
    }
    l_start_.assign(n + 1, 0);
    for (int j = 0; j < n; ++j) l_start_[j + 1] = l_start_[j] + count[j];
    l_row_.assign(l_start_[n], 0);
    l_value_.assign(l_start_[n], 0.0);
    d_.assign(n, 0.0);

    // Row patterns in Eigen's visiting order: for each entry of A's column k,
    // the path up the tree to the first node already seen, each path pushed
    // in front of the previous ones.
    row_start_.assign(n + 1, 0);
    row_col_.clear();
    row_pos_.clear();
    row_col_.reserve(l_start_[n]);
    row_pos_.reserve(l_start_[n]);
    std::vector<int> filled(n, 0), path(n), stack(n);
    std::fill(tag.begin(), tag.end(), -1);
    for (int k = 0; k < n; ++k) {
      tag[k] = k;
      int top = n;
      for (int p = ap[k]; p < ap[k + 1]; ++p) {
        int len = 0;
        for (int i = ai[p]; tag[i] != k; i = parent[i]) {
          path[len++] = i;
          tag[i] = k;
        }
        while (len > 0) stack[--top] = path[--len];
      }
      for (; top < n; ++top) {
        const int j = stack[top];
        const int pos = l_start_[j] + filled[j]++;
        l_row_[pos] = k;
        row_col_.push_back(j);
        row_pos_.push_back(pos);
      }
      row_start_[k + 1] = static_cast<int>(row_col_.size());
    }
    y_.assign(n, 0.0);
    x_.assign(n, 0.0);
  }

  int solve(const double* diag, const double* offdiag, double* b) override {
    if (n_ == 0) return -1;
    if (const int k = factor(diag, offdiag); k >= 0) return a_.order[k];
    for (int k = 0; k < n_; ++k) x_[k] = b[a_.order[k]];
    solve_factored();
    for (int k = 0; k < n_; ++k) b[a_.order[k]] = x_[k];
    return -1;
  }

 private:
  // Returns -1, or the first row (elimination order) whose pivot is not
  // positive, where EPANET's Cholesky stops too.
  int factor(const double* diag, const double* offdiag) {
    const int* ap = a_.col_start.data();
    const int* ai = a_.row.data();
    const int* lp = l_start_.data();
    const int* li = l_row_.data();
    double* lx = l_value_.data();
    double* y = y_.data();
    for (int k = 0; k < n_; ++k) {
      // A's column k, read straight from the caller's arrays.
      for (int p = ap[k]; p < ap[k + 1] - 1; ++p) y[ai[p]] += offdiag[source_[p]];
      y[k] += diag[a_.order[k]];
      double d = y[k];
      y[k] = 0.0;
      for (int r = row_start_[k]; r < row_start_[k + 1]; ++r) {
        const int j = row_col_[r], end = row_pos_[r];
        const double yj = y[j];
        y[j] = 0.0;
        const double l = yj / d_[j];
        for (int p = lp[j]; p < end; ++p) y[li[p]] -= lx[p] * yj;
        d -= l * yj;
        lx[end] = l;
      }
      d_[k] = d;  // y is all zero again: every entry set above was consumed
      if (!(d > 0.0)) return k;
    }
    return -1;
  }

  // L D Lᵀ x = b in the permuted order, x_ holding b on entry.
  void solve_factored() {
    const int* lp = l_start_.data();
    const int* li = l_row_.data();
    const double* lx = l_value_.data();
    double* x = x_.data();
    for (int j = 0; j < n_; ++j) {
      const double xj = x[j];
      if (xj == 0.0) continue;
      for (int p = lp[j]; p < lp[j + 1]; ++p) x[li[p]] -= xj * lx[p];
    }
    for (int j = 0; j < n_; ++j) x[j] /= d_[j];
    for (int j = n_ - 1; j >= 0; --j) {
      double xj = x[j];
      for (int p = lp[j]; p < lp[j + 1]; ++p) xj -= lx[p] * x[li[p]];
      x[j] = xj;
    }
  }

  int n_ = 0;
  UpperPattern a_;
  std::vector<int> source_;                    // per entry of a_: its offdiag[] index (-1: the diagonal)
  std::vector<int> l_start_, l_row_;           // L's pattern (CSC, unit diagonal not stored)
  std::vector<double> l_value_, d_;            // L's values and D
  std::vector<int> row_start_, row_col_, row_pos_;  // per row k: the j of each L(k, j) and its slot
  std::vector<double> y_, x_;                  // scratch: the row being factored; the solution
};

}  // namespace

std::unique_ptr<LinearSystem> make_ldlt_system() { return std::make_unique<LdltSystem>(); }

}  // namespace lifeline::hydraulics
