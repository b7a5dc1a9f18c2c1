#include "net/priority_customer.h"

#include "net/csv.h"

namespace lifeline::net {

Result<std::vector<PriorityCustomer>> parse_priority_customers(std::string_view text, std::string_view file_name,
                                                               const Network& net) {
  auto rows = parse_csv(text);
  auto where = [&](std::size_t line) { return std::string(file_name) + ":" + std::to_string(line); };
  if (rows.empty()) return Error::invalid(where(1), "expected a header line node,name,category");
  int col_node = -1, col_name = -1, col_category = -1;
  for (std::size_t i = 0; i < rows[0].fields.size(); ++i) {
    const std::string& h = rows[0].fields[i];
    if (h == "node") col_node = static_cast<int>(i);
    else if (h == "name") col_name = static_cast<int>(i);
    else if (h == "category") col_category = static_cast<int>(i);
  }
  if (col_node < 0 || col_name < 0) return Error::invalid(where(rows[0].line), "expected a header with columns node,name[,category]");
  std::vector<PriorityCustomer> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& f = rows[r].fields;
    auto at = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < f.size() ? f[static_cast<std::size_t>(c)] : std::string(); };
    PriorityCustomer c{net.find_node(at(col_node)), at(col_name), at(col_category)};
    if (c.node == kNone) return Error::invalid(where(rows[r].line), "unknown node '" + at(col_node) + "'");
    if (c.name.empty()) return Error::invalid(where(rows[r].line), "expected a customer name");
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<PriorityCustomer>> read_priority_customers(const std::string& path, const Network& net) {
  bool ok = false;
  std::string text = read_text_file(path, ok);
  if (!ok) return Error::invalid(path, "cannot open the file");
  return parse_priority_customers(text, path.substr(path.find_last_of('/') + 1), net);
}

std::string write_priority_customers(const std::vector<PriorityCustomer>& customers, const Network& net) {
  std::string out = "node,name,category\n";
  for (const auto& c : customers) {
    out += csv_field(net.nodes[static_cast<std::size_t>(c.node)].id) + "," + csv_field(c.name) + "," +
           csv_field(c.category) + "\n";
  }
  return out;
}

}  // namespace lifeline::net
