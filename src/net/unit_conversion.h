// Converts every physical member of a Network between the units of its file
// (Network::options) and SI. The reader parses numbers as written and calls
// this once; the writer converts a copy back, so a round trip keeps the
// user's units.
#pragma once

#include "net/network.h"

namespace lifeline::net {

enum class Conversion { file_to_si, si_to_file };

// Curve types must already be known (they decide the factors of x and y).
void convert_units(Network& net, Conversion direction);

}  // namespace lifeline::net
