#include "net/node_links.h"

namespace lifeline::net {

NodeLinks::NodeLinks(const Network& net) : offsets_(net.nodes.size() + 1, 0) {
  for (const auto& l : net.links) {
    ++offsets_[static_cast<std::size_t>(l.from) + 1];
    if (l.to != l.from) ++offsets_[static_cast<std::size_t>(l.to) + 1];
  }
  for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
  links_.resize(offsets_.back());
  std::vector<std::size_t> next(offsets_.begin(), offsets_.end() - 1);
  for (std::size_t i = 0; i < net.links.size(); ++i) {
    const auto& l = net.links[i];
    links_[next[static_cast<std::size_t>(l.from)]++] = static_cast<Index>(i);
    if (l.to != l.from) links_[next[static_cast<std::size_t>(l.to)]++] = static_cast<Index>(i);
  }
}

}  // namespace lifeline::net
