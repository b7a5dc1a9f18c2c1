#include "net/inp_lexer.h"

namespace lifeline::net {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Next physical line from pos (LF, CRLF or CR); advances pos past its end.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  std::size_t end = pos;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  std::string_view line = text.substr(pos, end - pos);
  if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
  pos = end + 1;
  return line;
}

InpLine split_comment(std::string_view raw, std::uint32_t number) {
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
  return line;
}

}  // namespace

std::vector<InpSectionText> split_inp_sections(std::string_view text) {
  std::vector<InpSectionText> out(1);
  std::size_t pos = 0, body_start = 0;
  std::uint32_t number = 0;
  while (pos < text.size()) {
    std::size_t start = pos;
    std::string_view t = trim(next_line(text, pos));
    ++number;
    if (t.empty() || t.front() != '[') continue;
    out.back().body = text.substr(body_start, start - body_start);
    std::size_t close = t.find(']');
    InpSectionText section;
    section.name = t.substr(1, (close == std::string_view::npos ? t.size() : close) - 1);
    section.header_line = number;
    section.first_line = number + 1;
    body_start = std::min(pos, text.size());
    out.push_back(section);
  }
  out.back().body = text.substr(body_start);
  return out;
}

void for_each_inp_line(const InpSectionText& section,
                       const std::function<void(const InpLine&, std::span<const std::string_view>)>& visit) {
  std::vector<std::string_view> tokens;
  std::string_view body = section.body;
  std::size_t pos = 0;
  std::uint32_t number = section.first_line;
  while (pos < body.size()) {
    InpLine line = split_comment(next_line(body, pos), number++);
    if (line.text.empty()) continue;
    tokens.clear();
    std::string_view s = line.text;
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_space(s[i])) ++i;
      if (i >= s.size()) break;
      if (s[i] == '"') {
        std::size_t close = s.find('"', i + 1);
        if (close == std::string_view::npos) close = s.size();
        tokens.push_back(s.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        std::size_t j = i;
        while (j < s.size() && !is_space(s[j])) ++j;
        tokens.push_back(s.substr(i, j - i));
        i = j;
      }
    }
    visit(line, tokens);
  }
}

}  // namespace lifeline::net
