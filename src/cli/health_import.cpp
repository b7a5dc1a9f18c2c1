// lifeline health import FILE --org CODE [--dry-run] [--db ...]
// The HR import of the staff register from the command line: the same service
// as POST /api/v1/health/staff/import, acting as the system. Exit 0 when
// imported (or previewed without errors), 2 on row errors (nothing written).
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/org/repo.h"
#include "cli/commands.h"
#include "cli/health_command.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

void add_health_import(CLI::App& health) {
  struct Options {
    CommonOptions common;
    std::string file, org;
    bool dry_run = false;
    int show = 20;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = health.add_subcommand(
      "import", "Import the staff register from an HR export (CSV or XLSX); updates match by employee number");
  add_common_options(*cmd, o->common);
  cmd->add_option("FILE", o->file, "CSV (UTF-8 or GB18030) or XLSX file")->required();
  cmd->add_option("--org", o->org, "Code of the unit to import into (a utility or a unit inside one)")->required();
  cmd->add_flag("--dry-run", o->dry_run, "Only check the file and show what would change");
  cmd->add_option("--show", o->show, "Preview rows to print (default 20)");
  cmd->callback([o] {
    std::ifstream in(o->file, std::ios::binary);
    if (!in) fail(Error::invalid("FILE", "cannot read " + o->file));
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string bytes = buf.str();

    auto config = resolve_config(o->common);
    if (!config) fail(config.error());
    config->db_pool_size = 2;
    config->log_level = "warn";
    auto s = open_platform(*config);
    auto org = s->db->transact(store::TxMode::read,
                               [&](store::Tx& tx) { return app::org::repo::find_by_code(tx, o->org); });
    if (!org) fail(org.error());
    if (!*org) fail(Error::invalid("--org", "no org unit with code " + o->org));

    app::health::ImportOptions options;
    options.org = (*org)->id;
    options.dry_run = o->dry_run;
    auto slash = o->file.find_last_of('/');
    options.file_name = slash == std::string::npos ? o->file : o->file.substr(slash + 1);
    const auto started = std::chrono::steady_clock::now();
    auto report = s->platform->health().staff.import(app::Actor::system("cli"), bytes, options);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (!report) fail(report.error());

    int shown = 0;
    for (const auto& p : report->preview) {
      if (p.action == "unchanged") continue;
      if (shown++ >= o->show) break;
      std::cout << "  line " << p.line << "  " << p.action << "  " << p.employee_no << "  " << p.name << "  "
                << p.unit;
      if (!p.changes.empty()) {
        std::cout << "  (";
        for (size_t i = 0; i < p.changes.size(); ++i) std::cout << (i ? ", " : "") << p.changes[i];
        std::cout << ")";
      }
      std::cout << "\n";
    }
    for (const auto& e : report->errors)
      std::cerr << options.file_name << " line " << e.line << (e.column.empty() ? "" : " [" + e.column + "]") << ": "
                << e.message << "\n";
    std::cout << options.file_name << ": " << report->rows << " rows, " << report->created << " to create, "
              << report->updated << " to update, " << report->unchanged << " unchanged, " << report->errors.size()
              << (report->errors.size() >= app::health::kMaxImportErrors ? "+" : "") << " errors (" << ms << " ms)\n";
    if (!report->errors.empty()) {
      std::cout << "nothing was imported: correct the rows above and run again\n";
      throw CLI::RuntimeError(2);
    }
    std::cout << (report->committed ? "imported into " : "dry run, nothing written; would import into ")
              << (*org)->name << "\n";
  });
}

}  // namespace lifeline::cli
