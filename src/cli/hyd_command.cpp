// `lifeline hyd` and `lifeline hyd run`: the handler parses options into a
// Scenario, calls the engine in hydraulics/, and prints; no hydraulics here.
#include "cli/hyd_command.h"
#include "cli/command_support.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "hydraulics/epanet_json.h"
#include "hydraulics/results_csv.h"
#include "hydraulics/simulation.h"
#include "net/inp_reader.h"

namespace lifeline::cli {
namespace {

namespace hyd = hydraulics;

struct RunInput {
  std::string inp;
  bool pda = false;
  std::optional<double> pmin, preq;  // file pressure units; absent keeps the file's
  std::optional<double> pexp;
  std::optional<long long> duration;  // s; absent keeps the file's
  std::string solver = "ldlt";
  std::string json, csv;
};

// EPANET's clock: hours run past 24 in a long run.
std::string clock_time(long long t) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
  return text;
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

hyd::Scenario scenario_of(const RunInput& in, const hyd::Model& model) {
  hyd::Scenario s;
  s.pda = in.pda;
  const bool pda = in.pda || model.options.demand_model == hyd::DemandModel::pda;
  auto pressure = [&](const char* option, const std::optional<double>& value) {
    if (!value) return -1.0;
    if (!pda) fail(Error::invalid(option, "applies to a pressure-driven run: add --pda"));
    if (!(*value >= 0)) fail(Error::invalid(option, "must be 0 or more"));
    return *value / model.ucf.pressure;  // file pressure units -> ft of head
  };
  s.pmin = pressure("--pmin", in.pmin);
  s.preq = pressure("--preq", in.preq);
  if (in.pexp) {
    if (!pda) fail(Error::invalid("--pexp", "applies to a pressure-driven run: add --pda"));
    if (!(*in.pexp > 0)) fail(Error::invalid("--pexp", "must be greater than 0"));
    s.pexp = *in.pexp;
  }
  const double pmin = s.pmin >= 0 ? s.pmin : model.options.pmin;
  const double preq = s.preq >= 0 ? s.preq : model.options.preq;
  if (pda && preq <= pmin) fail(Error::invalid("--preq", "the required pressure must exceed the minimum pressure"));
  s.duration = in.duration.value_or(-1);
  return s;
}

struct Extreme {
  double value = 0;
  int node = -1;
  long long time = 0;
};

void print_summary(std::FILE* out, const RunInput& in, const net::Network& network, const hyd::Model& model,
                   const hyd::Scenario& scenario, const hyd::Results& results, double build_ms, double run_ms) {
  const hyd::ToolkitValues tk(model, results);
  const bool pda = scenario.pda || model.options.demand_model == hyd::DemandModel::pda;
  const long long duration = scenario.duration >= 0 ? scenario.duration : model.times.duration;
  const char* pressure_units = hyd::epanet_pressure_units(model.pressure_units);
  auto node_id = [&](int i) { return network.nodes[model.node_source[i]].id.c_str(); };

  int pumps = 0, valves = 0;
  for (const auto& l : model.links) {
    pumps += l.kind == hyd::LinkKind::pump;
    valves += !hyd::is_pipe(l.kind) && l.kind != hyd::LinkKind::pump;
  }
  int reservoirs = 0;
  for (const auto& t : model.tanks) reservoirs += t.reservoir;
  std::fprintf(out, "%s\n", in.inp.c_str());
  std::fprintf(out, "  network  %d nodes (%d junctions, %d reservoirs, %d tanks), %d links (%d pipes, %d pumps, %d valves)\n",
               model.n_nodes(), model.n_junctions, reservoirs, static_cast<int>(model.tanks.size()) - reservoirs,
               model.n_links(), model.n_links() - pumps - valves, pumps, valves);
  std::fprintf(out, "  units    flow %s, pressure %s, headloss %s, demand model %s\n",
               hyd::epanet_flow_units(model.flow_units), pressure_units, net::to_string(model.options.headloss),
               pda ? "PDA" : "DDA");
  if (pda) {
    const double pmin = scenario.pmin >= 0 ? scenario.pmin : model.options.pmin;
    const double preq = scenario.preq >= 0 ? scenario.preq : model.options.preq;
    const double pexp = scenario.pexp >= 0 ? scenario.pexp : model.options.pexp;
    std::fprintf(out, "  PDA      minimum %.4g %s, required %.4g %s, exponent %.4g\n", pmin * model.ucf.pressure,
                 pressure_units, preq * model.ucf.pressure, pressure_units, pexp);
  }
  std::fprintf(out, "  period   %s, hydraulic step %s, linear solver %s\n\n", clock_time(duration).c_str(),
               clock_time(model.times.hydraulic_step).c_str(), in.solver.c_str());

  std::fprintf(out, "  %10s %6s %12s%s\n", "time", "trials", "rel. error", pda ? "   deficient  unserved" : "");
  long long iterations = 0;
  for (const auto& step : results.steps) {
    iterations += step.stats.iterations;
    std::fprintf(out, "  %10s %6d %12.4e", clock_time(step.time).c_str(), step.stats.iterations,
                 step.stats.relative_error);
    if (pda) std::fprintf(out, "   %9d  %7.2f%%", step.deficient_nodes, step.demand_reduction);
    std::fprintf(out, "\n");
    for (const auto& m : step.messages) std::fprintf(out, "  %10s   %s\n", "", m.c_str());
  }

  // Pressures of junctions; an unbalanced step's numbers mean nothing.
  Extreme low{1e300}, high{-1e300};
  int skipped = 0;
  for (int k = 0; k < tk.n_steps(); ++k) {
    if (results.steps[k].warning == hyd::Warning::unbalanced) {
      ++skipped;
      continue;
    }
    for (int i = 0; i < model.n_junctions; ++i) {
      const double p = tk.pressure(k, i);
      if (p < low.value) low = {p, i, results.steps[k].time};
      if (p > high.value) high = {p, i, results.steps[k].time};
    }
  }
  const int steps = static_cast<int>(results.steps.size());
  std::fprintf(out, "\n  %s: %d steps, %lld trials (%.2f per step), build %.1f ms, simulate %.1f ms\n",
               results.completed ? "completed" : "HALTED (system unbalanced)", steps, iterations,
               steps ? static_cast<double>(iterations) / steps : 0.0, build_ms, run_ms);
  if (low.node >= 0) {
    std::fprintf(out, "  pressure min %.3f %s at %s (%s), max %.3f %s at %s (%s)%s\n", low.value, pressure_units,
                 node_id(low.node), clock_time(low.time).c_str(), high.value, pressure_units, node_id(high.node),
                 clock_time(high.time).c_str(), skipped ? ", unbalanced steps left out" : "");
  }
  if (pda && !results.full_demand.empty()) {
    // Junctions served less than they asked for at some step, worst first.
    std::vector<std::pair<double, int>> worst;  // (served fraction, junction)
    for (int i = 0; i < model.n_junctions; ++i) {
      double served = 1.0;
      for (int k = 0; k < tk.n_steps(); ++k) {
        const double asked = results.full_demand[k][i];
        if (asked > 0) served = std::min(served, results.demand[k][i] / asked);
      }
      if (served < 1.0 - 1e-6) worst.emplace_back(served, i);
    }
    std::sort(worst.begin(), worst.end());
    std::fprintf(out, "  deficient junctions (served less than asked at some step): %zu\n", worst.size());
    for (std::size_t r = 0; r < worst.size() && r < 10; ++r) {
      std::fprintf(out, "    %-20s served %.1f%% at worst\n", node_id(worst[r].second), 100.0 * worst[r].first);
    }
  }
}

int run_hyd(const RunInput& in) {
  if (!in.json.empty() && in.json == in.csv) fail(Error::invalid("--csv", "--json and --csv cannot share an output"));
  if (in.duration && *in.duration < 0) fail(Error::invalid("--duration", "must be 0 (single period) or more seconds"));
  hyd::LinearSolverKind solver = hyd::LinearSolverKind::ldlt;
  if (!hyd::parse_linear_solver(in.solver, solver) || !hyd::available(solver))
    fail(Error::invalid("--solver", "expected ldlt or eigen (cholmod, GPL, is in the benchmark only)"));

  const auto start = std::chrono::steady_clock::now();
  const net::Network network = take(net::read_inp(in.inp));
  const hyd::Model model = take(hyd::build_model(network));
  const double build_ms = ms_since(start);
  const hyd::Scenario scenario = scenario_of(in, model);

  const auto run_start = std::chrono::steady_clock::now();
  const hyd::Results results = take(hyd::simulate(model, scenario, {}, solver));
  const double run_ms = ms_since(run_start);

  // People read the summary; when stdout carries data it goes to stderr.
  std::FILE* summary = in.json == "-" || in.csv == "-" ? stderr : stdout;
  print_summary(summary, in, network, model, scenario, results, build_ms, run_ms);
  std::fflush(summary);

  if (!in.json.empty()) {
    hyd::JsonRunInfo info;
    info.network = std::filesystem::path(in.inp).stem().string();
    info.source = in.inp;
    info.duration_in_file = network.times.duration;
    write_output(in.json, [&](std::ostream& out) { hyd::write_epanet_json(out, network, model, scenario, results, info); });
  }
  if (!in.csv.empty()) {
    write_output(in.csv, [&](std::ostream& out) { hyd::write_results_csv(out, network, model, results); });
  }
  return 0;
}

}  // namespace

void add_hyd_command(CLI::App& app) {
  auto* hyd = app.add_subcommand("hyd", "Hydraulic simulation (EPANET-exact GGA, DDA and PDA)");
  hyd->require_subcommand(1);

  auto in = std::make_shared<RunInput>();
  auto* run = hyd->add_subcommand("run", "Extended-period (or single-period) hydraulics of an EPANET .inp file");
  run->add_option("NET", in->inp, "EPANET .inp file")->required();
  run->add_flag("--pda", in->pda, "Pressure-driven demand (EPANET 2.2's PDA) whatever the file says");
  run->add_option("--pmin", in->pmin, "PDA minimum pressure, in the file's pressure units");
  run->add_option("--preq", in->preq, "PDA required pressure, in the file's pressure units");
  run->add_option("--pexp", in->pexp, "PDA pressure exponent");
  run->add_option("--duration", in->duration, "Simulated period in seconds (0: single period; default: the file's)");
  run->add_option("--solver", in->solver, "Sparse linear solver: ldlt (default) or eigen");
  run->add_option("--json", in->json, "Write every step as epanet-hyd-reference/1 JSON to OUT (- for stdout)");
  run->add_option("--csv", in->csv, "Write every step as a long CSV table to OUT (- for stdout)");
  run->callback([in] {
    const int code = run_hyd(*in);
    if (code != 0) throw CLI::RuntimeError(code);
  });

  add_hyd_scenario_commands(*hyd);
}

}  // namespace lifeline::cli
