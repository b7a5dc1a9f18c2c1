#include "net/geojson.h"

namespace lifeline::net {
namespace {

const char* status_name(LinkStatus s) {
  switch (s) {
    case LinkStatus::open: return "OPEN";
    case LinkStatus::closed: return "CLOSED";
    case LinkStatus::active: return "ACTIVE";
  }
  return "?";
}

nlohmann::json position(const Point& p) { return nlohmann::json::array({p.x, p.y}); }

}  // namespace

nlohmann::json to_geojson(const Network& net) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& n : net.nodes) {
    if (!n.has_coordinates) continue;
    double demand = 0;
    for (const auto& d : n.demands) demand += d.base;
    nlohmann::json props = {{"id", n.id}, {"element", "node"}, {"type", to_string(n.type)},
                            {"elevation_m", n.elevation}, {"base_demand_m3s", demand}};
    if (!n.tag.empty()) props["tag"] = n.tag;
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", position(n.coordinates)}}},
                        {"properties", std::move(props)}});
  }
  for (const auto& l : net.links) {
    const Node& a = net.nodes[static_cast<std::size_t>(l.from)];
    const Node& b = net.nodes[static_cast<std::size_t>(l.to)];
    if (!a.has_coordinates || !b.has_coordinates) continue;
    nlohmann::json line = nlohmann::json::array({position(a.coordinates)});
    for (const auto& p : l.vertices) line.push_back(position(p));
    line.push_back(position(b.coordinates));
    nlohmann::json props = {{"id", l.id},          {"element", "link"},   {"type", to_string(l.type)},
                            {"from", a.id},        {"to", b.id},          {"diameter_m", l.diameter},
                            {"status", status_name(l.status)}};
    if (l.type == LinkType::pipe) {
      props["length_m"] = l.length;
      props["check_valve"] = l.check_valve;
    }
    if (!l.tag.empty()) props["tag"] = l.tag;
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "LineString"}, {"coordinates", std::move(line)}}},
                        {"properties", std::move(props)}});
  }
  return {{"type", "FeatureCollection"},
          {"lifeline:crs", "coordinates as given in the .inp file (the file's own, unstated CRS)"},
          {"features", std::move(features)}};
}

}  // namespace lifeline::net
