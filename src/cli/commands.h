// The `lifeline` command line: a flat table of subcommands (commands.cpp)
// drives both --help and dispatch. Exit codes: 0 ok, 1 failure, 2 bad input.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace lifeline::cli {

int run(int argc, char** argv);

// Options every command that touches the database shares.
struct CommonOptions {
  std::string config_file;
  std::string db;
};
void add_common_options(CLI::App& command, CommonOptions& options);
// Defaults ← config file ← LIFELINE_* environment ← flags; validated.
Result<Config> resolve_config(const CommonOptions& options);

// Prints an error for people and ends the command with the matching exit code.
[[noreturn]] void fail(const Error& error);

void add_serve_command(CLI::App& app);
void add_db_command(CLI::App& app);
void add_user_command(CLI::App& app);
void add_demo_command(CLI::App& app);

}  // namespace lifeline::cli
