// Minimal RFC 4180 CSV reading for the small layer files (valves, priority
// customers): quoted fields, doubled quotes, LF or CRLF. Not a general
// spreadsheet parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lifeline::net {

struct CsvRow {
  std::size_t line = 0;  // 1-based line number where the row starts
  std::vector<std::string> fields;
};

std::vector<CsvRow> parse_csv(std::string_view text);
std::string csv_field(std::string_view value);  // quotes when needed
std::string read_text_file(const std::string& path, bool& ok);

}  // namespace lifeline::net
