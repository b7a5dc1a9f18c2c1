// Opening the platform over a configured database (for every command), and
// running the HTTP server until SIGTERM/SIGINT (serve and demo).
#pragma once

#include <memory>

#include "app/cluster/event_relay.h"
#include "app/platform.h"
#include "core/config.h"

namespace lifeline::cli {

// The database (migrated), clock, event bus and services of one process.
struct OpenPlatform {
  Config config;
  std::unique_ptr<store::Database> db;
  SystemClock clock;
  EventBus events;
  std::unique_ptr<app::Runtime> runtime;
  std::unique_ptr<app::Platform> platform;
  // PostgreSQL: events to and from the other servers (serve starts it).
  std::unique_ptr<app::cluster::EventRelay> relay;
};

// Ends the command with a message when the database cannot be opened or migrated.
std::unique_ptr<OpenPlatform> open_platform(const Config& config);

int serve(OpenPlatform& opened);

}  // namespace lifeline::cli
