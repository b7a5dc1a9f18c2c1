#include "http/media_type.h"

#include <cctype>

namespace lifeline::http {
namespace {

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void skip_ows(std::string_view text, size_t& i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
}

std::optional<std::string> token(std::string_view text, size_t& i) {
  size_t start = i;
  while (i < text.size() && token_char(text[i])) ++i;
  if (i == start) return std::nullopt;
  return std::string(text.substr(start, i - start));
}

// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
std::optional<std::string> quoted(std::string_view text, size_t& i) {
  std::string out;
  for (++i; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      ++i;
      return out;
    }
    if (c == '\\') {
      if (++i >= text.size()) return std::nullopt;
      c = static_cast<unsigned char>(text[i]);
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) return std::nullopt;
    out.push_back(static_cast<char>(c));
  }
  return std::nullopt;
}

}  // namespace

bool MediaType::is_json() const {
  if (type != "application" || subtype != "json") return false;
  auto charset = parameters.find("charset");
  return charset == parameters.end() || lower(charset->second) == "utf-8";
}

std::optional<MediaType> parse_media_type(std::string_view text) {
  size_t i = 0;
  skip_ows(text, i);
  MediaType m;
  auto type = token(text, i);
  if (!type || i >= text.size() || text[i] != '/') return std::nullopt;
  ++i;
  auto subtype = token(text, i);
  if (!subtype) return std::nullopt;
  m.type = lower(*type);
  m.subtype = lower(*subtype);
  while (true) {
    skip_ows(text, i);
    if (i == text.size()) return m;
    if (text[i] != ';') return std::nullopt;
    ++i;
    skip_ows(text, i);
    if (i == text.size() || text[i] == ';') continue;  // an empty parameter is allowed
    auto name = token(text, i);
    if (!name || i >= text.size() || text[i] != '=') return std::nullopt;
    ++i;
    auto value = i < text.size() && text[i] == '"' ? quoted(text, i) : token(text, i);
    if (!value) return std::nullopt;
    if (!m.parameters.emplace(lower(*name), std::move(*value)).second) return std::nullopt;
  }
}

}  // namespace lifeline::http
