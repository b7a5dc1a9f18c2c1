#include "analysis/segmented_network.h"

#include <cctype>
#include <string>
#include <unordered_set>

namespace lifeline::analysis {
namespace {

std::vector<bool> closed_for(const net::Network& net, const SupplyOptions& options) {
  std::vector<bool> closed = options.model_closed_links ? statically_closed_links(net)
                                                        : std::vector<bool>(net.links.size(), false);
  for (net::Index l : options.closed_links) closed[static_cast<std::size_t>(l)] = true;
  return closed;
}

}  // namespace

std::vector<bool> statically_closed_links(const net::Network& net) {
  std::vector<bool> controlled(net.links.size(), false);
  for (const auto& c : net.controls) controlled[static_cast<std::size_t>(c.link)] = true;
  // Rules are kept as text: any token naming a link marks it as controlled.
  for (const auto& r : net.rules) {
    for (const auto& line : r.lines) {
      std::size_t i = 0;
      while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        std::size_t j = i;
        while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
        if (j > i) {
          net::Index l = net.find_link(std::string_view(line).substr(i, j - i));
          if (l != net::kNone) controlled[static_cast<std::size_t>(l)] = true;
        }
        i = j;
      }
    }
  }
  std::vector<bool> closed(net.links.size(), false);
  for (std::size_t i = 0; i < net.links.size(); ++i) {
    const auto& l = net.links[i];
    closed[i] = l.type != net::LinkType::pump && l.status == net::LinkStatus::closed && !controlled[i];
  }
  return closed;
}

SupplyGraph supply_graph(const SegmentGraph& graph, const std::vector<std::uint8_t>& is_source) {
  const auto n = static_cast<std::size_t>(graph.size());
  SupplyGraph g;
  g.offsets.assign(n + 2, 0);
  std::size_t sources = 0;
  for (std::size_t s = 0; s < n; ++s) {
    g.offsets[s + 1] = g.offsets[s] + graph.edges(static_cast<SegmentId>(s)).size();
    sources += is_source[s];
  }
  g.offsets[n + 1] = g.offsets[n] + sources;
  g.targets.reserve(g.offsets[n + 1]);
  for (std::size_t s = 0; s < n; ++s) {
    for (const auto& e : graph.edges(static_cast<SegmentId>(s))) g.targets.push_back(e.to);
  }
  for (std::size_t s = 0; s < n; ++s) {
    if (is_source[s]) g.targets.push_back(static_cast<std::int32_t>(s));
  }
  return g;
}

SegmentedNetwork::SegmentedNetwork(const net::Network& net, const net::ValveLayer& layer,
                                   std::vector<net::PriorityCustomer> customers, SupplyOptions options)
    : net_(&net),
      layer_(&layer),
      customers_(std::move(customers)),
      closed_(closed_for(net, options)),
      segments_(find_segments(net, layer, closed_)),
      graph_(layer, segments_, closed_) {
  const auto n = static_cast<std::size_t>(segments_.count);
  source_.assign(n, 0);
  demand_.assign(n, 0.0);
  length_.assign(n, 0.0);
  demand_nodes_.assign(n, 0);
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    const auto& node = net.nodes[i];
    auto s = static_cast<std::size_t>(segments_.node_segment[i]);
    if (node.type == net::NodeType::reservoir ||
        (node.type == net::NodeType::tank && options.sources == SourcePolicy::reservoirs_and_tanks)) {
      source_[s] = 1;
    }
    double base = 0;
    for (const auto& d : node.demands) base += d.base;
    base *= net.options.demand_multiplier;
    if (node.type == net::NodeType::junction && base > 0) {
      demand_[s] += base;
      ++demand_nodes_[s];
    }
  }
  for (std::size_t i = 0; i < net.links.size(); ++i) {
    if (net.links[i].type == net::LinkType::pipe) length_[static_cast<std::size_t>(segments_.link_segment[i])] += net.links[i].length;
  }
  customer_offsets_.assign(n + 1, 0);
  for (const auto& c : customers_) ++customer_offsets_[static_cast<std::size_t>(segments_.node_segment[static_cast<std::size_t>(c.node)]) + 1];
  for (std::size_t i = 1; i <= n; ++i) customer_offsets_[i] += customer_offsets_[i - 1];
  customer_items_.resize(customers_.size());
  std::vector<std::size_t> fill(customer_offsets_.begin(), customer_offsets_.end() - 1);
  for (std::size_t c = 0; c < customers_.size(); ++c) {
    auto s = static_cast<std::size_t>(segments_.node_segment[static_cast<std::size_t>(customers_[c].node)]);
    customer_items_[fill[s]++] = static_cast<std::int32_t>(c);
  }

  source_distance_.assign(n, -1);
  std::vector<SegmentId> queue;
  for (std::size_t s = 0; s < n; ++s) {
    if (source_[s]) {
      source_distance_[s] = 0;
      queue.push_back(static_cast<SegmentId>(s));
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    for (const auto& e : graph_.edges(queue[head])) {
      if (source_distance_[static_cast<std::size_t>(e.to)] >= 0) continue;
      source_distance_[static_cast<std::size_t>(e.to)] = source_distance_[static_cast<std::size_t>(queue[head])] + 1;
      queue.push_back(e.to);
    }
  }

  SupplyGraph g = supply_graph(graph_, source_);
  tree_ = compute_dominators(static_cast<std::int32_t>(n + 1), g.offsets, g.targets, static_cast<std::int32_t>(n));
}

std::span<const std::int32_t> SegmentedNetwork::customers_in(SegmentId s) const {
  auto i = static_cast<std::size_t>(s);
  return {customer_items_.data() + customer_offsets_[i], customer_items_.data() + customer_offsets_[i + 1]};
}

}  // namespace lifeline::analysis
