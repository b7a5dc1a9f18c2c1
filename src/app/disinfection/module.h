// Disinfection of public areas (公共区域消毒): places per unit with their
// schedule, rounds recorded from a phone (QR code) that draw the agent from
// the unit's stock through the supplies ledger, overdue places flagged live,
// completion rates per unit and day; the emergency policy decides the
// schedule in force. The parts: places.h, records.h, rounds.h;
// docs/supplies.md#disinfection.
#pragma once

#include "app/api/gate.h"
#include "app/disinfection/places.h"
#include "app/disinfection/records.h"
#include "app/disinfection/rounds.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::disinfection {

struct Module {
  explicit Module(Runtime& rt) : places(rt), records(rt), rounds(rt) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Places places;
  Records records;
  Rounds rounds;
};

// /api/v1/disinfection/...: one function per part.
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_place_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_record_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_round_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::disinfection
