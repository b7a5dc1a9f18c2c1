// GeoJSON export: nodes as Point features, links as LineString features
// (start node, vertices, end node), with their attributes in SI units.
// Coordinates are written as given in the .inp file: their CRS is the
// file's own (EPANET does not record one), so the collection carries a
// "lifeline:crs" note instead of claiming WGS 84. Elements without
// coordinates are left out.
#pragma once

#include <nlohmann/json.hpp>

#include "net/network.h"

namespace lifeline::net {

nlohmann::json to_geojson(const Network& net);

}  // namespace lifeline::net
