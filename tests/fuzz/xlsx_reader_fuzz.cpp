// libFuzzer target for the XLSX reader past the zip layer: the input is split
// at "\n====\n" into the parts of a workbook (sharedStrings.xml, the sheet,
// workbook.xml, its relationships), zipped, and read. Random bytes rarely make
// a zip archive, so this reaches the XML walks that table_reader_fuzz cannot.
// Any parts must give a Table or an Error, never a crash, hang or sanitizer
// report, and no cell may hold a NUL.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sheets/table.h"

namespace {

std::string zipped(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : members) {
    zip_int64_t i = zip_file_add(z, name.c_str(), zip_source_buffer(z, data.data(), data.size(), 0), 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(i), ZIP_CM_STORE, 0);
  }
  zip_close(z);
  zip_stat_t st;
  zip_source_stat(buffer, &st);
  std::string out(st.size, '\0');
  zip_source_open(buffer);
  zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  while (parts.size() < 3) {
    size_t cut = rest.find("\n====\n");
    parts.emplace_back(rest.substr(0, cut));
    if (cut == std::string_view::npos) {
      rest = {};
      break;
    }
    rest.remove_prefix(cut + 6);
  }
  if (!rest.empty()) parts.emplace_back(rest);
  parts.resize(4);
  std::vector<std::pair<std::string, std::string>> members = {
      {"xl/sharedStrings.xml", parts[0]},
      {"xl/worksheets/sheet1.xml", parts[1]},
      {"xl/workbook.xml", parts[2].empty() ? "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets></workbook>"
                                           : parts[2]}};
  if (!parts[3].empty()) members.push_back({"xl/_rels/workbook.xml.rels", parts[3]});
  auto table = lifeline::sheets::read_table(zipped(members), "fuzz.xlsx");
  if (!table) return 0;
  for (const auto& cell : table->header)
    if (cell.find('\0') != std::string::npos) std::abort();
  for (const auto& row : table->rows) {
    if (row.size() != table->header.size()) std::abort();
    for (const auto& cell : row)
      if (cell.find('\0') != std::string::npos) std::abort();
  }
  return 0;
}
