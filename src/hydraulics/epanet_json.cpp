#include "hydraulics/epanet_json.h"

#include <algorithm>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace lifeline::hydraulics {
namespace {

bool is_valve(LinkKind kind) { return !is_pipe(kind) && kind != LinkKind::pump; }

// The document is large (tens of MB for a city over a day), so it is written
// in pieces through one buffer; nlohmann::json only escapes the strings,
// because its number format is not the references' %.8g.
class JsonText {
 public:
  explicit JsonText(std::ostream& out) : out_(out) { buffer_.reserve(kFlushAt + 256); }
  ~JsonText() { flush(); }
  JsonText(const JsonText&) = delete;
  JsonText& operator=(const JsonText&) = delete;

  JsonText& raw(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kFlushAt) flush();
    return *this;
  }
  JsonText& str(const std::string& text) { return raw(nlohmann::json(text).dump()); }
  JsonText& integer(long long v) { return raw(std::to_string(v)); }
  // %.8g as the references; JSON has no NaN or infinity, so a diverged value is null.
  JsonText& number(double v) {
    if (!std::isfinite(v)) return raw("null");
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%.8g", v);
    return raw(std::string_view(text, static_cast<std::size_t>(n)));
  }
  template <typename F>
  JsonText& array(int n, F&& item) {
    raw("[");
    for (int i = 0; i < n; ++i) {
      if (i) raw(",");
      item(i);
    }
    return raw("]");
  }
  // One row per step, one line per row, as the references lay them out.
  template <typename F>
  JsonText& rows(int steps, int n, F&& value) {
    raw("[\n");
    for (int k = 0; k < steps; ++k) {
      array(n, [&](int i) { value(k, i); });
      raw(k + 1 < steps ? ",\n" : "]");
    }
    if (steps == 0) raw("]");
    return *this;
  }
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  std::ostream& out_;
  std::string buffer_;
};

}  // namespace

const char* epanet_node_type(const Model& model, int node) {
  const int tank = model.tank_of_node[node];
  if (tank < 0) return "JUNCTION";
  return model.tanks[tank].reservoir ? "RESERVOIR" : "TANK";
}

const char* epanet_link_type(LinkKind kind) {
  switch (kind) {
    case LinkKind::cvpipe: return "CVPIPE";
    case LinkKind::pipe: return "PIPE";
    case LinkKind::pump: return "PUMP";
    case LinkKind::prv: return "PRV";
    case LinkKind::psv: return "PSV";
    case LinkKind::pbv: return "PBV";
    case LinkKind::fcv: return "FCV";
    case LinkKind::tcv: return "TCV";
    case LinkKind::gpv: return "GPV";
    case LinkKind::pcv: return "PCV";
  }
  return "?";
}

const char* epanet_flow_units(net::FlowUnits units) { return net::to_string(units); }  // already EPANET's

const char* epanet_pressure_units(net::PressureUnits units) {
  switch (units) {
    case net::PressureUnits::psi: return "psi";
    case net::PressureUnits::kpa: return "kPa";
    case net::PressureUnits::meters: return "m";
    case net::PressureUnits::bar: return "bar";
    case net::PressureUnits::feet: return "ft";
  }
  return "?";
}

double ToolkitValues::head(int step, int node) const { return results_.head[step][node] * model_.ucf.head; }

// Reservoirs too: their elevation is the base head, so a head pattern shows
// as pressure (Richmond's reservoir O reads 69.33 m in EPANET's reference).
double ToolkitValues::pressure(int step, int node) const {
  return (results_.head[step][node] - model_.elevation[node]) * model_.ucf.pressure;
}

double ToolkitValues::demand(int step, int node) const { return results_.demand[step][node] * model_.ucf.flow; }

double ToolkitValues::flow(int step, int link) const {
  if (results_.status[step][link] <= Status::closed) return 0.0;  // EPANET reports no flow through a closed link
  return results_.flow[step][link] * model_.ucf.flow;
}

double ToolkitValues::deficit(int step, int node) const {
  if (node >= model_.n_junctions || results_.served.empty()) return 0.0;
  const double short_by = results_.full_demand[step][node] - results_.served[step][node];
  return short_by > 0.0 ? short_by * model_.ucf.flow : 0.0;
}

double ToolkitValues::velocity(int step, int link) const {
  const Link& l = model_.links[link];
  if (l.kind == LinkKind::pump || results_.status[step][link] <= Status::closed || l.diameter <= 0) return 0.0;
  const double area = 3.14159265358979323846 * l.diameter * l.diameter / 4.0;
  return std::fabs(results_.flow[step][link]) / area * model_.ucf.velocity;
}

double ToolkitValues::headloss(int step, int link) const {
  if (results_.status[step][link] <= Status::closed) return 0.0;
  const Link& l = model_.links[link];
  return (results_.head[step][l.n1] - results_.head[step][l.n2]) * model_.ucf.head;
}

int ToolkitValues::status(int step, int link) const {
  const Status s = results_.status[step][link];
  if (s <= Status::closed) return 0;
  if (is_valve(model_.links[link].kind) && s >= Status::active) return 2;
  return 1;
}

int ToolkitValues::state(int step, int link) const {
  const Status s = results_.status[step][link];
  const Link& l = model_.links[link];
  if (l.kind == LinkKind::pump && s >= Status::open) {
    const double q = results_.flow[step][link];
    if (q < 0.0) return static_cast<int>(Status::xhead);
    if (l.pump >= 0 && q > results_.setting[step][link] * model_.pumps[l.pump].qmax) return static_cast<int>(Status::xflow);
  }
  return static_cast<int>(s);
}

double ToolkitValues::setting(int step, int link) const {
  const Link& l = model_.links[link];
  if (is_pipe(l.kind)) {
    if (model_.options.headloss == net::HeadlossFormula::darcy_weisbach) return l.kc * 1000.0 * model_.ucf.head;
    return l.kc;
  }
  if (l.kind == LinkKind::gpv) return l.curve + 1.0;
  const double v = results_.setting[step][link];
  if (v == kMissing) return 0.0;
  switch (l.kind) {
    case LinkKind::prv:
    case LinkKind::psv:
    case LinkKind::pbv: return v * model_.ucf.pressure;
    case LinkKind::fcv: return v * model_.ucf.flow;
    default: return v;
  }
}

void write_epanet_json(std::ostream& out, const net::Network& network, const Model& model, const Scenario& scenario,
                       const Results& results, const JsonRunInfo& info) {
  const ToolkitValues tk(model, results);
  const int n_nodes = model.n_nodes();
  const int n_links = model.n_links();
  const int steps = tk.n_steps();
  const bool us = net::is_us(model.flow_units);
  const bool pda = scenario.pda || model.options.demand_model == DemandModel::pda;
  const long long duration = scenario.duration >= 0 ? scenario.duration : model.times.duration;
  auto node_id = [&](int i) -> const std::string& { return network.nodes[model.node_source[i]].id; };

  JsonText j(out);
  j.raw("{\"schema\":\"epanet-hyd-reference/1\",\"network\":").str(info.network);
  j.raw(",\"source\":").str(info.source);
  // The engine that computed the numbers, and the EPANET whose conventions they follow.
  j.raw(",\"engine\":\"lifeline\",\"epanet_version\":20305,\"epanet_version_str\":\"2.3.5\"");
  const std::string flow_units = epanet_flow_units(model.flow_units);
  j.raw(",\"units\":{\"flow\":").str(flow_units).raw(",\"demand\":").str(flow_units);
  j.raw(",\"pressure\":").str(epanet_pressure_units(model.pressure_units));
  j.raw(us ? ",\"head\":\"ft\",\"elevation\":\"ft\"" : ",\"head\":\"m\",\"elevation\":\"m\"").raw(",\"time\":\"s\"}");
  j.raw(",\"options\":{\"headloss\":").str(net::to_string(model.options.headloss));
  j.raw(",\"demand_model\":").str(pda ? "PDA" : "DDA");
  j.raw(",\"duration_s\":").integer(duration).raw(",\"duration_in_file_s\":").integer(info.duration_in_file);
  j.raw(",\"hyd_step_s\":").integer(model.times.hydraulic_step).raw("},\n");

  j.raw("\"nodes\":{\"id\":").array(n_nodes, [&](int i) { j.str(node_id(i)); }).raw(",\n");
  j.raw("\"type\":").array(n_nodes, [&](int i) { j.str(epanet_node_type(model, i)); }).raw(",\n");
  j.raw("\"elevation\":").array(n_nodes, [&](int i) { j.number(tk.elevation(i)); }).raw("},\n");

  j.raw("\"links\":{\"id\":").array(n_links, [&](int k) { j.str(network.links[k].id); }).raw(",\n");
  j.raw("\"type\":").array(n_links, [&](int k) { j.str(epanet_link_type(model.links[k].kind)); }).raw(",\n");
  j.raw("\"from\":").array(n_links, [&](int k) { j.str(node_id(model.links[k].n1)); }).raw(",\n");
  j.raw("\"to\":").array(n_links, [&](int k) { j.str(node_id(model.links[k].n2)); }).raw("},\n");

  j.raw("\"n_steps\":").integer(steps).raw(",\"completed\":").raw(results.completed ? "true" : "false");
  j.raw(",\"last_t\":").integer(steps ? results.steps.back().time : 0).raw(",\n");

  const auto& st = results.steps;
  j.raw("\"steps\":{\"t\":").array(steps, [&](int k) { j.integer(st[k].time); }).raw(",\n");
  j.raw("\"warning\":").array(steps, [&](int k) { j.integer(static_cast<int>(st[k].warning)); }).raw(",\n");
  j.raw("\"iterations\":").array(steps, [&](int k) { j.integer(st[k].stats.iterations); }).raw(",\n");
  j.raw("\"relative_error\":").array(steps, [&](int k) { j.number(st[k].stats.relative_error); }).raw(",\n");
  j.raw("\"max_head_error\":").array(steps, [&](int k) { j.number(tk.max_head_error(k)); }).raw(",\n");
  j.raw("\"max_flow_change\":").array(steps, [&](int k) { j.number(tk.max_flow_change(k)); }).raw("},\n");

  j.raw("\"node\":{\"head\":").rows(steps, n_nodes, [&](int k, int i) { j.number(tk.head(k, i)); }).raw(",\n");
  j.raw("\"pressure\":").rows(steps, n_nodes, [&](int k, int i) { j.number(tk.pressure(k, i)); }).raw(",\n");
  j.raw("\"demand\":").rows(steps, n_nodes, [&](int k, int i) { j.number(tk.demand(k, i)); }).raw("},\n");

  j.raw("\"link\":{\"flow\":").rows(steps, n_links, [&](int k, int l) { j.number(tk.flow(k, l)); }).raw(",\n");
  j.raw("\"status\":").rows(steps, n_links, [&](int k, int l) { j.integer(tk.status(k, l)); }).raw(",\n");
  j.raw("\"state\":").rows(steps, n_links, [&](int k, int l) { j.integer(tk.state(k, l)); }).raw(",\n");
  j.raw("\"setting\":").rows(steps, n_links, [&](int k, int l) { j.number(tk.setting(k, l)); }).raw("}}\n");
}

}  // namespace lifeline::hydraulics
