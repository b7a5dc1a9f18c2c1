#include "cli/commands.h"

#include <iostream>

#include "cli/health_command.h"
#include "cli/hyd_command.h"
#include "cli/net_command.h"

namespace lifeline::cli {

namespace {
struct Command {
  void (*add)(CLI::App&);
};
// One row per top-level subcommand; each file adds its own options and help.
constexpr Command kCommands[] = {
    {add_serve_command}, {add_demo_command}, {add_db_command}, {add_user_command}, {add_net_command},
    {add_health_command}, {add_hyd_command},
};
}  // namespace

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("--config", options.config_file, "JSON config file");
  command.add_option("--db", options.db, "SQLite file or postgres:// URL (default var/lifeline.db)");
}

Result<Config> resolve_config(const CommonOptions& options) {
  Config config;
  if (!options.config_file.empty()) LL_CHECK(apply_config_file(config, options.config_file));
  LL_CHECK(apply_environment(config, process_environment()));
  if (!options.db.empty()) config.db = options.db;
  LL_CHECK(config.validate());
  return config;
}

void fail(const Error& error) {
  std::cerr << "lifeline: " << error.message << "\n";
  for (const auto& f : error.fields)
    if (error.fields.size() > 1) std::cerr << "  " << f.field << ": " << f.message << "\n";
  throw CLI::RuntimeError(error.code == ErrorCode::invalid || error.code == ErrorCode::not_found ||
                                  error.code == ErrorCode::conflict
                              ? 2
                              : 1);
}

int run(int argc, char** argv) {
  CLI::App app{"lifeline — command platform for water utilities in a public-health emergency"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lifeline 0.1.0");
  for (const auto& c : kCommands) c.add(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11's own parse errors (a value that is no number, an unknown
    // option) are bad input too: 2, as documented, not CLI11's 1xx codes.
    return code == 0 || dynamic_cast<const CLI::RuntimeError*>(&e) != nullptr ? code : 2;
  }
  return 0;
}

}  // namespace lifeline::cli
