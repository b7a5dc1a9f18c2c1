// q^e over a batch of flows: the only transcendental work of Hazen-Williams
// and Chezy-Manning head loss, and a fifth of a run's time when done one
// call at a time. This file alone is built with -ffast-math (CMakeLists),
// which lets GCC call glibc's vector math (libmvec: 4 lanes with AVX2, 2
// with SSE2, chosen at run time). libmvec's exp and log are within 4 ulp
// where the scalar ones are within 1: far below EPANET's own differences
// between builds (README §5 of the shared networks).
#include <cmath>

#include "hydraulics/gga.h"

namespace lifeline::hydraulics::gga {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void flow_powers(const double* q, double e, double* out, int n) {
  // q^e as exp(e ln q); q = 0 gives exp(-inf) = 0.
  for (int i = 0; i < n; ++i) out[i] = std::exp(e * std::log(q[i]));
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void natural_logs(const double* x, double* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = std::log(x[i]);
}

}  // namespace lifeline::hydraulics::gga
