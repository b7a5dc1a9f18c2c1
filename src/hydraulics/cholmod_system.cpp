// The LinearSystem on SuiteSparse CHOLMOD: the fill-reducing ordering and
// the symbolic factorisation are computed once in analyze(); every solve is
// one numeric cholmod_factorize and one cholmod_solve2 into preallocated
// dense workspaces, so a solve allocates nothing after the first.
#include <cholmod.h>

#include <algorithm>
#include <numeric>

#include "hydraulics/linear_system.h"

namespace lifeline::hydraulics {

namespace {

class CholmodSystem final : public LinearSystem {
 public:
  CholmodSystem() {
    cholmod_start(&common_);
    // A matrix that is not positive definite is an expected outcome (EPANET's
    // ill-conditioned case), reported through solve()'s return value: keep
    // CHOLMOD from printing a warning for it.
    common_.print = 0;
    // Only AMD: water networks are near-planar and sparse, AMD's fill is
    // close to METIS's and AMD orders a 100k-row matrix many times faster
    // (bench/hyd_bench.cpp, solver micro-benchmark).
    common_.nmethods = 1;
    common_.method[0].ordering = CHOLMOD_AMD;
  }

  ~CholmodSystem() override { release(); cholmod_finish(&common_); }

  CholmodSystem(const CholmodSystem&) = delete;
  CholmodSystem& operator=(const CholmodSystem&) = delete;

  void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) override {
    release();
    n_ = n;
    if (n == 0) return;
    // Lower triangle in CSC: column j holds rows i >= j, sorted, diagonal first.
    std::vector<std::vector<int>> rows(n);
    for (int j = 0; j < n; ++j) rows[j].push_back(j);
    for (const auto& [a, b] : offdiag) rows[std::min(a, b)].push_back(std::max(a, b));
    const auto nnz = static_cast<std::size_t>(n) + offdiag.size();
    a_ = cholmod_allocate_sparse(n, n, nnz, /*sorted=*/1, /*packed=*/1, /*stype=*/-1, CHOLMOD_REAL, &common_);
    auto* colptr = static_cast<int*>(a_->p);
    auto* rowidx = static_cast<int*>(a_->i);
    colptr[0] = 0;
    for (int j = 0; j < n; ++j) {
      std::sort(rows[j].begin(), rows[j].end());
      std::copy(rows[j].begin(), rows[j].end(), rowidx + colptr[j]);
      colptr[j + 1] = colptr[j] + static_cast<int>(rows[j].size());
    }
    auto slot = [&](int i, int j) {  // position of (max, min) in the value array
      const int row = std::max(i, j), col = std::min(i, j);
      return static_cast<int>(std::lower_bound(rowidx + colptr[col], rowidx + colptr[col + 1], row) - rowidx);
    };
    diag_slot_.resize(n);
    for (int i = 0; i < n; ++i) diag_slot_[i] = slot(i, i);
    off_slot_.resize(offdiag.size());
    for (std::size_t k = 0; k < offdiag.size(); ++k) off_slot_[k] = slot(offdiag[k].first, offdiag[k].second);
    std::fill_n(static_cast<double*>(a_->x), nnz, 0.0);

    factor_ = cholmod_analyze(a_, &common_);
    rhs_ = cholmod_allocate_dense(n, 1, n, CHOLMOD_REAL, &common_);
  }

  int solve(const double* diag, const double* offdiag, double* b) override {
    if (n_ == 0) return -1;
    auto* values = static_cast<double*>(a_->x);
    for (int i = 0; i < n_; ++i) values[diag_slot_[i]] = diag[i];
    for (std::size_t k = 0; k < off_slot_.size(); ++k) values[off_slot_[k]] = offdiag[k];
    cholmod_factorize(a_, factor_, &common_);
    const int failed = failed_row();
    if (failed >= 0) return failed;
    std::copy_n(b, n_, static_cast<double*>(rhs_->x));
    cholmod_solve2(CHOLMOD_A, factor_, rhs_, nullptr, &x_, nullptr, &y_, &e_, &common_);
    std::copy_n(static_cast<const double*>(x_->x), n_, b);
    return -1;
  }

 private:
  // EPANET's Cholesky stops at the first pivot that is not positive; name the
  // row of the original numbering it belongs to. CHOLMOD stops an LLᵀ
  // factorisation there itself (L->minor), but its simplicial LDLᵀ goes on
  // past a negative pivot, so D is scanned in elimination order.
  int failed_row() const {
    const auto* perm = static_cast<const int*>(factor_->Perm);
    std::size_t first = common_.status == CHOLMOD_NOT_POSDEF ? factor_->minor : factor_->n;
    if (!factor_->is_ll && !factor_->is_super) {
      const auto* colptr = static_cast<const int*>(factor_->p);
      const auto* x = static_cast<const double*>(factor_->x);
      for (std::size_t k = 0; k < first; ++k) {
        if (!(x[colptr[k]] > 0.0)) {  // D(k) leads column k
          first = k;
          break;
        }
      }
    }
    if (first < factor_->n) return perm[first];
    return common_.status < CHOLMOD_OK ? 0 : -1;  // out of memory: no row to blame
  }

  void release() {
    if (a_) cholmod_free_sparse(&a_, &common_);
    if (factor_) cholmod_free_factor(&factor_, &common_);
    if (rhs_) cholmod_free_dense(&rhs_, &common_);
    if (x_) cholmod_free_dense(&x_, &common_);
    if (y_) cholmod_free_dense(&y_, &common_);
    if (e_) cholmod_free_dense(&e_, &common_);
  }

  cholmod_common common_{};
  int n_ = 0;
  cholmod_sparse* a_ = nullptr;
  cholmod_factor* factor_ = nullptr;
  cholmod_dense* rhs_ = nullptr;
  cholmod_dense* x_ = nullptr;  // cholmod_solve2's solution and workspaces, reused
  cholmod_dense* y_ = nullptr;
  cholmod_dense* e_ = nullptr;
  std::vector<int> diag_slot_, off_slot_;
};

}  // namespace

std::unique_ptr<LinearSystem> make_cholmod_system() { return std::make_unique<CholmodSystem>(); }

}  // namespace lifeline::hydraulics
