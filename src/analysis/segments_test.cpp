#include "analysis/segments.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <queue>
#include <set>

#include "analysis/random_network_for_tests.h"
#include "net/inp_reader.h"
#include "net/test_support.h"
#include "net/valve_placement.h"

namespace lifeline::analysis {
namespace {

// Two labelings describe the same partition iff the label map is a bijection.
template <typename A, typename B>
void expect_same_partition(const std::vector<A>& ours, const std::vector<B>& theirs, const char* what) {
  ASSERT_EQ(ours.size(), theirs.size());
  std::map<A, B> forward;
  std::map<B, A> backward;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    auto [f, new_f] = forward.try_emplace(ours[i], theirs[i]);
    auto [b, new_b] = backward.try_emplace(theirs[i], ours[i]);
    ASSERT_EQ(f->second, theirs[i]) << what << " element " << i << " splits a reference segment";
    ASSERT_EQ(b->second, ours[i]) << what << " element " << i << " merges reference segments";
  }
}

// Independent check: BFS over the node+link graph of the definition.
Segmentation segments_by_bfs(const net::Network& net, const net::ValveLayer& layer) {
  const std::size_t nn = net.nodes.size(), nl = net.links.size();
  std::vector<std::vector<std::size_t>> adj(nn + nl);
  std::set<std::pair<net::Index, net::Index>> valves;
  for (const auto& v : layer.valves) valves.insert({v.link, v.node});
  for (std::size_t i = 0; i < nl; ++i) {
    for (net::Index end : {net.links[i].from, net.links[i].to}) {
      if (valves.count({static_cast<net::Index>(i), end})) continue;
      adj[nn + i].push_back(static_cast<std::size_t>(end));
      adj[static_cast<std::size_t>(end)].push_back(nn + i);
    }
  }
  std::vector<SegmentId> label(nn + nl, -1);
  SegmentId next = 0;
  for (std::size_t s = 0; s < nn + nl; ++s) {
    if (label[s] >= 0) continue;
    std::queue<std::size_t> q;
    q.push(s);
    label[s] = next;
    while (!q.empty()) {
      auto x = q.front();
      q.pop();
      for (auto y : adj[x]) {
        if (label[y] < 0) {
          label[y] = next;
          q.push(y);
        }
      }
    }
    ++next;
  }
  Segmentation out;
  out.count = next;
  out.node_segment.assign(label.begin(), label.begin() + static_cast<long>(nn));
  out.link_segment.assign(label.begin() + static_cast<long>(nn), label.end());
  return out;
}

struct Layer {
  std::string network, layer;
};

std::vector<Layer> all_layers() {
  std::vector<Layer> out;
  for (const char* n : net::testing::kSharedNetworks) {
    for (const char* l : {"strategic_n1", "strategic_n2", "random_half"}) out.push_back({n, l});
  }
  return out;
}

class WntrSegments : public ::testing::TestWithParam<Layer> {};

TEST_P(WntrSegments, SamePartitionAsWntr) {
  const auto& p = GetParam();
  auto dir = net::testing::networks_dir();
  auto inp = dir / (p.network + ".inp");
  auto csv = dir / "segments" / (p.network + "." + p.layer + ".valves.csv");
  auto json = dir / "segments" / (p.network + "." + p.layer + ".segments.json");
  if (!std::filesystem::exists(json)) GTEST_SKIP() << "shared segments not found";
  auto net = net::read_inp(inp.string());
  ASSERT_TRUE(net.ok());
  auto layer = net::read_valve_csv(csv.string(), *net);
  ASSERT_TRUE(layer.ok()) << layer.error().fields[0].field << ": " << layer.error().message;

  std::ifstream in(json);
  auto ref = nlohmann::json::parse(in);
  std::vector<int> ref_nodes(net->nodes.size(), -1), ref_links(net->links.size(), -1);
  ASSERT_EQ(ref["node_segment"].size(), net->nodes.size());
  ASSERT_EQ(ref["link_segment"].size(), net->links.size());
  for (auto& [id, seg] : ref["node_segment"].items()) ref_nodes[static_cast<std::size_t>(net->find_node(id))] = seg.get<int>();
  for (auto& [id, seg] : ref["link_segment"].items()) ref_links[static_cast<std::size_t>(net->find_link(id))] = seg.get<int>();

  Segmentation ours = find_segments(*net, *layer);
  EXPECT_EQ(ours.count, ref["n_segments"].get<int>());
  // Nodes and links together form one partition.
  std::vector<long> ours_all, ref_all;
  for (auto s : ours.node_segment) ours_all.push_back(s);
  for (auto s : ours.link_segment) ours_all.push_back(s);
  for (auto s : ref_nodes) ref_all.push_back(s);
  for (auto s : ref_links) ref_all.push_back(s);
  expect_same_partition(ours_all, ref_all, p.layer.c_str());

  Segmentation bfs = segments_by_bfs(*net, *layer);
  std::vector<long> bfs_all;
  for (auto s : bfs.node_segment) bfs_all.push_back(s);
  for (auto s : bfs.link_segment) bfs_all.push_back(s);
  expect_same_partition(ours_all, bfs_all, "bfs");
}

INSTANTIATE_TEST_SUITE_P(Shared, WntrSegments, ::testing::ValuesIn(all_layers()), [](const auto& info) {
  std::string n = info.param.network + "_" + info.param.layer;
  for (char& c : n) if (c == '-') c = '_';
  return n;
});

TEST(Segments, MatchBreadthFirstSearchOnRandomNetworks) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    auto net = testing::random_network(seed, 5 + static_cast<int>(seed % 40), static_cast<int>(seed % 13));
    auto layer = net::generate_valve_layer(net, seed % 2 ? net::ValvePlacement::strategic : net::ValvePlacement::random,
                                           seed % 2 ? 1 + static_cast<int>(seed % 3) : static_cast<int>(net.links.size()),
                                           seed);
    Segmentation ours = find_segments(net, layer);
    Segmentation bfs = segments_by_bfs(net, layer);
    ASSERT_EQ(ours.count, bfs.count) << "seed " << seed;
    expect_same_partition(ours.node_segment, bfs.node_segment, "nodes");
    expect_same_partition(ours.link_segment, bfs.link_segment, "links");
  }
}

TEST(Segments, ClosedLinkBoundsSegments) {
  auto net = testing::random_network(7, 6, 0);  // a tree: all one segment without valves
  Segmentation open = find_segments(net, {});
  EXPECT_EQ(open.count, 1);
  std::vector<bool> flags(net.links.size(), false);
  flags[2] = true;
  Segmentation closed = find_segments(net, {}, flags);
  EXPECT_EQ(closed.count, 3);  // two sides plus the closed link itself
  EXPECT_NE(closed.node_segment[static_cast<std::size_t>(net.links[2].from)],
            closed.node_segment[static_cast<std::size_t>(net.links[2].to)]);
}

}  // namespace
}  // namespace lifeline::analysis
