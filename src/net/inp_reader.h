// Reads EPANET 2.2 .inp files (and the 2.3 additions that cost nothing:
// PCV valves, CMS flow units, BAR/FEET pressure units, [LEAKAGE] kept raw).
//
// Contract: never crashes on any input. A bad file gives Error::invalid with
// field "<file>:<line>" and a message saying what was expected there.
// Values are converted to SI; Options keeps the file's units.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "net/network.h"

namespace lifeline::net {

// file_name is only used to label errors.
Result<Network> parse_inp(std::string_view text, std::string_view file_name);
Result<Network> read_inp(const std::string& path);

}  // namespace lifeline::net
