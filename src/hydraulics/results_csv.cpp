#include "hydraulics/results_csv.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "hydraulics/epanet_json.h"

namespace lifeline::hydraulics {
namespace {

void append_number(std::string& row, double v) {
  if (!std::isfinite(v)) return;  // an empty cell rather than a word a spreadsheet would take for text
  char text[32];
  const int n = std::snprintf(text, sizeof text, "%.8g", v);
  row.append(text, static_cast<std::size_t>(n));
}

// RFC 4180: a field with a comma, a quote or a line break is quoted.
void append_field(std::string& row, const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    row += text;
    return;
  }
  row += '"';
  for (char c : text) {
    if (c == '"') row += '"';
    row += c;
  }
  row += '"';
}

}  // namespace

void write_results_csv(std::ostream& out, const net::Network& network, const Model& model, const Results& results) {
  const ToolkitValues tk(model, results);
  std::string row;
  row.reserve(1 << 16);
  out << "t,kind,id,head,pressure,demand,deficit,flow,velocity,headloss,status,setting\n";
  for (int k = 0; k < tk.n_steps(); ++k) {
    const std::string t = std::to_string(results.steps[k].time);
    for (int i = 0; i < model.n_nodes(); ++i) {
      row.clear();
      row += t;
      row += ',';
      row += epanet_node_type(model, i);
      row += ',';
      append_field(row, network.nodes[model.node_source[i]].id);
      row += ',';
      append_number(row, tk.head(k, i));
      row += ',';
      append_number(row, tk.pressure(k, i));
      row += ',';
      append_number(row, tk.demand(k, i));
      row += ',';
      if (i < model.n_junctions) append_number(row, tk.deficit(k, i));
      row += ",,,,,\n";
      out << row;
    }
    for (int l = 0; l < model.n_links(); ++l) {
      row.clear();
      row += t;
      row += ',';
      row += epanet_link_type(model.links[l].kind);
      row += ',';
      append_field(row, network.links[l].id);
      row += ",,,,,";
      append_number(row, tk.flow(k, l));
      row += ',';
      append_number(row, tk.velocity(k, l));
      row += ',';
      append_number(row, tk.headloss(k, l));
      row += ',';
      row += std::to_string(tk.status(k, l));
      row += ',';
      append_number(row, tk.setting(k, l));
      row += '\n';
      out << row;
    }
  }
}

}  // namespace lifeline::hydraulics
