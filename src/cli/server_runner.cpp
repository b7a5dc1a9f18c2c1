#include "cli/server_runner.h"

#include <iostream>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "core/log.h"
#include "http/server.h"

namespace lifeline::cli {

std::unique_ptr<OpenPlatform> open_platform(const Config& config) {
  if (auto st = init_logging(config.log_level); !st) fail(st.error());
  auto p = std::make_unique<OpenPlatform>();
  p->config = config;
  auto db = store::Database::open(config.db, {.pool_size = config.db_pool_size});
  if (!db) fail(db.error());
  p->db = std::move(*db);
  if (auto st = app::Platform::prepare(*p->db); !st) fail(st.error());
  p->runtime = std::make_unique<app::Runtime>(app::Runtime{*p->db, p->clock, p->events, p->config});
  p->platform = std::make_unique<app::Platform>(*p->runtime);
  return p;
}

int serve(OpenPlatform& p) {
  const Config& config = p.config;
  http::ServerOptions options;
  options.host = config.host;
  options.port = static_cast<uint16_t>(config.port);
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.max_body_bytes = static_cast<size_t>(config.max_body_bytes);
  options.body_budget_bytes = static_cast<size_t>(config.body_budget_bytes);
  options.heavy_threads = config.analysis_pool_threads;
  options.heavy_queue = config.analysis_pool_queue;
  options.web_root = config.web_root;
  options.metrics_token = config.metrics_token;
  if (config.metrics_port > 0) options.metrics_port = static_cast<uint16_t>(config.metrics_port);
  options.metrics_host = config.metrics_host;
  store::Database* database = p.db.get();
  options.ready = [database] { return database->ping().ok(); };
  http::Server server(options, p.platform->router());
  if (auto st = server.start(); !st) fail(st.error());
  // Several servers on one PostgreSQL: each one's events reach the others'
  // live feeds and caches (app/cluster/event_relay.h).
  if (config.db.starts_with("postgres")) {
    p.relay = std::make_unique<app::cluster::EventRelay>(p.events, p.platform->scheduler().holder());
    if (auto st = p.relay->start(config.db); !st) fail(st.error());
  }
  // Reminders, deadlines and overdue flags: claimed per run in the database, so
  // every server may tick and each job still runs once.
  p.platform->scheduler().start();
  spdlog::info("lifeline serving http://{}:{} (database: {})", config.host, server.port(),
               config.db.starts_with("postgres") ? "PostgreSQL" : config.db);
  std::cout << "lifeline serving on http://" << config.host << ":" << server.port() << std::endl;
  server.run_until_signal();
  p.platform->scheduler().stop();
  if (p.relay) p.relay->stop();
  spdlog::info("lifeline stopped");
  return 0;
}

}  // namespace lifeline::cli
