#include "http/target.h"

#include <optional>

#include "core/utf8.h"

namespace lifeline::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

Result<Target> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return Error::invalid("target", "must start with '/'");
  size_t q = target.find('?');
  auto path = decode(target.substr(0, q), false);
  if (!path) return Error::invalid("target", "bad percent-encoding in the path");
  // A NUL would cut paths short in the C APIs below us, and PostgreSQL cannot store it.
  if (path->find('\0') != std::string::npos) return Error::invalid("target", "the path must not contain NUL (%00)");
  if (!valid_utf8(*path)) return Error::invalid("target", "the path must be UTF-8 text");
  Target out{std::move(*path), {}};
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = decode(pair.substr(0, eq), true);
    auto value = decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name || !value) return Error::invalid("target", "bad percent-encoding in the query");
    if (name->find('\0') != std::string::npos)
      return Error::invalid("target", "a query parameter's name must not contain NUL (%00)");
    if (!valid_utf8(*name)) return Error::invalid("target", "a query parameter's name must be UTF-8 text");
    if (value->find('\0') != std::string::npos) return Error::invalid(*name, "must not contain NUL characters (%00)");
    if (!valid_utf8(*value)) return Error::invalid(*name, "must be UTF-8 text");
    out.query.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

}  // namespace lifeline::http
