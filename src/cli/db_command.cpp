// lifeline db migrate | backup FILE | restore FILE
#include <iostream>

#include "app/platform.h"
#include "cli/commands.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

namespace {
std::unique_ptr<OpenPlatform> open_migrated(const CommonOptions& common) {
  auto config = resolve_config(common);
  if (!config) fail(config.error());
  config->db_pool_size = 2;
  return open_platform(*config);
}
}  // namespace

void add_db_command(CLI::App& app) {
  auto common = std::make_shared<CommonOptions>();
  auto file = std::make_shared<std::string>();
  auto* db = app.add_subcommand("db", "Database maintenance");
  db->require_subcommand(1);

  auto* migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
  add_common_options(*migrate, *common);
  migrate->callback([common] {
    open_migrated(*common);
    std::cout << "database is up to date\n";
  });

  auto* backup = db->add_subcommand("backup", "Online backup while the server runs");
  add_common_options(*backup, *common);
  backup->add_option("FILE", *file, "Where to write the backup")->required();
  backup->callback([common, file] {
    auto database = open_migrated(*common);
    if (auto st = database->db->backup(*file); !st) fail(st.error());
    std::cout << "backup written to " << *file << "\n";
  });

  auto* restore = db->add_subcommand("restore", "Restore a backup (stop the server first)");
  add_common_options(*restore, *common);
  restore->add_option("FILE", *file, "A file written by `lifeline db backup`")->required()->check(CLI::ExistingFile);
  restore->callback([common, file] {
    auto config = resolve_config(*common);
    if (!config) fail(config.error());
    if (auto st = store::restore(config->db, *file); !st) fail(st.error());
    open_migrated(*common);  // a backup from an older release gets the newer schema
    std::cout << "restored " << *file << "\n";
  });
}

}  // namespace lifeline::cli
