// Extended-period simulation: EPANET's time stepping (hydraul.c) around the
// one-instant solver. run_step() is EN_runH (demands, simple controls,
// solve), next_step() is EN_nextH (the next step is the shortest of the
// hydraulic step, the time to the next pattern period and report time, to a
// tank filling or emptying, to a control's trigger and to a rule firing;
// tank levels advance over it).
//
// simulate() runs a whole period and records every hydraulic step.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "hydraulics/model.h"
#include "hydraulics/solver.h"
#include "hydraulics/state.h"

namespace lifeline::hydraulics {

// Changes a scenario makes to the model for the whole run.
struct Scenario {
  std::vector<int> closed_links;  // model link indices, held closed (controls and rules leave them)
  bool pda = false;               // force pressure-driven demand
  double pmin = -1, preq = -1, pexp = -1;  // ft; < 0 keeps the model's
  long long duration = -1;        // s; 0 = single period; < 0 keeps the model's
};

// EPANET's warning codes (EN_runH's return value), highest kept per step.
enum class Warning : int {
  none = 0, unbalanced = 1, unstable = 2, disconnected = 3, pump = 4, valve = 5, negative_pressure = 6
};

struct StepReport {
  long long time = 0;
  SolveStats stats;
  Warning warning = Warning::none;     // the code EN_runH returns
  std::vector<std::string> messages;   // EPANET-like warning lines
  std::vector<int> disconnected;       // junctions cut off from every source (under DDA only ones
                                       // without demand: their heads are undetermined, as in EPANET)
  int deficient_nodes = 0;             // PDA: junctions served less than asked
  double demand_reduction = 0;         // PDA: % of their demand not served
};

class Simulation {
 public:
  Simulation(const Model& model, const Scenario& scenario = {},
             LinearSolverKind solver = LinearSolverKind::ldlt);
  ~Simulation();

  // EN_runH. DDA with junctions that have demand but no path to any source
  // fails with an error naming them (EPANET would go on with garbage heads).
  Result<StepReport> run_step();
  // EN_nextH: the length of the step taken (tank levels advanced), 0 at the end.
  Result<long long> next_step();

  // Starts again at time 0 with other links held closed, keeping the matrix
  // analysis: the way to run many scenarios on one model (one Simulation per
  // thread). warm: a solved state of the same model whose flows seed the
  // iterations (EPANET's initH(0)); the result does not depend on it beyond
  // the convergence tolerance.
  void restart(const std::vector<int>& closed_links, const State* warm = nullptr);

  const State& state() const;
  State& state();
  const Model& model() const;  // the scenario's model (options and statuses applied)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every hydraulic step of a run, in internal units ([step][element]).
struct Results {
  std::vector<StepReport> steps;
  std::vector<std::vector<double>> head, demand;           // per node: head (ft); delivered demand (cfs)
  std::vector<std::vector<double>> full_demand, served;    // per junction: demand asked for, consumer demand served (cfs)
  std::vector<std::vector<double>> flow, setting;          // per link
  std::vector<std::vector<Status>> status;                 // per link
  bool completed = true;  // false: halted (unbalanced and UNBALANCED STOP)
};

struct RecordOptions {
  bool nodes = true;
  bool links = true;
};

Result<Results> simulate(const Model& model, const Scenario& scenario = {}, RecordOptions record = {},
                         LinearSolverKind solver = LinearSolverKind::ldlt);

}  // namespace lifeline::hydraulics
