// The audit trail: an append-only record of every change (who, in which org,
// what, when, before/after). Services call record() inside the same
// transaction as the change, so a change without its audit row cannot commit.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::audit {

struct Change {
  std::string action;            // "org.create", "emergency.end", ...
  std::string entity;            // "org", "user", "emergency", ...
  std::string entity_id;
  int64_t org_id = 0;            // the org the change belongs to (for scoping)
  std::string org_path;
  nlohmann::json before;         // null when created
  nlohmann::json after;          // null when deleted
};

Status record(store::Tx& tx, const Actor& actor, Instant at, const Change& change);

struct Entry {
  int64_t id;
  Instant at;
  std::optional<int64_t> actor_id;
  std::string actor_name;
  std::optional<int64_t> org_id;
  std::string action, entity, entity_id;
  nlohmann::json before, after;
  std::string request_id, remote_address;
  bool redacted = false;  // before/after withheld: a personal health record
};

struct Filter {
  std::optional<int64_t> org_id;       // restrict to this org's subtree (must be visible)
  std::optional<std::string> actor;    // username
  std::optional<std::string> action;   // exact, or a prefix ending in '.' ("org.")
  std::optional<std::string> entity;
  std::optional<Instant> from, to;     // [from, to)
  std::optional<int64_t> before_id;    // cursor: entries older than this id
  int limit = 50;
};

struct Page {
  std::vector<Entry> items;
  std::optional<int64_t> next_cursor;
};

// Entries visible to the actor (their org subtree), newest first. Changes to
// personal health records keep who, what and when for everyone in scope, but
// their before/after only for health officers (docs/health.md, privacy).
Result<Page> list(store::Tx& tx, const Actor& actor, const Filter& filter);

nlohmann::json to_json(const Entry& e);

}  // namespace lifeline::app::audit
