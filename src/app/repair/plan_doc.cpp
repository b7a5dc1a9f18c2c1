#include "app/repair/plan_doc.h"

namespace lifeline::app::repair {

using nlohmann::json;

json plan_json(const network::Plan& p) {
  json valves = json::array(), customers = json::array();
  for (const auto& v : p.valves_to_close)
    valves.push_back({{"valve", v.valve}, {"link", v.link}, {"node", v.node}, {"x", v.x}, {"y", v.y}});
  for (const auto& c : p.customers)
    customers.push_back({{"name", c.name}, {"category", c.category}, {"node", c.node}, {"isolated", c.isolated}});
  json impact = {{"n_dry_demand_nodes", p.impact.dry_demand_nodes},
                 {"demand_lost_lps", p.impact.demand_lost_lps},
                 {"pipe_length_isolated_m", p.impact.pipe_length_isolated_m},
                 {"pipe_length_cut_off_m", p.impact.pipe_length_cut_off_m}};
  json failure = p.link ? json{{"link", *p.link}} : p.node ? json{{"node", *p.node}} : json::object();
  return {{"failure", failure},
          {"shutdown", p.shutdown},
          {"valves_to_close", valves},
          // Under pressure nothing is closed: the figures are who *would* be affected.
          {p.shutdown ? "impact" : "would_be_affected", impact},
          {"customers_affected", customers},
          {"links_isolated", p.links_isolated},
          {"links_cut_off", p.links_cut_off}};
}

namespace {
std::vector<int64_t> ints(const json& doc, const char* key) {
  std::vector<int64_t> out;
  if (auto it = doc.find(key); it != doc.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  return out;
}
std::string text(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}
double real(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_number() ? it->get<double>() : 0.0;
}
}  // namespace

network::Plan plan_from_json(const json& doc) {
  network::Plan p;
  if (!doc.is_object()) return p;
  if (auto f = doc.find("failure"); f != doc.end() && f->is_object()) {
    if (f->contains("link")) p.link = text(*f, "link");
    if (f->contains("node")) p.node = text(*f, "node");
  }
  p.shutdown = doc.value("shutdown", true);
  if (auto v = doc.find("valves_to_close"); v != doc.end() && v->is_array())
    for (const auto& e : *v)
      if (e.is_object()) p.valves_to_close.push_back({text(e, "valve"), text(e, "link"), text(e, "node"), real(e, "x"), real(e, "y")});
  const json* impact = nullptr;
  for (const char* key : {"impact", "would_be_affected"})
    if (auto it = doc.find(key); it != doc.end() && it->is_object()) impact = &*it;
  if (impact) {
    p.impact.dry_demand_nodes = impact->value("n_dry_demand_nodes", int64_t{0});
    p.impact.demand_lost_lps = real(*impact, "demand_lost_lps");
    p.impact.pipe_length_isolated_m = real(*impact, "pipe_length_isolated_m");
    p.impact.pipe_length_cut_off_m = real(*impact, "pipe_length_cut_off_m");
  }
  if (auto c = doc.find("customers_affected"); c != doc.end() && c->is_array())
    for (const auto& e : *c)
      if (e.is_object()) p.customers.push_back({text(e, "name"), text(e, "category"), text(e, "node"), e.value("isolated", false)});
  p.links_isolated = ints(doc, "links_isolated");
  p.links_cut_off = ints(doc, "links_cut_off");
  return p;
}

}  // namespace lifeline::app::repair
