#include "net/valve_placement.h"

#include <algorithm>
#include <random>

#include "net/node_links.h"

namespace lifeline::net {
namespace {

// Partial Fisher-Yates: the first k items become a uniform random k-subset.
// mt19937_64 is fully specified by the standard, so layers are reproducible.
template <typename T>
void choose(std::vector<T>& items, std::size_t k, std::mt19937_64& rng) {
  for (std::size_t i = 0; i < k && i < items.size(); ++i) {
    std::size_t j = i + static_cast<std::size_t>(rng() % (items.size() - i));
    std::swap(items[i], items[j]);
  }
  items.resize(std::min(k, items.size()));
}

}  // namespace

ValveLayer generate_valve_layer(const Network& net, ValvePlacement placement, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  ValveLayer layer;
  auto add = [&](Index link, Index node) {
    layer.valves.push_back(IsolationValve{std::to_string(layer.valves.size()), link, node, true});
  };
  if (placement == ValvePlacement::strategic) {
    NodeLinks incident(net);
    for (std::size_t node = 0; node < net.nodes.size(); ++node) {
      auto span = incident.of(static_cast<Index>(node));
      std::vector<Index> links(span.begin(), span.end());
      std::size_t keep = static_cast<std::size_t>(std::max(n, 0));
      choose(links, links.size() > keep ? links.size() - keep : 0, rng);
      std::sort(links.begin(), links.end());
      for (Index l : links) add(l, static_cast<Index>(node));
    }
  } else {
    std::vector<std::pair<Index, Index>> ends;
    for (std::size_t i = 0; i < net.links.size(); ++i) {
      const Link& l = net.links[i];
      if (l.type != LinkType::pipe) continue;
      ends.emplace_back(static_cast<Index>(i), l.from);
      if (l.to != l.from) ends.emplace_back(static_cast<Index>(i), l.to);
    }
    choose(ends, static_cast<std::size_t>(std::max(n, 0)), rng);
    std::sort(ends.begin(), ends.end());
    for (auto [link, node] : ends) add(link, node);
  }
  return layer;
}

}  // namespace lifeline::net
