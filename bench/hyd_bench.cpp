// Hydraulic engine benchmarks (bench/hyd.sh runs them beside epanet-js):
//  - simulate/<network>/<solver>: the full extended-period run of every shared
//    network, for the file's whole duration (as EPANET's native timings in
//    /work/shared/networks/README.md §4 were taken); the model is built once,
//    outside the timing, and nothing is recorded per step (EPANET's toolkit
//    loop reads nothing either). Counters: steps, iterations per step, and
//    whether the run completed (EPANET halts Richmond and BWSN2).
//  - open/<network>: reading the .inp and building the model (EN_open's part
//    of EPANET's toolkit total).
//  - linear_solve/city<links>/<solver>: one numeric factorisation and solve of
//    the gradient method's junction matrix of a generated city; and
//    linear_analyze/...: the once-per-network ordering and symbolic analysis.
//  - simulate/city<links>/<solver>: a generated city's single-period run.
//
// Environment: LIFELINE_SHARED_DIR (default /work/shared), LIFELINE_BENCH_SIZES
// (default "10000,100000").
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "hydraulics/cholmod_system.h"
#include "hydraulics/linear_system.h"
#include "hydraulics/model.h"
#include "hydraulics/simulation.h"
#include "net/city_generator.h"
#include "net/inp_reader.h"

namespace {

using namespace lifeline;
using hydraulics::LinearSolverKind;

constexpr LinearSolverKind kSolvers[] = {LinearSolverKind::ldlt, LinearSolverKind::eigen, LinearSolverKind::cholmod};

std::filesystem::path shared_dir() {
  const char* dir = std::getenv("LIFELINE_SHARED_DIR");
  return dir ? dir : "/work/shared";
}

struct Case {
  net::Network network;
  Result<hydraulics::Model> model = Error::internal("not built");
  hydraulics::Scenario scenario;
};

std::map<std::string, std::unique_ptr<Case>>& cases() {
  static std::map<std::string, std::unique_ptr<Case>> all;
  return all;
}

Case* shared_case(const std::string& name) {
  auto& slot = cases()[name];
  if (!slot) {
    slot = std::make_unique<Case>();
    auto network = net::read_inp((shared_dir() / "networks" / (name + ".inp")).string());
    if (network) {
      slot->network = std::move(*network);
      slot->model = hydraulics::build_model(slot->network);
    } else {
      slot->model = network.error();
    }
  }
  return slot.get();
}

Case* city_case(std::int64_t links) {
  auto& slot = cases()["city" + std::to_string(links)];
  if (!slot) {
    slot = std::make_unique<Case>();
    slot->network = net::generate_city({links, 1}).network;
    slot->model = hydraulics::build_model(slot->network);
    slot->scenario.duration = 0;  // single period
  }
  return slot.get();
}

void open(benchmark::State& state, const std::string& name) {
  const std::string path = (shared_dir() / "networks" / (name + ".inp")).string();
  for (auto _ : state) {
    auto network = net::read_inp(path);
    if (!network) {
      state.SkipWithError(("read_inp: " + network.error().message).c_str());
      return;
    }
    auto model = hydraulics::build_model(*network);
    if (!model) {
      state.SkipWithError(("build_model: " + model.error().message).c_str());
      return;
    }
    benchmark::DoNotOptimize(model->links.data());
  }
}

void simulate(benchmark::State& state, Case* c, LinearSolverKind solver) {
  if (!c->model) {
    state.SkipWithError(("build_model: " + c->model.error().message).c_str());
    return;
  }
  std::size_t steps = 0;
  long long iterations = 0;
  bool completed = true;
  for (auto _ : state) {
    auto results = hydraulics::simulate(*c->model, c->scenario, {.nodes = false, .links = false}, solver);
    if (!results) {
      state.SkipWithError(("simulate: " + results.error().message).c_str());
      return;
    }
    steps = results->steps.size();
    iterations = 0;
    for (const auto& step : results->steps) iterations += step.stats.iterations;
    completed = results->completed;
  }
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["iter_per_step"] = steps ? static_cast<double>(iterations) / static_cast<double>(steps) : 0.0;
  state.counters["completed"] = completed ? 1.0 : 0.0;
  state.counters["junctions"] = c->model->n_junctions;
  state.counters["links"] = c->model->n_links();
}

// The gradient method's matrix pattern, built the way EPANET builds it: one
// row per junction (junctions first, in file order), one off-diagonal entry
// per pair of junctions joined by at least one link (parallel links share it).
// Conductances 1/(n r |q|^(n-1)) spread over orders of magnitude in a real
// network; random log-uniform values stand in for them (the factorisation's
// cost does not depend on the values, only on the pattern).
struct GgaMatrix {
  int n = 0;
  std::vector<std::pair<int, int>> pattern;
  std::vector<double> diag, offdiag, rhs;
};

GgaMatrix gga_matrix(const net::Network& network) {
  GgaMatrix m;
  std::vector<int> row(network.nodes.size(), -1);
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].type == net::NodeType::junction) row[i] = m.n++;
  }
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> exponent(-3.0, 1.0);
  m.diag.assign(m.n, 0.0);
  std::map<std::pair<int, int>, double> off;
  for (const auto& link : network.links) {
    const int a = row[link.from], b = row[link.to];
    const double p = std::pow(10.0, exponent(rng));
    if (a >= 0) m.diag[a] += p;
    if (b >= 0) m.diag[b] += p;
    if (a >= 0 && b >= 0 && a != b) off[{std::min(a, b), std::max(a, b)}] -= p;
  }
  for (const auto& [ij, value] : off) {
    m.pattern.push_back(ij);
    m.offdiag.push_back(value);
  }
  // Every junction gets a little of its own, as an emitter or a tiny
  // closed-link conductance would: keeps isolated pockets nonsingular.
  for (double& d : m.diag) d += 1e-6;
  m.rhs.assign(m.n, 1.0);
  return m;
}

std::map<std::int64_t, GgaMatrix>& city_matrices() {
  static std::map<std::int64_t, GgaMatrix> all;
  return all;
}

const GgaMatrix& city_matrix(std::int64_t links) {
  auto& m = city_matrices()[links];
  if (m.n == 0) m = gga_matrix(city_case(links)->network);
  return m;
}

void matrix_counters(benchmark::State& state, const GgaMatrix& m) {
  state.counters["rows"] = m.n;
  state.counters["offdiag"] = static_cast<double>(m.pattern.size());
}

void linear_analyze(benchmark::State& state, std::int64_t links, LinearSolverKind solver) {
  const GgaMatrix& m = city_matrix(links);
  for (auto _ : state) {
    auto system = hydraulics::make_linear_system(solver);
    system->analyze(m.n, m.pattern);
    benchmark::DoNotOptimize(system.get());
  }
  matrix_counters(state, m);
}

void linear_solve(benchmark::State& state, std::int64_t links, LinearSolverKind solver) {
  const GgaMatrix& m = city_matrix(links);
  auto system = hydraulics::make_linear_system(solver);
  system->analyze(m.n, m.pattern);
  std::vector<double> x(m.rhs);
  for (auto _ : state) {
    std::copy(m.rhs.begin(), m.rhs.end(), x.begin());
    if (system->solve(m.diag.data(), m.offdiag.data(), x.data()) != -1) {
      state.SkipWithError("matrix not positive definite");
      return;
    }
    benchmark::DoNotOptimize(x.data());
  }
  matrix_counters(state, m);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  hydraulics::use_cholmod();
  const char* shared[] = {"Net1", "Net2", "Net3", "CTown", "Balerma", "Richmond_standard",
                          "L-Town", "ky10", "EXNET", "Net6", "BWSN_Network_2"};
  if (std::filesystem::exists(shared_dir() / "networks" / "Net1.inp")) {
    for (const char* name : shared) {
      benchmark::RegisterBenchmark(("open/" + std::string(name)).c_str(),
                                   [name](benchmark::State& s) { open(s, name); })
          ->Unit(benchmark::kMillisecond)
          ->Repetitions(5)
          ->ReportAggregatesOnly(true);
      for (auto solver : kSolvers) {
        benchmark::RegisterBenchmark(("simulate/" + std::string(name) + "/" + to_string(solver)).c_str(),
                                     [name, solver](benchmark::State& s) { simulate(s, shared_case(name), solver); })
            ->Unit(benchmark::kMillisecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
      }
    }
  }
  const char* env_sizes = std::getenv("LIFELINE_BENCH_SIZES");
  std::stringstream sizes(env_sizes ? env_sizes : "10000,100000");
  for (std::string item; std::getline(sizes, item, ',');) {
    const std::int64_t links = std::stoll(item);
    const std::string city = "city" + item;
    for (auto solver : kSolvers) {
      const std::string suffix = city + "/" + to_string(solver);
      benchmark::RegisterBenchmark(("linear_analyze/" + suffix).c_str(),
                                   [links, solver](benchmark::State& s) { linear_analyze(s, links, solver); })
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("linear_solve/" + suffix).c_str(),
                                   [links, solver](benchmark::State& s) { linear_solve(s, links, solver); })
          ->Unit(benchmark::kMillisecond)
          ->Repetitions(5)
          ->ReportAggregatesOnly(true);
      benchmark::RegisterBenchmark(("simulate/" + suffix).c_str(),
                                   [links, solver](benchmark::State& s) { simulate(s, city_case(links), solver); })
          ->Unit(benchmark::kMillisecond)
          ->Repetitions(links >= 100'000 ? 3 : 5)
          ->ReportAggregatesOnly(true);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
