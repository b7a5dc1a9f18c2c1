// Both LinearSystem backends against a dense solve: random SPD matrices, the
// gradient method's junction matrix (a weighted graph Laplacian plus the
// conductances to fixed-grade nodes), repeated numeric solves on one pattern,
// degenerate sizes, and the row reported for a pivot that is not positive.
#include "hydraulics/linear_system.h"

#include "hydraulics/cholmod_system.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "hydraulics/reference_file.h"
#include "hydraulics/simulation.h"
#include "net/inp_reader.h"

namespace lifeline::hydraulics {
namespace {

// This test program links CHOLMOD (a baseline; the lifeline binary does not).
const bool cholmod_linked = (use_cholmod(), true);

TEST(LinearSystem, CholmodOnlyWhereLinked) {
  ASSERT_TRUE(cholmod_linked);
  EXPECT_TRUE(available(LinearSolverKind::cholmod));
  EXPECT_NE(make_linear_system(LinearSolverKind::cholmod), nullptr);
}

struct Matrix {
  int n = 0;
  std::vector<std::pair<int, int>> pattern;  // each off-diagonal position once
  std::vector<double> diag, offdiag;

  Eigen::MatrixXd dense() const {
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
    for (int i = 0; i < n; ++i) a(i, i) = diag[i];
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      a(pattern[k].first, pattern[k].second) = offdiag[k];
      a(pattern[k].second, pattern[k].first) = offdiag[k];
    }
    return a;
  }
};

// A random symmetric pattern; values strictly diagonally dominant, so SPD.
Matrix random_spd(int n, int entries, std::mt19937& rng) {
  Matrix m;
  m.n = n;
  std::uniform_int_distribution<int> node(0, n - 1);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  std::set<std::pair<int, int>> seen;
  while (static_cast<int>(m.pattern.size()) < entries) {
    int i = node(rng), j = node(rng);
    if (i == j || !seen.insert({std::min(i, j), std::max(i, j)}).second) continue;
    // Both orientations occur: the contract accepts either.
    m.pattern.emplace_back(i, j);
    m.offdiag.push_back(value(rng));
  }
  m.diag.assign(n, 0.0);
  for (std::size_t k = 0; k < m.pattern.size(); ++k) {
    m.diag[m.pattern[k].first] += std::abs(m.offdiag[k]);
    m.diag[m.pattern[k].second] += std::abs(m.offdiag[k]);
  }
  std::uniform_real_distribution<double> margin(0.01, 2.0);
  for (double& d : m.diag) d += margin(rng);
  return m;
}

// The GGA matrix of a looped grid of junctions: link k with conductance p_k
// adds p_k to both ends' diagonals and -p_k off the diagonal; a link to a
// tank or reservoir adds p_k to its junction's diagonal only. Parallel pipes
// share one off-diagonal position, as in EPANET. Conductances span orders of
// magnitude, as 1/(n r |q|^(n-1)) does over a real network.
Matrix gga_matrix(int side, int sources, std::mt19937& rng) {
  Matrix m;
  m.n = side * side;
  m.diag.assign(m.n, 0.0);
  std::uniform_real_distribution<double> exponent(-4.0, 2.0);
  auto conductance = [&] { return std::pow(10.0, exponent(rng)); };
  std::map<std::pair<int, int>, double> off;
  auto link = [&](int i, int j) {
    double p = conductance();
    m.diag[i] += p;
    m.diag[j] += p;
    off[{std::min(i, j), std::max(i, j)}] -= p;
  };
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      int i = r * side + c;
      if (c + 1 < side) link(i, i + 1);
      if (r + 1 < side) link(i, i + side);
    }
  }
  link(0, 1);  // a parallel pipe
  std::uniform_int_distribution<int> node(0, m.n - 1);
  for (int s = 0; s < sources; ++s) m.diag[node(rng)] += conductance();
  for (const auto& [ij, v] : off) {
    m.pattern.push_back(ij);
    m.offdiag.push_back(v);
  }
  return m;
}

std::vector<double> random_rhs(int n, std::mt19937& rng) {
  std::uniform_real_distribution<double> value(-10.0, 10.0);
  std::vector<double> b(n);
  for (double& x : b) x = value(rng);
  return b;
}

class LinearSystemTest : public ::testing::TestWithParam<LinearSolverKind> {
 protected:
  // Solves m x = b with the backend (already analysed for m's pattern) and
  // with a dense LDLᵀ, and compares.
  static void expect_solves(LinearSystem& system, const Matrix& m, const std::vector<double>& b) {
    std::vector<double> x = b;
    ASSERT_EQ(system.solve(m.diag.data(), m.offdiag.data(), x.data()), -1);
    Eigen::VectorXd expected = m.dense().ldlt().solve(Eigen::Map<const Eigen::VectorXd>(b.data(), m.n));
    double scale = std::max(1.0, expected.cwiseAbs().maxCoeff());
    for (int i = 0; i < m.n; ++i) EXPECT_NEAR(x[i], expected[i], 1e-9 * scale) << "row " << i;
  }
};

TEST_P(LinearSystemTest, SolvesRandomSpdSystems) {
  std::mt19937 rng(7);
  for (auto [n, entries] : {std::pair{2, 1}, {10, 20}, {60, 150}, {300, 900}}) {
    Matrix m = random_spd(n, entries, rng);
    auto system = make_linear_system(GetParam());
    system->analyze(m.n, m.pattern);
    expect_solves(*system, m, random_rhs(m.n, rng));
  }
}

TEST_P(LinearSystemTest, SolvesGradientMethodMatrices) {
  std::mt19937 rng(11);
  for (int side : {3, 12, 22}) {
    Matrix m = gga_matrix(side, 3, rng);
    auto system = make_linear_system(GetParam());
    system->analyze(m.n, m.pattern);
    expect_solves(*system, m, random_rhs(m.n, rng));
  }
}

// The solver's path: one analysis, then many numeric factorisations as the
// conductances change from iteration to iteration.
TEST_P(LinearSystemTest, RepeatedSolvesOnOnePattern) {
  std::mt19937 rng(13);
  Matrix m = gga_matrix(15, 4, rng);
  auto system = make_linear_system(GetParam());
  system->analyze(m.n, m.pattern);
  for (int iteration = 0; iteration < 6; ++iteration) {
    Matrix next = gga_matrix(15, 4, rng);
    ASSERT_EQ(next.pattern, m.pattern);
    expect_solves(*system, next, random_rhs(m.n, rng));
  }
}

TEST_P(LinearSystemTest, OneByOne) {
  auto system = make_linear_system(GetParam());
  system->analyze(1, {});
  double diag = 4.0, b = 2.0;
  ASSERT_EQ(system->solve(&diag, nullptr, &b), -1);
  EXPECT_DOUBLE_EQ(b, 0.5);
}

TEST_P(LinearSystemTest, DiagonalOnly) {
  auto system = make_linear_system(GetParam());
  system->analyze(4, {});
  std::vector<double> diag{1, 2, 4, 8}, b{1, 1, 1, 1};
  ASSERT_EQ(system->solve(diag.data(), nullptr, b.data()), -1);
  EXPECT_EQ(b, (std::vector<double>{1, 0.5, 0.25, 0.125}));
}

// Whatever the elimination order, a diagonal matrix's only bad pivot is its
// own row.
TEST_P(LinearSystemTest, NamesTheRowOfANegativePivot) {
  auto system = make_linear_system(GetParam());
  system->analyze(5, {});
  std::vector<double> diag{1, 2, 3, -1, 5}, b(5, 1.0);
  EXPECT_EQ(system->solve(diag.data(), nullptr, b.data()), 3);
  diag[3] = 0.0;
  EXPECT_EQ(system->solve(diag.data(), nullptr, b.data()), 3);
}

// A junction whose every link is closed has a zero row (EPANET's
// ill-conditioned case); where the factorisation stops depends on the
// ordering, so only a valid row is required. The next, sound matrix must
// solve again.
TEST_P(LinearSystemTest, ReportsAFailedPivotAndRecovers) {
  std::mt19937 rng(17);
  Matrix m = gga_matrix(10, 2, rng);
  auto system = make_linear_system(GetParam());
  system->analyze(m.n, m.pattern);
  Matrix bad = m;
  const int cut = 37;
  for (std::size_t k = 0; k < bad.pattern.size(); ++k) {
    if (bad.pattern[k].first == cut || bad.pattern[k].second == cut) bad.offdiag[k] = 0.0;
  }
  bad.diag[cut] = 0.0;
  std::vector<double> b = random_rhs(m.n, rng);
  int row = system->solve(bad.diag.data(), bad.offdiag.data(), b.data());
  EXPECT_EQ(row, cut);  // decoupled, so its zero pivot is the only one
  // Indefinite but coupled: some pivot turns negative, at some row.
  Matrix indefinite = m;
  for (int i = 0; i < m.n; i += 3) indefinite.diag[i] = -indefinite.diag[i];
  b = random_rhs(m.n, rng);
  row = system->solve(indefinite.diag.data(), indefinite.offdiag.data(), b.data());
  EXPECT_GE(row, 0);
  EXPECT_LT(row, m.n);
  expect_solves(*system, m, random_rhs(m.n, rng));
}

TEST(LinearSystemBackendsTest, Agree) {
  std::mt19937 rng(19);
  Matrix m = gga_matrix(30, 5, rng);
  std::vector<double> b = random_rhs(m.n, rng);
  std::vector<double> x_ldlt = b, x_cholmod = b;
  auto ldlt = make_linear_system(LinearSolverKind::ldlt);
  auto cholmod = make_linear_system(LinearSolverKind::cholmod);
  ldlt->analyze(m.n, m.pattern);
  cholmod->analyze(m.n, m.pattern);
  ASSERT_EQ(ldlt->solve(m.diag.data(), m.offdiag.data(), x_ldlt.data()), -1);
  ASSERT_EQ(cholmod->solve(m.diag.data(), m.offdiag.data(), x_cholmod.data()), -1);
  for (int i = 0; i < m.n; ++i) EXPECT_NEAR(x_ldlt[i], x_cholmod[i], 1e-9 * std::max(1.0, std::abs(x_ldlt[i])));
}

// The ldlt system is Eigen's SimplicialLDLT with the pattern fixed at
// analysis: the same operations in the same order, so the same bits, on
// random and gradient-method matrices, and on indefinite ones (same row).
TEST(LinearSystemBackendsTest, LdltIsEigenBitForBit) {
  std::mt19937 rng(23);
  std::vector<Matrix> matrices;
  for (auto [n, entries] : {std::pair{1, 0}, {2, 1}, {60, 150}, {400, 1500}})
    matrices.push_back(random_spd(n, entries, rng));
  for (int side : {5, 20, 40}) matrices.push_back(gga_matrix(side, side, rng));
  for (const Matrix& m : matrices) {
    SCOPED_TRACE("n = " + std::to_string(m.n));
    auto ldlt = make_linear_system(LinearSolverKind::ldlt);
    auto eigen = make_linear_system(LinearSolverKind::eigen);
    ldlt->analyze(m.n, m.pattern);
    eigen->analyze(m.n, m.pattern);
    for (int round = 0; round < 3; ++round) {  // refactoring reuses the pattern
      Matrix values = m;
      for (double& d : values.diag) d *= 1.0 + 0.1 * round;
      std::vector<double> x_ldlt = random_rhs(m.n, rng), x_eigen = x_ldlt;
      ASSERT_EQ(ldlt->solve(values.diag.data(), values.offdiag.data(), x_ldlt.data()), -1);
      ASSERT_EQ(eigen->solve(values.diag.data(), values.offdiag.data(), x_eigen.data()), -1);
      for (int i = 0; i < m.n; ++i) ASSERT_EQ(x_ldlt[i], x_eigen[i]) << "row " << i << ", round " << round;
    }
    if (m.n < 2) continue;
    Matrix indefinite = m;
    indefinite.diag[m.n / 2] = -1.0;
    std::vector<double> b = random_rhs(m.n, rng), c = b;
    EXPECT_EQ(ldlt->solve(indefinite.diag.data(), indefinite.offdiag.data(), b.data()),
              eigen->solve(indefinite.diag.data(), indefinite.offdiag.data(), c.data()));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LinearSystemTest,
                         ::testing::Values(LinearSolverKind::ldlt, LinearSolverKind::eigen, LinearSolverKind::cholmod),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// The backend is a choice of speed, not of answer: on the shared networks
// (their first 6 hours) the ldlt and eigen systems give identical runs, and
// CHOLMOD takes the same steps and iterations and agrees on every head and
// flow. Left out: Richmond_standard, whose halting step depends on rounding
// (README §5 there), and the ill-conditioned pocket nodes the README names,
// whose heads are poorly determined.
TEST(LinearSystemBackendsTest, SameRunsOnTheSharedNetworks) {
  const auto dir = testing::shared_networks_dir();
  if (!dir) GTEST_SKIP() << "../shared/networks is absent (set LIFELINE_SOURCE_DIR; ctest does)";
  const std::set<std::string> pockets{"O-Pump-11", "JUNCTION-12511", "JUNCTION-12513", "JUNCTION-12514"};
  for (const char* name : {"Net1", "Net2", "Net3", "CTown", "Balerma", "L-Town", "ky10", "EXNET", "Net6",
                           "BWSN_Network_2"}) {
    SCOPED_TRACE(name);
    auto network = net::read_inp((*dir / (std::string(name) + ".inp")).string());
    ASSERT_TRUE(network) << network.error().message;
    auto model = build_model(*network);
    ASSERT_TRUE(model) << model.error().message;
    Scenario scenario;
    scenario.duration = std::min<long long>(model->times.duration, 6 * 3600);
    auto ldlt = simulate(*model, scenario, {}, LinearSolverKind::ldlt);
    auto eigen = simulate(*model, scenario, {}, LinearSolverKind::eigen);
    auto cholmod = simulate(*model, scenario, {}, LinearSolverKind::cholmod);
    ASSERT_TRUE(ldlt) << ldlt.error().message;
    ASSERT_TRUE(eigen) << eigen.error().message;
    ASSERT_TRUE(cholmod) << cholmod.error().message;
    EXPECT_EQ(ldlt->head, eigen->head);
    EXPECT_EQ(ldlt->flow, eigen->flow);
    ASSERT_EQ(ldlt->steps.size(), cholmod->steps.size());
    double head_diff = 0, flow_diff = 0;  // the largest, relative to max(1, |value|)
    for (std::size_t t = 0; t < ldlt->steps.size(); ++t) {
      ASSERT_EQ(ldlt->steps[t].time, cholmod->steps[t].time);
      EXPECT_EQ(ldlt->steps[t].stats.iterations, cholmod->steps[t].stats.iterations) << "step " << t;
      for (int i = 0; i < model->n_nodes(); ++i) {
        if (pockets.count(model->node_id[i])) continue;
        const double h = ldlt->head[t][i];
        head_diff = std::max(head_diff, std::abs(h - cholmod->head[t][i]) / std::max(1.0, std::abs(h)));
      }
      for (int k = 0; k < model->n_links(); ++k) {
        const double q = ldlt->flow[t][k];
        flow_diff = std::max(flow_diff, std::abs(q - cholmod->flow[t][k]) / std::max(1.0, std::abs(q)));
      }
    }
    std::printf("%s: max relative difference head %.2g, flow %.2g\n", name, head_diff, flow_diff);
    // Rounding in the factorisation is carried by the iterations: a few 1e-6
    // on flows where valves and pumps switch (CTown, ky10, Net6, BWSN2), far
    // inside EPANET's accuracy and the 1e-3 two builds of EPANET differ by.
    EXPECT_LE(head_diff, 1e-5);
    EXPECT_LE(flow_diff, 1e-4);
  }
}

TEST(LinearSolverKindTest, ParsesItsNames) {
  for (auto kind : {LinearSolverKind::ldlt, LinearSolverKind::eigen, LinearSolverKind::cholmod}) {
    LinearSolverKind parsed = LinearSolverKind::ldlt;
    ASSERT_TRUE(parse_linear_solver(to_string(kind), parsed)) << to_string(kind);
    EXPECT_EQ(parsed, kind);
  }
  LinearSolverKind kind = LinearSolverKind::eigen;
  EXPECT_FALSE(parse_linear_solver("umfpack", kind));
  EXPECT_EQ(kind, LinearSolverKind::eigen);
}

}  // namespace
}  // namespace lifeline::hydraulics
