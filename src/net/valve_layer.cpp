#include "net/valve_layer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_set>

#include "core/json_input.h"
#include "net/csv.h"

namespace lifeline::net {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Returns an empty string when fine, otherwise what is wrong.
std::string check_valve(const Network& net, const std::string& link_id, const std::string& node_id,
                        IsolationValve& v) {
  v.link = net.find_link(link_id);
  if (v.link == kNone) return "unknown link '" + link_id + "'";
  v.node = net.find_node(node_id);
  if (v.node == kNone) return "unknown node '" + node_id + "'";
  const Link& l = net.links[static_cast<std::size_t>(v.link)];
  if (l.from != v.node && l.to != v.node) return "node '" + node_id + "' is not an end of link '" + link_id + "'";
  return {};
}

class LayerBuilder {
 public:
  // Returns an empty string or the reason the valve is a duplicate.
  std::string add(ValveLayer& layer, IsolationValve v) {
    if (!ids_.insert(v.id).second) return "duplicate valve id '" + v.id + "'";
    if (!ends_.insert({v.link, v.node}).second) return "a valve on this link at this node already exists";
    layer.valves.push_back(std::move(v));
    return {};
  }

 private:
  std::unordered_set<std::string> ids_;
  std::set<std::pair<Index, Index>> ends_;
};

bool parse_bool(std::string s, bool& out) {
  s = lower(trim(s));
  if (s == "true" || s == "1" || s == "yes" || s.empty()) out = true;
  else if (s == "false" || s == "0" || s == "no") out = false;
  else return false;
  return true;
}

}  // namespace

Result<ValveLayer> parse_valve_csv(std::string_view text, std::string_view file_name, const Network& net) {
  auto rows = parse_csv(text);
  auto where = [&](std::size_t line) { return std::string(file_name) + ":" + std::to_string(line); };
  if (rows.empty()) return Error::invalid(where(1), "expected a header line valve,link,node");
  int col_valve = -1, col_link = -1, col_node = -1, col_operable = -1;
  for (std::size_t i = 0; i < rows[0].fields.size(); ++i) {
    std::string h = lower(trim(rows[0].fields[i]));
    int c = static_cast<int>(i);
    if (h == "valve") col_valve = c;
    else if (h == "link") col_link = c;
    else if (h == "node") col_node = c;
    else if (h == "operable") col_operable = c;
  }
  if (col_valve < 0 || col_link < 0 || col_node < 0) {
    return Error::invalid(where(rows[0].line), "expected a header with columns valve,link,node");
  }
  const auto needed = static_cast<std::size_t>(std::max({col_valve, col_link, col_node, col_operable}) + 1);
  ValveLayer layer;
  LayerBuilder builder;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& f = rows[r].fields;
    if (f.size() < needed) return Error::invalid(where(rows[r].line), "expected " + std::to_string(needed) + " columns");
    IsolationValve v;
    v.id = trim(f[static_cast<std::size_t>(col_valve)]);
    if (v.id.empty()) return Error::invalid(where(rows[r].line), "expected a valve id");
    std::string problem = check_valve(net, trim(f[static_cast<std::size_t>(col_link)]),
                                      trim(f[static_cast<std::size_t>(col_node)]), v);
    if (problem.empty() && col_operable >= 0 && !parse_bool(f[static_cast<std::size_t>(col_operable)], v.operable)) {
      problem = "expected operable true/false/1/0, got '" + f[static_cast<std::size_t>(col_operable)] + "'";
    }
    if (problem.empty()) problem = builder.add(layer, std::move(v));
    if (!problem.empty()) return Error::invalid(where(rows[r].line), problem);
  }
  return layer;
}

Result<ValveLayer> read_valve_csv(const std::string& path, const Network& net) {
  bool ok = false;
  std::string text = read_text_file(path, ok);
  if (!ok) return Error::invalid(path, "cannot open the file");
  return parse_valve_csv(text, path.substr(path.find_last_of('/') + 1), net);
}

Result<ValveLayer> parse_valve_geojson(std::string_view text, std::string_view file_name, const Network& net) {
  const std::string name(file_name);
  auto parsed = parse_json(text, name, name + ":");
  if (!parsed) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array()) {
    return Error::invalid(name, "expected a FeatureCollection with a features array");
  }
  auto text_of = [](const nlohmann::json& j) -> std::string {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return std::to_string(j.get<long long>());
    return {};
  };
  ValveLayer layer;
  LayerBuilder builder;
  const auto& features = doc["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string where = name + ":features/" + std::to_string(i);
    const auto& f = features[i];
    if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) {
      return Error::invalid(where, "expected a Feature with properties valve, link, node");
    }
    const auto& p = f["properties"];
    IsolationValve v;
    v.id = p.contains("valve") ? text_of(p["valve"]) : std::string();
    std::string link = p.contains("link") ? text_of(p["link"]) : std::string();
    std::string node = p.contains("node") ? text_of(p["node"]) : std::string();
    if (v.id.empty() || link.empty() || node.empty()) return Error::invalid(where, "expected properties valve, link and node");
    std::string problem = check_valve(net, link, node, v);
    if (problem.empty() && p.contains("operable")) {
      const auto& o = p["operable"];
      if (o.is_boolean()) v.operable = o.get<bool>();
      else if (!parse_bool(text_of(o), v.operable)) problem = "expected operable true or false";
    }
    if (problem.empty()) problem = builder.add(layer, std::move(v));
    if (!problem.empty()) return Error::invalid(where, problem);
  }
  return layer;
}

Result<ValveLayer> read_valve_layer(const std::string& path, const Network& net) {
  bool json = path.ends_with(".json") || path.ends_with(".geojson");
  if (!json) return read_valve_csv(path, net);
  bool ok = false;
  std::string text = read_text_file(path, ok);
  if (!ok) return Error::invalid(path, "cannot open the file");
  return parse_valve_geojson(text, path.substr(path.find_last_of('/') + 1), net);
}

std::string write_valve_csv(const ValveLayer& layer, const Network& net) {
  std::string out = "valve,link,node,operable\n";
  for (const auto& v : layer.valves) {
    out += csv_field(v.id) + "," + csv_field(net.links[static_cast<std::size_t>(v.link)].id) + "," +
           csv_field(net.nodes[static_cast<std::size_t>(v.node)].id) + "," + (v.operable ? "true" : "false") + "\n";
  }
  return out;
}

}  // namespace lifeline::net
