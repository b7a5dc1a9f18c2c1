// Open-addressing hash index from string ids to element indices. It stores
// only indices (4 bytes a slot) and compares against the ids held by the
// owner's vector, so a million ids cost a few MB and one cache miss per
// look-up instead of a node-based map's allocation per id.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace lifeline::net {

class IdIndex {
 public:
  using IdOf = std::function<std::string_view(std::int32_t)>;

  void reserve(std::size_t n, const IdOf& id_of);
  // Index of id, or -1.
  std::int32_t find(std::string_view id, const IdOf& id_of) const;
  // Records element `index` under id; false (and no change) if the id exists.
  bool insert(std::string_view id, std::int32_t index, const IdOf& id_of);

 private:
  void rehash(std::size_t slots, const IdOf& id_of);
  std::vector<std::int32_t> slots_;  // -1 empty
  std::size_t size_ = 0;
};

}  // namespace lifeline::net
