#include "net/unit_conversion.h"

#include <cmath>

namespace lifeline::net {
namespace {

double setting_factor(LinkType type, const UnitFactors& f) {
  switch (type) {
    case LinkType::prv:
    case LinkType::psv:
    case LinkType::pbv: return f.pressure;
    case LinkType::fcv: return f.flow;
    default: return 1.0;  // pump speed, TCV loss coefficient, PCV opening
  }
}

}  // namespace

void convert_units(Network& net, Conversion direction) {
  const UnitFactors f = unit_factors(net.options.flow_units, net.options.pressure_units, net.options.headloss);
  const bool to_si = direction == Conversion::file_to_si;
  auto k = [to_si](double factor) { return to_si ? factor : 1.0 / factor; };
  const double flow = k(f.flow), length = k(f.length), diameter = k(f.diameter), pressure = k(f.pressure),
               volume = k(f.volume), power = k(f.power), roughness = k(f.roughness);
  // Emitter flow = C p^e, so C scales by flow / pressure^e.
  const double emitter = k(f.flow / std::pow(f.pressure, net.options.emitter_exponent));

  for (auto& n : net.nodes) {
    n.elevation *= length;
    n.emitter *= emitter;
    for (auto& d : n.demands) d.base *= flow;
  }
  for (auto& t : net.tanks) {
    t.initial_level *= length;
    t.min_level *= length;
    t.max_level *= length;
    t.diameter *= length;
    t.min_volume *= volume;
  }
  for (auto& l : net.links) {
    if (l.type == LinkType::pipe) {
      l.length *= length;
      l.roughness *= roughness;
    }
    l.diameter *= diameter;
    l.setting *= setting_factor(l.type, f) == 1.0 ? 1.0 : k(setting_factor(l.type, f));
    l.power *= power;
  }
  for (auto& c : net.curves) {
    double kx = 1.0, ky = 1.0;
    switch (c.type) {
      case CurveType::pump: kx = flow; ky = length; break;
      case CurveType::efficiency: kx = flow; break;
      case CurveType::volume: kx = length; ky = volume; break;
      case CurveType::headloss: kx = flow; ky = length; break;
      case CurveType::valve:
      case CurveType::generic: break;
    }
    for (auto& [x, y] : c.points) {
      x *= kx;
      y *= ky;
    }
  }
  for (auto& c : net.controls) {
    if (c.action == Control::Action::setting && c.link != kNone) {
      double sf = setting_factor(net.links[static_cast<std::size_t>(c.link)].type, f);
      c.setting *= sf == 1.0 ? 1.0 : k(sf);
    }
    if ((c.condition == Control::Condition::node_above || c.condition == Control::Condition::node_below) &&
        c.node != kNone) {
      c.value *= net.nodes[static_cast<std::size_t>(c.node)].type == NodeType::junction ? pressure : length;
    }
  }
  net.options.minimum_pressure *= pressure;
  net.options.required_pressure *= pressure;
}

}  // namespace lifeline::net
