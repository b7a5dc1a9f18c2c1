// Duty (值班值守): posts, rosters, overrides, shift presence, the duty log and
// hand-overs, as the services and routes exchange them. The computation
// itself works on plan.h's values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/duty/plan.h"
#include "core/clock.h"

namespace lifeline::app::duty {

inline constexpr const char* kPostKinds[] = {"dispatch", "leader", "plant_shift", "control_room", "hotline",
                                             "drainage_patrol", "other"};
inline constexpr const char* kLogKinds[] = {"call_received", "instruction_received", "instruction_issued",
                                            "event", "patrol", "other"};
inline constexpr const char* kOverrideStates[] = {"requested", "approved", "rejected", "cancelled"};

// A person on the staff register (health's), as duty shows them.
struct Person {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> user_id;
  std::optional<std::string> phone;
  int64_t utility_id = 0;
  std::string org_path;
  bool active = true;
};

struct Post {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::string name, kind;
  std::optional<std::string> phone, radio_channel, location;
  bool red_phone = false;
  std::optional<Weekly> coverage;  // nullopt: always
  int min_rest_minutes = 480;
  int64_t sort_order = 0;
  bool active = true;
  int64_t version = 1;
  Instant created_at;
  bool leader() const { return kind == "leader"; }
};

struct PostInput {
  std::optional<int64_t> org_id;  // POST: default the actor's unit
  std::optional<std::string> name, kind;
  std::optional<std::optional<std::string>> phone, radio_channel, location;
  std::optional<bool> red_phone, active;
  std::optional<std::optional<Weekly>> coverage;  // inner nullopt: always
  std::optional<int> min_rest_minutes;
  std::optional<int64_t> sort_order;
};

struct LayerInput {
  std::string name, rotation;
  std::optional<int> shift_minutes;  // custom rotations
  int handoff = 8 * 60;              // minute of the local day
  std::string starts_on;             // local date
  std::vector<int64_t> members;      // staff ids, in rotation order
  std::optional<Weekly> restriction;
};

struct Layer {
  int64_t id = 0;
  int level = 1;
  std::string name, rotation;
  int shift_minutes = 1440;
  int handoff = 0;
  std::string starts_on;
  std::optional<Weekly> restriction;
  Instant valid_from;
  std::optional<Instant> valid_until;
  std::vector<Person> members;
};

struct Roster {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string org_path;
  std::string kind, name;
  int64_t version = 1;
  Instant created_at, updated_at;
  std::vector<Layer> layers;  // current and past, by valid_from then level
};

struct NewRoster {
  int64_t post_id = 0;
  std::string kind, name;
  std::vector<LayerInput> layers;
};

// New layers from `effective_from` (default now); the current ones end then.
struct RosterChange {
  std::optional<std::string> name;
  std::vector<LayerInput> layers;
  std::optional<Instant> effective_from;
};

struct Override {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string post_name, org_path;
  std::string kind;  // cover, swap
  Span span;
  Person person;
  std::optional<Person> replaces;
  std::string reason, state;
  std::string requested_by_name;
  std::optional<std::string> decided_by_name, decision_note;
  std::optional<Instant> decided_at;
  Instant created_at;
};

struct NewOverride {
  int64_t post_id = 0;
  std::string kind;
  Span span;
  int64_t person = 0;
  std::optional<int64_t> replaces;
  std::string reason;
};

}  // namespace lifeline::app::duty
