// Splits EPANET .inp text into sections and tokenised lines. Accepts LF,
// CRLF and CR line ends; ';' starts a comment unless inside double quotes;
// "quoted tokens" may hold spaces. Tokens are views into the caller's text,
// which must outlive the result.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lifeline::net {

struct InpLine {
  std::uint32_t number = 0;     // 1-based line number in the file
  std::uint32_t first = 0;      // index of the first token in InpText::tokens
  std::uint32_t count = 0;      // number of tokens
  std::string_view text;        // the line without its comment, trimmed
  std::string_view comment;     // text after ';', trimmed (DEMANDS categories live there)
};

struct InpSectionText {
  std::string_view name;        // as written between the brackets
  std::uint32_t header_line = 0;
  std::vector<InpLine> lines;   // non-empty lines only
};

struct InpText {
  std::vector<std::string_view> tokens;
  std::vector<InpSectionText> sections;  // in file order; lines before any header are in a nameless section
  std::span<const std::string_view> tokens_of(const InpLine& line) const {
    return {tokens.data() + line.first, line.count};
  }
};

InpText lex_inp(std::string_view text);

}  // namespace lifeline::net
