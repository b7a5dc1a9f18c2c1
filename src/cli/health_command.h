// `lifeline health ...`: the staff-health module's commands, one file each.
#pragma once

#include <CLI/CLI.hpp>

namespace lifeline::cli {

void add_health_command(CLI::App& app);     // health_command.cpp: the group and `generate`
void add_health_import(CLI::App& health);   // health_import.cpp
void add_health_purge(CLI::App& health);    // health_purge.cpp

}  // namespace lifeline::cli
