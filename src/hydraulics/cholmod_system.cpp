// The LinearSystem on SuiteSparse CHOLMOD. analyze() orders the rows once
// (AMD and CHOLMOD's postorder) and stores the matrix already permuted, as
// the upper triangle: a simplicial factorisation in the natural order then
// works on that matrix in place, where CHOLMOD would otherwise permute and
// transpose a copy on every call. Each solve is one numeric
// cholmod_factorize and one cholmod_solve2 into dense workspaces kept from
// the previous solve, so it allocates nothing after the first.
//
// Choices measured by bench/hyd_bench.cpp (linear_*/city100000, 63.5k rows):
// the simplicial LDLᵀ beats CHOLMOD's supernodal LLᵀ several times over on
// these very sparse matrices (reference BLAS, small supernodes); METIS
// orders 6× slower than AMD for more fill.
#include <cholmod.h>

#include <algorithm>

#include "hydraulics/cholmod_system.h"

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
    common_.supernodal = CHOLMOD_SIMPLICIAL;
    common_.nmethods = 1;
  }

  ~CholmodSystem() override {
    release();
    cholmod_finish(&common_);
  }

  CholmodSystem(const CholmodSystem&) = delete;
  CholmodSystem& operator=(const CholmodSystem&) = delete;

  void analyze(int n, const std::vector<std::pair<int, int>>& offdiag) override {
    release();
    n_ = n;
    if (n == 0) return;
    // The original pattern, only to order it: position[k] is the row that
    // original row perm_[k] takes.
    perm_ = fill_reducing_order(n, offdiag);
    std::vector<int> position(n);
    for (int k = 0; k < n; ++k) position[perm_[k]] = k;

    // The permuted matrix's upper triangle in CSC: column j holds rows i <= j,
    // sorted, so the diagonal ends each column.
    std::vector<std::vector<int>> rows(n);
    for (int j = 0; j < n; ++j) rows[j].push_back(j);
    for (const auto& [a, b] : offdiag) {
      const int i = position[a], j = position[b];
      rows[std::max(i, j)].push_back(std::min(i, j));
    }
    a_ = compressed(n, offdiag.size(), rows, /*stype=*/1);
    const auto* colptr = static_cast<const int*>(a_->p);
    const auto* rowidx = static_cast<const int*>(a_->i);
    auto slot = [&](int i, int j) {
      const int row = std::min(i, j), col = std::max(i, j);
      return static_cast<int>(std::lower_bound(rowidx + colptr[col], rowidx + colptr[col + 1], row) - rowidx);
    };
    diag_slot_.resize(n);
    for (int i = 0; i < n; ++i) diag_slot_[i] = slot(position[i], position[i]);
    off_slot_.resize(offdiag.size());
    for (std::size_t k = 0; k < offdiag.size(); ++k)
      off_slot_[k] = slot(position[offdiag[k].first], position[offdiag[k].second]);

    common_.method[0].ordering = CHOLMOD_NATURAL;  // already ordered
    common_.postorder = 0;
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
    auto* rhs = static_cast<double*>(rhs_->x);
    for (int k = 0; k < n_; ++k) rhs[k] = b[perm_[k]];
    cholmod_solve2(CHOLMOD_A, factor_, rhs_, nullptr, &x_, nullptr, &y_, &e_, &common_);
    const auto* x = static_cast<const double*>(x_->x);
    for (int k = 0; k < n_; ++k) b[perm_[k]] = x[k];
    return -1;
  }

 private:
  // AMD followed by CHOLMOD's weighted postorder of the elimination tree.
  std::vector<int> fill_reducing_order(int n, const std::vector<std::pair<int, int>>& offdiag) {
    std::vector<std::vector<int>> rows(n);
    for (int j = 0; j < n; ++j) rows[j].push_back(j);
    for (const auto& [a, b] : offdiag) rows[std::min(a, b)].push_back(std::max(a, b));
    cholmod_sparse* lower = compressed(n, offdiag.size(), rows, /*stype=*/-1);
    common_.method[0].ordering = CHOLMOD_AMD;
    common_.postorder = 1;
    cholmod_factor* symbolic = cholmod_analyze(lower, &common_);
    const auto* p = static_cast<const int*>(symbolic->Perm);
    std::vector<int> perm(p, p + n);
    cholmod_free_factor(&symbolic, &common_);
    cholmod_free_sparse(&lower, &common_);
    return perm;
  }

  // A pattern (rows[j]: column j's row indices) as a CHOLMOD matrix, zeros.
  cholmod_sparse* compressed(int n, std::size_t offdiag, std::vector<std::vector<int>>& rows, int stype) {
    const std::size_t nnz = static_cast<std::size_t>(n) + offdiag;
    cholmod_sparse* m = cholmod_allocate_sparse(n, n, nnz, /*sorted=*/1, /*packed=*/1, stype, CHOLMOD_REAL, &common_);
    auto* colptr = static_cast<int*>(m->p);
    auto* rowidx = static_cast<int*>(m->i);
    colptr[0] = 0;
    for (int j = 0; j < n; ++j) {
      std::sort(rows[j].begin(), rows[j].end());
      std::copy(rows[j].begin(), rows[j].end(), rowidx + colptr[j]);
      colptr[j + 1] = colptr[j] + static_cast<int>(rows[j].size());
    }
    std::fill_n(static_cast<double*>(m->x), nnz, 0.0);
    return m;
  }

  // EPANET's Cholesky stops at the first pivot that is not positive; name the
  // row of the original numbering it belongs to. CHOLMOD's simplicial LDLᵀ
  // marks a zero pivot (L->minor) but goes on past a negative one, so D is
  // scanned in elimination order.
  int failed_row() const {
    std::size_t first = common_.status == CHOLMOD_NOT_POSDEF ? factor_->minor : factor_->n;
    const auto* colptr = static_cast<const int*>(factor_->p);
    const auto* x = static_cast<const double*>(factor_->x);
    for (std::size_t k = 0; k < first; ++k) {
      if (!(x[colptr[k]] > 0.0)) {  // D(k) (or L(k,k)) leads column k
        first = k;
        break;
      }
    }
    if (first < factor_->n) return perm_[first];
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
  std::vector<int> perm_;          // elimination order: perm_[k] is an original row
  cholmod_sparse* a_ = nullptr;    // the permuted matrix, upper triangle
  cholmod_factor* factor_ = nullptr;
  cholmod_dense* rhs_ = nullptr;
  cholmod_dense* x_ = nullptr;  // cholmod_solve2's solution and workspaces, reused
  cholmod_dense* y_ = nullptr;
  cholmod_dense* e_ = nullptr;
  std::vector<int> diag_slot_, off_slot_;
};

}  // namespace

void use_cholmod() {
  provide_cholmod([]() -> std::unique_ptr<LinearSystem> { return std::make_unique<CholmodSystem>(); });
}

}  // namespace lifeline::hydraulics
