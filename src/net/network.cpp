#include "net/network.h"

#include <algorithm>

namespace lifeline::net {

const char* to_string(NodeType type) {
  switch (type) {
    case NodeType::junction: return "JUNCTION";
    case NodeType::reservoir: return "RESERVOIR";
    case NodeType::tank: return "TANK";
  }
  return "?";
}

const char* to_string(LinkType type) {
  switch (type) {
    case LinkType::pipe: return "PIPE";
    case LinkType::pump: return "PUMP";
    case LinkType::prv: return "PRV";
    case LinkType::psv: return "PSV";
    case LinkType::pbv: return "PBV";
    case LinkType::fcv: return "FCV";
    case LinkType::tcv: return "TCV";
    case LinkType::gpv: return "GPV";
    case LinkType::pcv: return "PCV";
  }
  return "?";
}

bool is_valve(LinkType type) { return type != LinkType::pipe && type != LinkType::pump; }

namespace {
template <typename Map>
Index insert_id(Map& map, const std::string& id, std::size_t next) {
  auto [it, inserted] = map.try_emplace(id, static_cast<Index>(next));
  return inserted ? it->second : kNone;
}
template <typename Map>
Index lookup(const Map& map, std::string_view id) {
  auto it = map.find(id);
  return it == map.end() ? kNone : it->second;
}
}  // namespace

Index Network::add_node(Node node) {
  Index i = insert_id(node_ids_, node.id, nodes.size());
  if (i != kNone) nodes.push_back(std::move(node));
  return i;
}

Index Network::add_tank(Node node, Tank tank) {
  node.type = NodeType::tank;
  node.tank = static_cast<Index>(tanks.size());
  Index i = add_node(std::move(node));
  if (i == kNone) return kNone;
  tank.node = i;
  tanks.push_back(tank);
  return i;
}

Index Network::add_link(Link link) {
  Index i = insert_id(link_ids_, link.id, links.size());
  if (i != kNone) links.push_back(std::move(link));
  return i;
}

Index Network::add_pattern(Pattern pattern) {
  Index i = insert_id(pattern_ids_, pattern.id, patterns.size());
  if (i != kNone) patterns.push_back(std::move(pattern));
  return i;
}

Index Network::add_curve(Curve curve) {
  Index i = insert_id(curve_ids_, curve.id, curves.size());
  if (i != kNone) curves.push_back(std::move(curve));
  return i;
}

void Network::reserve(std::size_t n_nodes, std::size_t n_links) {
  nodes.reserve(n_nodes);
  links.reserve(n_links);
  node_ids_.reserve(n_nodes);
  link_ids_.reserve(n_links);
}

Index Network::find_node(std::string_view id) const { return lookup(node_ids_, id); }
Index Network::find_link(std::string_view id) const { return lookup(link_ids_, id); }
Index Network::find_pattern(std::string_view id) const { return lookup(pattern_ids_, id); }
Index Network::find_curve(std::string_view id) const { return lookup(curve_ids_, id); }

RawSection& Network::raw_section(std::string_view name) {
  for (auto& s : raw_sections) {
    if (s.name == name) return s;
  }
  raw_sections.push_back(RawSection{std::string(name), {}});
  return raw_sections.back();
}

const RawSection* Network::find_raw_section(std::string_view name) const {
  for (const auto& s : raw_sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::size_t Network::count(NodeType type) const {
  return static_cast<std::size_t>(std::count_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.type == type; }));
}

std::size_t Network::count(LinkType type) const {
  return static_cast<std::size_t>(std::count_if(links.begin(), links.end(), [&](const Link& l) { return l.type == type; }));
}

}  // namespace lifeline::net
