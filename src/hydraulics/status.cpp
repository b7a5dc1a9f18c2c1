// Link status logic, as EPANET 2.3's hydstatus.c and hydsolver.c decide it:
// check valves, pumps that cannot deliver their head, PRV/PSV/FCV states,
// links into full or out of empty tanks, and pressure switches.
#include <cmath>

#include "hydraulics/gga.h"

namespace lifeline::hydraulics::gga {

namespace {

Status cv_status(const Options& o, Status s, double dh, double q) {
  if (std::fabs(dh) > o.htol) {
    if (dh < -o.htol) return Status::closed;
    if (q < -o.qtol) return Status::closed;
    return Status::open;
  }
  if (q < -o.qtol) return Status::closed;
  return s;
}

Status pump_status(const Workspace& w, int k, double dh) {
  const Pump& pump = w.m.pumps[w.m.links[k].pump];
  const double speed = w.s->setting[k];
  double hmax = speed * speed * pump.hmax;
  if (pump.type == PumpCurve::constant_power) {
    hmax = kBig;
    if (w.s->flow[k] < kTiny) return Status::temp_closed;  // EPANET 2.3: a power pump with no flow stops
  }
  return dh > hmax + w.m.options.htol ? Status::xhead : Status::open;
}

Status prv_status(const Workspace& w, int k, Status s, double hset, double h1, double h2) {
  const double htol = w.m.options.htol, qtol = w.m.options.qtol;
  const double q = w.s->flow[k];
  const double hml = w.m.links[k].km * q * q;
  switch (s) {
    case Status::active:
      if (q < -qtol) return Status::closed;
      if (h1 - hml < hset - htol) return Status::open;
      return Status::active;
    case Status::open:
      if (q < -qtol) return Status::closed;
      if (h2 >= hset + htol) return Status::active;
      return Status::open;
    case Status::closed:
      if (h1 >= hset + htol && h2 < hset - htol) return Status::active;
      if (h1 < hset - htol && h1 > h2 + htol) return Status::open;
      return Status::closed;
    case Status::xpressure:
      if (q < -qtol) return Status::closed;
      return s;
    default: return s;
  }
}

Status psv_status(const Workspace& w, int k, Status s, double hset, double h1, double h2) {
  const double htol = w.m.options.htol, qtol = w.m.options.qtol;
  const double q = w.s->flow[k];
  const double hml = w.m.links[k].km * q * q;
  switch (s) {
    case Status::active:
      if (q < -qtol) return Status::closed;
      if (h2 + hml > hset + htol) return Status::open;
      return Status::active;
    case Status::open:
      if (q < -qtol) return Status::closed;
      if (h1 < hset - htol) return Status::active;
      return Status::open;
    case Status::closed:
      if (h2 > hset + htol && h1 > h2 + htol) return Status::open;
      if (h1 >= hset + htol && h1 > h2 + htol) return Status::active;
      return Status::closed;
    case Status::xpressure:
      if (q < -qtol) return Status::closed;
      return s;
    default: return s;
  }
}

Status fcv_status(const Workspace& w, int k, Status s, double h1, double h2) {
  const auto& o = w.m.options;
  if (h1 - h2 < -o.htol) return Status::xfcv;
  if (w.s->flow[k] < -o.qtol) return Status::xfcv;
  if (s == Status::xfcv && w.s->flow[k] >= w.s->setting[k]) return Status::active;
  // EPANET 2.3: an active FCV cannot lose less head than when fully open.
  if (s == Status::active) {
    const double q = w.s->flow[k];
    if ((h1 - h2) / (q * q) < w.m.links[k].km) return Status::xfcv;
  }
  return s;
}

// Closes a link that would fill a full tank or drain an empty one (EPANET
// 2.3 judges by volume). q: the link's flow out of the tank.
void tank_status(Workspace& w, int k, int node, double q) {
  State& s = *w.s;
  if (s.status[k] <= Status::closed) return;
  const int t = w.m.tank_of_node[node];
  const Tank& tank = w.m.tanks[t];
  if (tank.reservoir) return;
  if (s.tank_volume[t] >= tank.vmax && !tank.can_overflow && q < 0.0) s.status[k] = Status::temp_closed;
  else if (s.tank_volume[t] <= tank.vmin && q > 0.0) s.status[k] = Status::temp_closed;
}

}  // namespace

bool valve_status(Workspace& w) {
  State& s = *w.s;
  bool change = false;
  for (int k : w.m.valves) {
    if (s.setting[k] == kMissing || s.locked[k]) continue;
    const Link& l = w.m.links[k];
    const Status before = s.status[k];
    if (l.kind == LinkKind::prv) {
      const double hset = w.m.elevation[l.n2] + s.setting[k];
      s.status[k] = prv_status(w, k, before, hset, s.head[l.n1], s.head[l.n2]);
    } else if (l.kind == LinkKind::psv) {
      const double hset = w.m.elevation[l.n1] + s.setting[k];
      s.status[k] = psv_status(w, k, before, hset, s.head[l.n1], s.head[l.n2]);
    } else {
      continue;
    }
    if (s.status[k] != before) change = true;
  }
  return change;
}

bool link_status(Workspace& w) {
  State& s = *w.s;
  const Model& m = w.m;
  bool change = false;
  const int nl = m.n_links();
  for (int k = 0; k < nl; ++k) {
    if (s.locked[k]) continue;  // a scenario's closure holds whatever the heads say
    const Link& l = m.links[k];
    const double dh = s.head[l.n1] - s.head[l.n2];
    const Status before = s.status[k];
    if (before == Status::xhead || before == Status::temp_closed) s.status[k] = Status::open;
    if (l.kind == LinkKind::cvpipe) s.status[k] = cv_status(m.options, s.status[k], dh, s.flow[k]);
    if (l.kind == LinkKind::pump && s.status[k] >= Status::open && s.setting[k] > 0.0)
      s.status[k] = pump_status(w, k, -dh);
    if (l.kind == LinkKind::fcv && s.setting[k] != kMissing)
      s.status[k] = fcv_status(w, k, before, s.head[l.n1], s.head[l.n2]);
    if (m.tank_of_node[l.n1] >= 0) tank_status(w, k, l.n1, s.flow[k]);
    if (m.tank_of_node[l.n2] >= 0) tank_status(w, k, l.n2, -s.flow[k]);
    if (s.status[k] != before) change = true;
  }
  return change;
}

bool pressure_switch(Workspace& w) {
  State& s = *w.s;
  const Model& m = w.m;
  bool any = false;
  for (const Control& c : m.controls) {
    const int k = c.link, n = c.node;
    if (n < 0 || n >= m.n_junctions || s.locked[k]) continue;
    bool reset = false;
    if (c.type == ControlType::low_level && s.head[n] <= c.grade + m.options.htol) reset = true;
    if (c.type == ControlType::high_level && s.head[n] >= c.grade - m.options.htol) reset = true;
    if (!reset) continue;
    const LinkKind kind = m.links[k].kind;
    bool change = false;
    if (kind == LinkKind::pipe && s.status[k] != c.status) change = true;
    if (kind == LinkKind::pump && s.setting[k] != c.setting) change = true;
    if (kind >= LinkKind::prv) {
      if (s.setting[k] != c.setting) change = true;
      else if (s.setting[k] == kMissing && s.status[k] != c.status) change = true;
    }
    if (change) {
      s.status[k] = c.status;
      if (kind > LinkKind::pipe) s.setting[k] = c.setting;
      any = true;
    }
  }
  return any;
}

bool bad_valve(Workspace& w, int n) {
  State& s = *w.s;
  for (int k : w.m.valves) {
    const Link& l = w.m.links[k];
    if (n != l.n1 && n != l.n2) continue;
    if ((l.kind == LinkKind::prv || l.kind == LinkKind::psv || l.kind == LinkKind::fcv) &&
        s.status[k] == Status::active) {
      s.status[k] = l.kind == LinkKind::fcv ? Status::xfcv : Status::xpressure;
      return true;
    }
    return false;
  }
  return false;
}

}  // namespace lifeline::hydraulics::gga
