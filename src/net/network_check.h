// Validation beyond what the reader enforces (the reader already rejects
// duplicate ids, undefined references and malformed lines): problems that
// make a model load but mislead an analysis.
#pragma once

#include <string>
#include <vector>

#include "net/network.h"

namespace lifeline::net {

struct NetworkIssue {
  enum class Severity { error, warning };
  Severity severity = Severity::warning;
  std::string kind;     // e.g. "disconnected_node", "zero_length_pipe"
  std::string element;  // node or link id, empty for network-wide issues
  std::string message;
};

// Checks: no source at all; nodes with no links; nodes with no path to a
// reservoir or tank (ignoring link status); links whose two ends are the
// same node; non-positive pipe length or diameter; negative demands; tank
// levels out of order; parallel links are fine and not reported.
std::vector<NetworkIssue> check_network(const Network& net);

}  // namespace lifeline::net
