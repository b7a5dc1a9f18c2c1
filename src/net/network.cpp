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

// The id of element i of a vector of things with an `id` member.
template <typename T>
IdIndex::IdOf ids_of(const std::vector<T>& items) {
  return [&items](std::int32_t i) -> std::string_view { return items[static_cast<std::size_t>(i)].id; };
}

// Appends item unless its id is taken; the index refers to the stored copy.
template <typename T>
Index add_with_id(std::vector<T>& items, IdIndex& index, T item) {
  if (index.find(item.id, ids_of(items)) != kNone) return kNone;
  auto i = static_cast<Index>(items.size());
  items.push_back(std::move(item));
  index.insert(items.back().id, i, ids_of(items));
  return i;
}

}  // namespace

Index Network::add_node(Node node) { return add_with_id(nodes, node_ids_, std::move(node)); }
Index Network::add_link(Link link) { return add_with_id(links, link_ids_, std::move(link)); }
Index Network::add_pattern(Pattern pattern) { return add_with_id(patterns, pattern_ids_, std::move(pattern)); }
Index Network::add_curve(Curve curve) { return add_with_id(curves, curve_ids_, std::move(curve)); }

Index Network::add_tank(Node node, Tank tank) {
  node.type = NodeType::tank;
  node.tank = static_cast<Index>(tanks.size());
  Index i = add_node(std::move(node));
  if (i == kNone) return kNone;
  tank.node = i;
  tanks.push_back(tank);
  return i;
}

void Network::reserve(std::size_t n_nodes, std::size_t n_links) {
  nodes.reserve(n_nodes);
  links.reserve(n_links);
  node_ids_.reserve(n_nodes, ids_of(nodes));
  link_ids_.reserve(n_links, ids_of(links));
}

Index Network::find_node(std::string_view id) const { return node_ids_.find(id, ids_of(nodes)); }
Index Network::find_link(std::string_view id) const { return link_ids_.find(id, ids_of(links)); }
Index Network::find_pattern(std::string_view id) const { return pattern_ids_.find(id, ids_of(patterns)); }
Index Network::find_curve(std::string_view id) const { return curve_ids_.find(id, ids_of(curves)); }

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
