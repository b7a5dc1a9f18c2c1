// The links incident to each node, in compressed (CSR) form: built once in
// O(nodes + links), then of(node) is a contiguous span. Self-loops appear once.
#pragma once

#include <span>
#include <vector>

#include "net/network.h"

namespace lifeline::net {

class NodeLinks {
 public:
  explicit NodeLinks(const Network& net);
  std::span<const Index> of(Index node) const {
    auto n = static_cast<std::size_t>(node);
    return {links_.data() + offsets_[n], links_.data() + offsets_[n + 1]};
  }

 private:
  std::vector<std::size_t> offsets_;
  std::vector<Index> links_;
};

}  // namespace lifeline::net
