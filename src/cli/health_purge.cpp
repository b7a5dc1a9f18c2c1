#include "cli/health_command.h"

namespace lifeline::cli {

void add_health_purge(CLI::App&) {}

}  // namespace lifeline::cli
