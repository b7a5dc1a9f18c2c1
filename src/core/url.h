// Web addresses the server compares or builds links from: the configured
// public base URL and a browser's Origin header. Only http and https, a host
// name or IP address, an optional port; nothing that could smuggle another
// host (user info, backslashes, spaces) is accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lifeline {

struct HttpUrl {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; an IPv6 address keeps its brackets
  uint16_t port = 0;   // always set: 80 / 443 when the text had none
  std::string path;    // "" or "/prefix" without a trailing slash

  // "https://lifeline.example.org" or "http://10.0.0.5:8080": the default
  // port is left out, as browsers send it in Origin.
  std::string origin() const;
  // origin() + path + `absolute_path` ("/#/c/abc").
  std::string link(std::string_view absolute_path) const;
};

// A base URL such as "https://lifeline.example.org/ops/" (a trailing slash is
// dropped); no query, fragment or user info. Errors name `field`.
Result<HttpUrl> parse_base_url(std::string_view text, std::string_view field);

// A browser's Origin header: exactly "scheme://host[:port]"; nullopt for
// "null", other schemes or anything malformed.
std::optional<HttpUrl> parse_origin(std::string_view text);

}  // namespace lifeline
