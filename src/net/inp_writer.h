// Writes a Network as an EPANET 2.2 .inp file in the units it was read in
// (Network::options), so read -> write -> read gives the same model up to
// floating-point rounding of the unit conversion (relative 1e-12).
#pragma once

#include <string>

#include "core/result.h"
#include "net/network.h"

namespace lifeline::net {

std::string write_inp(const Network& net);
Status write_inp_file(const Network& net, const std::string& path);  // Error::invalid(path) when it cannot write

}  // namespace lifeline::net
