// `lifeline hyd ...`: the hydraulic engine from the command line.
//   run NET.inp      an extended-period (or single-period) run; EPANET-like
//                    summary on stdout, --json in the epanet-hyd-reference/1
//                    schema (file units, every step), --csv per step
//   outage NET.inp   an isolation plan's effect on priority customers (PDA)
//   bursts NET.inp   every segment's burst: priority customers' shortfall
// Exit codes: 0 ok, 2 bad input (file:line or option named), 1 other failure.
#pragma once

#include <CLI/CLI.hpp>

namespace lifeline::cli {

void add_hyd_command(CLI::App& app);              // hyd_command.cpp: `hyd` and `hyd run`
void add_hyd_scenario_commands(CLI::App& hyd);    // hyd_scenarios.cpp: `hyd outage`, `hyd bursts`

}  // namespace lifeline::cli
