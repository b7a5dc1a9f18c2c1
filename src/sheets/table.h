// Spreadsheets as HR systems export them and as managers want them back:
// reading CSV (UTF-8 or GB18030, as Chinese Excel saves it) and XLSX into one
// table shape, and writing XLSX workbooks.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace lifeline::sheets {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // every row as wide as the header
  std::vector<int> lines;                      // each row's line in the file (the header is line 1)
};

// Reads the first sheet of an XLSX file or a CSV file, by content (zip magic),
// not by name; `file_name` names the input in errors ("staff.csv line 7: ...").
// Blank rows are skipped; cells are trimmed.
Result<Table> read_table(std::string_view bytes, std::string_view file_name);

using Cell = std::variant<std::monostate, std::string, double>;

struct Sheet {
  std::string name;  // at most 31 characters, as Excel requires
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

// An .xlsx workbook (bold frozen header row, sensible column widths).
Result<std::string> write_xlsx(const std::vector<Sheet>& sheets);

inline constexpr const char* kXlsxMime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace lifeline::sheets
