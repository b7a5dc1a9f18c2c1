#include "net/inp_lexer.h"

namespace lifeline::net {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

InpText lex_inp(std::string_view text) {
  InpText out;
  out.sections.push_back(InpSectionText{});
  out.tokens.reserve(text.size() / 10);  // about one token per 10 bytes in EPANET files
  std::uint32_t number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    std::string_view raw = text.substr(pos, end - pos);
    if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
    pos = end + 1;
    ++number;

    // Cut the comment, respecting quotes.
    bool quoted = false;
    std::size_t cut = raw.size();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '"') quoted = !quoted;
      if (raw[i] == ';' && !quoted) {
        cut = i;
        break;
      }
    }
    InpLine line;
    line.number = number;
    line.text = trim(raw.substr(0, cut));
    line.comment = cut < raw.size() ? trim(raw.substr(cut + 1)) : std::string_view{};
    if (line.text.empty()) continue;

    if (line.text.front() == '[') {
      std::size_t close = line.text.find(']');
      InpSectionText section;
      section.name = line.text.substr(1, (close == std::string_view::npos ? line.text.size() : close) - 1);
      section.header_line = number;
      out.sections.push_back(std::move(section));
      continue;
    }

    line.first = static_cast<std::uint32_t>(out.tokens.size());
    std::string_view s = line.text;
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_space(s[i])) ++i;
      if (i >= s.size()) break;
      if (s[i] == '"') {
        std::size_t close = s.find('"', i + 1);
        if (close == std::string_view::npos) close = s.size();
        out.tokens.push_back(s.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        std::size_t j = i;
        while (j < s.size() && !is_space(s[j])) ++j;
        out.tokens.push_back(s.substr(i, j - i));
        i = j;
      }
    }
    line.count = static_cast<std::uint32_t>(out.tokens.size() - line.first);
    out.sections.back().lines.push_back(line);
  }
  return out;
}

}  // namespace lifeline::net
