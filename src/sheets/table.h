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

// Limits against zip bombs and runaway files: a CSV larger than kMaxCsvBytes,
// an XLSX whose parts unpack to more than kMaxXlsxBytes (or whose cells,
// repeating shared strings, hold more text than that), more than kMaxRows
// data rows or more than kMaxColumns columns are refused with a clear error.
inline constexpr size_t kMaxCsvBytes = 20u << 20;
inline constexpr size_t kMaxXlsxBytes = 64u << 20;  // a 200,000-row sheet's XML is about 50 MB
inline constexpr size_t kMaxRows = 200000;
inline constexpr size_t kMaxColumns = 256;

// Reads the first sheet of an XLSX file or a CSV file, by content (zip magic),
// not by name; `file_name` names the input in errors ("staff.csv line 7: ...").
// Blank rows are skipped; cells are trimmed. CSV: RFC 4180 quoting, CRLF or LF,
// comma, semicolon or tab (whichever the header line uses), UTF-8 with or
// without BOM, else GB18030 (what Chinese Excel saves), or UTF-16 with BOM.
// XLSX: shared, rich and inline strings, numbers (integral ones without a
// decimal point or exponent: "13812345678"), booleans as TRUE / FALSE; dates
// stay Excel serial numbers. A row's line is its row number in the sheet.
// Cells beyond the header's last column widen the header with empty names.
// Any nesting of XML elements is read (the walks are iterative). NUL characters
// (raw, or &#0; in XML) are refused: PostgreSQL cannot store them.
// Errors are ErrorCode::invalid with the file (and line) in the message.
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
