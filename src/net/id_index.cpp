#include "net/id_index.h"

namespace lifeline::net {
namespace {

std::size_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

}  // namespace

void IdIndex::reserve(std::size_t n, const IdOf& id_of) {
  std::size_t want = 16;
  while (want < 2 * n) want *= 2;  // load factor at most 1/2
  if (want > slots_.size()) rehash(want, id_of);
}

std::int32_t IdIndex::find(std::string_view id, const IdOf& id_of) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash_of(id) & mask;; i = (i + 1) & mask) {
    std::int32_t e = slots_[i];
    if (e < 0) return -1;
    if (id_of(e) == id) return e;
  }
}

bool IdIndex::insert(std::string_view id, std::int32_t index, const IdOf& id_of) {
  if (2 * (size_ + 1) > slots_.size()) rehash(slots_.empty() ? 16 : 2 * slots_.size(), id_of);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash_of(id) & mask;; i = (i + 1) & mask) {
    std::int32_t e = slots_[i];
    if (e < 0) {
      slots_[i] = index;
      ++size_;
      return true;
    }
    if (id_of(e) == id) return false;
  }
}

void IdIndex::rehash(std::size_t slots, const IdOf& id_of) {
  std::vector<std::int32_t> old = std::move(slots_);
  slots_.assign(slots, -1);
  const std::size_t mask = slots - 1;
  for (std::int32_t e : old) {
    if (e < 0) continue;
    std::size_t i = hash_of(id_of(e)) & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = e;
  }
}

}  // namespace lifeline::net
