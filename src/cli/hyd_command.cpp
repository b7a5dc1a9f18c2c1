#include "cli/hyd_command.h"

namespace lifeline::cli {

void add_hyd_command(CLI::App& app) {
  auto* hyd = app.add_subcommand("hyd", "Hydraulic simulation (EPANET-exact GGA, DDA and PDA)");
  hyd->require_subcommand(1);
  add_hyd_scenario_commands(*hyd);
}

}  // namespace lifeline::cli
