#include "cli/health_command.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/health/generate.h"
#include "cli/commands.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

namespace {

struct GenerateInput {
  CommonOptions common;
  app::health::GenerateOptions options;
  std::string end, tokens_file;
  bool password_stdin = false;
};

// lifeline health generate: the scale data set (docs/health-scale.md).
void add_health_generate(CLI::App& health) {
  auto in = std::make_shared<GenerateInput>();
  auto* g = health.add_subcommand(
      "generate",
      "Generate the scale data set: utilities with their units, a staff register, days of check-in history,\n"
      "observation cases, outings, entrance checks, a level-I emergency and logins <prefix>NN_health and\n"
      "<prefix>NN_commander per utility (see docs/health-scale.md)");
  add_common_options(*g, in->common);
  g->add_option("--utilities", in->options.utilities, "Utilities to create under the root association (1-99)")
      ->capture_default_str();
  g->add_option("--staff", in->options.staff, "Staff on the register, spread over the utilities")->capture_default_str();
  g->add_option("--days", in->options.days, "Days of check-in history ending on --end")->capture_default_str();
  g->add_option("--end", in->end, "Last day of history YYYY-MM-DD (default: yesterday in Asia/Shanghai)");
  g->add_option("--seed", in->options.seed, "Random seed (same seed, same data)")->capture_default_str();
  g->add_option("--password", in->options.password, "Password of the generated logins")->capture_default_str();
  g->add_option("--prefix", in->options.code_prefix, "Org code prefix of the utilities (g01, g02, …)")
      ->capture_default_str();
  g->add_flag("--open-window", in->options.open_window, "Check-in window 00:00-23:59 (load runs at any hour)");
  g->add_option("--tokens", in->tokens_file,
                "Issue a write API token per health officer and write\n"
                "'code<TAB>utility_id<TAB>first_staff_id<TAB>last_staff_id<TAB>token' lines to FILE (mode 0600)");
  g->add_flag("--fast-hash", in->options.fast_password_hash, "Minimum Argon2id cost for the logins (tests only)");
  g->callback([in] {
    auto config = resolve_config(in->common);
    if (!config) fail(config.error());
    if (!in->end.empty()) in->options.end = in->end;
    in->options.time_zone = config->time_zone;
    in->options.tokens = !in->tokens_file.empty();
    {
      config->db_pool_size = 1;
      open_platform(*config);  // migrates
    }
    // One connection; SQLite commits without fsync per chunk (the data set is rebuilt, not precious)
    // and a large page cache keeps the indexes in memory.
    auto db = store::Database::open(config->db, {.pool_size = 1, .busy_timeout_ms = 30000, .durable = false});
    if (!db) fail(db.error());
    if ((*db)->dialect() == store::Dialect::sqlite) {
      (void)(*db)->run(store::TxMode::write, [](store::Tx& tx) { return tx.execute("PRAGMA cache_size=-262144"); });
    }
    auto result = app::health::generate(**db, in->options);
    if (!result) fail(result.error());
    const auto& r = *result;
    std::printf("generated %zu utilities, %lld units, %lld staff, days %s to %s\n", r.utilities.size(),
                static_cast<long long>(r.units), static_cast<long long>(r.staff), r.first_day.c_str(),
                r.last_day.c_str());
    std::printf("  %lld check-ins, %lld observation cases (%lld visits), %lld household members, %lld outings,"
                " %lld entrance checks\n",
                static_cast<long long>(r.checkins), static_cast<long long>(r.observations),
                static_cast<long long>(r.visits), static_cast<long long>(r.household_members),
                static_cast<long long>(r.outings), static_cast<long long>(r.entrance_checks));
    std::printf("  in %.1f s (%.0f check-ins/s)\n", r.seconds, r.seconds > 0 ? r.checkins / r.seconds : 0.0);
    if (!r.utilities.empty())
      std::printf("  logins %s … %s and %s … (password as given)\n", r.utilities.front().health_login.c_str(),
                  r.utilities.back().health_login.c_str(), r.utilities.front().commander_login.c_str());
    if (!in->tokens_file.empty()) {
      std::ofstream out(in->tokens_file, std::ios::trunc);
      if (!out) fail(Error::invalid("tokens", "cannot write " + in->tokens_file));
      ::chmod(in->tokens_file.c_str(), 0600);
      for (const auto& u : r.utilities)
        out << u.code << '\t' << u.id << '\t' << u.first_staff_id << '\t' << u.last_staff_id << '\t' << u.token
            << '\n';
      std::printf("  API tokens of the health officers written to %s\n", in->tokens_file.c_str());
    }
  });
}

}  // namespace

void add_health_command(CLI::App& app) {
  auto* health = app.add_subcommand("health", "Staff health: import the register, generate scale data, purge");
  health->require_subcommand(1);
  add_health_import(*health);
  add_health_generate(*health);
  add_health_purge(*health);
}

}  // namespace lifeline::cli
