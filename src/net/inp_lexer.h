// Splits EPANET .inp text into sections, and a section into tokenised
// lines on demand. Accepts LF, CRLF and CR line ends; ';' starts a comment
// unless inside double quotes; "quoted tokens" may hold spaces. Views point
// into the caller's text, which must outlive them. Lines are tokenised one
// at a time into a reused buffer, so a 100 MB file costs no token table.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace lifeline::net {

struct InpLine {
  std::uint32_t number = 0;   // 1-based line number in the file
  std::string_view text;      // the line without its comment, trimmed
  std::string_view comment;   // text after ';', trimmed (DEMANDS categories live there)
};

struct InpSectionText {
  std::string_view name;         // as written between the brackets; empty before the first header
  std::uint32_t header_line = 0;
  std::string_view body;         // the text after the header line up to the next header
  std::uint32_t first_line = 1;  // line number of the body's first line
};

// Sections in file order; text before any header is a nameless first section.
std::vector<InpSectionText> split_inp_sections(std::string_view text);

// Calls visit for every non-empty line of the section with its tokens.
void for_each_inp_line(const InpSectionText& section,
                       const std::function<void(const InpLine&, std::span<const std::string_view>)>& visit);

}  // namespace lifeline::net
