#include "sheets/table.h"

namespace lifeline::sheets {

Result<Table> read_table(std::string_view, std::string_view file_name) {
  return Error::invalid(std::string(file_name), "not implemented yet");
}

Result<std::string> write_xlsx(const std::vector<Sheet>&) { return Error::internal("not implemented yet"); }

}  // namespace lifeline::sheets
