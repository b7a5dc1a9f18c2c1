#include "app/notify/events.h"

namespace lifeline::app::notify {

bool event_matches(std::string_view pattern, std::string_view event) {
  if (pattern == "*" || pattern == event) return true;
  if (!pattern.ends_with(".*")) return false;
  return event.starts_with(pattern.substr(0, pattern.size() - 1));  // "health." of "health.*"
}

bool valid_event(std::string_view event) {
  if (event.empty() || event.size() > 100) return false;
  bool word_start = true;
  for (char c : event) {
    if (c == '.') {
      if (word_start) return false;  // empty word
      word_start = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      word_start = false;
    } else {
      return false;
    }
  }
  return !word_start;
}

bool valid_event_pattern(std::string_view pattern) {
  if (pattern == "*") return true;
  if (pattern.ends_with(".*")) return valid_event(pattern.substr(0, pattern.size() - 2));
  return valid_event(pattern);
}

}  // namespace lifeline::app::notify
