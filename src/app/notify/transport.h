// The one place lifeline opens a connection where a user-written URL says
// (libcurl). Against SSRF it resolves the host itself, refuses loopback,
// private, link-local and other non-public addresses unless
// `notify_allow_private` is on, and pins the address it checked
// (CURLOPT_RESOLVE), so a second DNS answer cannot send the request elsewhere
// (DNS rebinding). No redirects, no proxies, http and https only, short
// timeouts, at most 64 KiB of answer. Thread-safe; never throws.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lifeline::app::notify {

struct TransportOptions {
  bool allow_private = false;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{5000};
};

struct HttpAnswer {
  int status = 0;      // 0: no answer
  std::string body;
  std::string error;   // why there is no answer (network error, refused address)
  bool refused_address = false;  // the URL resolves to an address the rule forbids
};

// Loopback, private (RFC 1918, unique local), link-local, CGNAT, unspecified,
// multicast, reserved, documentation, and IPv4 mapped into IPv6 of any of
// these: the addresses a robot URL may not reach by default.
bool is_forbidden_address(std::string_view ip);

// The URL's scheme is http or https and it names a host; names the field "url".
Status check_url(std::string_view url);
// Resolves the URL's host and checks every address (see above); the address
// to connect to, as CURLOPT_RESOLVE wants it ("host:port:address").
Result<std::string> resolve_checked(std::string_view url, bool allow_private);

HttpAnswer post_json(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                     const TransportOptions& options);
// The request itself, to the address `pin` names ("host:port:address", as
// resolve_checked gives it) whatever DNS says now. post_json = resolve_checked + this.
HttpAnswer post_pinned(const std::string& url, const std::string& pin, const std::string& body,
                       const std::vector<std::string>& headers, const TransportOptions& options);

}  // namespace lifeline::app::notify
