// The isolation-valve layer: which valves exist, on which link, guarding
// which end node (WNTR's convention: a valve on `link` next to `node`;
// closing it cuts the link off from that node). Ids are strings.
//
// Readers validate against the Network: the link and node must exist, the
// node must be an end of the link, and (link, node) and valve ids are
// unique. Errors name "<file>:<line>" (CSV) or "<file>:features/<i>" (GeoJSON).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/network.h"

namespace lifeline::net {

struct IsolationValve {
  std::string id;
  Index link = kNone;
  Index node = kNone;
  bool operable = true;  // false: known not to turn (seized, buried, lost)
};

struct ValveLayer {
  std::vector<IsolationValve> valves;
};

// CSV with header containing valve,link,node; optional column operable
// (true/false/1/0/yes/no). Extra columns are ignored.
Result<ValveLayer> parse_valve_csv(std::string_view text, std::string_view file_name, const Network& net);
Result<ValveLayer> read_valve_csv(const std::string& path, const Network& net);

// GeoJSON FeatureCollection of Point features with properties valve, link,
// node and optional operable. The geometry is not used.
Result<ValveLayer> parse_valve_geojson(std::string_view text, std::string_view file_name, const Network& net);

// Reads .csv, .json or .geojson by extension.
Result<ValveLayer> read_valve_layer(const std::string& path, const Network& net);

// Header valve,link,node,operable.
std::string write_valve_csv(const ValveLayer& layer, const Network& net);

}  // namespace lifeline::net
