#include "app/notify/transport.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

namespace lifeline::app::notify {

namespace {

bool v4_forbidden(const unsigned char a[4]) {
  auto in = [&](unsigned n0, unsigned n1, int bits) {
    uint32_t ip = (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
    uint32_t net = (n0 << 24) | (n1 << 16);
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (ip & mask) == (net & mask);
  };
  auto in24 = [&](unsigned n0, unsigned n1, unsigned n2) { return a[0] == n0 && a[1] == n1 && a[2] == n2; };
  return in(0, 0, 8) ||                         // "this network", 0.0.0.0
         in(10, 0, 8) || in(172, 16, 12) || in(192, 168, 16) ||  // RFC 1918
         in(100, 64, 10) ||                     // carrier-grade NAT
         in(127, 0, 8) ||                       // loopback
         in(169, 254, 16) ||                    // link-local (cloud metadata at 169.254.169.254)
         in(198, 18, 15) ||                     // benchmarking
         in24(192, 0, 0) || in24(192, 0, 2) || in24(198, 51, 100) || in24(203, 0, 113) ||  // protocol, documentation
         a[0] >= 224;                           // multicast, reserved, broadcast
}

bool v6_forbidden(const unsigned char a[16]) {
  static const unsigned char zero[16] = {};
  if (std::memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1)) return true;  // :: and ::1
  const bool mapped = std::memcmp(a, zero, 10) == 0 && a[10] == 0xff && a[11] == 0xff;  // ::ffff:a.b.c.d
  const bool nat64 = a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b &&
                     std::memcmp(a + 4, zero, 8) == 0;  // 64:ff9b::a.b.c.d
  if (mapped || nat64) return v4_forbidden(a + 12);
  if (std::memcmp(a, zero, 12) == 0) return true;       // IPv4-compatible (deprecated)
  if ((a[0] & 0xfe) == 0xfc) return true;               // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return true;  // fec0::/10 site-local
  if (a[0] == 0xff) return true;                        // multicast
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return true;  // documentation
  if (a[0] == 0x01 && std::memcmp(a + 1, zero, 7) == 0) return true;             // 100::/64 discard
  return false;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlParts {
  std::string scheme, host, port;
};

Result<UrlParts> parse(std::string_view url) {
  global_init();
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), curl_url_cleanup);
  const std::string text(url);
  if (!h || curl_url_set(h.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK)
    return Error::invalid("url", "is not a URL");
  UrlParts parts;
  auto get = [&](CURLUPart part, std::string& out, unsigned flags) {
    char* value = nullptr;
    if (curl_url_get(h.get(), part, &value, flags) != CURLUE_OK || !value) return false;
    out = value;
    curl_free(value);
    return true;
  };
  if (!get(CURLUPART_SCHEME, parts.scheme, 0) || (parts.scheme != "http" && parts.scheme != "https"))
    return Error::invalid("url", "must be an https:// or http:// URL");
  if (!get(CURLUPART_HOST, parts.host, 0) || parts.host.empty()) return Error::invalid("url", "must name a host");
  if (!get(CURLUPART_PORT, parts.port, CURLU_DEFAULT_PORT)) return Error::invalid("url", "has no port");
  std::string user;
  if (get(CURLUPART_USER, user, 0)) return Error::invalid("url", "must not hold a user name or password");
  return parts;
}

std::string address_text(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  else
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

size_t collect(char* data, size_t size, size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  if (s->size() < 64 * 1024) s->append(data, std::min(size * n, 64 * 1024 - s->size()));
  return size * n;
}

bool is_reserved_invalid(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  constexpr std::string_view tld = "invalid";
  if (host.size() < tld.size()) return false;
  const auto tail = host.substr(host.size() - tld.size());
  for (size_t i = 0; i < tld.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(tail[i])) != tld[i]) return false;
  return host.size() == tld.size() || host[host.size() - tld.size() - 1] == '.';
}

}  // namespace

bool is_forbidden_address(std::string_view ip) {
  std::string text(ip);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  unsigned char bytes[16];
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) return v4_forbidden(bytes);
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) return v6_forbidden(bytes);
  return true;  // not an address at all
}

Status check_url(std::string_view url) {
  if (url.size() > 1000) return Error::invalid("url", "must be at most 1000 characters");
  LL_TRY(auto parts, parse(url));
  (void)parts;
  return {};
}

Result<std::string> resolve_checked(std::string_view url, bool allow_private) {
  LL_TRY(auto parts, parse(url));
  std::string host = parts.host;
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);  // an IPv6 literal
  // RFC 6761: names under .invalid never resolve, so nobody is asked (the
  // demo's robots live there: their messages must not leave the machine).
  if (is_reserved_invalid(host)) return Error::unavailable("cannot resolve " + host + ": a reserved .invalid name");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), parts.port.c_str(), &hints, &found);
  if (rc != 0 || !found) return Error::unavailable("cannot resolve " + host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  std::string pinned;
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    const std::string ip = address_text(ai->ai_addr);
    if (!allow_private && is_forbidden_address(ip))
      return Error::forbidden(host + " resolves to " + ip +
                              ", a loopback, private or link-local address (allowed only with notify_allow_private)");
    if (pinned.empty()) pinned = ai->ai_family == AF_INET6 ? "[" + ip + "]" : ip;
  }
  if (pinned.empty()) return Error::unavailable("cannot resolve " + host + " to an IP address");
  return parts.host + ":" + parts.port + ":" + pinned;
}

HttpAnswer post_json(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                     const TransportOptions& options) {
  HttpAnswer out;
  auto pin = resolve_checked(url, options.allow_private);
  if (!pin) {
    out.error = pin.error().message;
    out.refused_address = pin.error().code == ErrorCode::forbidden || pin.error().code == ErrorCode::invalid;
    return out;
  }
  return post_pinned(url, *pin, body, headers, options);
}

HttpAnswer post_pinned(const std::string& url, const std::string& pin, const std::string& body,
                       const std::vector<std::string>& headers, const TransportOptions& options) {
  HttpAnswer out;
  global_init();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    out.error = "could not start an HTTP client";
    return out;
  }
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_slist* resolve = curl_slist_append(nullptr, pin.c_str());
  std::string answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never through a proxy: it would connect where we did not check
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    out.body = std::move(answer);
  } else {
    out.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  curl_slist_free_all(resolve);
  return out;
}

}  // namespace lifeline::app::notify
