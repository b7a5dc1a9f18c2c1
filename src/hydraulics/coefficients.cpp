// Head-loss coefficients and the junction matrix, as EPANET 2.3's
// hydcoeffs.c computes them. Each link contributes P = 1 / (dh/dq) and
// Y = h / (dh/dq); the GGA's linear system is A H = F with A the junction
// Laplacian weighted by P.
#include <algorithm>
#include <cmath>
#include <limits>

#include "hydraulics/gga.h"

namespace lifeline::hydraulics::gga {

namespace {

constexpr double kPi = 3.14159265358979323846;
// Darcy-Weisbach friction factor constants (EPANET's A1..AC).
constexpr double A1 = 3.14159265358979323850e+03;   // 1000 π
constexpr double A2 = 1.57079632679489661930e+03;   // 500 π
constexpr double A8 = 4.61841319859066668690e+00;   // 5.74 (π/4)^0.9
constexpr double A9 = -8.68588963806503655300e-01;  // -2 / ln 10
constexpr double AB = 3.28895476345399058690e-03;   // 5.74 / 4000^0.9
constexpr double AC = -5.14214965799093883760e-03;  // AA AB

double sign(double x) { return x < 0 ? -1.0 : 1.0; }  // EPANET's SGN: 0 counts as +

// Barrier terms keeping a flow above a lower (or below an upper) limit.
void lower_barrier(double dq, double& hloss, double& hgrad) {
  const double a = 1.e9 * dq, b = std::sqrt(a * a + 1.e-6);
  hloss += (a - b) / 2.;
  hgrad += (1.e9 / 2.) * (1.0 - a / b);
}
void upper_barrier(double dq, double& hloss, double& hgrad) {
  const double a = 1.e9 * dq, b = std::sqrt(a * a + 1.e-6);
  hloss += (a + b) / 2.;
  hgrad += (1.e9 / 2.) * (1.0 + a / b);
}

void set_closed(Workspace& w, int k) {
  w.p[k] = 1.0 / kCBig;
  w.y[k] = w.s->flow[k];
}

// Hazen-Williams and Chezy-Manning pipes (open), in a batch: gathered into
// arrays, q^(n-1) for all of them at once (flow_powers.cpp), then the
// arithmetic as straight loops, which the compiler vectorises (IEEE
// arithmetic gives the same bits in any width; the divisions were the
// bottleneck one link at a time).
void power_law_pipes(Workspace& w, const int* links, int count) {
  const State& s = *w.s;
  const auto& o = w.m.options;
  const double hexp = o.hexp, rqtol = o.rqtol;
  auto& b = w.batch;
  b.resize(count);
  for (int i = 0; i < count; ++i) {
    const int k = links[i];
    const Link& link = w.m.links[k];
    const double flow = s.flow[k];
    b.q[i] = std::fabs(flow);
    b.sign[i] = sign(flow);
    b.r[i] = link.r;
    b.km[i] = link.km;
  }
  flow_powers(b.q.data(), hexp - 1.0, b.hgrad.data(), count);
  for (int i = 0; i < count; ++i) b.hgrad[i] = hexp * b.r[i] * b.hgrad[i];
  double* hgrad = b.hgrad.data();
  double* hloss = b.hloss.data();
  const double* q = b.q.data();
  const double* km = b.km.data();
  const double* sg = b.sign.data();
  for (int i = 0; i < count; ++i) {
    const bool linear = hgrad[i] < rqtol;  // linear law for very small flows
    const double g = linear ? rqtol / hexp : hgrad[i];
    double h = linear ? g * q[i] : g * q[i] / hexp;
    double g2 = g;
    if (km[i] > 0.0) {
      h += km[i] * q[i] * q[i];
      g2 += 2.0 * km[i] * q[i];
    }
    hgrad[i] = g2;
    hloss[i] = h * sg[i];
  }
  for (int i = 0; i < count; ++i) {
    const double g = hgrad[i];
    hloss[i] = hloss[i] / g;  // Y
    hgrad[i] = 1.0 / g;       // P
  }
  for (int i = 0; i < count; ++i) {
    w.p[links[i]] = hgrad[i];
    w.y[links[i]] = hloss[i];
  }
}

// Darcy-Weisbach pipes (open), in a batch like power_law_pipes. The
// friction factor is Hagen-Poiseuille's below Re 2000, Dunlop's cubic
// between 2000 and 4000 and Swamee-Jain's above, as EPANET computes them;
// every branch is evaluated and the pipe's own is selected, so the loops
// stay straight.
void darcy_weisbach_pipes(Workspace& w, const int* links, int count) {
  const State& s = *w.s;
  const double viscosity = w.m.options.viscosity;
  auto& b = w.batch;
  b.resize(count);
  double* q = b.q.data();
  double* signed_flow = b.flow.data();
  double* r = b.r.data();
  double* km = b.km.data();
  double* e = b.e.data();
  double* sv = b.sv.data();
  double* t = b.hgrad.data();
  double* u = b.hloss.data();
  for (int i = 0; i < count; ++i) {
    const int k = links[i];
    const Link& link = w.m.links[k];
    const double flow = s.flow[k];
    q[i] = std::fabs(flow);
    signed_flow[i] = flow;
    r[i] = link.r;
    km[i] = link.km;
    e[i] = link.kc / link.diameter;
    sv[i] = viscosity * link.diameter;
    u[i] = q[i] / sv[i];  // Re π / 4
  }
  flow_powers(u, 0.9, t, count);
  for (int i = 0; i < count; ++i) {
    const double y1 = A8 / t[i];
    t[i] = e[i] / 3.7 + (u[i] >= A1 ? y1 : AB);  // y2
    u[i] = y1;
  }
  double* ln = b.ln.data();
  natural_logs(t, ln, count);
  for (int i = 0; i < count; ++i) {
    const double qi = q[i], flow = signed_flow[i], ml = km[i], svi = sv[i], y2 = t[i], y1 = u[i];
    const double wq = qi / svi;
    const double y3 = A9 * ln[i];
    const double fa = 1.0 / (y3 * y3);
    // Swamee-Jain
    const double f_sj = fa;
    const double dfdq_sj = 1.8 * f_sj * y1 * A9 / y2 / y3 / qi;
    // Dunlop's cubic
    const double fb = (2.0 + AC / (y2 * y3)) * fa;
    const double rr = wq / A2;
    const double x1 = 7.0 * fa - fb;
    const double x2 = 0.128 - 17.0 * fa + 2.5 * fb;
    const double x3 = -0.128 + 13.0 * fa - (fb + fb);
    const double x4 = 0.032 - 3.0 * fa + 0.5 * fb;
    const double dfdq_cubic = (x2 + rr * (2.0 * x3 + rr * 3.0 * x4)) / svi / A2;
    const double f_cubic = x1 + rr * (x2 + rr * (x3 + rr * x4));
    const bool turbulent = wq >= A1;
    const double f = turbulent ? f_sj : f_cubic;
    const double dfdq = turbulent ? dfdq_sj : dfdq_cubic;
    const double r1 = f * r[i] + ml;
    double hloss = r1 * qi * flow;
    double hgrad = 2.0 * r1 * qi + dfdq * r[i] * qi * qi;
    if (qi <= A2 * svi) {  // laminar: Hagen-Poiseuille
      const double rl = 16.0 * kPi * svi * r[i];
      hloss = flow * (rl + ml * qi);
      hgrad = rl + 2.0 * ml * qi;
    }
    t[i] = 1.0 / hgrad;   // P
    u[i] = hloss / hgrad; // Y
  }
  for (int i = 0; i < count; ++i) {
    w.p[links[i]] = t[i];
    w.y[links[i]] = u[i];
  }
}

// A fully open, closed or throttled valve: minor loss only.
void valve_coefficient(Workspace& w, int k, double km) {
  const State& s = *w.s;
  const double flow = s.flow[k];
  if (s.status[k] <= Status::closed) return set_closed(w, k);
  if (km > 0.0) {
    double hgrad = 2.0 * km * std::fabs(flow), hloss = 0;
    if (hgrad < w.m.options.rqtol) {
      hgrad = w.m.options.rqtol / 2.0;
      hloss = flow * hgrad;
    } else {
      hloss = flow * hgrad / 2.0;
    }
    w.p[k] = 1.0 / hgrad;
    w.y[k] = hloss / hgrad;
  } else {
    w.p[k] = 1.0 / kCSmall;
    w.y[k] = flow;
  }
}

// Intercept and slope of the curve segment holding flow q (internal units).
void curve_coefficients(const Workspace& w, int curve, double q, double& h0, double& r) {
  const Curve& c = w.m.curves[curve];
  q *= w.m.ucf.flow;
  const std::size_t npts = c.x.size();
  std::size_t k2 = 0;
  while (k2 < npts && c.x[k2] < q) ++k2;
  if (k2 == 0) ++k2;
  else if (k2 == npts) --k2;
  const std::size_t k1 = k2 - 1;
  r = (c.y[k2] - c.y[k1]) / (c.x[k2] - c.x[k1]);
  h0 = c.y[k1] - r * c.x[k1];
  h0 /= w.m.ucf.head;
  r = r * w.m.ucf.flow / w.m.ucf.head;
}

void pump_coefficient(Workspace& w, int k) {
  const State& s = *w.s;
  const double setting = s.setting[k];
  if (s.status[k] <= Status::closed || setting == 0.0) return set_closed(w, k);
  const int pi = w.m.links[k].pump;
  const Pump& pump = w.m.pumps[pi];
  const double flow = s.flow[k];
  const double q = std::fabs(flow);
  if (pump.type == PumpCurve::none) {
    w.p[k] = 1.0 / kCSmall;
    w.y[k] = flow;
    return;
  }
  double hloss = 0, hgrad = 0;
  if (pump.type == PumpCurve::custom) {
    double h0 = 0, r = 0;
    curve_coefficients(w, pump.head_curve, q / setting, h0, r);
    w.pump_h0[pi] = -h0;
    w.pump_r[pi] = -r;
    w.pump_n[pi] = 1.0;
    hgrad = w.pump_r[pi] * setting;
    hloss = w.pump_h0[pi] * setting * setting + hgrad * flow;
  } else {
    const double h0 = setting * setting * pump.h0;
    double n = pump.n;
    if (std::fabs(n - 1.0) < kTiny) n = 1.0;
    const double r = pump.r * std::pow(setting, 2.0 - n);
    if (pump.type == PumpCurve::constant_power) {
      hgrad = -r / q / q;
      if (hgrad > kCBig) return set_closed(w, k);
      if (hgrad < kCSmall) {
        w.p[k] = 1.0 / kCSmall;
        w.y[k] = flow;
        return;
      }
      hloss = r / flow;
    } else if (n != 1.0) {
      hgrad = n * r * std::pow(q, n - 1.0);
      if (hgrad < w.m.options.rqtol) {
        hgrad = w.m.options.rqtol;
        hloss = h0 + hgrad * flow;
      } else {
        hloss = h0 + hgrad * flow / n;
      }
    } else {
      hgrad = r;
      hloss = h0 + hgrad * flow;
    }
  }
  w.p[k] = 1.0 / hgrad;
  w.y[k] = hloss / hgrad;
}

void gpv_coefficient(Workspace& w, int k) {
  const State& s = *w.s;
  if (s.status[k] == Status::closed) return valve_coefficient(w, k, w.m.links[k].km);
  const int curve = static_cast<int>(std::lround(s.setting[k]));
  const double q = std::max(std::fabs(s.flow[k]), kTiny);
  double h0 = 0, r = 0;
  curve_coefficients(w, curve, q, h0, r);
  r = std::max(r, kTiny);
  w.p[k] = 1.0 / r;
  w.y[k] = (h0 / r + q) * sign(s.flow[k]);
}

void pbv_coefficient(Workspace& w, int k) {
  const State& s = *w.s;
  const Link& link = w.m.links[k];
  const double setting = s.setting[k];
  if (setting == kMissing || setting == 0.0) return valve_coefficient(w, k, link.km);
  if (link.km * s.flow[k] * s.flow[k] > setting) return valve_coefficient(w, k, link.km);
  w.p[k] = kCBig;  // head loss held at the setting
  w.y[k] = setting * kCBig;
}

void tcv_coefficient(Workspace& w, int k) {
  const Link& link = w.m.links[k];
  const double setting = w.s->setting[k];
  double km = link.km;
  if (setting != kMissing) km = 0.02517 * setting / std::pow(link.diameter, 4);
  valve_coefficient(w, k, km);
}

void pcv_coefficient(Workspace& w, int k) {
  const double setting = w.s->setting[k];
  double km = w.m.links[k].km;
  if (setting != kMissing) km = pcv_loss_coefficient(w.m, k, setting);
  valve_coefficient(w, k, km);
}

// Adds a link's P and Y to the matrix and flow excess.
void add_link(Workspace& w, int k) {
  const Link& l = w.m.links[k];
  const int nj = w.m.n_junctions;
  const double q = w.s->flow[k];
  w.xflow[l.n1] -= q;
  w.xflow[l.n2] += q;
  if (w.slot[k] >= 0) w.aij[w.slot[k]] -= w.p[k];
  if (l.n1 < nj) {
    w.aii[l.n1] += w.p[k];
    w.f[l.n1] += w.y[k];
  } else if (l.n2 < nj) {
    w.f[l.n2] += w.p[k] * w.s->head[l.n1];
  }
  if (l.n2 < nj) {
    w.aii[l.n2] += w.p[k];
    w.f[l.n2] -= w.y[k];
  } else if (l.n1 < nj) {
    w.f[l.n1] += w.p[k] * w.s->head[l.n2];
  }
}

// A valve treated as a pipe (valve_coefficient) inside valvecoeffs: its
// terms go straight into the matrix (both ends are junctions or not).
void add_open_valve(Workspace& w, int k, int n1, int n2) {
  const int nj = w.m.n_junctions;
  if (w.slot[k] >= 0) w.aij[w.slot[k]] -= w.p[k];
  const double d = w.y[k] - w.s->flow[k];
  if (n1 < nj) {
    w.aii[n1] += w.p[k];
    w.f[n1] += d;
  }
  if (n2 < nj) {
    w.aii[n2] += w.p[k];
    w.f[n2] -= d;
  }
}

void prv_coefficient(Workspace& w, int k) {
  State& s = *w.s;
  const Link& l = w.m.links[k];
  const int nj = w.m.n_junctions;
  if (s.status[k] == Status::active) {
    // Downstream head held at the setting; flow balances the downstream node.
    const double hset = w.m.elevation[l.n2] + s.setting[k];
    w.p[k] = 0.0;
    w.y[k] = s.flow[k] + w.xflow[l.n2];
    if (l.n2 < nj) {
      w.f[l.n2] += hset * kCBig;
      w.aii[l.n2] += kCBig;
    }
    if (w.xflow[l.n2] < 0.0 && l.n1 < nj) w.f[l.n1] += w.xflow[l.n2];
    return;
  }
  valve_coefficient(w, k, l.km);
  add_open_valve(w, k, l.n1, l.n2);
}

void psv_coefficient(Workspace& w, int k) {
  State& s = *w.s;
  const Link& l = w.m.links[k];
  const int nj = w.m.n_junctions;
  if (s.status[k] == Status::active) {
    // Upstream head held at the setting; flow balances the upstream node.
    const double hset = w.m.elevation[l.n1] + s.setting[k];
    w.p[k] = 0.0;
    w.y[k] = s.flow[k] - w.xflow[l.n1];
    if (l.n1 < nj) {
      w.f[l.n1] += hset * kCBig;
      w.aii[l.n1] += kCBig;
    }
    if (w.xflow[l.n1] > 0.0 && l.n2 < nj) w.f[l.n2] += w.xflow[l.n1];
    if (w.slot[k] >= 0) w.aij[w.slot[k]] -= 1.0 / kCBig;  // keeps the downstream side connected
    if (l.n2 < nj) w.aii[l.n2] += 1.0 / kCBig;
    return;
  }
  valve_coefficient(w, k, l.km);
  add_open_valve(w, k, l.n1, l.n2);
}

void fcv_coefficient(Workspace& w, int k) {
  State& s = *w.s;
  const Link& l = w.m.links[k];
  const int nj = w.m.n_junctions;
  if (s.status[k] == Status::active) {
    // The flow setting becomes a demand upstream and a supply downstream.
    const double q = s.setting[k];
    w.xflow[l.n1] -= q;
    w.xflow[l.n2] += q;
    w.y[k] = s.flow[k] - q;
    if (l.n1 < nj) w.f[l.n1] -= q;
    if (l.n2 < nj) w.f[l.n2] += q;
    w.p[k] = 1.0 / kCBig;
    if (w.slot[k] >= 0) w.aij[w.slot[k]] -= w.p[k];
    if (l.n1 < nj) w.aii[l.n1] += w.p[k];
    if (l.n2 < nj) w.aii[l.n2] += w.p[k];
    return;
  }
  valve_coefficient(w, k, l.km);
  add_open_valve(w, k, l.n1, l.n2);
}

}  // namespace

double pcv_loss_coefficient(const Model& m, int k, double s) {
  const Link& link = m.links[k];
  if (s == kMissing) return 0.0;
  const double kmo = link.km;
  if (s >= 100.0) return kmo;
  if (s <= 0.0) return kCBig;
  double kvr = s;
  if (link.curve >= 0) {
    const Curve& c = m.curves[link.curve];
    const std::size_t npts = c.x.size();
    if (s < c.x[0]) {
      kvr = s / c.x[0] * c.y[0];
    } else if (s > c.x[npts - 1]) {
      const std::size_t k2 = npts - 1;
      kvr = (s - c.x[k2]) / (1. - c.x[k2]) * (1. - c.y[k2]) + c.y[k2];
    } else {
      std::size_t k2 = 0;
      while (k2 < npts && c.x[k2] < s) ++k2;
      if (k2 == 0) ++k2;
      else if (k2 == npts) --k2;
      const std::size_t k1 = k2 - 1;
      kvr = c.y[k1] + (c.y[k2] - c.y[k1]) / (c.x[k2] - c.x[k1]) * (s - c.x[k1]);
    }
  }
  kvr /= 100.;
  kvr = std::clamp(kvr, kCSmall, 1.0);
  return std::min(kmo / (kvr * kvr), kCBig);
}

void headloss_coefficients(Workspace& w) {
  const State& s = *w.s;
  const int n = w.m.n_links();
  if (static_cast<int>(w.from_flow.size()) != n) {
    w.from_flow.assign(n, std::numeric_limits<double>::quiet_NaN());  // never equal: computed on first use
    w.from_setting.assign(n, 0.0);
    w.from_status.assign(n, Status::closed);
  }
  w.batch_links.clear();
  for (int k = 0; k < n; ++k) {
    const LinkKind kind = w.m.links[k].kind;
    // PRV, PSV and FCV coefficients are rewritten by matrix_coefficients:
    // always recomputed (they are cheap).
    if (kind != LinkKind::prv && kind != LinkKind::psv && kind != LinkKind::fcv) {
      const bool same = s.flow[k] == w.from_flow[k] && s.status[k] == w.from_status[k] &&
                        s.setting[k] == w.from_setting[k];
      if (same) continue;
      w.from_flow[k] = s.flow[k];
      w.from_status[k] = s.status[k];
      w.from_setting[k] = s.setting[k];
    }
    switch (kind) {
      case LinkKind::cvpipe:
      case LinkKind::pipe:  // open pipes in one batch, below
        if (s.status[k] > Status::closed) w.batch_links.push_back(k);
        else set_closed(w, k);
        break;
      case LinkKind::pump: pump_coefficient(w, k); break;
      case LinkKind::pbv: pbv_coefficient(w, k); break;
      case LinkKind::tcv: tcv_coefficient(w, k); break;
      case LinkKind::pcv: pcv_coefficient(w, k); break;
      case LinkKind::gpv: gpv_coefficient(w, k); break;
      case LinkKind::fcv:
      case LinkKind::prv:
      case LinkKind::psv:
        if (s.setting[k] == kMissing) valve_coefficient(w, k, w.m.links[k].km);
        else w.p[k] = 0.0;
        break;
    }
  }
  const int open_pipes = static_cast<int>(w.batch_links.size());
  if (w.m.options.headloss == net::HeadlossFormula::darcy_weisbach)
    darcy_weisbach_pipes(w, w.batch_links.data(), open_pipes);
  else
    power_law_pipes(w, w.batch_links.data(), open_pipes);
}

void emitter_headloss(const Workspace& w, int i, double& hloss, double& hgrad) {
  const auto& o = w.m.options;
  const double ke = std::max(kCSmall, w.m.emitter[i]);
  const double q = w.s->emitter_flow[i];
  hgrad = o.qexp * ke * std::pow(std::fabs(q), o.qexp - 1.0);
  if (hgrad < o.rqtol) {
    hgrad = o.rqtol / o.qexp;
    hloss = hgrad * q;
  } else {
    hloss = hgrad * q / o.qexp;
  }
  if (!o.emitter_backflow) lower_barrier(q, hloss, hgrad);
}

void demand_headloss(const Workspace& w, int i, double dp, double n, double& hloss, double& hgrad) {
  const double d = w.s->demand_flow[i];
  const double dfull = w.s->full_demand[i];
  const double r = std::fabs(d) / dfull;
  hgrad = n * dp * std::pow(r, n - 1.0) / dfull;
  hloss = hgrad * d / n;
  lower_barrier(d, hloss, hgrad);
  upper_barrier(d - dfull, hloss, hgrad);
}

void matrix_coefficients(Workspace& w) {
  State& s = *w.s;
  const Model& m = w.m;
  const int nj = m.n_junctions;
  std::fill(w.aii.begin(), w.aii.end(), 0.0);
  std::fill(w.aij.begin(), w.aij.end(), 0.0);
  std::fill(w.f.begin(), w.f.end(), 0.0);
  std::fill(w.xflow.begin(), w.xflow.end(), 0.0);

  const int nl = m.n_links();
  for (int k = 0; k < nl; ++k)
    if (w.p[k] != 0.0) add_link(w, k);

  // Emitters: a pipe to a reservoir at the junction's elevation.
  for (int i = 0; i < nj; ++i) {
    if (m.emitter[i] == 0.0 || !s.connected[i]) continue;
    double hloss = 0, hgrad = 0;
    emitter_headloss(w, i, hloss, hgrad);
    w.aii[i] += 1.0 / hgrad;
    w.f[i] += (hloss + m.elevation[i]) / hgrad;
    w.xflow[i] -= s.emitter_flow[i];
  }

  // Pressure-driven demands: emitter-like outflow above Pmin.
  if (m.options.demand_model == DemandModel::pda) {
    const double dp = std::max(m.options.preq - m.options.pmin, kMinPDiff);
    const double n = 1.0 / m.options.pexp;
    for (int i = 0; i < nj; ++i) {
      if (s.full_demand[i] <= 0.0 || !s.connected[i]) continue;
      double hloss = 0, hgrad = 0;
      demand_headloss(w, i, dp, n, hloss, hgrad);
      if (hgrad > 0.0) {
        w.aii[i] += 1.0 / hgrad;
        w.f[i] += (hloss + m.elevation[i] + m.options.pmin) / hgrad;
      }
    }
  }

  for (int i = 0; i < nj; ++i) {
    w.xflow[i] -= s.demand_flow[i];
    w.f[i] += w.xflow[i];
  }

  for (int k : m.valves) {
    if (s.setting[k] == kMissing) continue;
    switch (m.links[k].kind) {
      case LinkKind::prv: prv_coefficient(w, k); break;
      case LinkKind::psv: psv_coefficient(w, k); break;
      case LinkKind::fcv: fcv_coefficient(w, k); break;
      default: break;
    }
  }
}

}  // namespace lifeline::hydraulics::gga
