#include "hydraulics/model.h"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "hydraulics/rules.h"
#include "net/inp_time.h"

namespace lifeline::hydraulics {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTiny = 1e-6;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

bool to_number(std::string_view text, double& out) {
  std::string s(text);
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && !s.empty() && std::isfinite(out);
}

// EPANET's powercurve(): fits h = a + b q^c through the shutoff head and two
// points; false when the points do not make a falling curve (error 227).
bool power_curve(double h0, double h1, double h2, double q1, double q2, double& a, double& b, double& c) {
  if (h0 < kTiny || h0 - h1 < kTiny || h1 - h2 < kTiny || q1 < kTiny || q2 - q1 < kTiny) return false;
  a = h0;
  const double h4 = h0 - h1, h5 = h0 - h2;
  c = std::log(h5 / h4) / std::log(q2 / q1);
  if (c <= 0.0 || c > 20.0) return false;
  b = -h4 / std::pow(q1, c);
  return b < 0.0;
}

struct Builder {
  const net::Network& net;
  Model m;
  std::vector<FieldError> errors;
  double specific_gravity = 1.0;
  double viscosity = -1;

  void fail(std::string field, std::string message) { errors.push_back({std::move(field), std::move(message)}); }

  void read_options() {
    auto& o = m.options;
    for (const auto& [key, value] : net.options.other) {
      const std::string k = upper(key);
      const auto w = words(value);
      double x = 0;
      auto number = [&](std::size_t i) {
        if (i >= w.size() || !to_number(w[i], x)) {
          fail("options." + k, "expected a number, got '" + value + "'");
          return false;
        }
        return true;
      };
      if (k == "TRIALS" && number(0)) o.max_iter = std::max(1, static_cast<int>(x));
      else if (k == "ACCURACY" && number(0)) o.hacc = x;
      else if (k == "CHECKFREQ" && number(0)) o.check_freq = static_cast<int>(x);
      else if (k == "MAXCHECK" && number(0)) o.max_check = static_cast<int>(x);
      else if (k == "DAMPLIMIT" && number(0)) o.damp_limit = x;
      else if (k == "HEADERROR" && number(0)) o.head_error_limit = x;
      else if (k == "FLOWCHANGE" && number(0)) o.flow_change_limit = x;
      else if (k == "VISCOSITY" && number(0)) viscosity = x;
      else if (k == "SPECIFIC" && w.size() >= 2 && upper(w[0]) == "GRAVITY" && number(1)) specific_gravity = x;
      else if (k == "UNBALANCED" && !w.empty()) {
        if (upper(w[0]) == "STOP") o.extra_iter = -1;
        else if (upper(w[0]) == "CONTINUE") o.extra_iter = (w.size() > 1 && number(1)) ? static_cast<int>(x) : 0;
      } else if (k == "EMITTER" && w.size() >= 2 && upper(w[0]) == "BACKFLOW") {
        o.emitter_backflow = upper(w[1]) != "NO";
      }
    }
    if (o.hacc <= 0) o.hacc = 0.001;
    o.specific_gravity = specific_gravity;
  }

  void read_times() {
    const auto& t = net.times;
    auto& mt = m.times;
    mt.duration = t.duration;
    mt.hydraulic_step = t.hydraulic_step;
    mt.pattern_step = t.pattern_step;
    mt.pattern_start = t.pattern_start;
    mt.report_step = t.report_step;
    mt.report_start = t.report_start;
    mt.start_clocktime = t.start_clocktime;
    mt.rule_step = 0;
    for (const auto& [key, value] : t.other) {
      const auto w = words(value);
      if (upper(key) == "RULE" && !w.empty() && upper(w[0]) == "TIMESTEP") {
        auto v = net::parse_inp_time(std::span<const std::string_view>(w).subspan(1));
        if (v) mt.rule_step = *v;
        else fail("times.rule_timestep", "expected a time, got '" + value + "'");
      }
    }
    // EPANET's adjustdata(): consistent steps.
    if (mt.pattern_step <= 0) mt.pattern_step = 3600;
    if (mt.report_step == 0) mt.report_step = mt.pattern_step;
    if (mt.hydraulic_step <= 0) mt.hydraulic_step = 3600;
    mt.hydraulic_step = std::min({mt.hydraulic_step, mt.pattern_step, mt.report_step});
    if (mt.report_start > mt.duration) mt.report_start = 0;
    if (mt.rule_step <= 0) mt.rule_step = mt.hydraulic_step / 10;
    mt.rule_step = std::min(mt.rule_step, mt.hydraulic_step);
  }

  void read_curves(const ToInternal& u) {
    m.curves.resize(net.curves.size());
    for (std::size_t i = 0; i < net.curves.size(); ++i) {
      const auto& c = net.curves[i];
      auto& out = m.curves[i];
      for (const auto& [x, y] : c.points) {
        switch (c.type) {
          case net::CurveType::pump:
          case net::CurveType::headloss:
            out.x.push_back(u.file_flow(x));
            out.y.push_back(u.file_head(y));
            break;
          case net::CurveType::efficiency:
            out.x.push_back(u.file_flow(x));
            out.y.push_back(y);
            break;
          case net::CurveType::volume:
            out.x.push_back(u.file_head(x));
            out.y.push_back(u.file_volume(y));
            break;
          default:
            out.x.push_back(x);
            out.y.push_back(y);
        }
      }
      if (out.x.empty()) {
        out.x.push_back(0);
        out.y.push_back(0);
      }
    }
  }

  int default_pattern() const {
    net::Index p = net.options.default_pattern;
    if (p == net::kNone) p = net.find_pattern("1");
    return p == net::kNone ? 0 : static_cast<int>(p) + 1;
  }

  void read_patterns() {
    m.patterns.resize(net.patterns.size() + 1);  // 0: the constant pattern
    m.patterns[0].factors = {1.0};
    for (std::size_t i = 0; i < net.patterns.size(); ++i) {
      m.patterns[i + 1].factors = net.patterns[i].factors;
      if (m.patterns[i + 1].factors.empty()) m.patterns[i + 1].factors = {1.0};
    }
  }

  static int pattern_index(net::Index p) { return p == net::kNone ? -1 : static_cast<int>(p) + 1; }

  void read_nodes(const ToInternal& u) {
    const int n = static_cast<int>(net.nodes.size());
    m.node_of.assign(n, -1);
    for (int i = 0; i < n; ++i)
      if (net.nodes[i].type == net::NodeType::junction) m.node_of[i] = static_cast<int>(m.node_source.size()), m.node_source.push_back(i);
    m.n_junctions = static_cast<int>(m.node_source.size());
    for (int i = 0; i < n; ++i)
      if (net.nodes[i].type != net::NodeType::junction) m.node_of[i] = static_cast<int>(m.node_source.size()), m.node_source.push_back(i);
    m.elevation.resize(n);
    m.tank_of_node.assign(n, -1);
    m.demand_start.assign(m.n_junctions + 1, 0);
    m.emitter.assign(m.n_junctions, 0.0);
    const int def_pat = default_pattern();
    const double qexp = m.options.qexp;
    for (int k = 0; k < n; ++k) {
      const auto& node = net.nodes[m.node_source[k]];
      m.elevation[k] = u.head(node.elevation);
      if (k < m.n_junctions) {
        m.demand_start[k] = static_cast<int>(m.demands.size());
        for (const auto& d : node.demands) {
          const int pat = d.pattern == net::kNone ? def_pat : pattern_index(d.pattern);
          m.demands.push_back({u.flow(d.base), pat});
        }
        // Emitter: q = C p^e in file units; EPANET keeps Ke with h = Ke q^(1/e) internal.
        if (node.emitter > 0) {
          const double c_file = node.emitter * std::pow(u.si().pressure, m.options.qexp > 0 ? 1.0 / qexp : 0.5) / u.si().flow;
          m.emitter[k] = std::pow(u.ucf().flow / c_file, qexp) / u.ucf().pressure;
        }
        continue;
      }
      Tank t;
      t.node = k;
      if (node.type == net::NodeType::reservoir) {
        t.reservoir = true;
        t.head_pattern = pattern_index(node.pattern);
        t.h0 = t.hmin = t.hmax = m.elevation[k];
      } else {
        const auto& nt = net.tanks[node.tank];
        const double el = m.elevation[k];
        t.h0 = el + u.head(nt.initial_level);
        t.hmin = el + u.head(nt.min_level);
        t.hmax = el + u.head(nt.max_level);
        t.area = kPi * std::pow(u.head(nt.diameter), 2) / 4.0;
        t.can_overflow = nt.can_overflow;
        t.volume_curve = nt.volume_curve == net::kNone ? -1 : static_cast<int>(nt.volume_curve);
        if (t.volume_curve >= 0) {
          t.vmin = curve_volume(t, t.hmin);
          t.v0 = curve_volume(t, t.h0);
          t.vmax = curve_volume(t, t.hmax);
          if (t.hmax > t.hmin) t.area = (t.vmax - t.vmin) / (t.hmax - t.hmin);
          if (t.area <= 0) t.area = 1.0;
        } else {
          t.vmin = nt.min_volume > 0 ? u.volume(nt.min_volume) : t.area * (t.hmin - el);
          t.v0 = t.vmin + (t.h0 - t.hmin) * t.area;
          t.vmax = t.vmin + (t.hmax - t.hmin) * t.area;
        }
        if (t.area <= 0) fail("tanks." + node.id, "tank needs a positive diameter or a volume curve");
        if (t.hmax < t.hmin || t.h0 < t.hmin || t.h0 > t.hmax)
          fail("tanks." + node.id, "initial level must lie between the minimum and maximum levels");
      }
      m.tank_of_node[k] = static_cast<int>(m.tanks.size());
      m.tanks.push_back(t);
    }
    m.demand_start[m.n_junctions] = static_cast<int>(m.demands.size());
  }

  double curve_volume(const Tank& t, double h) const {
    const auto& c = m.curves[t.volume_curve];
    return interpolate(c.x, c.y, (h - m.elevation[t.node]) * m.ucf.head) / m.ucf.volume;
  }

  void read_links(const ToInternal& u) {
    using net::LinkType;
    m.links.resize(net.links.size());
    for (std::size_t k = 0; k < net.links.size(); ++k) {
      const auto& l = net.links[k];
      auto& out = m.links[k];
      out.n1 = m.node_of[l.from];
      out.n2 = m.node_of[l.to];
      out.diameter = u.diameter(l.diameter);
      out.length = u.head(l.length);
      const double d4 = std::pow(out.diameter, 4);
      out.km = (l.minor_loss > 0 && out.diameter > 0) ? 0.02517 * l.minor_loss / d4 : 0.0;
      out.status = l.status == net::LinkStatus::closed ? Status::closed : Status::open;
      switch (l.type) {
        case LinkType::pipe:
          out.kind = l.check_valve ? LinkKind::cvpipe : LinkKind::pipe;
          out.kc = m.options.headloss == net::HeadlossFormula::darcy_weisbach ? u.dw_roughness(l.roughness) : l.roughness;
          break;
        case LinkType::pump: read_pump(u, l, static_cast<int>(k), out); break;
        default: read_valve(u, l, out); break;
      }
      resistance(out);
    }
  }

  void read_valve(const ToInternal& u, const net::Link& l, Link& out) {
    using net::LinkType;
    static constexpr LinkKind kinds[] = {LinkKind::pipe, LinkKind::pump, LinkKind::prv, LinkKind::psv, LinkKind::pbv,
                                         LinkKind::fcv,  LinkKind::tcv,  LinkKind::gpv, LinkKind::pcv};
    out.kind = kinds[static_cast<int>(l.type)];
    out.curve = l.curve == net::kNone ? -1 : static_cast<int>(l.curve);
    switch (l.type) {
      case LinkType::prv:
      case LinkType::psv:
      case LinkType::pbv: out.kc = u.pressure(l.setting); break;
      case LinkType::fcv: out.kc = u.flow(l.setting); break;
      case LinkType::gpv: out.kc = out.curve; break;
      default: out.kc = l.setting; break;
    }
    if (l.status == net::LinkStatus::active) {
      out.status = Status::active;
    } else {
      out.status = l.status == net::LinkStatus::closed ? Status::closed : Status::open;
      if (out.kind != LinkKind::gpv) out.kc = kMissing;
    }
    m.valves.push_back(static_cast<int>(&out - m.links.data()));
  }

  void read_pump(const ToInternal& u, const net::Link& l, int index, Link& out) {
    out.kind = LinkKind::pump;
    out.kc = l.status == net::LinkStatus::closed ? 0.0 : l.setting;  // a pump closed in the file has speed 0
    out.pump = static_cast<int>(m.pumps.size());
    Pump p;
    p.link = index;
    p.speed_pattern = pattern_index(l.pattern);
    const std::string where = "pumps." + l.id;
    if (l.curve == net::kNone) {
      // Constant power: head gain = 8.814 hp / q (ft, cfs).
      p.type = PumpCurve::constant_power;
      p.h0 = 0;
      p.r = -8.814 * u.power(l.power);
      p.n = -1;
      p.hmax = p.qmax = kBig;
      p.q0 = 1.0;
    } else {
      p.head_curve = static_cast<int>(l.curve);
      const auto& c = m.curves[p.head_curve];
      const std::size_t npts = c.x.size();
      double h0 = 0, h1 = 0, h2 = 0, q1 = 0, q2 = 0;
      bool power = true;
      if (npts == 1) {
        q1 = c.x[0], h1 = c.y[0], h0 = 1.33334 * h1, q2 = 2.0 * q1, h2 = 0.0;
      } else if (npts == 3 && c.x[0] == 0.0) {
        h0 = c.y[0], q1 = c.x[1], h1 = c.y[1], q2 = c.x[2], h2 = c.y[2];
      } else {
        power = false;
        p.type = PumpCurve::custom;
        for (std::size_t i = 1; i < npts; ++i)
          if (c.y[i] >= c.y[i - 1]) {
            fail(where, "pump curve '" + net.curves[p.head_curve].id + "' must fall as flow rises (EPANET error 227)");
            break;
          }
        p.qmax = c.x[npts - 1];
        p.q0 = (c.x[0] + p.qmax) / 2.0;
        p.hmax = c.y[0];
      }
      if (power) {
        double a = 0, b = 0, cc = 1;
        if (!power_curve(h0, h1, h2, q1, q2, a, b, cc)) {
          fail(where, "pump curve '" + net.curves[p.head_curve].id + "' is not a valid pump curve (EPANET error 227)");
        } else {
          p.type = PumpCurve::power_function;
          p.h0 = -a;
          p.r = -b;
          p.n = cc;
          p.q0 = q1;
          p.qmax = std::pow(-a / b, 1.0 / cc);
          p.hmax = h0;
          p.h0 /= m.ucf.head;
          p.r *= std::pow(m.ucf.flow, p.n) / m.ucf.head;
        }
      }
      p.q0 /= m.ucf.flow;
      p.qmax /= m.ucf.flow;
      p.hmax /= m.ucf.head;
    }
    m.pumps.push_back(p);
  }

  // EPANET's resistcoeff().
  void resistance(Link& l) const {
    const double e = l.kc, d = l.diameter, len = l.length;
    switch (l.kind) {
      case LinkKind::cvpipe:
      case LinkKind::pipe:
        switch (m.options.headloss) {
          case net::HeadlossFormula::hazen_williams:
            l.r = 4.727 * len / std::pow(e, m.options.hexp) / std::pow(d, 4.871);
            break;
          case net::HeadlossFormula::darcy_weisbach:
            l.r = len / 2.0 / 32.2 / d / std::pow(kPi * d * d / 4.0, 2);
            break;
          case net::HeadlossFormula::chezy_manning:
            l.r = std::pow(4.0 * e / (1.49 * kPi * d * d), 2) * std::pow(d / 4.0, -1.333) * len;
            break;
        }
        break;
      case LinkKind::pump: l.r = 1.0e8; break;
      default: l.r = 1.0e-6; break;  // PCV: see pcv_loss_coefficient in the solver
    }
  }

  void read_controls(const ToInternal& u) {
    for (std::size_t i = 0; i < net.controls.size(); ++i) {
      const auto& c = net.controls[i];
      Control out;
      out.link = static_cast<int>(c.link);
      const Link& link = m.links[out.link];
      switch (c.condition) {
        case net::Control::Condition::at_time: out.type = ControlType::timer; out.time = static_cast<long long>(c.value); break;
        case net::Control::Condition::at_clocktime:
          out.type = ControlType::time_of_day;
          out.time = static_cast<long long>(c.value) % 86400;
          break;
        case net::Control::Condition::node_above:
        case net::Control::Condition::node_below: {
          out.type = c.condition == net::Control::Condition::node_above ? ControlType::high_level : ControlType::low_level;
          out.node = m.node_of[c.node];
          const bool junction = out.node < m.n_junctions;
          out.grade = m.elevation[out.node] + (junction ? u.pressure(c.value) : u.head(c.value));
          break;
        }
      }
      switch (c.action) {
        case net::Control::Action::open:
          out.status = Status::open;
          out.setting = link.kind == LinkKind::pump ? 1.0 : link.kind == LinkKind::gpv ? link.kc : kMissing;
          break;
        case net::Control::Action::closed:
          out.status = Status::closed;
          out.setting = link.kind == LinkKind::pump ? 0.0 : link.kind == LinkKind::gpv ? link.kc : kMissing;
          break;
        case net::Control::Action::setting: {
          const auto& nl = net.links[out.link];
          double v = c.setting;
          switch (nl.type) {
            case net::LinkType::prv:
            case net::LinkType::psv:
            case net::LinkType::pbv: v = u.pressure(v); break;
            case net::LinkType::fcv: v = u.flow(v); break;
            default: break;
          }
          out.setting = v;
          if (link.kind == LinkKind::pump || is_pipe(link.kind)) out.status = v > 0 ? Status::open : Status::closed;
          else out.status = Status::active;
          break;
        }
      }
      m.controls.push_back(out);
    }
  }
};

}  // namespace

double interpolate(const std::vector<double>& x, const std::vector<double>& y, double xx) {
  const std::size_t m = x.size() - 1;
  if (xx <= x[0]) return y[0];
  for (std::size_t k = 1; k <= m; ++k) {
    if (x[k] >= xx) {
      const double dx = x[k] - x[k - 1], dy = y[k] - y[k - 1];
      if (std::fabs(dx) < kTiny) return y[k];
      return y[k] - (x[k] - xx) * dy / dx;
    }
  }
  return y[m];
}

Result<Model> build_model(const net::Network& network) {
  Builder b{network, {}, {}, 1.0, -1};
  Model& m = b.m;
  b.read_options();
  auto& o = m.options;
  o.headloss = network.options.headloss;
  o.hexp = o.headloss == net::HeadlossFormula::hazen_williams ? 1.852 : 2.0;
  o.qexp = 1.0 / network.options.emitter_exponent;
  o.demand_multiplier = network.options.demand_multiplier;
  o.demand_model = upper(network.options.demand_model) == "PDA" ? DemandModel::pda : DemandModel::dda;
  ToInternal u(network.options, b.specific_gravity);
  m.ucf = u.ucf();
  m.flow_units = network.options.flow_units;
  m.pressure_units = network.options.pressure_units;
  o.pmin = u.pressure(network.options.minimum_pressure);
  o.preq = u.pressure(network.options.required_pressure);
  o.pexp = network.options.pressure_exponent;
  if (b.viscosity < 0) o.viscosity = 1.1e-5;
  else if (b.viscosity > 1e-3) o.viscosity = b.viscosity * 1.1e-5;
  else o.viscosity = b.viscosity / (m.ucf.head * m.ucf.head);
  b.read_times();
  b.read_patterns();
  b.read_curves(u);
  if (network.nodes.size() < 2) b.fail("nodes", "a network needs at least two nodes");
  b.read_nodes(u);
  if (m.tanks.empty()) b.fail("reservoirs", "a network needs at least one tank or reservoir (EPANET error 224)");
  if (m.n_junctions == 0) b.fail("junctions", "a network needs at least one junction (EPANET error 223)");
  b.read_links(u);
  b.read_controls(u);
  // Junctions no link touches make the matrix singular (EPANET error 233).
  std::vector<char> linked(m.n_nodes(), 0);
  for (const auto& l : m.links) linked[l.n1] = linked[l.n2] = 1;
  for (int i = 0; i < m.n_junctions; ++i)
    if (!linked[i]) b.fail("junctions." + network.nodes[m.node_source[i]].id, "junction is not connected to any link (EPANET error 233)");
  if (!b.errors.empty()) {
    if (b.errors.size() > 20) b.errors.resize(20);
    return Error::invalid(std::move(b.errors));
  }
  for (int i = 0; i < m.n_nodes(); ++i) m.node_id.push_back(network.nodes[m.node_source[i]].id);
  for (const auto& l : network.links) m.link_id.push_back(l.id);
  if (!network.rules.empty()) {
    auto rules = RuleSet::compile(network, m);
    if (!rules) return rules.error();
    m.rules = std::make_shared<const RuleSet>(std::move(*rules));
  }
  return std::move(b.m);
}

}  // namespace lifeline::hydraulics
