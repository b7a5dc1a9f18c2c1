// q^e and ln x over a batch: the only transcendental work of the head-loss
// coefficients, and a fifth of a run's time when done one call at a time.
// This file alone is built with -ffast-math (CMakeLists), which lets GCC call
// glibc's vector math (libmvec: 4 lanes with AVX2, 2 with SSE2, chosen at run
// time). libmvec's exp and log are within 4 ulp where the scalar ones are
// within 1: far below EPANET's own differences between builds (README §5 of
// the shared networks).
//
// Values go through in blocks of 8, padded, so every one is computed by the
// vector functions: a loop over n would finish its last n mod 4 values with
// scalar calls, and a link's coefficient would then depend on its place in
// the batch — on which links changed — not only on its flow.
#include <algorithm>
#include <cmath>

#include "hydraulics/gga.h"

namespace lifeline::hydraulics::gga {

namespace {

constexpr int kBlock = 8;

// Inlined into each target clone, so each is vectorised for its own target.
template <typename F>
[[gnu::always_inline]] inline void in_blocks(const double* x, double* out, int n, F f) {
  alignas(64) double in[kBlock], res[kBlock];
  for (int i = 0; i < n; i += kBlock) {
    const int m = std::min(kBlock, n - i);
    for (int j = 0; j < kBlock; ++j) in[j] = j < m ? x[i + j] : 1.0;
    for (int j = 0; j < kBlock; ++j) res[j] = f(in[j]);
    std::copy(res, res + m, out + i);
  }
}

}  // namespace

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void flow_powers(const double* q, double e, double* out, int n) {
  // q^e as exp(e ln q); q = 0 gives exp(-inf) = 0.
  in_blocks(q, out, n, [e](double v) { return std::exp(e * std::log(v)); });
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void natural_logs(const double* x, double* out, int n) {
  in_blocks(x, out, n, [](double v) { return std::log(v); });
}

}  // namespace lifeline::hydraulics::gga
