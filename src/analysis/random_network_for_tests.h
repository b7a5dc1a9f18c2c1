// Test-only: small random networks (a random spanning tree plus chords,
// 1-3 reservoirs or tanks, random demands) for brute-force cross-checks.
#pragma once

#include <random>
#include <string>

#include "net/network.h"

namespace lifeline::analysis::testing {

inline net::Network random_network(std::uint64_t seed, int n_nodes, int n_chords) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  net::Network net;
  auto name = [](char prefix, std::size_t i) {
    std::string s(1, prefix);  // not "N" + to_string(i): GCC 12 warns falsely (-Wrestrict)
    s += std::to_string(i);
    return s;
  };
  const int n_sources = 1 + pick(3);
  for (int i = 0; i < n_nodes; ++i) {
    net::Node node;
    node.id = name('N', static_cast<std::size_t>(i));
    if (i < n_sources) {
      node.type = pick(2) ? net::NodeType::reservoir : net::NodeType::tank;
      if (node.type == net::NodeType::tank) {
        net.add_tank(node, net::Tank{});
        continue;
      }
    } else {
      node.demands.push_back(net::Demand{pick(3) ? 0.001 * (1 + pick(9)) : 0.0, net::kNone, {}});
    }
    net.add_node(std::move(node));
  }
  auto add_pipe = [&](int a, int b) {
    net::Link l;
    l.id = name('L', net.links.size());
    l.from = a;
    l.to = b;
    l.length = 10.0 * (1 + pick(20));
    l.diameter = 0.2;
    l.roughness = 120;
    if (pick(25) == 0) l.type = net::LinkType::pump;
    net.add_link(std::move(l));
  };
  for (int i = 1; i < n_nodes; ++i) add_pipe(pick(i), i);
  for (int c = 0; c < n_chords; ++c) {
    int a = pick(n_nodes), b = pick(n_nodes);
    if (a != b) add_pipe(a, b);
  }
  return net;
}

}  // namespace lifeline::analysis::testing
