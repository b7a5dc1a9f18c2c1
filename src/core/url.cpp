#include "core/url.h"

#include <cctype>
#include <charconv>

namespace lifeline {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'; }
bool ipv6_char(char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }
bool path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-._~/%!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

// "scheme://authority" and the rest; nullopt when the scheme or authority is bad.
std::optional<HttpUrl> parse_prefix(std::string_view text, std::string_view& rest) {
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  HttpUrl url;
  url.scheme = lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view after = text.substr(sep + 3);
  std::string_view authority = after.substr(0, after.find('/'));
  rest = after.substr(authority.size());
  std::string_view port_text;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos || close < 3) return std::nullopt;
    for (char c : authority.substr(1, close - 1))
      if (!ipv6_char(c)) return std::nullopt;
    url.host = lower(authority.substr(0, close + 1));
    std::string_view tail = authority.substr(close + 1);
    if (!tail.empty() && !tail.starts_with(':')) return std::nullopt;
    if (!tail.empty()) port_text = tail.substr(1);
    if (!tail.empty() && port_text.empty()) return std::nullopt;
  } else {
    auto colon = authority.find(':');
    std::string_view host = authority.substr(0, colon);
    if (host.empty()) return std::nullopt;
    for (char c : host)
      if (!host_char(c)) return std::nullopt;
    url.host = lower(host);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
  }
  url.port = url.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || value == 0 || value > 65535)
      return std::nullopt;
    url.port = static_cast<uint16_t>(value);
  }
  return url;
}

}  // namespace

std::string HttpUrl::origin() const {
  const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port));
}

std::string HttpUrl::link(std::string_view absolute_path) const { return origin() + path + std::string(absolute_path); }

Result<HttpUrl> parse_base_url(std::string_view text, std::string_view field) {
  const std::string where(field);
  std::string_view rest;
  auto url = parse_prefix(text, rest);
  if (!url) return Error::invalid(where, "must be an http:// or https:// URL with a host name, e.g. https://lifeline.example.org");
  while (rest.ends_with('/')) rest.remove_suffix(1);
  for (char c : rest)
    if (!path_char(c)) return Error::invalid(where, "must have no query, fragment or unusual characters in its path");
  url->path = std::string(rest);
  return *url;
}

std::optional<HttpUrl> parse_origin(std::string_view text) {
  std::string_view rest;
  auto url = parse_prefix(text, rest);
  if (!url || !rest.empty()) return std::nullopt;
  return url;
}

}  // namespace lifeline
