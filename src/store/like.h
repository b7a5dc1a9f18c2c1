// Prefix matching that both backends index and neither misreads: write
//   "path LIKE ? ESCAPE '\'"  with the parameter  like_prefix(path)
// (substr() comparisons would need casts on PostgreSQL and use no index).
#pragma once

#include <string>
#include <string_view>

namespace lifeline::store {

// `prefix` with LIKE's wildcards escaped, followed by '%'.
inline std::string like_prefix(std::string_view prefix) {
  std::string out;
  out.reserve(prefix.size() + 1);
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace lifeline::store
