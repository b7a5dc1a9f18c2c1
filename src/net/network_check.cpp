#include "net/network_check.h"

#include "net/node_links.h"

namespace lifeline::net {

std::vector<NetworkIssue> check_network(const Network& net) {
  using S = NetworkIssue::Severity;
  std::vector<NetworkIssue> out;
  NodeLinks incident(net);
  std::vector<bool> reached(net.nodes.size(), false);
  std::vector<Index> stack;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (net.nodes[i].type != NodeType::junction) {
      reached[i] = true;
      stack.push_back(static_cast<Index>(i));
    }
  }
  if (stack.empty()) out.push_back({S::error, "no_source", "", "the network has no reservoir or tank"});
  while (!stack.empty()) {
    Index v = stack.back();
    stack.pop_back();
    for (Index l : incident.of(v)) {
      const Link& link = net.links[static_cast<std::size_t>(l)];
      Index w = link.from == v ? link.to : link.from;
      if (!reached[static_cast<std::size_t>(w)]) {
        reached[static_cast<std::size_t>(w)] = true;
        stack.push_back(w);
      }
    }
  }
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    const Node& n = net.nodes[i];
    if (incident.of(static_cast<Index>(i)).empty()) {
      out.push_back({S::error, "isolated_node", n.id, "node has no links"});
    } else if (!reached[i]) {
      out.push_back({S::error, "disconnected_node", n.id, "no path to any reservoir or tank"});
    }
    for (const auto& d : n.demands) {
      if (d.base < 0) out.push_back({S::warning, "negative_demand", n.id, "negative base demand (an inflow)"});
    }
  }
  for (const auto& t : net.tanks) {
    const Node& n = net.nodes[static_cast<std::size_t>(t.node)];
    if (t.min_level > t.max_level || t.initial_level < t.min_level || t.initial_level > t.max_level) {
      out.push_back({S::error, "tank_levels", n.id, "expected minimum <= initial <= maximum level"});
    }
    if (t.diameter <= 0 && t.volume_curve == kNone) out.push_back({S::error, "tank_size", n.id, "tank has no diameter or volume curve"});
  }
  for (const auto& l : net.links) {
    if (l.from == l.to) out.push_back({S::error, "self_loop", l.id, "link starts and ends at the same node"});
    if (l.type != LinkType::pipe) continue;
    if (l.length <= 0) out.push_back({S::error, "zero_length_pipe", l.id, "pipe length is not positive"});
    if (l.diameter <= 0) out.push_back({S::error, "zero_diameter_pipe", l.id, "pipe diameter is not positive"});
  }
  return out;
}

}  // namespace lifeline::net
