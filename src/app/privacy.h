// Masking of personal identifiers in lists: the seed's staff lists carried
// phone numbers; lists show 138****5678, the full number only where needed.
#pragma once

#include <string>
#include <string_view>

namespace lifeline::app {

inline std::string mask_phone(std::string_view phone) {
  if (phone.size() <= 4) return std::string(phone.size(), '*');
  size_t keep_tail = 4, keep_head = phone.size() >= 11 ? 3 : 0;
  return std::string(phone.substr(0, keep_head)) + std::string(phone.size() - keep_head - keep_tail, '*') +
         std::string(phone.substr(phone.size() - keep_tail));
}

}  // namespace lifeline::app
