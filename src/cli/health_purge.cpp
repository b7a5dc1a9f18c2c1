// lifeline health purge [--dry-run] [--db ...]: deletes personal health data a
// retention period after the last emergency over each utility ended (see
// app/health/retention.h), archiving the census counts first, and prints per
// utility what was (or, with --dry-run, would be) purged.
#include <iostream>

#include "app/health/module.h"
#include "cli/commands.h"
#include "cli/health_command.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

void add_health_purge(CLI::App& health) {
  struct Options {
    CommonOptions common;
    bool dry_run = false;
  };
  auto o = std::make_shared<Options>();
  auto* purge = health.add_subcommand(
      "purge", "Delete personal health data older than the retention period after the emergency ended (audited)");
  add_common_options(*purge, o->common);
  purge->add_flag("--dry-run", o->dry_run, "Count what would be purged without changing anything");
  purge->callback([o] {
    auto config = resolve_config(o->common);
    if (!config) fail(config.error());
    config->db_pool_size = 2;
    config->log_level = "warn";
    auto s = open_platform(*config);
    auto reports = s->platform->health().retention.purge(app::Actor::system("cli"), o->dry_run);
    if (!reports) fail(reports.error());
    int64_t total = 0;
    for (const auto& r : *reports) {
      std::cout << r.utility_name << " (" << r.utility_id << "): ";
      if (r.status == "kept") {
        std::cout << "kept — " << r.reason << "\n";
        continue;
      }
      std::cout << (r.status == "purged" ? "purged" : "would purge") << " data before " << r.cutoff.value_or("")
                << " (emergency ended " << r.emergency_ended_on.value_or("") << ", retention " << r.retention_days
                << " days)\n";
      for (const auto& [table, n] : r.deleted) {
        std::cout << "  " << table << ": " << n << "\n";
        total += n;
      }
      std::cout << "  census days archived: " << r.archived_days << "\n";
    }
    std::cout << (o->dry_run ? "would delete " : "deleted ") << total << " rows in all\n";
  });
}

}  // namespace lifeline::cli
