#include "cli/health_command.h"

namespace lifeline::cli {

void add_health_command(CLI::App& app) {
  auto* health = app.add_subcommand("health", "Staff health: import the register, generate scale data, purge");
  health->require_subcommand(1);
  add_health_import(*health);
  add_health_purge(*health);
}

}  // namespace lifeline::cli
