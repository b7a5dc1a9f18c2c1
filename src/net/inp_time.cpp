#include "net/inp_time.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace lifeline::net {
namespace {

std::optional<double> number(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

std::optional<double> clock_hours(std::string_view s) {
  if (s.find(':') == std::string_view::npos) return number(s);
  double hours = 0, scale = 1;
  std::size_t start = 0;
  for (int part = 0; part < 3 && start <= s.size(); ++part) {
    std::size_t colon = s.find(':', start);
    std::string_view piece = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    auto v = number(piece);
    if (!v) return std::nullopt;
    hours += *v / scale;
    scale *= 60;
    if (colon == std::string_view::npos) return hours;
    start = colon + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<long long> parse_inp_time(std::span<const std::string_view> tokens) {
  if (tokens.empty() || tokens.size() > 2) return std::nullopt;
  auto hours = clock_hours(tokens[0]);
  if (!hours || *hours > 1e9) return std::nullopt;
  double h = *hours;
  if (tokens.size() == 2) {
    std::string unit = upper(tokens[1]);
    if (unit == "AM" || unit == "PM") {
      if (h < 1 || h >= 13) return std::nullopt;
      if (h >= 12) h -= 12;
      if (unit == "PM") h += 12;
    } else if (unit.starts_with("SEC")) {
      h /= 3600;
    } else if (unit.starts_with("MIN")) {
      h /= 60;
    } else if (unit.starts_with("HOU")) {
    } else if (unit.starts_with("DAY")) {
      h *= 24;
    } else {
      return std::nullopt;
    }
  }
  return std::llround(h * 3600.0);
}

std::string format_inp_time(long long seconds) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  return buf;
}

}  // namespace lifeline::net
