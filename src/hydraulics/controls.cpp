#include "hydraulics/controls.h"

#include <cmath>

namespace lifeline::hydraulics {

namespace {

// A constant-power pump restarts from its design flow.
void reset_pump_flow(const Model& model, State& state, int link) {
  const Pump& pump = model.pumps[model.links[link].pump];
  if (pump.type == PumpCurve::constant_power) state.flow[link] = pump.q0;
}

}  // namespace

double tank_volume(const Model& model, int t, double head) {
  const Tank& tank = model.tanks[t];
  if (tank.volume_curve < 0) return tank.vmin + (head - tank.hmin) * tank.area;
  const Curve& c = model.curves[tank.volume_curve];
  return interpolate(c.x, c.y, (head - model.elevation[tank.node]) * model.ucf.head) / model.ucf.volume;
}

double tank_grade(const Model& model, int t, double volume) {
  const Tank& tank = model.tanks[t];
  if (tank.volume_curve < 0) return tank.hmin + (volume - tank.vmin) / tank.area;
  const Curve& c = model.curves[tank.volume_curve];
  return model.elevation[tank.node] + interpolate(c.y, c.x, volume * model.ucf.volume) / model.ucf.head;
}

bool set_link_status(const Model& model, State& state, int link, bool open) {
  if (state.locked[link]) return false;
  const LinkKind kind = model.links[link].kind;
  const Status before = state.status[link];
  const double setting = state.setting[link];
  if (open) {
    if (kind == LinkKind::pump) {
      if (before == Status::closed) reset_pump_flow(model, state, link);
      state.setting[link] = 1.0;
    }
    if (kind > LinkKind::pump && kind != LinkKind::gpv) state.setting[link] = kMissing;
    state.status[link] = Status::open;
  } else {
    if (kind == LinkKind::pump) state.setting[link] = 0.0;
    if (kind > LinkKind::pump && kind != LinkKind::gpv) state.setting[link] = kMissing;
    state.status[link] = Status::closed;
  }
  return state.status[link] != before || state.setting[link] != setting;
}

bool set_link_setting(const Model& model, State& state, int link, double value) {
  if (state.locked[link]) return false;
  const LinkKind kind = model.links[link].kind;
  const Status before = state.status[link];
  const double setting = state.setting[link];
  if (kind == LinkKind::pump) {
    state.setting[link] = value;
    if (value > 0 && before <= Status::closed) {
      reset_pump_flow(model, state, link);
      state.status[link] = Status::open;
    }
    if (value == 0 && before > Status::closed) state.status[link] = Status::closed;
  } else if (kind == LinkKind::fcv) {
    state.setting[link] = value;
    state.status[link] = Status::active;
  } else {
    if (setting == kMissing && before <= Status::closed) state.status[link] = Status::open;
    state.setting[link] = value;
  }
  return state.status[link] != before || state.setting[link] != setting;
}

int apply_controls(const Model& model, State& state) {
  int changes = 0;
  for (const Control& c : model.controls) {
    const int k = c.link;
    if (state.locked[k]) continue;
    bool reset = false;
    if (c.node >= model.n_junctions) {
      const int t = model.tank_of_node[c.node];
      const double vplus = std::fabs(state.node_demand[c.node]);
      const double v1 = tank_volume(model, t, state.head[c.node]);
      const double v2 = tank_volume(model, t, c.grade);
      if (c.type == ControlType::low_level && v1 <= v2 + vplus) reset = true;
      if (c.type == ControlType::high_level && v1 >= v2 - vplus) reset = true;
    }
    if (c.type == ControlType::timer && c.time == state.time) reset = true;
    if (c.type == ControlType::time_of_day && (state.time + model.times.start_clocktime) % 86400 == c.time) reset = true;
    if (!reset) continue;
    const LinkKind kind = model.links[k].kind;
    const Status s1 = state.status[k] <= Status::closed ? Status::closed : Status::open;
    const Status s2 = c.status;
    const double k1 = state.setting[k];
    const double k2 = kind > LinkKind::pipe ? c.setting : k1;
    if (kind == LinkKind::pump && s1 == Status::closed && s2 == Status::open) reset_pump_flow(model, state, k);
    if (s1 != s2 || k1 != k2) {
      state.status[k] = s2;
      state.setting[k] = k2;
      ++changes;
    }
  }
  return changes;
}

}  // namespace lifeline::hydraulics
