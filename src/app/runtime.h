// What every service needs from the outside world, passed in explicitly so
// tests can give a real database, a manual clock and their own event bus.
#pragma once

#include "core/clock.h"
#include "core/config.h"
#include "core/events.h"
#include "store/database.h"

namespace lifeline::app {

struct Runtime {
  store::Database& db;
  const Clock& clock;
  EventBus& events;
  const Config& config;
};

}  // namespace lifeline::app
