// The gradient-method loop (EPANET 2.3's hydsolve): assemble, solve for
// junction heads, update flows, check valve and link statuses, test
// convergence. Status checks follow EPANET's schedule: control valves every
// trial (or below DAMPLIMIT), pumps/CVs/tank links every CHECKFREQ trials up
// to MAXCHECK, everything once more after convergence.
#include "hydraulics/solver.h"

#include <algorithm>
#include <cmath>

#include "hydraulics/gga.h"

namespace lifeline::hydraulics {

using namespace gga;

struct Solver::Impl {
  Workspace w;
  std::unique_ptr<LinearSystem> linear;
  std::vector<double> x;  // right-hand side in, heads out
  // cut_off(): its last answer and what it was computed for.
  std::vector<int> cut;
  std::vector<std::uint8_t> cut_for, cut_key;
  std::vector<char> marks;

  Impl(const Model& m, LinearSolverKind kind) : w(m), linear(make_linear_system(kind)) {
    const int nj = m.n_junctions, nl = m.n_links(), nn = m.n_nodes();
    w.p.assign(nl, 0.0);
    w.y.assign(nl, 0.0);
    w.aii.assign(nj, 0.0);
    w.f.assign(nj, 0.0);
    w.xflow.assign(nn, 0.0);
    w.slot.assign(nl, -1);
    w.pump_h0.assign(m.pumps.size(), 0.0);
    w.pump_r.assign(m.pumps.size(), 0.0);
    w.pump_n.assign(m.pumps.size(), 1.0);
    for (std::size_t i = 0; i < m.pumps.size(); ++i) {
      w.pump_h0[i] = m.pumps[i].h0;
      w.pump_r[i] = m.pumps[i].r;
      w.pump_n[i] = m.pumps[i].n;
    }
    // One off-diagonal slot per pair of junctions (in sorted order); parallel
    // links share it.
    std::vector<std::pair<std::pair<int, int>, int>> pair_link;  // (pair, link)
    for (int k = 0; k < nl; ++k) {
      const Link& l = m.links[k];
      if (l.n1 >= nj || l.n2 >= nj || l.n1 == l.n2) continue;
      pair_link.push_back({std::minmax(l.n1, l.n2), k});
    }
    std::sort(pair_link.begin(), pair_link.end());
    std::vector<std::pair<int, int>> offdiag;
    for (std::size_t e = 0; e < pair_link.size(); ++e) {
      if (e == 0 || pair_link[e].first != pair_link[e - 1].first) offdiag.push_back(pair_link[e].first);
      w.slot[pair_link[e].second] = static_cast<int>(offdiag.size()) - 1;
    }
    w.aij.assign(offdiag.size(), 0.0);
    w.adj_start.assign(nn + 1, 0);
    for (const Link& l : m.links) ++w.adj_start[l.n1 + 1], ++w.adj_start[l.n2 + 1];
    for (int i = 0; i < nn; ++i) w.adj_start[i + 1] += w.adj_start[i];
    w.adj_link.assign(w.adj_start[nn], 0);
    w.adj_node.assign(w.adj_start[nn], 0);
    std::vector<int> fill(w.adj_start.begin(), w.adj_start.end() - 1);
    for (int k = 0; k < nl; ++k) {
      const Link& l = m.links[k];
      w.adj_link[fill[l.n1]] = k, w.adj_node[fill[l.n1]++] = l.n2;
      w.adj_link[fill[l.n2]] = k, w.adj_node[fill[l.n2]++] = l.n1;
    }
    w.queue.reserve(nn);
    linear->analyze(nj, offdiag);
    x.assign(nj, 0.0);
  }

  // PDA: junctions cut off deliver nothing; their heads are held at the
  // island's lowest elevation (zero pressure at its low point) so the matrix
  // stays positive definite.
  void take_out_of_service() {
    State& s = *w.s;
    const Model& m = w.m;
    w.any_disconnected = mark_connected(w, s, false, true) > 0;
    for (int i = 0; i < m.n_junctions; ++i) {
      if (s.connected[i]) continue;
      s.demand_flow[i] = 0.0;
      s.emitter_flow[i] = 0.0;
    }
    if (!w.any_disconnected) return;
    for (int k = 0; k < m.n_links(); ++k) {
      const Link& l = m.links[k];
      if (l.n1 < m.n_junctions && !s.connected[l.n1] && l.n2 < m.n_junctions && !s.connected[l.n2]) s.flow[k] = 0.0;
    }
  }

  void hold_islands() {
    State& s = *w.s;
    const Model& m = w.m;
    // connected: 1 reachable, 0 cut off, 2 visited here (restored below).
    for (int i = 0; i < m.n_junctions; ++i) {
      if (s.connected[i]) continue;
      w.island.clear();
      w.island.push_back(i);
      s.connected[i] = 2;
      double low = m.elevation[i];
      for (std::size_t q = 0; q < w.island.size(); ++q) {
        const int a = w.island[q];
        for (int e = w.adj_start[a]; e < w.adj_start[a + 1]; ++e) {
          if (!open_this_step(m, s, w.adj_link[e])) continue;
          const int b = w.adj_node[e];
          if (s.connected[b]) continue;
          s.connected[b] = 2;
          w.island.push_back(b);
          low = std::min(low, m.elevation[b]);
        }
      }
      for (int j : w.island) {
        w.aii[j] += kCBig;
        w.f[j] += low * kCBig;
      }
    }
    for (int i = 0; i < m.n_junctions; ++i)
      if (s.connected[i] == 2) s.connected[i] = 0;
  }

  struct Balance {
    double max_head_error = 0, max_flow_change = 0;
  };

  double new_flows(Balance& bal) {
    State& s = *w.s;
    const Model& m = w.m;
    const int nj = m.n_junctions;
    double qsum = 0, dqsum = 0;
    bal.max_flow_change = 0;
    for (int n = nj; n < m.n_nodes(); ++n) s.node_demand[n] = 0.0;
    for (int k = 0; k < m.n_links(); ++k) {
      const Link& l = m.links[k];
      const double dh = s.head[l.n1] - s.head[l.n2];
      double dq = (w.y[k] - w.p[k] * dh) * w.relax;
      if (l.kind == LinkKind::pump && m.pumps[l.pump].type == PumpCurve::constant_power && dq > s.flow[k])
        dq = s.flow[k] / 2.0;  // keeps a constant-power pump's flow positive
      s.flow[k] -= dq;
      qsum += std::fabs(s.flow[k]);
      dqsum += std::fabs(dq);
      bal.max_flow_change = std::max(bal.max_flow_change, std::fabs(dq));
      if (s.status[k] > Status::closed) {
        if (l.n1 >= nj) s.node_demand[l.n1] -= s.flow[k];
        if (l.n2 >= nj) s.node_demand[l.n2] += s.flow[k];
      }
    }
    for (int i = 0; i < nj; ++i) {
      if (m.emitter[i] == 0.0 || !s.connected[i]) continue;
      double hloss = 0, hgrad = 0;
      emitter_headloss(w, i, hloss, hgrad);
      const double dh = s.head[i] - m.elevation[i];
      const double dq = (hloss - dh) / hgrad * w.relax;
      s.emitter_flow[i] -= dq;
      qsum += std::fabs(s.emitter_flow[i]);
      dqsum += std::fabs(dq);
      bal.max_flow_change = std::max(bal.max_flow_change, std::fabs(dq));
    }
    if (m.options.demand_model == DemandModel::pda) {
      const double dp = std::max(m.options.preq - m.options.pmin, kMinPDiff);
      const double n = 1.0 / m.options.pexp;
      for (int i = 0; i < nj; ++i) {
        if (s.full_demand[i] <= 0.0 || !s.connected[i]) continue;
        double hloss = 0, hgrad = 0;
        demand_headloss(w, i, dp, n, hloss, hgrad);
        const double dh = s.head[i] - m.elevation[i] - m.options.pmin;
        double dq = (hloss - dh) / hgrad * w.relax;
        if (std::fabs(dq) > 0.4 * s.full_demand[i]) dq = 0.4 * (dq < 0 ? -1.0 : 1.0) * s.full_demand[i];
        s.demand_flow[i] -= dq;
        qsum += std::fabs(s.demand_flow[i]);
        dqsum += std::fabs(dq);
        bal.max_flow_change = std::max(bal.max_flow_change, std::fabs(dq));
      }
    }
    return qsum > m.options.hacc ? dqsum / qsum : dqsum;
  }

  void head_balance(Balance& bal) {
    State& s = *w.s;
    headloss_coefficients(w);
    bal.max_head_error = 0;
    for (int k = 0; k < w.m.n_links(); ++k) {
      if (s.status[k] <= Status::closed || w.p[k] == 0.0) continue;
      const Link& l = w.m.links[k];
      const double dh = s.head[l.n1] - s.head[l.n2];
      bal.max_head_error = std::max(bal.max_head_error, std::fabs(dh - w.y[k] / w.p[k]));
    }
  }

  bool pda_converged() const {
    const State& s = *w.s;
    const Model& m = w.m;
    const double dp = m.options.preq - m.options.pmin;
    for (int i = 0; i < m.n_junctions; ++i) {
      if (s.full_demand[i] <= 0.0 || !s.connected[i]) continue;
      const double p = s.head[i] - m.elevation[i];
      double q = s.full_demand[i];
      if (p <= m.options.pmin) q = 0.0;
      else if (p < m.options.preq) q = s.full_demand[i] * std::pow((p - m.options.pmin) / dp, m.options.pexp);
      if (std::fabs(q - s.demand_flow[i]) > 0.0001) return false;
    }
    return true;
  }

  bool converged(double relerr, Balance& bal) {
    const auto& o = w.m.options;
    if (relerr > o.hacc) return false;
    head_balance(bal);
    if (o.head_error_limit > 0.0 && bal.max_head_error > o.head_error_limit) return false;
    if (o.flow_change_limit > 0.0 && bal.max_flow_change > o.flow_change_limit) return false;
    if (o.demand_model == DemandModel::pda) return pda_converged();
    return true;
  }

  Result<SolveStats> solve(State& s) {
    w.s = &s;
    const Model& m = w.m;
    const auto& o = m.options;
    const bool pda = o.demand_model == DemandModel::pda;
    const int nj = m.n_junctions;
    SolveStats stats;
    Balance bal;
    int next_check = o.check_freq;
    int max_trials = o.max_iter + std::max(o.extra_iter, 0);
    w.relax = 1.0;
    bool remark = true;
    if (!pda && static_cast<int>(s.connected.size()) != m.n_nodes()) s.connected.assign(m.n_nodes(), 1);
    int iter = 1;
    double relerr = 0;
    int bad_row = -1;
    while (iter <= max_trials) {
      if (pda && remark) {
        take_out_of_service();
        remark = false;
      }
      headloss_coefficients(w);
      matrix_coefficients(w);
      if (pda && w.any_disconnected) hold_islands();
      std::copy(w.f.begin(), w.f.end(), x.begin());
      bad_row = linear->solve(w.aii.data(), w.aij.data(), x.data());
      if (bad_row >= 0) {
        if (bad_valve(w, bad_row)) {
          bad_row = -1;
          continue;
        }
        break;
      }
      for (int i = 0; i < nj; ++i) s.head[i] = x[i];
      relerr = new_flows(bal);
      w.relax = 1.0;
      bool valve_change = false;
      if (o.damp_limit > 0.0) {
        if (relerr <= o.damp_limit) {
          w.relax = 0.6;
          valve_change = valve_status(w);
        }
      } else {
        valve_change = valve_status(w);
      }
      if (converged(relerr, bal)) {
        if (iter > o.max_iter) break;
        bool change = valve_change;
        if (link_status(w)) change = true;
        if (pressure_switch(w)) change = remark = true;
        if (!change) break;
        next_check = iter + o.check_freq;
      } else if (iter <= o.max_check && iter == next_check) {
        link_status(w);
        next_check += o.check_freq;
      }
      ++iter;
    }
    for (int i = 0; i < nj; ++i) s.node_demand[i] = s.demand_flow[i] + s.emitter_flow[i];
    stats.iterations = iter;
    stats.relative_error = relerr;
    stats.max_head_error = bal.max_head_error;
    stats.max_flow_change = bal.max_flow_change;
    stats.balanced = relerr <= o.hacc;
    if (bad_row >= 0) {
      stats.ill_conditioned_node = bad_row;
      return Error::invalid("network", "the hydraulic equations cannot be solved at junction '" +
                                           m.node_id[bad_row] + "' (ill-conditioned, EPANET error 110)");
    }
    return stats;
  }
};

Solver::Solver(const Model& model, LinearSolverKind kind) : impl_(std::make_unique<Impl>(model, kind)) {}
Solver::~Solver() = default;
Result<SolveStats> Solver::solve(State& state) { return impl_->solve(state); }

const std::vector<int>& Solver::cut_off(State& state) {
  Impl& impl = *impl_;
  connectivity_key(impl.w.m, state, impl.cut_key);
  if (impl.cut_key == impl.cut_for) return impl.cut;
  impl.cut_for.swap(impl.cut_key);
  std::swap(impl.marks, state.connected);
  mark_connected(impl.w, state, true, false);
  std::swap(impl.marks, state.connected);  // the solver's own marks stay as they were
  impl.cut.clear();
  for (int i = 0; i < impl.w.m.n_junctions; ++i)
    if (!impl.marks[i]) impl.cut.push_back(i);
  return impl.cut;
}

}  // namespace lifeline::hydraulics
