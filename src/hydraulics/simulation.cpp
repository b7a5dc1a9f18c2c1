#include "hydraulics/simulation.h"

#include <cmath>
#include <cstdio>

#include "hydraulics/controls.h"
#include "hydraulics/rules.h"

namespace lifeline::hydraulics {

namespace {

constexpr double kQZero = 1.0e-6;
constexpr double kPi = 3.14159265358979323846;

long long round_seconds(double x) { return static_cast<long long>(x >= 0 ? x + 0.5 : x - 0.5); }

std::string clock(long long t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", t / 3600, (t % 3600) / 60, t % 60);
  return buf;
}

Model apply(const Model& base, const Scenario& sc) {
  Model m = base;
  if (sc.pda) m.options.demand_model = DemandModel::pda;
  if (sc.pmin >= 0) m.options.pmin = sc.pmin;
  if (sc.preq >= 0) m.options.preq = sc.preq;
  if (sc.pexp > 0) m.options.pexp = sc.pexp;
  if (sc.duration >= 0) m.times.duration = sc.duration;
  return m;
}

}  // namespace

struct Simulation::Impl {
  Model model;
  Solver solver;
  State state;
  long long report_time = 0;
  bool halt = false;
  std::vector<double> factor;  // per pattern: this period's factor

  Impl(const Model& base, const Scenario& sc, LinearSolverKind kind) : model(apply(base, sc)), solver(model, kind) {
    start(sc.closed_links, nullptr);
  }

  // EPANET's initH: tanks at their initial levels, statuses and settings as
  // in the file, time 0. Flows start from `warm` where given (EPANET's
  // initH(0) keeps the last run's flows), else 1 ft/s per pipe and the
  // design flow per pump.
  void start(const std::vector<int>& closed_links, const State* warm) {
    const Model& m = model;
    State& s = state;
    const int nn = m.n_nodes(), nl = m.n_links(), nj = m.n_junctions;
    s.time = 0;
    s.head.assign(nn, 0.0);
    for (int i = 0; i < nn; ++i) s.head[i] = m.elevation[i];
    s.full_demand.assign(nj, 0.0);
    s.demand_flow.assign(nj, 0.0);
    s.emitter_flow.assign(nj, 0.0);
    for (int i = 0; i < nj; ++i)
      if (m.emitter[i] > 0.0) s.emitter_flow[i] = warm ? warm->emitter_flow[i] : 1.0;
    s.node_demand.assign(nn, 0.0);
    s.connected.assign(nn, 1);
    s.flow.assign(nl, 0.0);
    s.status.assign(nl, Status::open);
    s.setting.assign(nl, 0.0);
    s.locked.assign(nl, 0);
    s.tank_volume.assign(m.tanks.size(), 0.0);
    for (std::size_t t = 0; t < m.tanks.size(); ++t) {
      s.tank_volume[t] = m.tanks[t].v0;
      s.head[m.tanks[t].node] = m.tanks[t].h0;
    }
    for (int k : closed_links) s.locked[k] = 1;
    for (int k = 0; k < nl; ++k) {
      const Link& l = m.links[k];
      s.status[k] = s.locked[k] ? Status::closed : l.status;
      s.setting[k] = l.kc;
      // Closing a valve drops its setting, as EPANET's setlinkstatus does
      // (all but a GPV, whose setting is its curve).
      if (s.locked[k] && l.kind != LinkKind::pipe && l.kind != LinkKind::cvpipe && l.kind != LinkKind::pump &&
          l.kind != LinkKind::gpv)
        s.setting[k] = kMissing;
      if ((l.kind == LinkKind::prv || l.kind == LinkKind::psv || l.kind == LinkKind::fcv) && l.kc != kMissing &&
          !s.locked[k])
        s.status[k] = Status::active;
      if (s.status[k] <= Status::closed) s.flow[k] = kQZero;
      else if (warm && std::fabs(warm->flow[k]) > kQZero) s.flow[k] = warm->flow[k];
      else if (l.kind == LinkKind::pump) s.flow[k] = l.kc * m.pumps[l.pump].q0;
      else s.flow[k] = kPi * l.diameter * l.diameter / 4.0;
    }
    report_time = m.times.report_step;
    halt = false;
  }

  // EPANET's demands(): this period's demands, reservoir heads, pump speeds.
  void demands() {
    const Model& m = model;
    State& s = state;
    const long long p = (s.time + m.times.pattern_start) / m.times.pattern_step;
    // Each pattern's factor for this period, looked up once.
    factor.resize(m.patterns.size());
    for (std::size_t pat = 0; pat < m.patterns.size(); ++pat) {
      const auto& f = m.patterns[pat].factors;
      factor[pat] = f[static_cast<std::size_t>(p % static_cast<long long>(f.size()))];
    }
    for (int i = 0; i < m.n_junctions; ++i) {
      double sum = 0;
      for (int d = m.demand_start[i]; d < m.demand_start[i + 1]; ++d)
        sum += m.demands[d].base * factor[m.demands[d].pattern] * m.options.demand_multiplier;
      s.full_demand[i] = sum;
      s.demand_flow[i] = sum;
    }
    for (const Tank& t : m.tanks)
      if (t.reservoir && t.head_pattern >= 0) s.head[t.node] = m.elevation[t.node] * factor[t.head_pattern];
    for (const Pump& pump : m.pumps)
      if (pump.speed_pattern >= 0) set_link_setting(m, s, pump.link, factor[pump.speed_pattern]);
  }

  Warning warnings(const SolveStats& st, StepReport& r) {
    const Model& m = model;
    const State& s = state;
    const auto& o = m.options;
    Warning flag = Warning::none;
    const auto at = [&] { return clock(s.time); };  // only when there is something to say
    if (st.iterations > o.max_iter && st.relative_error <= o.hacc) {
      r.messages.push_back("WARNING: System unstable at " + at() + " hrs.");
      flag = Warning::unstable;
    }
    if (o.demand_model == DemandModel::dda) {
      int deficient = 0;
      for (int i = 0; i < m.n_junctions; ++i)
        if (s.head[i] < m.elevation[i] && s.node_demand[i] > 0.0) ++deficient;
      if (deficient > 0) {
        r.messages.push_back("WARNING: Negative pressures at " + at() + " hrs. (" + std::to_string(deficient) +
                             " junctions)");
        flag = Warning::negative_pressure;
      }
    }
    for (int k : m.valves) {
      if (s.status[k] >= Status::xfcv) {
        r.messages.push_back("WARNING: Valve " + m.link_id[k] + " cannot deliver its setting at " + at() + " hrs.");
        flag = Warning::valve;
      }
    }
    for (const Pump& pump : m.pumps) {
      const int k = pump.link;
      Status st2 = s.status[k];
      if (st2 >= Status::open) {
        if (s.flow[k] > s.setting[k] * pump.qmax) st2 = Status::xflow;
        if (s.flow[k] < 0.0) st2 = Status::xhead;
      }
      if (st2 == Status::xhead || st2 == Status::xflow) {
        r.messages.push_back("WARNING: Pump " + m.link_id[k] +
                             (st2 == Status::xhead ? " cannot deliver head at " : " exceeds maximum flow at ") + at() +
                             " hrs.");
        flag = Warning::pump;
      }
    }
    if (st.iterations > o.max_iter && st.relative_error > o.hacc) {
      r.messages.push_back("WARNING: System unbalanced at " + at() + " hrs." +
                           (o.extra_iter == -1 ? " EXECUTION HALTED." : ""));
      flag = Warning::unbalanced;
    }
    return flag;
  }

  Result<StepReport> run_step() {
    StepReport r;
    r.time = state.time;
    demands();
    apply_controls(model, state);
    auto solved = solver.solve(state);
    if (!solved) return solved.error();
    r.stats = *solved;
    if (model.options.demand_model == DemandModel::dda && r.stats.balanced) {
      // (An unbalanced step is reported as such; its statuses are not a state.)
      std::vector<int> cut;
      r.disconnected = solver.cut_off(state);
      for (int i : r.disconnected)
        if (state.full_demand[i] != 0.0) cut.push_back(i);
      if (!cut.empty()) {
        std::string names;
        for (std::size_t i = 0; i < cut.size() && i < 10; ++i) names += (i ? ", " : "") + model.node_id[cut[i]];
        if (cut.size() > 10) names += " and " + std::to_string(cut.size() - 10) + " more";
        return Error::invalid("network", std::to_string(cut.size()) + " junction(s) with demand are cut off from every "
                                         "tank and reservoir at " + clock(state.time) + " hrs: " + names +
                                         " (a demand-driven run cannot serve them; use pressure-driven analysis)");
      }
    } else {
      for (int i = 0; i < model.n_junctions; ++i) {
        if (!state.connected[i]) r.disconnected.push_back(i);
        if (state.full_demand[i] > 0.0 && state.demand_flow[i] + 0.0001 < state.full_demand[i]) {
          ++r.deficient_nodes;
        }
      }
      double asked = 0, short_by = 0;
      for (int i = 0; i < model.n_junctions; ++i)
        if (state.full_demand[i] > 0.0 && state.demand_flow[i] + 0.0001 < state.full_demand[i]) {
          asked += state.full_demand[i];
          short_by += state.full_demand[i] - state.demand_flow[i];
        }
      r.demand_reduction = asked > 0 ? short_by / asked * 100.0 : 0.0;
    }
    r.warning = warnings(r.stats, r);
    if (!r.stats.balanced && model.options.extra_iter == -1) halt = true;
    return r;
  }

  // EPANET's tanklevels(): volumes advance over dt; a tank within a second
  // of full or empty is set full or empty.
  void tank_levels(long long dt) {
    const Model& m = model;
    State& s = state;
    for (std::size_t t = 0; t < m.tanks.size(); ++t) {
      const Tank& tank = m.tanks[t];
      if (tank.reservoir) continue;
      const int n = tank.node;
      double& v = s.tank_volume[t];
      v += s.node_demand[n] * static_cast<double>(dt);
      if (v + s.node_demand[n] >= tank.vmax) v = tank.vmax;
      else if (v - s.node_demand[n] <= tank.vmin) v = tank.vmin;
      s.head[n] = tank_grade(m, static_cast<int>(t), v);
    }
  }

  void tank_time_step(long long& tstep) const {
    const Model& m = model;
    const State& s = state;
    for (std::size_t t = 0; t < m.tanks.size(); ++t) {
      const Tank& tank = m.tanks[t];
      if (tank.reservoir) continue;
      const double h = s.head[tank.node], q = s.node_demand[tank.node];
      if (std::fabs(q) <= kQZero) continue;
      double v = 0;
      if (q > 0.0 && h < tank.hmax) v = tank.vmax - s.tank_volume[t];
      else if (q < 0.0 && h > tank.hmin) v = tank.vmin - s.tank_volume[t];
      else continue;
      const long long dt = round_seconds(v / q);
      if (dt > 0 && dt < tstep) tstep = dt;
    }
  }

  void control_time_step(long long& tstep) const {
    const Model& m = model;
    const State& s = state;
    for (const Control& c : m.controls) {
      long long t = 0;
      if (c.node >= 0) {
        if (c.node < m.n_junctions) continue;
        const double h = s.head[c.node], q = s.node_demand[c.node];
        if (std::fabs(q) <= kQZero) continue;
        if ((h < c.grade && c.type == ControlType::high_level && q > 0.0) ||
            (h > c.grade && c.type == ControlType::low_level && q < 0.0)) {
          const int tank = m.tank_of_node[c.node];
          const double v = tank_volume(m, tank, c.grade) - s.tank_volume[tank];
          t = round_seconds(v / q);
        }
      }
      if (c.type == ControlType::timer && c.time > s.time) t = c.time - s.time;
      if (c.type == ControlType::time_of_day) {
        const long long t1 = (s.time + m.times.start_clocktime) % 86400, t2 = c.time;
        t = t2 >= t1 ? t2 - t1 : 86400 - t1 + t2;
      }
      if (t > 0 && t < tstep && !s.locked[c.link]) {
        const Link& l = m.links[c.link];
        if ((l.kind > LinkKind::pipe && s.setting[c.link] != c.setting) || s.status[c.link] != c.status) tstep = t;
      }
    }
  }

  // Steps through the interval in rule time steps, advancing tank levels,
  // until a rule fires; the step ends there.
  void rule_time_step(long long& tstep) {
    const long long now = state.time, tmax = now + tstep;
    long long dt = std::min(model.times.rule_step, tstep);
    long long dt1 = std::min(model.times.rule_step - now % model.times.rule_step, tstep);
    if (dt1 == 0) dt1 = dt;
    do {
      state.time += dt1;
      tank_levels(dt1);
      if (model.rules->check(model, state, dt1)) break;
      dt = std::min(dt, tmax - state.time);
      dt1 = dt;
    } while (dt > 0);
    tstep = state.time - now;
    state.time = now;
  }

  long long time_step() {
    const auto& t = model.times;
    long long tstep = t.hydraulic_step;
    const long long n = (state.time + t.pattern_start) / t.pattern_step + 1;
    long long dt = n * t.pattern_step - state.time;
    if (dt > 0 && dt < tstep) tstep = dt;
    dt = report_time - state.time;
    if (dt > 0 && dt < tstep) tstep = dt;
    tank_time_step(tstep);
    control_time_step(tstep);
    if (model.rules && !model.rules->empty()) rule_time_step(tstep);
    else tank_levels(tstep);
    return tstep;
  }

  long long next_step() {
    const long long duration = model.times.duration;
    if (halt) state.time = duration;
    long long step = 0;
    if (state.time < duration) {
      step = time_step();
      state.time += step;
      if (state.time >= report_time) report_time += model.times.report_step;
    } else {
      state.time += 1;  // past the end: the run is complete
    }
    return step;
  }
};

Simulation::Simulation(const Model& model, const Scenario& scenario, LinearSolverKind solver)
    : impl_(std::make_unique<Impl>(model, scenario, solver)) {}
Simulation::~Simulation() = default;
Result<StepReport> Simulation::run_step() { return impl_->run_step(); }
Result<long long> Simulation::next_step() { return impl_->next_step(); }
void Simulation::restart(const std::vector<int>& closed_links, const State* warm) { impl_->start(closed_links, warm); }
const State& Simulation::state() const { return impl_->state; }
State& Simulation::state() { return impl_->state; }
const Model& Simulation::model() const { return impl_->model; }

Result<Results> simulate(const Model& model, const Scenario& scenario, RecordOptions record, LinearSolverKind solver) {
  Simulation sim(model, scenario, solver);
  Results out;
  const Model& m = sim.model();
  for (;;) {
    auto step = sim.run_step();
    if (!step) return step.error();
    const State& s = sim.state();
    if (record.nodes) {
      out.head.push_back(s.head);
      out.demand.push_back(s.node_demand);
      out.full_demand.push_back(s.full_demand);
      out.served.push_back(s.demand_flow);
    }
    if (record.links) {
      out.flow.push_back(s.flow);
      out.status.push_back(s.status);
      out.setting.push_back(s.setting);
    }
    const bool halted = !step->stats.balanced && m.options.extra_iter == -1;
    out.steps.push_back(std::move(*step));
    if (halted) {
      out.completed = false;
      break;
    }
    auto dt = sim.next_step();
    if (!dt) return dt.error();
    if (*dt <= 0) break;
  }
  return out;
}

}  // namespace lifeline::hydraulics
