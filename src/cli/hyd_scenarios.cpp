#include "cli/hyd_command.h"

namespace lifeline::cli {

void add_hyd_scenario_commands(CLI::App&) {}

}  // namespace lifeline::cli
