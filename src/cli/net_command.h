// `lifeline net ...`: the network engine from the command line —
// info | check | convert | valves | segments | isolate | supply |
// criticality | generate. Tables for people on stdout; --json OUT (or -)
// for programs. Exit codes: 0 ok, 2 bad input (the message names the
// file:line or the option), 1 any other failure.
#pragma once

#include <CLI/CLI.hpp>

namespace lifeline::cli {

void add_net_command(CLI::App& app);

}  // namespace lifeline::cli
